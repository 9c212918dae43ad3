"""The network pages in a real browser: Debian's Chromium driven by Playwright, opened from disk.

Each page is opened via file:// in a fresh profile with every request that is
not file: or data: recorded and refused. Screenshots go to tests/artifacts/.
Without /usr/bin/chromium (or Playwright) these tests are skipped, except
under CI, where a missing browser is a failure: `make browser` installs it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from viz.data import ViewData, load_view_data
from viz.html import write_network_html
from viz.rendering import find_departments, heading_for
from viz.views import build_view, responsibility_view

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (run `make browser`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright's Python package is missing (run `make setup-test`)"
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"browser tests must run under CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def playwright_driver():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright, profile: str):
    return playwright.chromium.launch_persistent_context(
        profile,
        executable_path=str(CHROMIUM),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        viewport={"width": 1400, "height": 900},
    )


@pytest.fixture(scope="module")
def context(playwright_driver):
    """A fresh profile. The page's Content-Security-Policy stays in force, as for a reader: a load
    it refuses shows up as a console error, a load it let through reaches the router."""
    with tempfile.TemporaryDirectory(prefix="plankg-chromium-") as profile:
        browser_context = launch(playwright_driver, profile)
        yield browser_context
        browser_context.close()


@pytest.fixture
def data(seed_view_data: ViewData) -> ViewData:
    return seed_view_data


class OpenedPage:
    """A page loaded from disk and settled, with what it asked the network for and what it logged."""

    def __init__(self, context, path: Path) -> None:
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self._wait_until_stable()

    def _wait_until_stable(self, seconds: float = 60) -> None:
        # polled from outside: the page's policy forbids the string evaluation wait_for_function uses
        deadline = time.monotonic() + seconds
        while not self.evaluate("!!(window.plankg && window.plankg.stabilized)"):
            if self.errors or time.monotonic() > deadline:
                raise AssertionError(f"the network did not settle: {self.errors or 'timed out'}")
            self.page.wait_for_timeout(50)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def evaluate(self, script: str):
        return self.page.evaluate(script)

    def hover_node(self, node_id: int) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        x, y = self.evaluate(
            f"""(() => {{
                const network = window.plankg.network;
                network.moveTo({{position: network.getPositions([{node_id}])[{node_id}], scale: 1.2, animation: false}});
                const point = network.canvasToDOM(network.getPositions([{node_id}])[{node_id}]);
                const box = document.querySelector('#plankg-network canvas').getBoundingClientRect();
                return [box.left + point.x, box.top + point.y];
            }})()"""
        )
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=4)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

    def close(self) -> None:
        self.page.close()


def write(view, name: str, data: ViewData) -> Path:
    return write_network_html(view, ARTIFACTS / name, heading=heading_for(data, view.lang))


def test_seed_network_in_chromium(context, data):
    view = responsibility_view(data)
    opened = OpenedPage(context, write(view, "responsibility.html", data))
    try:
        assert opened.evaluate("typeof window.plankg.network.getPositions") == "function"
        assert opened.evaluate("window.plankg.network.body.data.nodes.length") == len(view.nodes)
        assert opened.evaluate("window.plankg.network.body.data.edges.length") == len(view.edges)
        assert len(view.nodes) == len(data.tasks) + len(data.departments)
        assert len(view.edges) == len(data.involvements)
        # every node was placed in the visible canvas
        drawn = opened.evaluate("Object.keys(window.plankg.network.getPositions()).length")
        assert drawn == len(view.nodes)
        assert opened.errors == []
        assert opened.remote == []
        milliseconds = opened.evaluate("window.plankg.stabilizedMs")
        # the watch can fail: a load attempted now is caught (refused by the page's policy, logged as an error)
        opened.evaluate("fetch('https://plankg-probe.invalid/x').catch(() => null)")
        opened.page.wait_for_timeout(200)
        assert opened.errors or opened.remote
        opened.page.screenshot(path=str(ARTIFACTS / "responsibility.png"))
        (ARTIFACTS / "layout-times.json").write_text(json.dumps({"seed/responsibility": milliseconds}))
    finally:
        opened.close()


def test_tooltip_shows_the_task_text(context, data):
    view = build_view("dependency", data)
    opened = OpenedPage(context, write(view, "dependency.html", data))
    try:
        task21 = next(node for node in view.nodes if node.get("number") == 21)
        text = opened.hover_node(task21["id"])
        # "21.按照國家標準將存量證照、新增證照電子化,納入自治區電子證照庫統一制作、匯聚和發放,2022 年底前全面實現涉企證照電子化。"
        assert "任務 21" in text
        assert "納入自治區電子證照庫統一制作" in text
        assert "政務服務局" in text and "智慧城市指揮中心" in text  # its two leads
        assert opened.errors == [] and opened.remote == []
        opened.page.screenshot(path=str(ARTIFACTS / "dependency-tooltip.png"))
    finally:
        opened.close()


def test_hostile_text_shows_as_text_and_runs_nothing(context, hostile_view_data):
    view = responsibility_view(hostile_view_data)
    opened = OpenedPage(context, write(view, "hostile.html", hostile_view_data))
    try:
        task1 = next(node for node in view.nodes if node.get("number") == 1)
        text = opened.hover_node(task1["id"])
        assert "<script>window.__pwned=1</script>" in text
        assert '<img src=x onerror="window.__pwned=2;alert(2)">' in text
        justice = next(node for node in view.nodes if node["label"].startswith("司法局"))
        assert '<img src=x onerror="window.__pwned=3">' in opened.hover_node(justice["id"])
        assert opened.evaluate("typeof window.__pwned") == "undefined"
        assert opened.evaluate("document.querySelectorAll('img').length") == 0
        assert opened.dialogs == []
        assert opened.errors == [] and opened.remote == []
        opened.page.screenshot(path=str(ARTIFACTS / "hostile-tooltip.png"))
    finally:
        opened.close()


def test_search_filters_by_name_in_either_script(context, data):
    view = responsibility_view(data)
    opened = OpenedPage(context, write(view, "search.html", data))
    try:
        opened.page.fill("#plankg-search", "发改委")  # simplified, the page is in traditional script
        opened.page.check("#plankg-only")
        visible = opened.evaluate("window.plankg.nodes.get({filter: n => !n.hidden}).map(n => n.label)")
        focused = responsibility_view(data, focus=find_departments(data, "發改委"))
        assert sorted(visible) == sorted(node["label"] for node in focused.nodes)
        assert "1" not in visible  # task 1 is 政務服務局's alone
        # the department itself, and the five tasks whose text names it: "(牽頭部門:發改委…)" in tasks 2, 14, 15, 32, 33
        assert opened.page.inner_text("#plankg-count").startswith("6 ")
        opened.page.uncheck("#plankg-legend input[data-relation='responsible']")
        hidden = opened.evaluate("window.plankg.edges.get({filter: e => e.hidden}).map(e => e.relation)")
        assert "responsible" in hidden
        assert opened.errors == [] and opened.remote == []
    finally:
        opened.close()


@pytest.mark.parametrize("kind", ["dependency", "citation"])
def test_other_views_settle_without_errors(context, data, kind):
    view = build_view(kind, data, lang="zh-Hans")
    opened = OpenedPage(context, write(view, f"{kind}.html", data))
    try:
        assert opened.evaluate("window.plankg.network.body.data.nodes.length") == len(view.nodes) > 0
        assert opened.evaluate("window.plankg.network.body.data.edges.length") == len(view.edges) > 0
        assert opened.errors == [] and opened.remote == []
        opened.page.screenshot(path=str(ARTIFACTS / f"{kind}.png"))
    finally:
        opened.close()



def test_an_aggregated_corpus_drills_down_to_a_plan(context, three_plan_build, monkeypatch, tmp_path):
    import viz.views
    from kg.pipeline import open_store

    monkeypatch.setattr(viz.views, "AGGREGATE_ABOVE", 20)  # three plans stand in for a thousand
    corpus = load_view_data(open_store(dataset=str(three_plan_build.out)))
    view = responsibility_view(corpus, lang="zh-Hant")
    page = write_network_html(view, tmp_path / "corpus.html", heading=heading_for(corpus, "zh-Hant"))
    opened = OpenedPage(context, page)
    try:
        assert opened.evaluate("window.plankg.nodes.length") == 5  # two governments, three plans
        assert "按所屬政府和方案匯總顯示" in opened.evaluate("document.getElementById('plankg-subtitle').textContent")
        seed = next(node for node in view.nodes if node.get("group") == "plan" and "錫林浩特市 2022 年" in node["tip"]["heading"])
        # a double click on the seed's star draws its departments and tasks
        position = opened.evaluate(
            f"""(() => {{
                const network = window.plankg.network;
                network.moveTo({{position: network.getPositions([{seed['id']}])[{seed['id']}], scale: 1.0, animation: false}});
                const point = network.canvasToDOM(network.getPositions([{seed['id']}])[{seed['id']}]);
                const box = document.querySelector('#plankg-network canvas').getBoundingClientRect();
                return [box.left + point.x, box.top + point.y];
            }})()"""
        )
        opened.page.mouse.dblclick(*position)
        opened.page.wait_for_timeout(300)
        drilled = view.drill[seed["drill"]]
        assert opened.evaluate("window.plankg.nodes.length") == len(drilled["nodes"])
        assert opened.evaluate("window.plankg.edges.length") == len(drilled["edges"])
        assert opened.evaluate("window.plankg.nodes.get().filter(n => n.label === '政務服務局').length") == 1
        assert not opened.evaluate("document.getElementById('plankg-back').hidden")
        opened.page.click("#plankg-back")
        assert opened.evaluate("window.plankg.nodes.length") == 5
        assert opened.errors == [] and opened.remote == []
    finally:
        opened.close()
