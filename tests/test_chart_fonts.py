"""The workload chart finds a CJK font installed after matplotlib built its font cache.

On a fresh machine `make demo` runs matplotlib before `make test` installs fonts-noto-cjk (or did,
before `make demo` installed it itself); matplotlib keeps the font list it cached then. The chart
registers the system's CJK font files on every run, so a stale cache cannot give English names.
The test makes such a cache: matplotlib's own, with every CJK font taken out of it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CJK_FILE = re.compile(r"(?i)(cjk|sourcehan|wqy|droidsansfallback)")

STALE_THEN_CHART = """
import sys
from matplotlib import font_manager
stale = {font.name for font in font_manager.fontManager.ttflist}
print("cache knows a CJK font:", any("CJK" in name for name in stale))
from kg.pipeline import open_store
from viz.data import load_view_data
from viz.rendering import render_data
svg = render_data("workload-chart", load_view_data(open_store()), out=sys.argv[1]).read_text(encoding="utf-8")
print("names:", "|".join(__import__("re").findall(r"<!-- (.+?) -->", svg)))
"""


def run(code: str, config: Path, *arguments: str) -> str:
    environment = {**os.environ, "MPLCONFIGDIR": str(config), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code, *arguments], env=environment, check=True, capture_output=True, text=True, timeout=300).stdout


def test_a_font_cache_made_before_the_font_was_installed_still_gives_chinese_names(seed_store: object, tmp_path: Path) -> None:
    config = tmp_path / "matplotlib"
    config.mkdir()
    run("from matplotlib import font_manager", config)  # matplotlib builds its cache, as `make demo` did
    (cache,) = config.glob("fontlist-*.json")
    fonts = json.loads(cache.read_text(encoding="utf-8"))
    known = len(fonts["ttflist"])
    fonts["ttflist"] = [font for font in fonts["ttflist"] if not CJK_FILE.search(font["fname"])]
    assert len(fonts["ttflist"]) < known, "this machine has a CJK font for the chart (make test installs fonts-noto-cjk)"
    cache.write_text(json.dumps(fonts), encoding="utf-8")  # the cache of a machine without the font

    out = run(STALE_THEN_CHART, config, str(tmp_path / "workload.svg"))
    assert "cache knows a CJK font: False" in out
    names = out.split("names:", 1)[1].strip().split("|")
    # "(牽頭部門:政務服務局;責任部門:…)" 36 times: the heaviest bar, under its Chinese name
    assert "政務服務局" in names and "發展和改革委員會" in names, names
    assert "Government Services Bureau" not in names
