"""A corpus too large to draw task by task: the responsibility page shows governments and plans, says
so, and draws any plan's departments and tasks on a double click (issue 9, item 5).

The three-plan build stands in for a large corpus, with the limit lowered: the seed (錫林浩特市),
another Xilinhot plan, and a Xilingol League plan (錫林郭勒盟): two governments, three plans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import viz.views
from kg.pipeline import open_store
from viz.data import ViewData, load_view_data
from viz.html import find_remote_loads, write_network_html
from viz.views import responsibility_view


@pytest.fixture(scope="module")
def corpus(three_plan_build) -> ViewData:
    return load_view_data(open_store(dataset=str(three_plan_build.out)))


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(viz.views, "AGGREGATE_ABOVE", 20)
    return 20


def test_a_large_corpus_is_shown_by_government_and_plan(corpus: ViewData, small_limit: int) -> None:
    view = responsibility_view(corpus, lang="zh-Hans")
    groups = [node["group"] for node in view.nodes]
    assert groups.count("plan") == 3 and groups.count("government") == 2
    assert {edge["relation"] for edge in view.edges} == {"plan_of"} and len(view.edges) == 3
    # the page says how it aggregated
    assert view.subtitle.startswith("3 个方案、")
    assert "按所属政府和方案汇总显示" in view.subtitle and str(small_limit) in view.subtitle
    governments = {node["label"] for node in view.nodes if node["group"] == "government"}
    assert governments == {"锡林浩特市", "锡林郭勒盟"}


def test_each_plan_carries_its_own_view(corpus: ViewData, small_limit: int) -> None:
    view = responsibility_view(corpus, lang="zh-Hant")
    assert len(view.drill) == 3
    seed = next(node for node in view.nodes if node.get("group") == "plan" and "錫林浩特市 2022 年" in node["tip"]["heading"])
    drilled = view.drill[seed["drill"]]
    # the seed alone: 47 tasks, each with its departments; 政務服務局 leads 36 of them
    styles = view.styles
    tasks = [node for node in drilled["nodes"] if styles[node["s"]]["group"] == "task"]
    assert len(tasks) == 47
    bureau = next(node for node in drilled["nodes"] if node["label"] == "政務服務局")
    assert bureau["counts"]["lead"] == 36
    assert all(relation in ("lead", "responsible", "joint") for _a, _b, relation in drilled["edges"])
    # searching the overview for a department finds the plans that name it
    assert "政务服务局" in seed["search"].split() or "政務服務局" in seed["search"].split()


def test_the_aggregated_page_loads_nothing(corpus: ViewData, small_limit: int, tmp_path: Path) -> None:
    page = write_network_html(responsibility_view(corpus), tmp_path / "corpus.html")
    html = page.read_text(encoding="utf-8")
    assert find_remote_loads(html) == []
    assert '"drill":' in html and '"edgeStyles":' in html


def test_below_the_limit_the_view_is_drawn_task_by_task(corpus: ViewData) -> None:
    view = responsibility_view(corpus)
    assert not view.drill
    assert sum(node["group"] == "task" for node in view.nodes) == len(corpus.tasks)
