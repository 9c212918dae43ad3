"""A static chart of department workload for reports (matplotlib, Agg backend, PNG or SVG).

One horizontal bar per department, its tasks stacked by role (lead, joint,
responsible) and ranked as ``plankg analyze`` ranks them (the workload of
:mod:`kg.analysis.workload`). Chinese names need a CJK font: the font files
the system has (fontconfig's list and the usual folders) are registered with
matplotlib on each run, so a font installed after matplotlib built its cache
is found; the first of :data:`CJK_FONTS` is used. Without any, the chart falls
back to the departments' English names (and logs a warning) rather than
drawing empty boxes. The same data give the same bytes: SVG ids are salted
with a fixed string, and neither format records a date or a version.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from kg.analysis.files import write_atomically
from kg.analysis.names import department_display_name
from kg.analysis.workload import ranked
from kg.errors import UsageError
from viz.data import ROLES, DepartmentRecord, ViewData
from viz.i18n import text
from viz.views import EDGE_STYLES

log = logging.getLogger(__name__)

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Source Han Sans TC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "AR PL UMing CN",
)
CHART_FORMATS = (".png", ".svg")
ROLE_COLOURS = {role: EDGE_STYLES[role]["color"] for role in ROLES}


# file names of CJK fonts as Debian and the font projects ship them (NotoSansCJK-Regular.ttc, wqy-zenhei.ttc …)
_CJK_FILE = re.compile(r"(?i)(cjk|sourcehan|source-han|wqy|droidsansfallback|msyh|pingfang|simhei|uming|ukai)[^/]*\.(ttc|otf|ttf)$")
SVG_HASH_SALT = "plankg"
"""matplotlib's salt for SVG ids (clip paths): fixed, so the same chart is the same bytes under any PYTHONHASHSEED."""


def register_system_cjk_fonts() -> list[str]:
    """Add the system's CJK font files to matplotlib's font list, whatever its cache says; return their paths."""
    from matplotlib import font_manager

    known = {font.fname for font in font_manager.fontManager.ttflist}
    added = []
    for path in sorted(set(font_manager.findSystemFonts())):
        if _CJK_FILE.search(path) and path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it, others may do
                continue
            added.append(path)
    return added


def find_cjk_font() -> str | None:
    """The family name of an installed font that covers Chinese, or None."""
    from matplotlib import font_manager

    register_system_cjk_fonts()
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _literal(value: str) -> str:
    """Text as matplotlib should print it: a ``$`` in a name is a character, not the start of mathtext."""
    return value.replace("$", r"\$")


def _needs_cjk(value: str) -> bool:
    return any("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in value)


def workload_rows(data: ViewData, top: int | None = None, lang: str = "zh-Hant") -> list[tuple[DepartmentRecord, dict[str, int], float]]:
    """(department, task counts by role, weighted load), ranked as ``plankg analyze`` ranks them."""
    loads = data.loads()
    departments = {iri: data.departments.get(iri) or DepartmentRecord(iri) for iri in loads}
    names = {iri: department_display_name(department, lang) for iri, department in departments.items()}
    rows = [(departments[load.iri], load.counts, load.weighted) for load in ranked(loads, names)]
    return rows[:top] if top else rows


def workload_chart(
    data: ViewData,
    out: Path,
    lang: str = "zh-Hant",
    heading: str = "",
    focus: set[str] | None = None,
    top: int = 30,
) -> Path:
    """Draw the workload chart to ``out`` (``.png`` or ``.svg``) and return its path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if out.suffix.lower() not in CHART_FORMATS:
        raise UsageError(f"the workload chart is written as PNG or SVG: name the output *.png or *.svg, not {out.name!r}")
    font = find_cjk_font()
    label_lang = lang
    if font is None and lang != "en":
        log.warning("no CJK font installed (e.g. Debian's fonts-noto-cjk): the workload chart uses English names")
        label_lang = "en"
    rows = workload_rows(data, top, label_lang)

    def name(department: DepartmentRecord) -> str:
        label = _literal(department_display_name(department, label_lang) or department.iri.rsplit("/", 1)[-1])
        return label if font or not _needs_cjk(label) else department.iri.rsplit("/", 1)[-1]

    rc: dict[str, Any] = {
        "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.hashsalt": SVG_HASH_SALT,
    }
    with plt.rc_context(rc):
        height = max(3.0, 0.36 * len(rows) + 1.6)
        figure, axes = plt.subplots(figsize=(9.5, height), dpi=130)
        labels = [name(row[0]) for row in rows]
        positions = list(range(len(rows)))
        left = [0] * len(rows)
        for role in ("lead", "joint", "responsible"):
            values = [row[1].get(role, 0) for row in rows]
            axes.barh(positions, values, left=left, color=ROLE_COLOURS[role], label=text(role, label_lang), height=0.7)
            left = [a + b for a, b in zip(left, values)]
        for position, row in zip(positions, rows):
            axes.text(left[position], position, f"  {text('load', label_lang)} {row[2]}", va="center", fontsize=8, color="#566573")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        for tick, row in zip(axes.get_yticklabels(), rows):
            if focus and row[0].iri in focus:
                tick.set_fontweight("bold")
                tick.set_color("#c0392b")
        axes.set_xlabel(f"{text('task_count', label_lang)} · {text('load_rule', label_lang)}")
        axes.margins(x=0.12)
        title = text("title_workload", label_lang)
        axes.set_title(f"{title} · {_literal(heading)}" if heading and (font or not _needs_cjk(heading)) else title, fontsize=12)
        axes.legend(loc="lower right", frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        chart_format = out.suffix.lower().lstrip(".")
        metadata = {"Software": None} if chart_format == "png" else {"Date": None}
        try:
            write_atomically(out, lambda temporary: figure.savefig(temporary, format=chart_format, metadata=metadata), hint="; choose another path with -o")
        finally:
            plt.close(figure)
    return out


__all__ = ["CHART_FORMATS", "CJK_FONTS", "SVG_HASH_SALT", "find_cjk_font", "register_system_cjk_fonts", "workload_chart", "workload_rows"]
