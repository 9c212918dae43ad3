"""Saved queries over more than one plan, and department names typed with their city's prefix.

The three-plan build (tests/graph_support.py) holds the seed, another Xilinhot plan in
simplified script and a Xilingol League plan. All three cite 国办发〔2022〕2号, and the
two Xilinhot plans write its title differently: the seed "《關于全面實行行政許可事項清單
管理的通知》", the simplified plan "《关于全面实行行政许可事项清单管理的通知》" (converted
to 關於), so the one document node carries two traditional titles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

import kg
from kg.pipeline import BuildResult
from support import BASE, SEED_PLAN, open_folder

OTHER = f"{BASE}plan/01166760-1-2022-00901"
LEAGUE = f"{BASE}plan/01166700-3-2022-00114"


@pytest.fixture
def three_plan_rows(three_plan_build: BuildResult) -> Callable[..., list[dict]]:
    """``three_plan_rows(name, **params)``: the answer of a saved query on the three-plan build."""

    def run(name: str, **params: str) -> list[dict]:
        return kg.query(name, params=params, store=open_folder(str(three_plan_build.out)), lang="zh-Hant")

    return run


def test_tasks_citing_gives_one_row_per_citing_task_when_plans_title_the_document_differently(three_plan_rows) -> None:
    found = three_plan_rows("tasks-citing", doc="国办发〔2022〕2号")
    citers = Counter(row["citer_iri"] for row in found)
    assert citers == {f"{SEED_PLAN}/task/1": 1, f"{OTHER}/task/1": 1, f"{LEAGUE}/task/1": 1}
    assert {row["document"] for row in found} == {found[0]["document"]}  # one title for one document


def test_cited_documents_names_one_title_for_a_document(three_plan_rows) -> None:
    (row,) = [row for row in three_plan_rows("cited-documents") if row["document_iri"] == f"{BASE}doc/guobanfa-2022-2-hao"]
    assert row["title"] in {"關于全面實行行政許可事項清單管理的通知", "關於全面實行行政許可事項清單管理的通知"}


# plans write a city's own units with the city's level or name in front: the Xilinhot fixture's
# "1.…（牵头单位：市政务服务局；责任单位：市直各相关部门）"; the seed writes "(牽頭部門:政務服務局;…)".
@pytest.mark.parametrize("typed", ["市政务服务局", "錫林浩特市政務服務局", "锡林浩特市 政务服务局", "市发改委", "锡林浩特市发展和改革委员会"])
def test_a_department_typed_with_its_city_prefix_is_found_in_the_seed(seed_store, typed: str) -> None:
    bare = "发改委" if "发" in typed else "政务服务局"
    expected = kg.query("department-tasks", params={"dept": bare}, store=seed_store)
    assert expected
    assert kg.query("department-tasks", params={"dept": typed}, store=seed_store) == expected


def test_the_city_prefix_does_not_reach_another_jurisdiction(three_plan_rows) -> None:
    # league fixture 1.（牵头部门：盟政务服务局；…）: 盟 names the league's bureau, 市 the city's
    league = {row["department_iri"] for row in three_plan_rows("department-tasks", dept="盟政务服务局")}
    city = {row["department_iri"] for row in three_plan_rows("department-tasks", dept="市政务服务局")}
    assert league == {f"{BASE}org/xilinguolemeng/zhengwufuwuju"}
    assert city == {f"{BASE}org/xilinhaoteshi/zhengwufuwuju"}


def test_collective_units_get_no_city_prefixed_keys(seed_store) -> None:
    # 市直各相關部門 is written with 市 already; 市各蘇木鎮 is no name a plan uses
    assert kg.query("department-tasks", params={"dept": "市各苏木镇"}, store=seed_store) == []
