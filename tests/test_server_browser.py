"""`plankg serve` in a real browser: Debian's Chromium (Playwright) follows links and runs a saved query.

The server runs as a real process on a free loopback port. Every request the
pages make to any other host is recorded and refused; there must be none.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from server_support import REPO, Running, running_server
from test_browser import ARTIFACTS, _require_browser, launch

pytestmark = pytest.mark.browser
HOSTILE_SOURCE = REPO / "tests" / "fixtures" / "hostile-names.txt"


@pytest.fixture(scope="module")
def browser_context():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="plankg-chromium-") as profile:
        context = launch(playwright, profile)
        yield context
        context.close()


@pytest.fixture(scope="module")
def seed() -> Iterator[Running]:
    from kg.pipeline import resolve_dataset_dir

    with running_server(resolve_dataset_dir()) as running:
        yield running


class Visit:
    """A page of the server, with what it asked other hosts for, its errors and its dialogs."""

    def __init__(self, context, server: Running) -> None:
        self.host = urlsplit(server.url).netloc
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def _route(self, route) -> None:
        if urlsplit(route.request.url).netloc == self.host:
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()


def test_department_page_then_a_task_page(browser_context, seed: Running) -> None:
    visit = Visit(browser_context, seed)
    try:
        visit.page.goto(seed.url + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui")
        assert visit.page.locator("h1#title").inner_text() == "發展和改革委員會"
        lead = visit.page.locator("#tasks-by-role table").first
        assert lead.locator("tbody tr").count() == 5
        visit.page.screenshot(path=str(ARTIFACTS / "server-department.png"))
        lead.locator("a", has_text="任務 14").click()
        visit.page.wait_for_url("**/plan/01166760-1-2022-00759/task/14")
        assert visit.page.locator("h1#title").inner_text().startswith("任務 14")
        # "14.推廣全盟統一的網上中介服務超市,實現“一網選中介”。(牽頭部門:發改委;責任部門:市直各相關部門)"
        assert "推廣全盟統一的網上中介服務超市" in visit.page.locator("#source-text").inner_text()
        assert visit.page.locator("#properties a[href='/org/xilinhaoteshi/fazhanhegaigeweiyuanhui']").count() >= 1
        visit.page.screenshot(path=str(ARTIFACTS / "server-task.png"))
        assert visit.errors == [] and visit.elsewhere == [] and visit.dialogs == []
    finally:
        visit.page.close()


def test_a_saved_query_from_the_queries_page(browser_context, seed: Running) -> None:
    visit = Visit(browser_context, seed)
    try:
        visit.page.goto(seed.url + "queries")
        form = visit.page.locator("form#query-co-leads")
        form.locator("input[name='dept']").fill("發改委")
        form.locator("button[type='submit']").click()
        visit.page.wait_for_url("**/queries/co-leads?*")
        table = visit.page.locator("table#answer")
        co_leads = table.locator("tbody tr td:first-child").all_inner_texts()
        assert sorted(co_leads) == sorted(["政務服務局", "區域經濟合作服務中心"])
        visit.page.screenshot(path=str(ARTIFACTS / "server-query.png"))
        visit.page.goto(seed.url + "queries")
        visit.page.locator("#sparql-text").fill("SELECT (COUNT(*) AS ?tasks) WHERE { ?t a <https://w3id.org/plankg/ontology#Task> }")
        visit.page.locator("#sparql-run").click()
        visit.page.wait_for_url("**/queries/run")
        assert visit.page.locator("table#answer tbody td").inner_text() == "47"
        assert visit.errors == [] and visit.elsewhere == []
    finally:
        visit.page.close()


def test_hostile_names_show_as_text_and_run_nothing(browser_context, tmp_path_factory) -> None:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile-browser") / "build"
    build([str(HOSTILE_SOURCE)], folder)
    with running_server(folder) as server:
        visit = Visit(browser_context, server)
        try:
            visit.page.goto(server.url + "org/moushi/imgsrc-xonerror-alert-1-ju")
            assert "<img" in visit.page.locator("#labels").inner_text()
            assert visit.page.locator("main img").count() == 0
            task = visit.page.locator("#tasks-by-role a", has_text="1").first
            task.click()
            visit.page.wait_for_url("**/task/1")
            assert "<script>window.__pwned=1</script>" in visit.page.locator("#source-text").inner_text()
            assert visit.page.evaluate("typeof window.__pwned") == "undefined"
            assert visit.dialogs == [] and visit.elsewhere == []
        finally:
            visit.page.close()
