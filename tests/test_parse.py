"""The plan parser: structure, responsibility annotations in every form, rule notes, warnings and errors.

Facts about the seed are those a person reads in corpus/xilinhot-2022-government-services.txt;
the other forms come from tests/fixtures/*.txt (each file's leading ``#`` lines say which form it shows).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from kg.text.annotations import is_collective, parse_annotation, rule_note_units
from kg.errors import ParseError, StrictModeError
from kg.model import Document, Plan
from kg.normalize import match_key, to_simplified
from kg.text.parse import extract, plan_id
from kg.text.read import read_source
from kg.resources import default_corpus_file

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = default_corpus_file().read_text("utf-8")


def parse_text(text: str, name: str = "excerpt.txt", *, strict: bool = False) -> Plan:
    return extract(read_source(name, data=text.encode("utf-8")), strict=strict)


def fixture(name: str) -> Plan:
    """A fixture plan without its leading ``#`` note lines."""
    lines = (FIXTURES / name).read_text("utf-8").splitlines(keepends=True)
    return parse_text("".join(line for line in lines if not line.startswith("#")), name)


@pytest.fixture
def seed(seed_plan: Plan) -> Plan:
    return seed_plan


# -- the seed -------------------------------------------------------------------------------


def test_seed_header_and_notice(seed: Plan) -> None:
    document = seed.document
    # lines 1-13: - 標 題 / - 索引號 / … ; 發文字號 has no value
    assert document.title == "錫林浩特市人民政府辦公室關于印發《錫林浩特市 2022 年政務服務重點工作實施方案》的通知"
    assert document.index_number == "01166760-1/2022-00759"
    assert document.category == "綜合政務;政府文件;地方政策法規 \\ 其他"
    assert document.issuer == "政府辦公室"
    assert document.document_number is None
    assert document.date == "2022-03-18"
    assert document.validity == "有效"
    # line 16: 各蘇木鎮人民政府、國有農牧場、街道辦事處,市直各有關部門單位,錫林郭勒經濟技術開發區管委會辦公室:
    assert document.addressees == [
        "各蘇木鎮人民政府",
        "國有農牧場",
        "街道辦事處",
        "市直各有關部門單位",
        "錫林郭勒經濟技術開發區管委會辦公室",
    ]
    assert document.issuing_office == "錫林浩特市人民政府辦公室"  # line 18
    assert document.notice_date == "2022-03-18"  # line 19: 2022 年 3 月 18 日
    assert document.plan_title == "錫林浩特市 2022 年政務服務重點工作實施方案"
    assert document.year == 2022
    assert document.jurisdiction == "錫林浩特市"
    assert document.first_listed_leads is False
    assert seed.id == "01166760-1-2022-00759"


def test_seed_has_47_numbered_tasks_with_exact_text_and_spans(seed: Plan) -> None:
    assert [task.number for task in seed.tasks] == list(range(1, 48))
    assert all(task.numbered for task in seed.tasks)
    for task in seed.tasks:
        assert seed.source.text[task.span[0] : task.span[1]] == task.text
        assert task.text.startswith(f"{task.number}.")
        assert task.annotation and task.text.endswith(task.annotation)


def test_seed_structure(seed: Plan) -> None:
    parts = [(section.path, section.title) for section in seed.sections if section.level == "part"]
    assert parts == [("1", "總體要求"), ("2", "重點任務"), ("3", "工作要求")]
    groups = {section.path: section.title for section in seed.sections if section.level == "group"}
    assert groups["2.1.1"] == "大力推行政務服務事項目錄清單化管理"  # line 26
    assert groups["2.3.2"] == "加強政務服務大廳規范化管理"  # line 67, as written
    assert groups["2.4.5"] == "加強政府網站管理"  # line 87
    assert len(groups) == 13  # 2 + 4 + 2 + 5 groups under the four areas of part 二
    assert seed.task(1).path == "2.1.1" and seed.task(47).path == "2.4.5"
    assert seed.section("2.2.2").tasks == list(range(18, 26))
    assert seed.section("1").text.startswith("以習近平新時代中國特色社會主義思想為指導")


