"""Write a :class:`viz.views.NetworkView` as one self-contained HTML file.

The page holds everything it needs: vis-network's script and style sheet
inlined (:mod:`viz.assets`), the page's own script and style, and the view
as JSON in a ``<script type="application/json">`` element. It loads nothing
from any host: :func:`find_remote_loads` parses the page and checks its real
attributes and URLs, and :func:`write_network_html` refuses to write a page
that would. Its Content-Security-Policy allows no host and runs only the two
inline scripts it names by their SHA-256 (no ``'unsafe-inline'``), so markup
that slipped into the page could not run a script even if escaping failed.
The page is written to a temporary file and renamed when complete.

Document text is data. The JSON escapes ``<``, ``>``, ``&`` and U+2028/2029,
so a task text holding ``</script>`` cannot end the element; the page script
builds labels and tooltips with ``textContent``, never ``innerHTML``; the
few strings the template itself prints are escaped by Jinja's autoescape.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.analysis.files import write_text_atomically
from kg.errors import PlanKGError
from viz.assets import page_asset, vis_network_css, vis_network_js
from viz.i18n import text as ui_text
from viz.layout import enlarge_labels, seed_positions
from viz.views import EDGE_STYLES, NetworkView, edge_style

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")

_TEMPLATE = "page.html"


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (and still valid JSON for ``JSON.parse``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group()], text)


# attributes whose value a browser fetches by itself (or navigates a frame to, or posts to)
_URL_ATTRIBUTES = frozenset(
    {"src", "href", "xlink:href", "poster", "data", "action", "formaction", "background", "manifest", "ping", "codebase", "cite", "longdesc", "icon"}
)
_CSS_URL = re.compile(r"""(?i)url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")
_SOURCE_MAP_COMMENT = re.compile(r"[#@]\s*sourceMappingURL\s*=\s*(\S+)")
_LOCAL_SCHEMES = ("data", "blob", "about", "javascript", "file")


def is_remote_url(url: str) -> bool:
    """Whether a browser reading ``url`` from a page opened from disk would reach a host."""
    value = "".join(char for char in url if char > " ").replace("\\", "/")
    if value.startswith("//"):
        return True
    scheme, colon, _rest = value.partition(":")
    if not colon or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        return False  # a relative path or a fragment
    return scheme.lower() not in _LOCAL_SCHEMES


class _RemoteLoadFinder(HTMLParser):
    """Walks the page as a browser parses it: tags, their real attributes, style and script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._element: str | None = None
        self._inert = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name in _URL_ATTRIBUTES and is_remote_url(value):
                self.found.append(f"<{tag} {name}={value}>")
            elif name in ("srcset", "imagesrcset"):
                self.found += [f"<{tag} {name}={value}>" for candidate in value.split(",") if is_remote_url(candidate.split()[0] if candidate.split() else "")]
            elif name == "style":
                self._css(value, f"<{tag} style>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.split(r"(?i)url\s*=", values.get("content", ""), maxsplit=1)
            if len(target) == 2 and is_remote_url(target[1].strip(" '\"")):
                self.found.append(f"<meta refresh {target[1].strip()}>")
        self._element = tag
        # a JSON data block is never run or fetched: document text in it may quote any address
        self._inert = tag == "script" and values.get("type", "").lower() == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._element, self._inert = None, False

    def handle_data(self, data: str) -> None:
        if self._element == "style":
            self._css(data, "<style>")
        if self._element in ("script", "style") and not self._inert:
            self.found += [f"sourceMappingURL={match.group(1)}" for match in _SOURCE_MAP_COMMENT.finditer(data)]

    def _css(self, text: str, where: str) -> None:
        for match in _CSS_URL.finditer(text):
            url = match.group(2) if match.group(2) is not None else match.group(4)
            if url is not None and is_remote_url(url):
                self.found.append(f"{where} {match.group(0)}")


def find_remote_loads(html: str) -> list[str]:
    """Every place in ``html`` where a browser would fetch something from a host by itself.

    The page is parsed as a browser parses it: what counts is an element's real attributes
    (``src``, ``href``, ``srcset`` …), CSS ``url()`` and ``@import`` in style elements and
    attributes, a refresh, and source-map comments in scripts and styles. Text is text: a plan
    titled ``某市 src=//evil.example/a`` is printed, escaped, and loads nothing. The page's JSON
    data element is inert (``type="application/json"`` is never run or fetched).
    """
    finder = _RemoteLoadFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def script_hash(text: str) -> str:
    """The CSP source that allows exactly the inline script ``text``: ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """The page's policy: nothing from anywhere; only these inline scripts run (by hash, no 'unsafe-inline')."""
    allowed = " ".join(script_hash(script) for script in scripts)
    return f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"


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
    keys = ("search", "only_matches", "matches", "legend", "nodes", "edges", "settling", "back")
    return {key: ui_text(key, lang) for key in keys}


def edge_styles(lang: str) -> dict[str, dict[str, Any]]:
    """Each relation's edge as vis-network draws it (what :class:`viz.views._Builder` puts on every edge)."""
    return {relation: edge_style(relation, lang) for relation in EDGE_STYLES}


def page_html(view: NetworkView, heading: str = "", options: dict[str, Any] | None = None) -> str:
    """The whole page as text."""
    from jinja2 import DictLoader, Environment

    options = options or vis_options(view)
    if len(view.nodes) >= SEEDED_LAYOUT_FROM and not all("x" in node for node in view.nodes):
        components = seed_positions(view.nodes, ((edge["from"], edge["to"]) for edge in view.edges))
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
    if view.drill:  # an aggregated view: each plan's own view, rebuilt by the page on a double click
        payload["drill"] = view.drill
        payload["styles"] = view.styles
        payload["edgeStyles"] = edge_styles(view.lang)
    scripts = [vis_network_js(), page_asset("page.js")]
    environment = Environment(loader=DictLoader({_TEMPLATE: page_asset(_TEMPLATE)}), autoescape=True)
    return environment.get_template(_TEMPLATE).render(
        csp=_markup(content_security_policy(scripts)),  # hashes and keywords only: nothing to escape
        lang=view.lang,
        title=f"{view.title} · {heading}" if heading else view.title,
        heading=heading,
        view_title=view.title,
        subtitle=view.subtitle,
        vis_css=_markup(vis_network_css()),
        vis_js=_markup(scripts[0]),
        page_css=_markup(page_asset("page.css")),
        page_js=_markup(scripts[1]),
        data_json=_markup(script_json(payload)),
    )


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


def write_network_html(view: NetworkView, out: Path, heading: str = "") -> Path:
    """Write the page to ``out`` (folders created) whole or not at all, and return its path."""
    html = page_html(view, heading=heading)
    remote = find_remote_loads(html)
    if remote:  # a guard for the assets: none of the pieces should ever hold one
        raise PlanKGError(f"refusing to write {out}: the page would load {remote[0]!r} from the network")
    return write_text_atomically(out, html, hint="; choose another path with -o")


__all__ = [
    "content_security_policy",
    "find_remote_loads",
    "is_remote_url",
    "page_html",
    "script_hash",
    "script_json",
    "vis_options",
    "write_network_html",
]
