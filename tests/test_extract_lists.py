"""Lists (清單): named as written, with the role the task gives them (creates / uses).

Clauses are quoted from the seed and checked to be in it; each runs as written
(traditional) and in simplified script.
"""

from __future__ import annotations

import pytest

from kg.text.entities import extract_task_entities
from kg.normalize import match_key, to_simplified
from support import SCRIPTS, in_script, seed_clause


def lists_of(text: str) -> list[tuple[str, str]]:
    return [(ref.name, ref.role) for ref in extract_task_entities(text, 2022).lists]


SEED_CASES = [
    (  # task 1: the 清單 inside the cited title is not a list of the task
        "1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求,制定完成全市行政許可事項清單。",
        [("全市行政許可事項清單", "creates")],
    ),
    (
        "3 月底制定完成市直部門區域評估正負面事項清單。",
        [("市直部門區域評估正負面事項清單", "creates")],
    ),
    (  # task 4: 自治區公布的 describes the list; the task 承接 (takes over) it
        "4.制定和發布同城通辦事項清單,承接好自治區公布的跨盟市政務服務事項清單。",
        [("同城通辦事項清單", "creates"), ("跨盟市政務服務事項清單", "uses")],
    ),
    (  # task 7: the bare 清單 of 對外公布清單 names nothing
        "制定減證便民事項清單,堅決清理煩擾企業和群眾的“奇葩”證明、循環證明、重復證明等各類無謂證明。"
        "確需保留的證明事項,在廣泛征求意見的基礎上,充分說明理由并對外公布清單。",
        [("減證便民事項清單", "creates")],
    ),
    ("8.制定“承諾改即辦”事項清單,", [("“承諾改即辦”事項清單", "creates")]),
    ("10.制定“串聯改并聯”事項清單,", [("“串聯改并聯”事項清單", "creates")]),
    (  # task 16: the title's 三張清單 is the cited notice's, not the task's
        "16.按照自治區政府辦公廳《關于印發自治區政務數據共享責任等三張清單的通知》要求,梳理公布高頻事項供需清單,"
        "制定市級標準化政務數據共享清單,",
        [("高頻事項供需清單", "creates"), ("市級標準化政務數據共享清單", "creates")],
    ),
    ("17.依托自治區統一監管事項目錄清單,", [("自治區統一監管事項目錄清單", "uses")]),
    (  # task 23: 根據 governs both lists joined by 、
        "23.根據電子證照需求清單、數據資源共享需求清單,全面梳理事項申請材料,公布高頻事項“材料免提交”清單,",
        [("電子證照需求清單", "uses"), ("數據資源共享需求清單", "uses"), ("高頻事項“材料免提交”清單", "creates")],
    ),
    ("39.梳理公布“就近辦”事項清單,", [("“就近辦”事項清單", "creates")]),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_CASES, ids=[case[0][:10] for case in SEED_CASES])
def test_seed_lists(clause: str, expected: list[tuple[str, str]], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    assert lists_of(text) == [(in_script(name, script), role) for name, role in expected]


@pytest.mark.parametrize("heading", ["一是大力推行政務服務事項目錄清單化管理。", "二是大力推進高頻事項清單化管理。"])
def test_list_based_management_is_not_a_list(heading: str) -> None:
    assert lists_of(seed_clause(heading)) == []
    assert lists_of(to_simplified(heading)) == []


def test_name_normalized_is_the_match_key() -> None:
    (ref,) = extract_task_entities(seed_clause("8.制定“承諾改即辦”事項清單,"), 2022).lists
    assert ref.name_normalized == match_key("“承諾改即辦”事項清單") == "“承诺改即办”事项清单"


OTHER_PLANS = [
    (  # State Council wording: the list is used, the 清单管理 is a way of managing
        "依托全国一体化政务服务平台，对照行政许可事项清单逐项制定实施规范",
        [("行政许可事项清单", "uses")],
    ),
    ("各地区各部门要动态调整本地区政务服务事项清单，并于6月底前向社会公布", [("本地区政务服务事项清单", "creates")]),
    ("梳理形成“一件事一次办”事项清单，编制办事指南", [("“一件事一次办”事项清单", "creates")]),
    ("政务服务事项清单由省政务服务局统一发布", [("政务服务事项清单", "creates")]),
    ("严格执行市场准入负面清单，推行清单式管理", [("市场准入负面清单", "uses")]),
    ("全面实行政府权责清单制度，建立健全权责清单动态调整机制", [("政府权责清单", "uses"), ("权责清单", "creates")]),
    # 实施 uses a list; 对清单内事项 (about the items of the list) names none
    ("全面实施市场准入负面清单制度，对清单内事项逐项编制实施规范", [("市场准入负面清单", "uses")]),
    # 落实 then 行政: the verb is 落实, not the 实行 its last character starts
    ("严格落实行政许可事项清单之外一律不得违法实施行政许可的要求", [("行政许可事项清单", "uses")]),
    # 实施清单 is a kind of list, not a verb and a list
    ("6月底前完成市级政务服务事项实施清单编制", [("市级政务服务事项实施清单", "creates")]),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_PLANS, ids=[case[0][:10] for case in OTHER_PLANS])
def test_lists_in_other_plans(text: str, expected: list[tuple[str, str]]) -> None:
    assert lists_of(text) == expected


def test_same_list_twice_is_reported_once() -> None:
    assert lists_of("制定容缺受理事项清单，按季度更新容缺受理事项清单") == [("容缺受理事项清单", "creates")]