def test_seed_task_1(seed: Plan) -> None:
    # line 27: …(國辦發〔2022〕2 號)要求,制定完成全市行政許可事項清單。(牽頭部門:政務服務局;責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門)
    task = seed.task(1)
    assert task.lead == ["政務服務局"]
    assert task.responsible == ["各蘇木鎮", "國有農牧場", "街道辦事處", "市直各相關部門"]
    assert task.joint == []
    assert [unit.collective for unit in task.units] == [False, True, True, True, True]
    assert not task.open_list
    assert [citation.number_normalized for citation in task.cites] == ["国办发〔2022〕2号"]


def test_seed_task_3_has_three_leads_and_an_open_list(seed: Plan) -> None:
    # line 29: (牽頭部門:政務服務局、工信局、自然資源局;責任部門:水利局、農科局、生態環境局、住建局等)
    task = seed.task(3)
    assert task.lead == ["政務服務局", "工信局", "自然資源局"]
    assert task.responsible == ["水利局", "農科局", "生態環境局", "住建局"]
    assert task.open_list


def test_seed_task_18_is_joint(seed: Plan) -> None:
    # line 47: (政務服務局、市場監督管理局、智慧城市指揮中心、公共資源交易中心按職責分工負責)
    task = seed.task(18)
    assert task.lead == [] and task.responsible == []
    assert task.joint == ["政務服務局", "市場監督管理局", "智慧城市指揮中心", "公共資源交易中心"]


def test_seed_task_30_joint_list_ends_with_deng(seed: Plan) -> None:
    # line 61: (政務服務局、公安局、…、街道辦事處等部門單位按職責分工)
    task = seed.task(30)
    assert task.annotation.endswith("等部門單位按職責分工)")
    assert task.joint == [
        "政務服務局", "公安局", "衛健委", "自然資源局", "市場監督管理局", "民委",
        "市稅務局", "開發區稅務局", "各蘇木鎮", "國有農牧場", "街道辦事處",
    ]  # fmt: skip
    assert task.open_list
    assert [unit.name for unit in task.units if unit.collective] == ["各蘇木鎮", "國有農牧場", "街道辦事處"]


def test_seed_task_35_spans_three_lines(seed: Plan) -> None:
    task = seed.task(35)
    assert task.line == 68
    start, end = task.span
    assert seed.source.text.count("\n", 0, start) + 1 == 68
    assert seed.source.text.count("\n", 0, end) + 1 == 70
    assert "自覺接受企業和\n群眾監督。" in task.text
    assert task.annotation == "(牽頭部門:政務服務局;責任部門:市直各相關部門)"
    assert task.lead == ["政務服務局"] and task.responsible == ["市直各相關部門"]


def test_seed_lead_counts(seed: Plan) -> None:
    leads = collections.Counter(name for task in seed.tasks for name in task.lead)
    assert leads["政務服務局"] == 36
    assert leads["智慧城市指揮中心"] == 8
    assert leads["發改委"] == 5
    assert leads["司法局"] == 3


def test_seed_warns_only_about_repaired_headings(seed: Plan) -> None:
    assert sorted(warning.line for warning in seed.warnings) == [25, 38, 63, 75, 90, 91, 92]
    with pytest.raises(StrictModeError, match="line 25"):
        extract(strict=True)


def test_seed_in_simplified_script_gives_the_same_responsibilities(seed: Plan) -> None:
    simplified = parse_text(to_simplified(SEED_TEXT))
    assert simplified.source.script == "Hans"
    assert len(simplified.tasks) == 47
    for hant, hans in zip(seed.tasks, simplified.tasks, strict=True):
        assert (hans.number, hans.path, hans.open_list) == (hant.number, hant.path, hant.open_list)
        assert [(match_key(u.name), u.role, u.collective) for u in hans.units] == [
            (match_key(u.name), u.role, u.collective) for u in hant.units
        ]
    assert simplified.task(1).lead == ["政务服务局"]
    assert simplified.document.jurisdiction == "锡林浩特市"


