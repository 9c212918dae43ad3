"""Output formats for tabular results: a plain registry of renderers.

Every renderer takes rows (a list of dicts sharing the same keys, in column
order) and returns the text to print. Add a format by adding an entry to
``RENDERERS``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

Row = dict[str, Any]


def _columns(rows: Sequence[Row], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    return str(value)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: CJK characters are two columns wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


TABLE_CELL_WIDTH = 48  # display columns; longer cells end in …


def _shorten(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _reader_columns(names: list[str]) -> list[str]:
    """Columns for a person at a terminal: IRI columns go when any other column is left."""
    readable = [name for name in names if not name.endswith("_iri")]
    return readable or names


def render_table(rows: Sequence[Row], columns: Sequence[str] | None = None) -> str:
    """Aligned columns for a terminal.

    IRI columns (``*_iri``) are left out and cells are shortened to
    ``TABLE_CELL_WIDTH`` display columns; csv, json and md keep everything.
    """
    names = _reader_columns(_columns(rows, columns))
    if not names:
        return "(no rows)\n"
    cells = [[_shorten(_cell(row.get(name)).replace("\n", " "), TABLE_CELL_WIDTH) for name in names] for row in rows]
    widths = [max([display_width(name)] + [display_width(line[i]) for line in cells]) for i, name in enumerate(names)]
    lines = ["  ".join(_pad(name, widths[i]) for i, name in enumerate(names)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend("  ".join(_pad(value, widths[i]) for i, value in enumerate(line)).rstrip() for line in cells)
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines) + "\n"


def render_csv(rows: Sequence[Row], columns: Sequence[str] | None = None) -> str:
    names = _columns(rows, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return buffer.getvalue()


def render_json(rows: Sequence[Row], columns: Sequence[str] | None = None) -> str:
    names = _columns(rows, columns)
    return json.dumps([{name: row.get(name) for name in names} for row in rows], ensure_ascii=False, indent=2) + "\n"


def render_markdown(rows: Sequence[Row], columns: Sequence[str] | None = None) -> str:
    names = _columns(rows, columns)
    if not names:
        return "_no rows_\n"

    def escape(text: str) -> str:
        # document text is data: no table break (|), no inline HTML a Markdown viewer would render
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(escape(name) for name in names) + " |", "|" + "---|" * len(names)]
    lines.extend("| " + " | ".join(escape(_cell(row.get(name))) for name in names) + " |" for row in rows)
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Sequence[Row], Sequence[str] | None], str]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "md": render_markdown,
}


def render(rows: Sequence[Row], fmt: str, columns: Sequence[str] | None = None) -> str:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from None
    return renderer(rows, columns)
