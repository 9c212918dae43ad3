"""Numeric targets: name, comparator, value, unit and the clause they were read from.

Clauses are quoted from the seed and checked to be in it; each runs as written
(traditional) and in simplified script.
"""

from __future__ import annotations

import pytest

from kg.text.entities import extract_task_entities
from kg.normalize import to_simplified
from support import SCRIPTS, in_script, seed_clause


def targets_of(text: str) -> list[tuple[str, str, float, str]]:
    return [(i.name, i.op, i.value, i.unit) for i in extract_task_entities(text, 2022).indicators]


SEED_CASES = [
    (
        "8.制定“承諾改即辦”事項清單,爭取市本級政務服務事項即辦件占比達到 85%以上。",
        [("市本級政務服務事項即辦件占比", ">=", 85, "%")],
    ),
    ("進一步提高網辦和“零跑動”政務服務事項比例,力爭實際網辦率達到 50%以上。", [("實際網辦率", ">=", 50, "%")]),
    ("28.全面推廣“掌上辦”應用,各地區各部門至少配備 1 名專職人員開展相關工作。", [("專職人員", ">=", 1, "名")]),
    (
        "綜合窗口設置比例達到 100%,“一窗”分類受理政務服務事項比例達到 90%以上。",
        [("綜合窗口設置比例", ">=", 100, "%"), ("“一窗”分類受理政務服務事項比例", ">=", 90, "%")],
    ),
    ("并安排專人回訪核實,實名差評回訪整改率要達100%。", [("實名差評回訪整改率", ">=", 100, "%")]),
    ("每月抽查事項不低于 10%,年內實現全覆蓋,", [("抽查事項", ">=", 10, "%")]),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_CASES, ids=[case[0][:10] for case in SEED_CASES])
def test_seed_targets(clause: str, expected: list[tuple[str, str, float, str]], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    assert targets_of(text) == [(in_script(name, script), op, value, unit) for name, op, value, unit in expected]


def test_the_clause_is_kept_as_written() -> None:
    clause = seed_clause("力爭實際網辦率達到 50%以上")
    (indicator,) = extract_task_entities("11.加大推進實際網辦力度," + clause + "。", 2022).indicators
    assert indicator.text == clause


@pytest.mark.parametrize(
    "clause",
    [
        # a scope, not a target: no comparator (and no growth word before the number)
        "19.依托全區統一身份認證、電子印章等系統,年度企業辦事頻次前 20%的高頻事項,通過大數據共享平臺對所需身份證明類",
        # a document number and a year in a title
        "按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求",
        "關于印發自治區本級行政權力中介服務事項清單(2021 年)的通知",
        # a hotline number and a deadline
        "43.依法依規完善“12345”熱線受理、派單、辦理、答復、督辦、辦結、回訪、評價等環節的工作流程",
        "2022 年底前全面實現涉企證照電子化。",
        "政務服務大廳、分廳及便民服務中心辦事窗口,2022 年 3 月底前完成掃碼設備配備工作",
    ],
)
def test_numbers_that_are_not_targets(clause: str) -> None:
    assert targets_of(seed_clause(clause)) == []
    assert targets_of(to_simplified(clause)) == []


OTHER_PLANS = [
    ("政务服务事项网上可办率不低于90%", [("政务服务事项网上可办率", ">=", 90, "%")]),
    ("企业开办时间压缩至1个工作日以内", [("企业开办时间", "<=", 1, "个工作日")]),
    ("即办件比例控制在30%以内", [("即办件比例", "<=", 30, "%")]),
    ("每件投诉办理时间不超过 15 个工作日", [("每件投诉办理时间", "<=", 15, "个工作日")]),
    ("群众满意率超过95%", [("群众满意率", ">", 95, "%")]),
    ("到2022年底，全程网办率提高到70%以上", [("全程网办率", ">=", 70, "%")]),
    ("每个苏木镇至少建成1个便民服务中心", [("便民服务中心", ">=", 1, "个")]),
    ("每个部门至少安排两名联络员", [("联络员", ">=", 2, "名")]),
    ("高频事项“最多跑一次”比例达到８５％以上", [("高频事项“最多跑一次”比例", ">=", 85, "%")]),  # full-width digits
    ("政務服務事項可網辦率不低於 9 5%", [("政務服務事項可網辦率", ">=", 95, "%")]),  # traditional 於, space inside
    # a growth rate or an approximate value with no comparator word: the rate the plan sets
    ("2.规上工业增加值增长7%。", [("规上工业增加值增长", "=", 7, "%")]),
    ("年均经济增速6.5%左右", [("年均经济增速", "=", 6.5, "%")]),
    # the task's own number is not part of what is measured
    ("1.生产总值增长5%以上，高质量前提下能快则快。", [("生产总值增长", ">=", 5, "%")]),
    ("3.研发投入强度达到2.5%。", [("研发投入强度", ">=", 2.5, "%")]),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_PLANS, ids=[case[0][:10] for case in OTHER_PLANS])
def test_targets_in_other_plans(text: str, expected: list[tuple[str, str, float, str]]) -> None:
    assert targets_of(text) == expected