def test_full_width_punctuation_gives_the_same_responsibilities(seed: Plan) -> None:
    wide = SEED_TEXT.translate(str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"}))
    plan = parse_text(wide)
    assert [(task.number, task.lead, task.responsible, task.joint) for task in plan.tasks] == [
        (task.number, task.lead, task.responsible, task.joint) for task in seed.tasks
    ]


# -- other forms (tests/fixtures) -------------------------------------------------------------


def test_state_council_division_plan() -> None:
    plan = fixture("division-first-listed.txt")
    document = plan.document
    assert document.first_listed_leads  # 排在第一位的部门为牵头部门
    assert document.plan_title == "深化“放管服”改革优化营商环境重点任务分工方案"
    assert document.addressees == ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]
    assert document.issuing_office == "国务院办公厅" and document.notice_date == "2019-08-01"
    assert document.jurisdiction == "国务院" and document.year == 2019
    # tasks numbered （一）…（五） across two parts
    assert [(task.number, task.path) for task in plan.tasks] == [(1, "1"), (2, "1"), (3, "2"), (4, "2"), (5, "2")]
    assert all(task.numbered for task in plan.tasks)
    one, two, three, four, five = plan.tasks
    # （国务院审改办、司法部负责）: the first-listed leads
    assert (one.lead, one.responsible) == (["国务院审改办"], ["司法部"])
    # （市场监管总局牵头，各省级人民政府按职责分工负责）
    assert (two.lead, two.joint) == (["市场监管总局"], ["各省级人民政府"])
    assert two.units[1].collective
    # （以下各项任务均需各地区落实，不再列出）: 各地区 falls to every later task, not to earlier ones
    assert "各地区" not in one.responsible + two.responsible
    # （市场监管总局会同有关部门负责）
    assert (three.lead, three.responsible) == (["市场监管总局"], ["有关部门", "各地区"])
    # （国务院办公厅指导）
    assert (four.lead, four.responsible) == (["国务院办公厅"], ["各地区"])
    # （市场监管总局、公安部、税务总局等按职责分工负责）
    assert five.joint == ["市场监管总局", "公安部", "税务总局"] and five.open_list
    assert plan.warnings == []


def test_city_plan_with_labelled_units_and_a_task_over_three_lines() -> None:
    plan = fixture("city-labelled-units.txt")
    assert plan.id == "01166700-3-2023-00021"
    assert plan.document.document_number == "锡署办发〔2023〕7号"
    assert plan.document.jurisdiction == "锡林郭勒盟"
    one, two, three = plan.tasks
    # (牵头单位：盟司法局；责任单位：盟直各有关部门、各旗县市(区)人民政府；配合单位：盟政务服务局)
    assert one.lead == ["盟司法局"]
    assert one.responsible == ["盟直各有关部门", "各旗县市(区)人民政府", "盟政务服务局"]
    assert [unit.collective for unit in one.units] == [False, True, True, False]
    # task 2 runs over three lines; its annotation stands alone on the third and ends with 等
    assert two.text.count("\n") == 2 and two.text.endswith("盟直各有关部门等)")
    assert two.lead == ["盟政务服务局"] and two.open_list
    # (盟住房和城乡建设局牵头，盟自然资源局、盟生态环境局参与)
    assert (three.lead, three.responsible) == (["盟住房和城乡建设局"], ["盟自然资源局", "盟生态环境局"])
    assert plan.warnings == []


