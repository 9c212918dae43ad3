"""Write a :class:`viz.views.NetworkView` as one self-contained HTML file.

The page holds everything it needs: vis-network's script and style sheet
inlined (:mod:`viz.assets`), the page's own script and style, and the view
as JSON in a ``<script type="application/json">`` element. It loads nothing
from any host: :func:`find_remote_loads` checks the written text, and
:func:`write_network_html` refuses to write a page that would.

Document text is data. The JSON escapes ``<``, ``>``, ``&`` and U+2028/2029,
so a task text holding ``</script>`` cannot end the element; the page script
builds labels and tooltips with ``textContent``, never ``innerHTML``; the
few strings the template itself prints are escaped by Jinja's autoescape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.analysis.files import write_text_atomically
from viz.views import NetworkView

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")

# attributes and CSS constructs a browser fetches by itself, pointing at a host (http:, https:, or //host)
_REMOTE_LOADS = re.compile(
    r"""(?ix)
    (?:\b(?:src|href|srcset|poster|data|action|formaction|background|manifest|ping)\s*=\s*["']?\s*(?:https?:)?//[^\s"'>]*)
    | (?:url\(\s*["']?\s*(?:https?:)?//[^)\s"']*)
    | (?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//[^\s"')]*)
    | (?:sourceMappingURL\s*=\s*\S+)
    | (?:<\s*(?:link|iframe|embed|object|base)\b[^>]*(?:https?:)?//[^\s"'>]*)
    """
)

_TEMPLATE = "page.html"


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (and still valid JSON for ``JSON.parse``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group()], text)


_DATA_ELEMENT = re.compile(r'(<script type="application/json" id="plankg-data">)(.*?)(</script>)', re.DOTALL)


def find_remote_loads(html: str) -> list[str]:
    """Every place in ``html`` where a browser would fetch something from a host by itself.

    The page's JSON data element is skipped: it is inert (``type="application/json"`` is
    never run or fetched), and document text in it may well quote a web address.
    """
    markup = _DATA_ELEMENT.sub(r"\1\3", html, count=1)
    return [match.group().strip() for match in _REMOTE_LOADS.finditer(markup)]


SEEDED_LAYOUT_FROM = 150
"""From this many nodes on, starting positions are computed here (viz.layout), not by vis-network."""


def vis_options(view: NetworkView) -> dict[str, Any]:
    """vis-network options tuned to settle fast: bounded stabilisation, lighter settings for big graphs."""
    count = len(view.nodes)
    large = count > 400
    return {
        "autoResize": True,
        "layout": {"randomSeed": 11, "improvedLayout": count < SEEDED_LAYOUT_FROM},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -120 if not large else -40,
                "centralGravity": 0.02 if not large else 0.012,
                "springLength": 100 if not large else 60,
                "springConstant": 0.06 if not large else 0.08,
                "damping": 0.6,
                "avoidOverlap": 1.0 if not large else 0.1,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.5,
            "adaptiveTimestep": True,
            "stabilization": {
                "enabled": True,
                "iterations": 400 if count <= 150 else (250 if not large else 150),
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": True,
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.6}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "nodes": {"borderWidth": 1.5, "font": {"face": "Noto Sans CJK SC, Noto Sans CJK TC, Microsoft YaHei, PingFang SC, sans-serif"}},
    }


def _page_strings(lang: str) -> dict[str, str]:
    from viz.i18n import text

    keys = ("search", "only_matches", "matches", "legend", "nodes", "edges", "settling")
    return {key: text(key, lang) for key in keys}


def page_html(view: NetworkView, heading: str = "", options: dict[str, Any] | None = None) -> str:
    """The whole page as text."""
    from jinja2 import DictLoader, Environment

    from viz.assets import page_asset, vis_network_css, vis_network_js

    options = options or vis_options(view)
    if len(view.nodes) >= SEEDED_LAYOUT_FROM and not all("x" in node for node in view.nodes):
        from viz.layout import enlarge_labels, seed_positions

        components = seed_positions(view.nodes, view.edges)
        enlarge_labels(view.nodes, components, min(2.5, max(1.0, (len(view.nodes) / SEEDED_LAYOUT_FROM) ** 0.5)))
    payload = {
        "kind": view.kind,
        "lang": view.lang,
        "title": view.title,
        "heading": heading,
        "subtitle": view.subtitle,
        "nodes": view.nodes,
        "edges": view.edges,
        "legend": view.legend,
        "options": options,
        "strings": _page_strings(view.lang),
    }
    environment = Environment(loader=DictLoader({_TEMPLATE: page_asset(_TEMPLATE)}), autoescape=True)
    return environment.get_template(_TEMPLATE).render(
        lang=view.lang,
        title=f"{view.title} · {heading}" if heading else view.title,
        heading=heading,
        view_title=view.title,
        subtitle=view.subtitle,
        vis_css=_markup(vis_network_css()),
        vis_js=_markup(vis_network_js()),
        page_css=_markup(page_asset("page.css")),
        page_js=_markup(page_asset("page.js")),
        data_json=_markup(script_json(payload)),
    )


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


def write_network_html(view: NetworkView, out: Path, heading: str = "") -> Path:
    """Write the page to ``out`` (folders created) whole or not at all, and return its path."""
    from kg.errors import PlanKGError

    html = page_html(view, heading=heading)
    remote = find_remote_loads(html)
    if remote:  # a guard for the assets: none of the pieces should ever hold one
        raise PlanKGError(f"refusing to write {out}: the page would load {remote[0]!r} from the network")
    return write_text_atomically(out, html, hint="; choose another path with -o")


__all__ = ["find_remote_loads", "page_html", "script_json", "vis_options", "write_network_html"]
