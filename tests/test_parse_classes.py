"""The six ways real plans lost annotated tasks (issue: the parser on real plans), one paraphrased fixture each,
and how written numbers and unclosed brackets are kept (nothing renumbered, nothing dropped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.model import Plan
from kg.text.parse import extract
from kg.text.read import read_source

FIXTURES = Path(__file__).parent / "fixtures"


def parse_text(text: str, name: str = "excerpt.txt") -> Plan:
    return extract(read_source(name, data=text.encode("utf-8")))


def fixture(name: str) -> Plan:
    lines = (FIXTURES / name).read_text("utf-8").splitlines(keepends=True)
    return parse_text("".join(line for line in lines if not line.startswith("#")), name)


def roles(plan: Plan) -> list[tuple[str, list[str], list[str], list[str]]]:
    return [(task.notation, task.lead, task.responsible, task.joint) for task in plan.tasks]


# 1. annotated measures lost without a word ----------------------------------------------------------------


def test_an_annotated_measure_before_an_article_heading_is_a_task_not_a_heading() -> None:
    plan = fixture("measures-over-unnumbered-articles.txt")
    # 第一条 … 第三条 are parts; （二）…（责任单位：…） before 第三条 is a measure, as is the article's prose
    assert [(section.path, section.title) for section in plan.sections] == [
        ("1", "算力支持"),
        ("2", "人才支持"),
        ("3", "金融支持"),
    ]
    assert [(task.path, task.responsible) for task in plan.tasks] == [
        ("1", ["区科技局", "区数据局"]),
        ("2", ["区人社局"]),
        ("2", ["区人才办", "区财政局"]),
        ("3", ["区金融办"]),
        ("", ["区政府办公室"]),  # 四、加强组织保障（区政府办公室负责）: a heading with a note and nothing under it
    ]
    assert plan.warnings == []


def test_a_measure_with_a_sentence_before_its_note_never_stands_over_the_next_item() -> None:
    plan = parse_text("一、重点任务\n（一）建设公共平台，提升服务能力。（牵头单位：市数据局）\n1.推进数据共享。\n")
    assert [(task.text[:3], task.lead) for task in plan.tasks] == [("（一）", ["市数据局"]), ("1.推", [])]
    assert [warning.line for warning in plan.warnings] == [3]  # the item without a note says so


# 2. a label the rule set did not know ---------------------------------------------------------------------


def test_labels_are_read_by_their_shape_and_what_precedes_them_as_what_it_is() -> None:
    plan = fixture("labels-by-shape.txt")
    assert roles(plan) == [
        ("1", ["市大数据局"], [], []),  # 牵头考核单位 leads; （0.5分） is a score, no unit
        ("2", ["市大数据局"], ["市政务服务中心", "市统计局"], []),  # 主办 leads, 协办 helps
        ("3", [], ["市政府办公室秘书处"], []),  # 责任处室
    ]
    # 9月底前完成 and 12月底前完成 before the label are deadlines, 持续推进 a time clause: never units
    assert [deadline.text for deadline in plan.task(1).deadlines] == ["9月底前"]
    assert [deadline.text for deadline in plan.task(3).deadlines] == ["12月底前"]
    assert plan.warnings == []


# 3. several notes inside one numbered item -------------------------------------------------------------------


def test_each_note_inside_one_item_is_a_task_of_that_item_with_the_clause_it_closes() -> None:
    plan = fixture("several-notes-in-one-item.txt")
    assert roles(plan) == [
        ("5.1", [], ["省海关"], []),
        ("5.2", ["省商务厅"], ["省贸促会"], []),
        ("6", [], ["省发展改革委", "省交通运输厅"], []),
    ]
    first, second, third = plan.tasks
    assert (first.number, first.parent, second.number, second.parent, third.parent) == (5, "5", 5, "5", None)
    assert first.text == "5.提升通关效率。开展原产地规则培训（省海关负责）。"
    assert second.text == "建设国际贸易公共服务平台（省商务厅牵头，省贸促会配合）。"
    assert plan.task("5.2") is second and plan.task(5) is first
    # the JSON contract: notation and parent appear where they say more than the number
    tasks = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))["tasks"]
    assert [(task["number"], task.get("notation"), task.get("parent")) for task in tasks] == [
        (5, "5.1", "5"),
        (5, "5.2", "5"),
        (6, None, None),
    ]


# 4. a heading and its first measure on one line ----------------------------------------------------------


def test_a_heading_run_together_with_its_first_measure_is_split() -> None:
    plan = fixture("headings-run-into-measures.txt")
    assert [(section.path, section.title) for section in plan.sections] == [
        ("1", "总体要求"),
        ("2", "主要任务"),
        ("3", "保障措施"),
    ]
    assert [(task.path, task.text[:6], task.lead) for task in plan.tasks] == [
        ("2", "（一）壮大产", ["市工业和信息化局"]),
        ("2", "（二）加快技", ["市工业和信息化局"]),
        ("3", "1.强化资金", ["市财政局"]),
        ("3", "2.优化审批", ["市行政审批局"]),
    ]
    assert plan.task(1).responsible == ["各区县政府"]


def test_a_plan_whose_every_heading_runs_into_its_first_measure_has_its_tasks() -> None:
    plan = parse_text(
        "某县工作方案\n一、优化服务1.推行一窗受理。（牵头单位：县政务服务局）\n"
        "二、强化保障1.加强督查。（牵头单位：县政府办）\n"
    )
    assert [(task.path, task.lead) for task in plan.tasks] == [("1", ["县政务服务局"]), ("2", ["县政府办"])]


# 5. conjunctions --------------------------------------------------------------------------------------------


def test_units_split_on_dengHe_and_he_before_a_collective_but_names_keep_theirs() -> None:
    plan = fixture("unit-conjunctions.txt")
    assert roles(plan) == [
        ("1", [], ["全国总工会", "共青团中央", "各省级人民政府"], []),
        ("2", [], [], ["人力资源和社会保障局", "文化和旅游厅", "各有关部门"]),
        ("3", ["市委组织部（人才办）"], ["各区〔县、市〕政府", "工业和信息化局"], []),
    ]
    assert plan.task(1).open_list  # 等 ends the named list
    assert [unit.collective for unit in plan.task(1).units] == [False, False, True]


# 6. a bare note that names only a unit ---------------------------------------------------------------------


def test_a_bare_note_of_unit_names_is_a_note_in_a_plan_of_full_notes() -> None:
    plan = fixture("bare-unit-notes.txt")
    assert [(task.notation, task.lead, task.responsible) for task in plan.tasks] == [
        ("1", ["省农业农村厅"], ["省财政厅"]),
        ("2", ["省农业农村厅"], []),
        ("3", ["省农业农村厅"], []),  # （省农业农村厅）: the role the plan's notes give their first unit
        ("4", ["省商务厅"], ["省供销社"]),
        ("5", ["省农业农村厅"], []),  # （含种养大户） names no unit
    ]
    assert plan.warnings == []


def test_a_bare_bracket_is_no_note_where_the_plan_has_no_others() -> None:
    plan = parse_text("1.推进农田建设。（省农业农村厅）\n")
    assert plan.task(1).units == [] and [warning.line for warning in plan.warnings] == [1]


# roles ---------------------------------------------------------------------------------------------------------


def test_first_listed_leads_from_its_note_on_and_helpers_never_lead() -> None:
    plan = fixture("first-listed-from-the-note-on.txt")
    assert roles(plan) == [
        ("1", [], ["县发改局", "县财政局"], []),  # before the note
        ("2", ["县财政局"], ["县税务局"], []),  # the note's own annotation
        ("3", ["县税务局"], ["县人社局"], []),
        ("4", [], ["县统计局", "县审计局"], []),  # 配合单位
        ("5", [], ["县数据局", "县经信局"], []),  # 参与
    ]
    assert plan.document.first_listed_leads


@pytest.mark.parametrize(
    "note",
    ["列第一位者为牵头单位，下同", "排在第一位的部门为牵头部门", "排名第一的为牵头单位", "第一个单位为牵头单位", "排在首位的为牵头单位"],
)
def test_first_listed_rule_variants(note: str) -> None:
    plan = parse_text(f"1.推行告知承诺制。（县财政局、县税务局负责，{note}）\n")
    assert plan.task(1).lead == ["县财政局"]


# numbers as written, brackets that never close ------------------------------------------------------------------


def test_written_numbers_are_kept_with_repeats_and_jumps_warned_and_names_unique() -> None:
    text = "".join(f"{number}.推进第{index}项工作。（牵头单位：市数据局）\n" for index, number in enumerate([1, 2, 2, 3, 1000]))
    plan = parse_text(text)
    assert [(task.number, task.notation, task.numbered) for task in plan.tasks] == [
        (1, "1", True),
        (2, "2", True),
        (2, "2-2", True),
        (3, "3", True),
        (1000, "1000", True),
    ]
    assert [(warning.line, warning.message) for warning in plan.warnings] == [
        (3, "task number 2 is written again (first on line 2); this task is named 2-2"),
        (5, "task numbers jump from 3 to 1000"),
    ]
    assert plan.task(1000).line == 5


def test_after_an_unclosed_bracket_later_notes_are_read_and_every_line_is_accounted_for() -> None:
    text = (
        "推进数据共享，建成共享平台。（牵头单位：市数据局\n"
        "完善考核办法。（牵头单位：市考核办）\n"
        "加强督查。（牵头单位：市督查室）\n"
    )
    plan = parse_text(text)
    assert [(task.line, task.lead) for task in plan.tasks] == [
        (1, ["市数据局"]),  # read as far as it goes
        (2, ["市考核办"]),
        (3, ["市督查室"]),
    ]
    assert [(warning.line, warning.message.split(";")[0]) for warning in plan.warnings] == [
        (1, "annotation never closes")
    ]


def test_a_note_continued_over_short_lines_is_joined_and_its_lines_warned_when_it_never_closes() -> None:
    plan = parse_text("1.制定清单。(牵头部门:政务服务局;\n责任部门:\n市直各相关部门)\n")
    assert plan.warnings == [] and plan.task(1).responsible == ["市直各相关部门"]
    plan = parse_text("1.制定清单。(牵头部门:政务服务局;\n责任部门:发改委\n2.推广应用。(牵头部门:发改委)\n")
    assert [warning.line for warning in plan.warnings] == [1, 2]
    assert [task.lead for task in plan.tasks] == [["政务服务局"], ["发改委"]]


def test_units_before_the_first_comma_lead_from_the_note_that_says_so() -> None:
    plan = parse_text(
        "1.建设算力平台。（责任单位：市科技局、市数据局，市委网信办；第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同）\n"
        "2.开放应用场景。（责任单位：市数据局，市经信局）\n"
        "3.举办创业大赛。（责任单位：市人社局，以下均涉及各县区，不再重复列出）\n"
        "4.优化创业服务。（责任单位：市政务服务局）\n"
    )
    assert [(task.lead, task.responsible) for task in plan.tasks] == [
        (["市科技局", "市数据局"], ["市委网信办"]),  # the rule note is no unit
        (["市数据局"], ["市经信局"]),
        (["市人社局"], ["各县区"]),
        (["市政务服务局"], ["各县区"]),  # 以下均涉及各县区，不再重复列出
    ]