def test_annotations_mid_paragraph_close_unnumbered_tasks() -> None:
    plan = fixture("paragraph-annotations.txt")
    assert [(task.number, task.numbered, task.path) for task in plan.tasks] == [
        (1, False, "1.1"),
        (2, False, "1.1"),
        (3, False, "1.2"),
    ]
    first, second, third = plan.tasks
    assert first.text == "围绕优化营商环境等重点工作，及时发布政策解读材料。（市政府办公室牵头，市直各有关部门配合）"
    assert (first.lead, first.responsible) == (["市政府办公室"], ["市直各有关部门"])
    assert second.text.startswith("完善政务舆情回应机制")
    assert second.responsible == ["市政府办公室", "市委网信办"]  # no first-listed rule in this plan
    assert plan.section("1.1").title == "加强政策解读回应"
    assert (third.lead, third.joint) == (["市政务服务局"], ["各苏木镇", "街道办事处"])
    assert plan.warnings == []


def test_unbracketed_label_lines_under_each_task() -> None:
    plan = fixture("division-label-lines.txt")
    one, two, three = plan.tasks
    # 分管省领导：（略） stays in the task's text; 部门分工：省发展改革委牵头，各地、各部门配合。 is its annotation
    assert one.text == "1.地区生产总值增长5%以上。\n分管省领导：（略）\n部门分工：省发展改革委牵头，各地、各部门配合。"
    assert (one.lead, one.responsible) == (["省发展改革委"], ["各地", "各部门"])
    assert all(unit.collective for unit in one.units[1:])
    assert two.lead == ["省人力资源社会保障厅"]
    # 牵头单位：… and 责任单位：… on two lines make one annotation
    assert three.lead == ["省政务服务数据管理局"]
    assert three.responsible == ["省直各有关单位", "各地级以上市人民政府"]
    assert three.annotation == "牵头单位：省政务服务数据管理局\n责任单位：省直各有关单位，各地级以上市人民政府"
    assert plan.source.text[three.span[0] : three.span[1]] == three.text
    assert plan.warnings == []


def test_numbered_item_heading_bracketed_tasks_is_a_heading() -> None:
    plan = fixture("numbered-headings.txt")
    groups = [(section.path, section.ordinal, section.title) for section in plan.sections if section.level == "group"]
    assert groups == [("1.1.1", "1", "深化“一网通办”"), ("1.1.2", "3", "规范中介服务")]
    # （1）（2） restart under each heading, so tasks are numbered in document order
    assert [(task.number, task.path) for task in plan.tasks] == [(1, "1.1.1"), (2, "1.1.1"), (3, "1.1"), (4, "1.1.2")]
    assert plan.tasks[2].text.startswith("2.推行告知承诺制") and not plan.tasks[2].numbered
    assert plan.tasks[1].responsible == ["市大数据中心", "市政务服务局"]
    assert plan.warnings == []


def test_numbered_paragraphs_of_the_notice_are_not_tasks() -> None:
    plan = fixture("notice-numbered-paragraphs.txt")
    assert plan.document.plan_title == "锡林浩特市2023年政府工作报告重点任务分工方案"
    assert plan.document.issuing_office == "锡林浩特市人民政府办公室"
    assert plan.document.notice_date == "2023-03-01"
    assert [task.text[:6] for task in plan.tasks] == ["1.地区生产", "2.一般公共"]
    assert plan.tasks[0].lead == ["市发展和改革委员会"]
    assert plan.tasks[0].responsible == ["各苏木镇人民政府", "街道办事处"]
    assert plan.warnings == []


def test_group_sentences_with_annotations_are_tasks_not_groups() -> None:
    # the form of tests/fixtures/paragraph-annotations.txt, with 一是…二是… carrying their own annotations
    plan = parse_text(
        "（一）加强政策解读回应。\n"
        "一是及时发布政策解读材料，做到应解尽解。（市政府办公室牵头）二是完善政务舆情回应机制。（市委网信办负责）\n"
    )
    assert [section.level for section in plan.sections] == ["area"]
    assert [task.text for task in plan.tasks] == [
        "一是及时发布政策解读材料，做到应解尽解。（市政府办公室牵头）",
        "二是完善政务舆情回应机制。（市委网信办负责）",
    ]
    assert plan.tasks[0].lead == ["市政府办公室"] and plan.tasks[1].responsible == ["市委网信办"]


