"""The vis-network library the pages inline, taken from the files pyvis ships.

pyvis 0.3.2 bundles vis-network 9.1.2 (``pyvis/lib/vis-9.1.2``); its own
templates still link Bootstrap and vis-network from CDNs, so the pages use
only the two bundled files, inlined, and never pyvis's templates. The package
is located without importing it (importing pyvis pulls in IPython).

Inlined text is made safe for its element: a ``</script`` or ``</style``
inside it could not close the tag early, and source-map comments (which a
browser's developer tools would try to fetch) are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import util
from pathlib import Path

from kg.errors import PlanKGError

VIS_NETWORK_VERSION = "9.1.2"

_SOURCE_MAP = re.compile(r"^\s*(?://[#@]|/\*[#@])\s*sourceMappingURL=.*$", re.MULTILINE)


def _pyvis_folder() -> Path:
    spec = util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise PlanKGError("pyvis is not installed: run `pip install pyvis==0.3.2` (it ships the vis-network files the pages inline)")
    return Path(next(iter(spec.submodule_search_locations)))


def _read_asset(name: str) -> str:
    root = _pyvis_folder()
    for folder in (root / "lib" / f"vis-{VIS_NETWORK_VERSION}", root / "templates" / "lib" / f"vis-{VIS_NETWORK_VERSION}"):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise PlanKGError(f"pyvis has no bundled {name} for vis-network {VIS_NETWORK_VERSION}: reinstall pyvis==0.3.2")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build, ready to sit inside a ``<script>`` element."""
    script = _SOURCE_MAP.sub("", _read_asset("vis-network.min.js"))
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def vis_network_css() -> str:
    """vis-network's style sheet (its images are data: URIs), ready to sit inside a ``<style>`` element."""
    style = _SOURCE_MAP.sub("", _read_asset("vis-network.css"))
    return re.sub(r"</(style)", r"<\\/\1", style, flags=re.IGNORECASE)


@lru_cache(maxsize=None)
def page_asset(name: str) -> str:
    """One of the page's own files shipped in the viz package (page.js, page.css)."""
    from importlib import resources

    return (resources.files("viz") / name).read_text(encoding="utf-8")


__all__ = ["VIS_NETWORK_VERSION", "page_asset", "vis_network_css", "vis_network_js"]
