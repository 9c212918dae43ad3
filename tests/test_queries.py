"""Every saved query on the build of the embedded seed, checked against what a person reads in the plan.

Golden facts (corpus/xilinhot-2022-government-services.txt):
政務服務局 is named lead (牽頭部門) in 36 tasks, 智慧城市指揮中心 in 8, 發改委 in 5
(2, 14, 15, 32, 33), 司法局 in 3 (6, 7, 38); task 1 cites 國辦發〔2022〕2 號; tasks 21–25
(二是擴大電子印章應用范圍 … 電子證照) rely on the electronic licence library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kg
from kg.sparql.registry import resolve_query
from support import HOSTILE_PARAMETER_VALUES, QUERY_FILES

# one value per parameter that finds something in the seed
SEED_PARAMS = {
    "department-tasks": {"dept": "政务服务局"},
    "co-leads": {"dept": "發改委"},
    "tasks-depending-on": {"system": "電子證照庫"},
    "tasks-citing": {"doc": "国办发〔2022〕2号"},
    "deadlines": {},
}

GOVERNMENT_SERVICES_LEADS = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31]
GOVERNMENT_SERVICES_LEADS += [33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 44, 46, 47]


Rows = Callable[..., list[dict]]


@pytest.fixture
def rows(seed_store: Any) -> Rows:
    """``rows(name, lang="zh-Hant", **params)``: the answer of a saved query on the seed."""

    def run(name: str, lang: str = "zh-Hant", **params: str) -> list[dict]:
        return kg.query(name, params=params, store=seed_store, lang=lang)

    return run


@pytest.fixture
def department_iri(rows: Rows) -> Callable[[str], str]:
    """``department_iri(name)``: the IRI a department name resolves to, through department-tasks."""

    def resolve(name: str) -> str:
        found = {row["department_iri"] for row in rows("department-tasks", dept=name)}
        assert len(found) == 1, f"{name} resolves to {found}"
        return found.pop()

    return resolve


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_every_saved_query_runs_on_the_seed(rows, path) -> None:
    query = resolve_query(path.stem)
    found = rows(path.stem, **SEED_PARAMS.get(path.stem, {}))
    assert found, f"{path.stem} found nothing in the seed"
    assert list(found[0]) == [column.name for column in query.columns]


def test_lead_load_ranks_government_services_first(department_iri, rows) -> None:
    ranking = rows("lead-load")
    by_iri = {row["department_iri"]: row for row in ranking}
    assert ranking[0]["department"] == "政務服務局"
    assert ranking[0]["led"] == 36 and ranking[0]["tasks"] == GOVERNMENT_SERVICES_LEADS
    assert by_iri[department_iri("智慧城市指揮中心")]["tasks"] == [16, 19, 20, 21, 22, 23, 24, 43]
    assert by_iri[department_iri("發改委")]["tasks"] == [2, 14, 15, 32, 33]
    assert by_iri[department_iri("司法局")]["tasks"] == [6, 7, 38]
    assert [row["led"] for row in ranking] == sorted((row["led"] for row in ranking), reverse=True)


def test_department_load_counts_each_role(department_iri, rows) -> None:
    load = {row["department_iri"]: row for row in rows("department-load")}
    services = load[department_iri("政務服務局")]
    # lead in 36; 按職責分工 in 18 and 30
    assert (services["lead"], services["responsible"], services["joint"], services["total"]) == (36, 0, 2, 38)
    municipal = load[department_iri("市直各相关部门")]
    # 市直各相關部門 is named in every task but 3, 18, 29 and 30, always as 責任部門
    assert (municipal["responsible"], municipal["total"], municipal["collective"]) == (43, 43, True)


@pytest.mark.parametrize("typed", ["发改委", "發改委", "发展和改革委员会", " 發改委 "])
def test_co_leads_of_the_development_and_reform_commission(rows, typed: str) -> None:
    shared = {row["co_lead"]: row["tasks"] for row in rows("co-leads", dept=typed)}
    # 2.(牽頭部門:發改委、政務服務局…) 33.(牽頭部門:發改委、政務服務局、區域經濟合作服務中心…)
    assert shared == {"政務服務局": [2, 33], "區域經濟合作服務中心": [33]}


@pytest.mark.parametrize("typed", ["司法局", "司法局 "])
def test_department_tasks_of_the_justice_bureau(rows, typed: str) -> None:
    # 6. 7. (牽頭部門:司法局…) 38.(牽頭部門:司法局、政務服務局…)
    assert [(row["task"], row["role"]) for row in rows("department-tasks", dept=typed)] == [
        (6, "lead"),
        (7, "lead"),
        (38, "lead"),
    ]


def test_department_tasks_in_simplified_script_and_joint_role(rows) -> None:
    found = {(row["task"], row["role"]) for row in rows("department-tasks", dept="市场监督管理局")}
    # 18.(政務服務局、市場監督管理局、智慧城市指揮中心、公共資源交易中心按職責分工負責) and 30.(…市場監督管理局…按職責分工)
    assert found == {(18, "joint"), (30, "joint")}


@pytest.mark.parametrize("typed", ["国办发〔2022〕2号", "國辦發〔2022〕2 號", "国办发[2022]2号", "关于全面实行行政许可事项清单管理的通知"])
def test_tasks_citing_the_state_council_notice(rows, typed: str) -> None:
    found = rows("tasks-citing", doc=typed)
    assert [(row["task"], row["citer"]) for row in found] == [(1, "task")]
    assert found[0]["number"] == "国办发〔2022〕2号"


def test_tasks_citing_finds_the_plan_itself(rows) -> None:
    # the preamble: 根據…(辦字〔2022〕14 號)等文件精神和要求
    found = rows("tasks-citing", doc="辦字〔2022〕14 號")
    assert [row["citer"] for row in found] == ["plan"] and found[0]["task"] is None


@pytest.mark.parametrize("typed", ["电子证照库", "電子證照庫", "自治区电子证照库", "自治區 電子證照庫"])
def test_tasks_depending_on_the_electronic_licence_library(rows, typed: str) -> None:
    found = rows("tasks-depending-on", system=typed)
    direct = {row["task"] for row in found if row["direct"]}
    # 21.納入自治區電子證照庫… 22.電子證照互認互信 23.電子證照需求清單… 24.實現電子證照… 25.全面加強電子證照推廣應用
    assert {21, 22, 23, 24, 25} <= direct
    for row in found:
        assert row["direct"] or row["through"], f"task {row['task']} depends on the library through nothing"
        assert set(row["through"]) <= direct | {other["task"] for other in found}
    # 21 puts the licences into the library (納入自治區電子證照庫統一制作、匯聚和發放); 22–25 use what it holds
    through = {row["task"]: row["through"] for row in found}
    assert through[21] == [] and all(through[task] == [21] for task in (22, 23, 24, 25))


def test_cited_documents_name_number_issuer_and_tasks(rows) -> None:
    documents = {row["number"]: row for row in rows("cited-documents") if row["number"]}
    state_council = documents["国办发〔2022〕2号"]
    assert state_council["tasks"] == [1] and "國務院辦公廳" in (state_council["issuer"] or "")
    assert documents["内政发〔2021〕19号"]["tasks"] == [2]
    assert documents["内政服发〔2021〕102号"]["tasks"] == [3]
    assert documents["办字〔2022〕14号"]["cited_by_plan"] is True


def test_indicators_read_from_the_plan(rows) -> None:
    found = {(row["task"], row["comparator"], row["value"], row["unit"]) for row in rows("indicators")}
    # 8.即辦件占比達到 85%以上 11.實際網辦率達到 50%以上 36.“一窗”分類受理…比例達到 90%以上 44.每月抽查事項不低于 10%
    assert {(8, ">=", 85, "%"), (11, ">=", 50, "%"), (36, ">=", 90, "%"), (44, ">=", 10, "%")} <= found
    leads = {row["task"]: row["leads"] for row in rows("indicators")}
    assert leads[8] == ["政務服務局"]


def test_deadlines_due_by_the_end_of_march(rows) -> None:
    # 3.3 月底制定完成… 25.2022 年 3 月底前完成掃碼設備配備工作
    due = rows("deadlines", asof="2022-03-31")
    assert {row["task"] for row in due} == {3, 25} and {row["date"] for row in due} == {"2022-03-31"}
    every = rows("deadlines")
    assert [row["date"] for row in every] == sorted(row["date"] for row in every)
    assert ("2022-12-31", 21) in {(row["date"], row["task"]) for row in every}  # 21.2022 年底前全面實現涉企證照電子化


def test_lists_with_the_task_that_creates_them(rows) -> None:
    created = {row["list"]: row for row in rows("lists", lang="zh-Hans")}
    # 1.制定完成全市行政許可事項清單。(牽頭部門:政務服務局…)
    licensing = next(row for name, row in created.items() if "行政许可事项清单" in name)
    assert licensing["created_by"] == [1] and licensing["leads"] == ["政务服务局"]
    # 23.根據電子證照需求清單、數據資源共享需求清單…: used, created by no task of this plan, so led by no one here
    licences = next(row for name, row in created.items() if name == "电子证照需求清单")
    assert (licences["created_by"], licences["used_by"], licences["leads"]) == ([], [23], [])
    order = [bool(row["created_by"]) for row in created.values()]
    assert order == sorted(order, reverse=True), "lists the plan creates come first"


def test_collective_assignments(rows) -> None:
    found = {row["task"]: row for row in rows("collective-assignments")}
    # every task names a collective unit except 3 (水利局、農科局…等), 18 and 29 (按職責分工負責 by named units)
    assert set(found) == set(range(1, 48)) - {3, 18, 29}
    assert set(found[1]["units"]) == {"各蘇木鎮", "國有農牧場", "街道辦事處", "市直各相關部門"}
    assert found[30]["roles"] == ["joint"] and found[1]["roles"] == ["responsible"]


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh-Hant", "政務服務局"), ("zh-Hans", "政务服务局"), ("en", "Government Services Bureau")]
)
def test_labels_in_each_language(rows, lang: str, expected: str) -> None:
    assert rows("lead-load", lang=lang)[0]["department"] == expected


@pytest.mark.parametrize("value", HOSTILE_PARAMETER_VALUES)
@pytest.mark.parametrize(("name", "param"), [("department-tasks", "dept"), ("co-leads", "dept"), ("tasks-citing", "doc"), ("tasks-depending-on", "system")])
def test_hostile_values_only_make_the_answer_empty(rows, name: str, param: str, value: str) -> None:
    assert rows(name, **{param: value}) == []


def test_library_api_for_notebooks(seed_store) -> None:
    import kg

    seed_store  # the cached build the library reads
    found = kg.query("co-leads", dept="发改委", lang="zh-Hans")
    assert {row["co_lead"]: row["tasks"] for row in found} == {"政务服务局": [2, 33], "区域经济合作服务中心": [33]}
    frame = kg.query_frame("lead-load")
    assert list(frame.columns) == ["department", "led", "tasks", "department_iri"]
    assert frame.iloc[0]["department"] == "政務服務局" and frame.iloc[0]["led"] == 36
    report = kg.analyze()
    assert report["workload"][0]["department"] == "政務服務局"


def test_query_frame_without_pandas_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import kg
    from kg.errors import QueryError

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(QueryError, match="pip install pandas"):
        kg.query_frame("lead-load")