def test_tasks_numbered_like_parts() -> None:
    plan = fixture("tasks-numbered-parts.txt")
    assert plan.sections == []
    assert [(task.number, task.numbered) for task in plan.tasks] == [(1, True), (2, True)]
    assert plan.tasks[0].responsible == ["市政府办公室"]
    assert plan.tasks[1].lead == ["市委网信办"]


# -- annotation forms -------------------------------------------------------------------------

FORMS = [
    # (inside of the brackets, first-listed rule, expected (name, role, collective) triples, open list)
    ("牽頭部門:政務服務局;責任部門:各蘇木鎮、市直各相關部門", False,
     [("政務服務局", "lead", False), ("各蘇木鎮", "responsible", True), ("市直各相關部門", "responsible", True)], False),
    ("牵头单位：市发展改革委；配合单位：市商务局等", False,
     [("市发展改革委", "lead", False), ("市商务局", "responsible", False)], True),
    ("住建局、供電局按職責分工負責", False, [("住建局", "joint", False), ("供電局", "joint", False)], False),
    ("国家发展改革委牵头，各省级人民政府按职责分工负责", False,
     [("国家发展改革委", "lead", False), ("各省级人民政府", "joint", True)], False),
    ("国家发展改革委牵头，商务部参与", False, [("国家发展改革委", "lead", False), ("商务部", "responsible", False)], False),
    ("市场监管总局指导", False, [("市场监管总局", "lead", False)], False),
    ("市政务服务局会同有关部门负责", False, [("市政务服务局", "lead", False), ("有关部门", "responsible", True)], False),
    ("工业和信息化部、国家发展改革委负责", True,
     [("工业和信息化部", "lead", False), ("国家发展改革委", "responsible", False)], False),
    ("工业和信息化部、国家发展改革委负责", False,
     [("工业和信息化部", "responsible", False), ("国家发展改革委", "responsible", False)], False),
    ("各省、自治区、直辖市人民政府负责", False, [("各省、自治区、直辖市人民政府", "responsible", True)], False),
]  # fmt: skip


@pytest.mark.parametrize(("inner", "first_listed", "expected", "open_list"), FORMS)
def test_annotation_forms(inner: str, first_listed: bool, expected: list, open_list: bool) -> None:
    annotation = parse_annotation(inner, first_listed_leads=first_listed)
    assert annotation is not None
    assert [(unit.name, unit.role, unit.collective) for unit in annotation.units] == expected
    assert annotation.open_list == open_list


@pytest.mark.parametrize("inner", ["國辦發〔2022〕2 號", "2021-2023 年", "牌", "含负责人", "以下均需各地区落实，不再列出"])
def test_brackets_that_are_not_annotations(inner: str) -> None:
    assert parse_annotation(inner) is None


def test_rule_note_and_collectives() -> None:
    assert [unit.name for unit in rule_note_units("以下均需各地区落实，不再列出")] == ["各地区"]
    for name in ("各蘇木鎮", "國有農牧場", "街道辦事處", "市直各相關部門", "各省級人民政府", "有关部门", "市直各部門單位"):
        assert is_collective(name), name
    for name in ("政務服務局", "發改委", "智慧城市指揮中心", "公共資源交易中心", "區域經濟合作服務中心"):
        assert not is_collective(name), name


# -- what cannot be placed --------------------------------------------------------------------


def test_task_without_annotation_and_stray_text_are_warned_with_line_numbers() -> None:
    text = (
        "一、重点任务\n"
        "1.制定全市行政许可事项清单。(牵头部门:政务服务局;责任部门:市直各相关部门)\n"
        "各部门要高度重视。\n"
        "2.推广使用全区一体化政务服务平台涉外服务专栏。\n"
        "3.落实全盟中介机构考核方案。(牵头部门:发改委;责任部门:市直各相关部门)\n"
    )
    plan = parse_text(text)
    assert [task.number for task in plan.tasks] == [1, 2, 3]
    assert [(warning.line, warning.message) for warning in plan.warnings] == [
        (3, "text has no responsibility annotation and belongs to no task"),
        (4, "task has no responsibility annotation"),
    ]
    with pytest.raises(StrictModeError, match="2 warning"):
        parse_text(text, strict=True)


