"""The parser on forms met in real plans of other governments (other cities, provinces, the State Council).

Each fixture in tests/fixtures/ shows one form in paraphrase (its leading ``#`` lines name the form); the
facts checked here are those a person reads in the fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.text.annotations import is_collective, parse_annotation
from kg.model import Plan
from kg.text.parse import extract, plan_id
from kg.text.read import read_source

FIXTURES = Path(__file__).parent / "fixtures"


def parse_text(text: str, name: str = "excerpt.txt") -> Plan:
    return extract(read_source(name, data=text.encode("utf-8")))


def fixture(name: str) -> Plan:
    lines = (FIXTURES / name).read_text("utf-8").splitlines(keepends=True)
    return parse_text("".join(line for line in lines if not line.startswith("#")), name)


def roles(plan: Plan) -> list[tuple[list[str], list[str], list[str]]]:
    return [(task.lead, task.responsible, task.joint) for task in plan.tasks]


# -- annotations that carry a rule note ------------------------------------------------------


def test_rule_note_sentence_inside_an_annotation() -> None:
    plan = fixture("annotation-rule-note-sentence.txt")
    assert roles(plan) == [
        # （牵头单位：市大数据局；责任单位：市直有关部门、单位，各县区政府。以下任务均需各县区政府落实，不再一一列出）
        (["市大数据局"], ["市直有关部门、单位", "各县区政府"], []),
        # （牵头单位：市政务服务局）, and 各县区政府 from the note above
        (["市政务服务局"], ["各县区政府"], []),
        # （责任单位：市财政局、市工信局等有关部门，各园区管委会。以下政策措施均需各园区管委会落实，不再单独列出）
        ([], ["市财政局", "市工信局", "各园区管委会", "各县区政府"], []),
        # （责任单位：市市场监管局）, and both notes
        ([], ["市市场监管局", "各县区政府", "各园区管委会"], []),
    ]
    one, _, three, _ = plan.tasks
    assert [unit.collective for unit in one.units] == [False, True, True]
    assert three.open_list  # 市财政局、市工信局等有关部门
    assert one.annotation.endswith("不再一一列出）")
    assert [(deadline.text, deadline.date) for deadline in one.deadlines] == [("年底前", "2024-12-31")]
    assert plan.warnings == []


def test_hexagon_brackets_close_tasks_and_a_note_applies_from_its_own_task() -> None:
    plan = fixture("hexagon-bracket-annotations.txt")
    assert [(task.number, task.numbered, task.text[:3]) for task in plan.tasks] == [(1, True, "（一）"), (2, True, "（二）")]
    one, two = plan.tasks
    # 〔责任单位：自治区发展改革委、交通运输厅、商务厅按职责分工负责。具体任务均涉及相关盟（市）人民政府，不再做分工，下同。〕
    assert one.joint == ["自治区发展改革委", "交通运输厅", "商务厅"]
    assert one.responsible == ["相关盟（市）人民政府"]  # as written, full-width brackets kept
    assert one.annotation.startswith("〔责任单位") and one.annotation.endswith("下同。〕")
    # 〔责任单位：自治区发展改革委、农牧厅〕 and the note's 下同
    assert two.responsible == ["自治区发展改革委", "农牧厅", "相关盟（市）人民政府"]
    assert is_collective("相关盟（市）人民政府")
    # the years of 国办发〔2022〕17号 and 国办发〔2021〕46号 are not annotations; both are cited
    assert sorted(citation.number_normalized for citation in plan.citations) == ["国办发〔2021〕46号", "国办发〔2022〕17号"]
    assert plan.document.jurisdiction == "内蒙古自治区"
    assert plan.warnings == []


# -- State Council style division opinions ------------------------------------------------


def test_division_opinion_with_catalogue_rows_and_timed_annotations() -> None:
    plan = fixture("division-opinion-catalogue-rows.txt")
    document = plan.document
    # 索引号 010808417N/2024-00105 主题分类 政务督查 / 文号 宝政发〔2024〕3号 发布机构 市政府办公室
    assert document.index_number == "010808417N/2024-00105" and plan.id == "010808417N-2024-00105"
    assert document.category == "政务督查"
    assert document.document_number == "宝政发〔2024〕3号"
    assert document.issuer == "市政府办公室"
    assert document.validity is None  # 有效性 printed with no value
    assert document.title == document.plan_title == "宝鸡市人民政府关于落实《政府工作报告》重点工作部门分工的意见"
    assert document.addressees == ["各县区人民政府", "市人民政府各工作部门", "各直属机构"]
    assert document.year == 2024 and document.jurisdiction == "宝鸡市"
    # the own 文号 printed above the addressees is this plan, not a citation
    assert [citation.number for citation in plan.citations if citation.number] == []
    assert roles(plan) == [
        ([], ["市政府各部门"], []),  # （市政府各部门负责）
        ([], [], ["市政府各部门"]),  # （市政府各部门分别负责，年内持续推进）
        (["市大数据局"], ["市财政局"], []),  # （市大数据局牵头，市财政局参与，2024年6月底前完成）
        # （市政府办公室、市司法局牵头，市级各有关部门及各县区政府按职责分工负责）
        (["市政府办公室", "市司法局"], [], ["市级各有关部门", "各县区政府"]),
    ]
    one, two, three, four = plan.tasks
    assert one.units[0].collective and two.units[0].collective
    assert [unit.collective for unit in four.units] == [False, False, True, True]
    # the time an annotation gives is a deadline of its task
    assert [(deadline.text, deadline.date) for deadline in two.deadlines] == [("年内", "2024-12-31")]
    assert [(deadline.text, deadline.date) for deadline in three.deadlines] == [("2024年6月底前", "2024-06-30")]
    # 地区生产总值增长5.5%左右 is a target (= 5.5 %), 城镇新增就业3万人以上 another
    assert [(i.name, i.op, i.value, i.unit) for i in one.indicators] == [
        ("地区生产总值增长", "=", 5.5, "%"),
        ("城镇新增就业", ">=", 3.0, "万人"),
    ]
    # 返回首页 above the catalogue is page chrome: reported, not dropped
    assert [(warning.line, warning.text) for warning in plan.warnings] == [(1, "返回首页")]


# -- label lines with a first-listed rule ----------------------------------------------------


def test_label_lines_with_a_bracketed_first_listed_rule_and_separate_leads() -> None:
    plan = fixture("label-lines-first-listed-note.txt")
    document = plan.document
    assert document.plan_title == "市政府工作报告重点工作责任分解(2024年)" and document.year == 2024
    assert document.first_listed_leads  # 列第一位为牵头或汇总单位
    assert roles(plan) == [
        # before the note that says the first-listed leads, a 责任单位 is responsible: the rule holds from the note on
        ([], ["市发改委"], []),
        # 责任单位:市发改委、市经信局、市建设局、市交通运输局(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)
        (["市发改委"], ["市经信局", "市建设局", "市交通运输局"], []),
        # 责任单位:市人力社保局、市农业农村局分别牵头
        (["市人力社保局", "市农业农村局"], [], []),
        (["市投资促进中心"], ["市经信局", "各县(市、区)政府"], []),
    ]
    two = plan.task(2)
    assert two.annotation.startswith("责任单位:市发改委") and two.annotation.endswith("下同)")
    assert two.text == f"2.固定资产投资增长8%。\n{two.annotation}"
    # growth rates with no comparator word are targets; the name does not keep the task's number
    assert [(i.name, i.op, i.value) for i in plan.task(1).indicators] == [("地区生产总值增长", "=", 6.0)]
    assert [(i.name, i.op, i.value) for i in two.indicators] == [("固定资产投资增长", "=", 8.0)]
    # the page's path lines are chrome: reported with their line numbers
    assert [warning.line for warning in plan.warnings] == [1, 2]


def test_label_lines_of_lead_and_joint_units_under_tasks_numbered_with_a_small_full_stop() -> None:
    plan = fixture("label-lines-lead-and-joint-units.txt")
    assert [(task.number, task.numbered) for task in plan.tasks] == [(1, True), (2, True)]
    one, two = plan.tasks
    # 牵头负责领导 names people and stays in the text; 牵头责任单位 leads; 协同责任单位 is responsible
    assert one.text == (
        "1﹒全省生产总值增长6%左右。\n牵头负责领导：（略）。\n牵头责任单位：省发展改革委。\n"
        "协同责任单位：省政府各部门、各直属机构。"
    )
    assert roles(plan) == [
        (["省发展改革委"], ["省政府各部门", "各直属机构"], []),
        (["省商务厅"], ["省发展改革委", "省财政厅", "合肥海关"], []),
    ]
    assert all(unit.collective for unit in one.units[1:]) and two.open_list
    assert [(i.name, i.op, i.value) for i in one.indicators] == [("全省生产总值增长", "=", 6.0)]
    assert plan.warnings == []


def test_a_heading_that_names_who_answers_for_the_measures_under_it() -> None:
    plan = fixture("heading-annotation-over-measures.txt")
    assert [(section.path, section.title) for section in plan.sections] == [
        ("1", "强化科技创新"),  # 一、强化科技创新（区科技局牵头）: a heading, not a task
        ("2", "扩大有效投资"),
        ("3", "优化营商环境"),
    ]
    assert plan.section("1").text.startswith("以科技创新体系建设为牵引")
    # （一）（二） under part 一 carry no annotation: they are its measures, led by 区科技局
    assert [(task.path, task.text[:7]) for task in plan.tasks] == [
        ("1", "（一）加强科创"),
        ("1", "（二）支持企业"),
        ("2", "（一）加快重大"),
        ("3", "（一）推行承诺"),
    ]
    assert roles(plan) == [
        (["区科技局"], [], []),
        (["区科技局"], [], []),
        ([], ["区发展改革局", "区住建局"], []),  # a measure's own annotation stands
        ([], ["区行政审批局"], []),
    ]
    assert plan.tasks[0].annotation is None  # the annotation is the heading's, not written in the task
    assert plan.warnings == []


# -- front matter ---------------------------------------------------------------------------


def test_reprinted_page_with_a_summary_and_a_barred_catalogue_above_the_notice() -> None:
    plan = fixture("portal-summary-above-notice.txt")
    document = plan.document
    # 关于印发…的通知（粤府〔2024〕9号）: the number after the title is the notice's own
    assert document.title == "广东省人民政府关于印发2024年省《政府工作报告》重点任务分工方案的通知"
    assert document.document_number == "粤府〔2024〕9号"
    # 发布单位 | with its value on the next line; 有效性状态 | 阶段性文件 |
    assert document.issuer == "广东省人民政府" and document.validity == "阶段性文件"
    # 核心提示: names no unit; the addressees follow the summary
    assert document.addressees == ["各地级以上市人民政府", "省政府各部门", "各直属机构"]
    assert document.issuing_office == "广东省人民政府" and document.notice_date == "2024-03-25"
    assert document.plan_title == "2024年省《政府工作报告》重点任务分工方案" and document.year == 2024
    assert roles(plan) == [(["省发展改革委"], ["各地", "各部门"], [])]
    assert plan.warnings == []


def test_notice_printed_under_a_page_heading_that_repeats_the_plan_title() -> None:
    plan = fixture("notice-under-page-heading.txt")
    document = plan.document
    assert document.title == "乌海市人民政府办公室关于印发2024年《政府工作报告》重点任务分工的通知"
    # 印发2024年《政府工作报告》重点任务分工的通知: the plan is all of it, not the 《》 inside
    assert document.plan_title == "2024年《政府工作报告》重点任务分工"
    assert document.addressees == ["各区人民政府", "市直各部门"]
    assert document.issuing_office == "乌海市人民政府办公室" and document.notice_date == "2024-03-12"
    assert document.year == 2024 and document.jurisdiction == "乌海市"
    assert [task.text[:6] for task in plan.tasks] == ["1.全年地区", "2.推进重大"]
    assert roles(plan) == [([], ["市发展改革委"], []), (["市发展改革委"], ["各区人民政府"], [])]
    assert plan.warnings == []


def test_year_from_the_document_number_when_the_title_has_none() -> None:
    plan = parse_text(
        "国务院关于落实《政府工作报告》重点工作部门分工的意见\n"
        "国发〔2023〕4号\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "现就重点工作提出部门分工意见如下：\n"
        "一、总体要求\n"
        "1.全面完成全年经济社会发展目标任务。（国务院各部门分别负责，年内持续推进）\n"
    )
    assert plan.document.document_number == "国发〔2023〕4号" and plan.document.year == 2023
    assert plan.task(1).joint == ["国务院各部门"]
    assert [(deadline.text, deadline.date) for deadline in plan.task(1).deadlines] == [("年内", "2023-12-31")]


def test_untitled_excerpts_do_not_share_an_id() -> None:
    one = parse_text("1.推进高频事项网上办理。（市政务服务局负责）\n")
    two = parse_text("1.规范中介服务。（市发展改革委负责）\n")
    assert one.id.startswith("text-") and two.id.startswith("text-") and one.id != two.id
    # the hash is of the decoded text: the same excerpt saved as GB18030 keeps its id
    gbk = extract(read_source("excerpt.txt", data="1.推进高频事项网上办理。（市政务服务局负责）\n".encode("gb18030")))
    assert gbk.id == one.id
    assert plan_id(one.document) == plan_id(two.document)  # without the text, the title fallback alone


# -- annotation forms -------------------------------------------------------------------------

FORMS = [
    # (inside of the brackets, first-listed rule, expected (name, role, collective) triples, open list, timing)
    ("市政府各部门负责", False, [("市政府各部门", "responsible", True)], False, []),
    ("国务院各部门分别负责，年内持续推进", False, [("国务院各部门", "joint", True)], False, ["年内持续推进"]),
    ("市发展改革委牵头，市财政局参与，2024年底前完成", False,
     [("市发展改革委", "lead", False), ("市财政局", "responsible", False)], False, ["2024年底前完成"]),
    ("市人力社保局、市农业农村局分别牵头", False,
     [("市人力社保局", "lead", False), ("市农业农村局", "lead", False)], False, []),
    ("市級各有關部門及各縣市區政府按職責分工負責", False,
     [("市級各有關部門", "joint", True), ("各縣市區政府", "joint", True)], False, []),
    ("责任单位：市商务局、市财政局", True,
     [("市商务局", "lead", False), ("市财政局", "responsible", False)], False, []),
    ("责任单位：市商务局、市财政局", False,
     [("市商务局", "responsible", False), ("市财政局", "responsible", False)], False, []),
    ("责任单位：市工信局、市科技局等有关部门，各县区政府", False,
     [("市工信局", "responsible", False), ("市科技局", "responsible", False), ("各县区政府", "responsible", True)],
     True, []),
]  # fmt: skip


@pytest.mark.parametrize(("inner", "first_listed", "expected", "open_list", "timing"), FORMS)
def test_annotation_forms_of_other_plans(
    inner: str, first_listed: bool, expected: list, open_list: bool, timing: list
) -> None:
    annotation = parse_annotation(inner, first_listed_leads=first_listed)
    assert annotation is not None
    assert [(unit.name, unit.role, unit.collective) for unit in annotation.units] == expected
    assert annotation.open_list == open_list
    assert annotation.timing == timing


@pytest.mark.parametrize(
    "inner",
    [
        "2023",  # the year of 国发〔2023〕4号 in a 〔〕 bracket
        "具体任务均涉及相关市（州）人民政府，不再做分工，下同。",  # a note only
        "除标注“分别牵头”外，列第一位为牵头或汇总单位，下同",
        "年内持续推进",  # a time, no unit
        "商务及投资促进",  # 及 does not split what is no unit
    ],
)
def test_brackets_of_other_plans_that_are_not_annotations(inner: str) -> None:
    assert parse_annotation(inner) is None


# -- task tables flattened to text ----------------------------------------------------------


def test_task_table_with_cells_apart_by_bars() -> None:
    plan = fixture("task-table-pipes.txt")
    assert plan.document.plan_title == "咸阳市贯彻落实《2023年优化营商环境工作要点》分工方案"
    # the cells left of the task: 一、 (part), （一） (area), 1. (the superior plan's task, a group)
    assert [(section.path, section.level, section.ordinal, section.title) for section in plan.sections] == [
        ("1", "part", "一", "优化审批服务"),
        ("1.1", "area", "一", "推进政务服务标准化"),
        ("1.1.1", "group", "1", "统一编制政务服务事项实施清单，推动同一事项同标准办理"),
        ("1.1.2", "group", "2", "推进高频事项“一件事一次办”"),
    ]
    assert [task.path for task in plan.tasks] == ["1.1.1", "1.1.1", "1.1.2"]
    assert roles(plan) == [
        # 市政务服务局市司法局: two names whose line break was lost
        (["市政务服务局", "市司法局"], ["市级有关部门", "各县市区政府"], []),
        (["市政务服务局"], ["市级有关部门"], []),
        (["市政务服务局"], [], []),  # 责任单位 left empty
    ]
    one = plan.task(1)
    assert one.text == (
        "（1）6月底前完成市级政务服务事项实施清单编制并向社会公布。 | 市政务服务局市司法局 | "
        "市级有关部门，各县市区政府 | 2023年6月底"
    )
    assert one.annotation == "市政务服务局市司法局 | 市级有关部门，各县市区政府"
    assert plan.source.text[one.span[0] : one.span[1]] == one.text
    # the 完成时限 cell is a deadline of the task
    assert [(deadline.text, deadline.date) for deadline in one.deadlines] == [
        ("6月底前", "2023-06-30"),
        ("2023年6月底", "2023-06-30"),
    ]
    assert plan.warnings == []


def test_task_table_with_cells_apart_by_spaces() -> None:
    plan = fixture("task-table-spaced.txt")
    assert plan.document.plan_title == "2024年《政府工作报告》量化指标任务分工"
    assert plan.document.document_number == "国办函〔2024〕21号"
    # the notice's 一、二、 paragraphs are not tasks; the rows are, numbered by 序号
    assert [(task.number, task.numbered, task.text) for task in plan.tasks] == [
        (1, True, "城镇新增就业1200万人以上 人力资源社会保障部"),
        (2, True, "粮食产量保持在1.3万亿斤以上 农业农村部"),
        (3, True, "新开工改造城镇老旧小区5万个 住房城乡建设部"),
    ]
    assert [task.lead for task in plan.tasks] == [["人力资源社会保障部"], ["农业农村部"], ["住房城乡建设部"]]
    assert plan.sections == [] and plan.warnings == []


def test_a_row_that_does_not_fit_its_table_is_reported() -> None:
    plan = parse_text(
        "序号 | 工作任务 | 牵头单位 | 完成时限\n"
        "1 | 推进政务服务事项标准化。 | 市政务服务局 | 2023年6月底\n"
        "2 | 推进“一网通办”。 | 市大数据局 | 2023年9月底 | 另见附件 | 备用\n"
    )
    assert [task.lead for task in plan.tasks] == [["市政务服务局"]]
    assert [(warning.line, warning.message) for warning in plan.warnings] == [
        (3, "a row of the task table does not fit its header")
    ]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("市行政审批局市司法局", ["市行政审批局", "市司法局"]),
        ("市政府办公室市发展改革委", ["市政府办公室", "市发展改革委"]),
        ("市政府办公室", ["市政府办公室"]),
        ("市委网信办", ["市委网信办"]),
        ("国家税务总局锡林浩特市税务局", ["国家税务总局锡林浩特市税务局"]),
    ],
)
def test_names_run_together_in_a_table_cell(cell: str, names: list[str]) -> None:
    from kg.text.task_tables import split_run_together

    assert split_run_together(cell) == names
