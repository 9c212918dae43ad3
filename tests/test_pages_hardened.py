"""The pages and the chart: what the remote-load check looks at, the script policy, the same bytes
under any hash seed, and files written whole or not at all (issue 13, "Pages" and "Files half-written")."""

from __future__ import annotations

import copy
import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import PlanKGError
from viz.data import ViewData, load_view_data
from viz.html import find_remote_loads, page_html, script_hash, write_network_html
from viz.rendering import render_data
from viz.views import responsibility_view

REPO = Path(__file__).resolve().parent.parent
EVIL_TITLE = "某市 src=//evil.example/a href=https://evil.example/b url(//evil.example/c) 2022年實施方案"


@pytest.fixture(scope="module")
def data(seed_store) -> ViewData:
    return load_view_data(seed_store)


# -- the remote-load check reads the page as a browser does ---------------------------------------------


def test_a_title_that_quotes_addresses_is_drawn(data: ViewData, tmp_path: Path) -> None:
    titled = copy.deepcopy(data)
    for plan in titled.plans.values():
        plan.titles = {lang: EVIL_TITLE for lang in plan.titles}
    page = render_data("responsibility", titled, out=tmp_path / "evil-title.html")
    html = page.read_text(encoding="utf-8")
    assert "某市 src=//evil.example/a" in html  # printed as text in the heading …
    assert find_remote_loads(html) == []  # … and nothing loads it


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="//evil.example/a.png">',
        "<img src=https://evil.example/a.png>",
        '<img srcset="a.png 1x, https://evil.example/b.png 2x">',
        '<link rel="stylesheet" href="HTTPS://evil.example/a.css">',
        '<div style="background: url(//evil.example/a.png)"></div>',
        "<style>@import 'https://evil.example/a.css';</style>",
        '<svg><image xlink:href="http://evil.example/a.svg"/></svg>',
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
        "<script>//# sourceMappingURL=https://evil.example/a.map\n</script>",
        '<iframe src="&#47;&#47;evil.example/"></iframe>',
    ],
)
def test_real_loads_are_found(markup: str) -> None:
    assert find_remote_loads(f"<!DOCTYPE html><html><body>{markup}</body></html>") != []


@pytest.mark.parametrize(
    "markup",
    [
        "<p>某市 src=//evil.example/a</p>",
        "<p>&lt;img src=//evil.example/a&gt;</p>",
        '<script type="application/json" id="plankg-data">{"t":"\\u003cimg src=//evil.example/a\\u003e"}</script>',
        '<a href="#plankg-network">jump</a><img src="data:image/png;base64,AAAA">',
    ],
)
def test_text_and_local_urls_are_not_loads(markup: str) -> None:
    assert find_remote_loads(f"<!DOCTYPE html><html><body>{markup}</body></html>") == []


# -- the script policy -------------------------------------------------------------------------------------


def test_only_the_pages_own_scripts_may_run(data: ViewData) -> None:
    html = page_html(responsibility_view(data))
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy
    directives = dict(part.strip().split(" ", 1) for part in policy.group(1).replace("&#39;", "'").split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == "'none'"
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)  # the executable ones (no type attribute)
    assert len(scripts) == 2
    assert sorted(directives["script-src"].split()) == sorted(script_hash(script) for script in scripts)


# -- same inputs, same bytes -----------------------------------------------------------------------------

RENDER_BOTH = """
import sys
from viz.data import load_view_data
from kg.pipeline import open_store
from viz.rendering import render_data
data = load_view_data(open_store())
render_data("responsibility", data, out=sys.argv[1] + "/network.html")
render_data("workload-chart", data, out=sys.argv[1] + "/workload.svg")
"""


def test_page_and_chart_are_the_same_bytes_under_any_hash_seed(seed_store, tmp_path: Path) -> None:
    # seed_store: the embedded plan is built once, before the two runs read it
    outputs = []
    for seed in ("1", "4242"):
        folder = tmp_path / f"seed-{seed}"
        folder.mkdir()
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
        subprocess.run([sys.executable, "-c", RENDER_BOTH, str(folder)], check=True, env=environment, cwd=tmp_path, timeout=300)
        outputs.append(folder)
    for name in ("network.html", "workload.svg"):
        first, second = (folder / name for folder in outputs)
        assert first.read_bytes() == second.read_bytes(), name


# -- written whole or not at all ----------------------------------------------------------------------------


def small_disk(folder: Path, size: str) -> bool:
    """Mount a tmpfs of ``size`` on ``folder``: a real full disk (needs root, as `make test` runs in CI)."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return result.returncode == 0


@pytest.fixture
def full_disk(tmp_path: Path):
    folder = tmp_path / "disk"
    if os.geteuid() != 0 or not small_disk(folder, "1600k"):
        pytest.skip("mounting a small tmpfs needs root (CI runs `make test` as root); the injected ENOSPC tests cover this")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the disk at ``folder`` until about ``leave`` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    if free > leave:
        (folder / "filler").write_bytes(b"\0" * (free - leave))


def test_a_full_disk_keeps_the_previous_page_and_chart(data: ViewData, full_disk: Path) -> None:
    page = render_data("responsibility", data, out=full_disk / "network.html")
    chart = render_data("workload-chart", data, out=full_disk / "workload.png")
    before = {path: path.read_bytes() for path in (page, chart)}
    fill(full_disk, 64 * 1024)
    with pytest.raises(PlanKGError, match="cannot write .*network.html: No space left on device"):
        render_data("responsibility", data, out=page)
    with pytest.raises(PlanKGError, match="cannot write .*workload.png: No space left on device"):
        render_data("workload-chart", data, out=chart, lang="en")
    assert {path: path.read_bytes() for path in (page, chart)} == before
    assert sorted(path.name for path in full_disk.iterdir()) == ["filler", "network.html", "workload.png"]


def test_a_full_disk_keeps_the_previous_network_files(fixture_store, full_disk: Path) -> None:
    from kg.analysis import analyze_with_graphs, write_networks

    _report, network, dependencies = analyze_with_graphs(store=fixture_store)
    written = write_networks(network, dependencies, graphml=full_disk / "n.graphml")
    before = {path: path.read_bytes() for path in written}
    fill(full_disk, 2 * 1024)
    with pytest.raises(PlanKGError, match="No space left on device"):
        write_networks(network, dependencies, graphml=full_disk / "n.graphml")
    assert {path: path.read_bytes() for path in written} == before
    assert not [path for path in full_disk.iterdir() if path.name.endswith(".part")]


def test_an_injected_enospc_keeps_the_previous_page(data: ViewData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = write_network_html(responsibility_view(data), tmp_path / "network.html")
    before = page.read_bytes()

    def write_half(self: Path, text: str, encoding: str | None = None) -> int:
        with open(self, "w", encoding=encoding) as handle:
            handle.write(text[: len(text) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", write_half)
    with pytest.raises(PlanKGError, match="No space left on device"):
        write_network_html(responsibility_view(data), page)
    monkeypatch.undo()
    assert page.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["network.html"]


def test_the_cli_reports_a_full_disk_in_one_line(seed_store, full_disk: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    # seed_store: the embedded plan is built and cached before the disk fills
    (full_disk / "network.html").write_text("the previous page", encoding="utf-8")
    fill(full_disk, 64 * 1024)
    result = CliRunner().invoke(cli, ["viz", "-o", str(full_disk / "network.html")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert (full_disk / "network.html").read_text(encoding="utf-8") == "the previous page"