def test_unclosed_annotation_is_a_warning_inside_and_an_error_at_the_end() -> None:
    inside = (
        "1.制定全市行政许可事项清单。(牵头部门:政务服务局;责任部门:市直各相关部门\n"
        "2.落实全盟中介机构考核方案。(牵头部门:发改委;责任部门:市直各相关部门)\n"
    )
    plan = parse_text(inside)
    assert [warning.line for warning in plan.warnings] == [1]
    assert "never closes" in plan.warnings[0].message
    assert plan.task(1).lead == ["政务服务局"]  # read as far as it goes
    with pytest.raises(ParseError, match="line 2: an annotation opened here never closes"):
        parse_text("1.制定清单。(牵头部门:政务服务局)\n2.推广应用。(牵头部门:发改委;责任部门:\n")


def test_annotation_split_over_two_lines_is_joined() -> None:
    plan = parse_text("1.制定全市行政许可事项清单。(牵头部门:政务服务局;\n责任部门:市直各相关部门)\n")
    assert plan.warnings == []
    assert plan.task(1).responsible == ["市直各相关部门"]


def test_text_with_neither_numbered_items_nor_notes_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no tasks found"):
        parse_text("某市工作方案\n以习近平新时代中国特色社会主义思想为指导，加强统筹，狠抓落实。\n")


def test_a_numbered_heading_with_prose_and_no_note_is_a_task_without_departments() -> None:
    plan = parse_text("一、总体要求\n以习近平新时代中国特色社会主义思想为指导。\n")
    assert [(task.notation, task.text, task.units) for task in plan.tasks] == [
        ("1", "一、总体要求\n以习近平新时代中国特色社会主义思想为指导。", [])
    ]
    assert plan.sections == []
    assert "no responsibility notes" in plan.warnings[0].message


def test_numbered_items_in_a_plan_without_notes_are_tasks_and_a_warning_says_so() -> None:
    plan = fixture("numbered-items-without-notes.txt")
    # the items with nothing under them are the tasks, in document order; 二、 stands over （一）（二）
    assert [(task.notation, task.path, task.text.split("\n")[0], task.units) for task in plan.tasks] == [
        ("1", "", "一、总体要求", []),
        ("2", "2", "（一）提升政务服务效率", []),
        ("3", "2", "（二）加强涉企政策宣传", []),
        ("4", "", "三、工作要求", []),
    ]
    assert plan.task(2).text.endswith("全面推行线上办理。")  # the prose under the item is its text
    assert [(section.path, section.title, section.tasks) for section in plan.sections] == [("2", "主要任务", [2, 3])]
    first = plan.warnings[0]
    assert (first.line, first.message) == (
        2,
        "the plan carries no responsibility notes: its 4 numbered item(s) with no measures under them are read "
        "as tasks without departments",
    )
    assert [warning.line for warning in plan.warnings[1:]] == [2, 5, 8, 10]  # each task without a note, by line
    with pytest.raises(StrictModeError):
        parse_text((FIXTURES / "numbered-items-without-notes.txt").read_text("utf-8"), strict=True)


def test_plan_id_fallbacks() -> None:
    assert plan_id(Document(index_number="01166760-1/2022-00759")) == "01166760-1-2022-00759"
    by_number = plan_id(Document(document_number="國辦發〔2022〕2 號"))
    assert by_number == plan_id(Document(document_number="国办发[2022]2号")) and by_number.startswith("doc-")
    assert plan_id(Document(title="锡林浩特市2023年政务公开工作要点")).startswith("title-")
