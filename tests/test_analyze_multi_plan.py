"""plankg analyze and tasks-depending-on over several plans: tasks named so they cannot be confused,
dependencies followed inside one plan, as the dependency view draws them.

The three-plan build holds the seed (錫林浩特市, traditional), another Xilinhot plan and a
Xilingol League plan. The seed's task 21 puts licences into the regional library
("21.…納入自治區電子證照庫統一制作、匯聚和發放"); the league's task 3 relies on that library
too ("3.依托自治区电子证照库，2022年底前实现涉企证照电子化"), and so does the other Xilinhot
plan's task 4 ("4.依托电子证照库公开涉企证照办理结果"). Neither waits for a task of the seed:
each plan is carried out on its own, and the two plans' task numbers start again at 1.
"""

from __future__ import annotations

import pytest

from kg.analysis.report import analyze, dependency_graph
from kg.pipeline import BuildResult
import kg
from support import BASE, SEED_PLAN, open_folder
from viz.data import load_view_data

OTHER = f"{BASE}plan/01166760-1-2022-00901"
LEAGUE = f"{BASE}plan/01166700-3-2022-00114"


@pytest.fixture(scope="module")
def report(three_plan_build: BuildResult) -> dict:
    return analyze(store=open_folder(str(three_plan_build.out)), lang="zh-Hant")


def plan_number(report: dict, iri: str) -> int:
    return {plan["iri"]: plan["plan"] for plan in report["plans"]}[iri]


def test_the_report_lists_its_plans_numbered_as_the_views_number_them(report) -> None:
    plans = report["plans"]
    assert [plan["iri"] for plan in plans] == sorted([SEED_PLAN, OTHER, LEAGUE])
    assert [plan["plan"] for plan in plans] == [1, 2, 3]
    titles = {plan["iri"]: plan["title"] for plan in plans}
    assert titles[SEED_PLAN] == "錫林浩特市 2022 年政務服務重點工作實施方案"
    assert titles[LEAGUE] == "錫林郭勒盟2022年政務服務重點工作實施方案"


def test_tasks_are_named_with_their_plan(report) -> None:
    seed = plan_number(report, SEED_PLAN)
    (waited,) = [row for row in report["dependencies"]["most_waited_on"] if row["iri"] == f"{SEED_PLAN}/task/21"]
    assert waited["task"] == f"{seed}·21"
    assert waited["tasks"] == [f"{seed}·{n}" for n in (22, 23, 24, 25)]  # the seed's own tasks only


def test_a_dependency_through_a_shared_system_stays_inside_one_plan(three_plan_build) -> None:
    graph = dependency_graph(store=open_folder(str(three_plan_build.out)))
    assert not any(graph.has_edge(f"{SEED_PLAN}/task/21", task) for task in (f"{LEAGUE}/task/3", f"{OTHER}/task/4"))
    # and the dependency view draws the same direct dependencies
    drawn = {(other, task) for task, other in load_view_data(open_folder(str(three_plan_build.out))).depends_on}
    assert set(graph.edges) == drawn


def test_tasks_depending_on_names_prerequisites_of_the_same_plan_only(three_plan_build) -> None:
    rows = kg.query("tasks-depending-on", params={"system": "电子证照库"}, store=open_folder(str(three_plan_build.out)), lang="zh-Hant")
    by_task = {row["task_iri"]: row for row in rows}
    assert by_task[f"{LEAGUE}/task/3"]["through"] == [] and by_task[f"{LEAGUE}/task/3"]["direct"] is True
    assert by_task[f"{OTHER}/task/4"]["through"] == []
    assert by_task[f"{SEED_PLAN}/task/22"]["through"] == [21]


def test_one_plan_keeps_plain_task_numbers(seed_store) -> None:

    seed = analyze(store=seed_store)
    assert [plan["plan"] for plan in seed["plans"]] == [1]
    assert seed["dependencies"]["layers"][0] == [21]


def test_the_printed_report_says_which_plan_k_is(report) -> None:
    from kg.analysis import render_report

    text = render_report(report, "md")
    assert text.startswith("## Plans (task k·n is task n of plan k)")
    assert "| 2 | 錫林浩特市 2022 年政務服務重點工作實施方案 | 01166760-1/2022-00759 |" in text


def test_departments_of_two_jurisdictions_with_one_name_are_told_apart(report) -> None:
    # seed "(牽頭部門:政務服務局;…)" is Xilinhot's; league fixture "（牵头部门：盟政务服务局；…）" the league's
    names = [row["department"] for row in report["workload"]]
    assert "政務服務局 (錫林浩特市)" in names and "政務服務局 (錫林郭勒盟)" in names
    assert len(names) == len(set(names))
    central = {row["department"] for row in report["network"]["centrality"]}
    assert "政務服務局 (錫林郭勒盟)" in central
    assert "司法局" in names  # a name only one jurisdiction uses stays as it is
