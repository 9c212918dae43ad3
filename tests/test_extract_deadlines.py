"""Deadlines (resolved to ISO dates in the plan's year, raw phrase kept) and cadences, kept apart.

Clauses are quoted from the seed and checked to be in it; each runs as written
(traditional) and in simplified script.
"""

from __future__ import annotations

import pytest

from kg.text.entities import extract_task_entities
from support import SCRIPTS, in_script, seed_clause


def deadlines_of(text: str, year: int | None = 2022) -> list[tuple[str, str | None]]:
    return [(d.text, d.date) for d in extract_task_entities(text, year).deadlines]


def cadences_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.period) for c in extract_task_entities(text, 2022).cadences]


SEED_DEADLINES = [
    ("3 月底制定完成市直部門區域評估正負面事項清單。", [("3 月底", "2022-03-31")]),
    ("納入自治區電子證照庫統一制作、匯聚和發放,2022 年底前全面實現涉企證照電子化。", [("2022 年底前", "2022-12-31")]),
    ("2022 年 3 月底前完成掃碼設備配備工作,", [("2022 年 3 月底前", "2022-03-31")]),
    ("每月抽查事項不低于 10%,年內實現全覆蓋,", [("年內", "2022-12-31")]),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_DEADLINES, ids=[case[0][:10] for case in SEED_DEADLINES])
def test_seed_deadlines(clause: str, expected: list[tuple[str, str]], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    assert deadlines_of(text) == [(in_script(raw, script), date) for raw, date in expected]


SEED_CADENCES = [
    ("實行“月督辦、季通報”工作制度。", [("月督辦", "P1M"), ("季通報", "P3M")]),
    ("實行“周督辦、月調度、季通報”工作制度,", [("周督辦", "P1W"), ("月調度", "P1M"), ("季通報", "P3M")]),
    (  # the plan's 工作要求 section
        "對重點任務實行“周報送、月督辦、季通報”,每月向政府辦報送進展情況,",
        [("周報送", "P1W"), ("月督辦", "P1M"), ("季通報", "P3M"), ("每月", "P1M")],
    ),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_CADENCES, ids=[case[0][:10] for case in SEED_CADENCES])
def test_seed_cadences_are_not_deadlines(clause: str, expected: list[tuple[str, str]], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    assert cadences_of(text) == [(in_script(raw, script), period) for raw, period in expected]
    assert deadlines_of(text) == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_task_44_has_a_cadence_a_target_and_a_deadline(script: str) -> None:
    text = in_script(seed_clause("44.通過自查或委托第三方機構等方式開展政務服務評估,每月抽查事項不低于 10%,年內實現全覆蓋,"), script)
    entities = extract_task_entities(text, 2022)
    assert [(c.text, c.period) for c in entities.cadences] == [(in_script("每月", script), "P1M")]
    assert [(i.op, i.value, i.unit) for i in entities.indicators] == [(">=", 10, "%")]
    assert [(d.text, d.date) for d in entities.deadlines] == [(in_script("年內", script), "2022-12-31")]


FORMS = [
    ("3月底前完成", "3月底前", "2022-03-31"),
    ("6月30日前上线运行", "6月30日前", "2022-06-30"),
    ("9月份启动试点", "9月份", "2022-09-30"),
    ("2月底前报送", "2月底前", "2022-02-28"),
    ("年底前全面完成", "年底前", "2022-12-31"),
    ("年中完成评估", "年中", "2022-06-30"),
    ("上半年完成系统对接", "上半年", "2022-06-30"),
    ("下半年全面推开", "下半年", "2022-12-31"),
    ("一季度完成部署", "一季度", "2022-03-31"),
    ("第一季度末前完成", "第一季度末前", "2022-03-31"),
    ("第三季度完成", "第三季度", "2022-09-30"),
    ("三月中旬召开推进会", "三月中旬", "2022-03-20"),
    ("十二月底前完成", "十二月底前", "2022-12-31"),
    ("2023年6月底前实现全覆盖", "2023年6月底前", "2023-06-30"),
    ("明年3月底前完成", "明年3月底前", "2023-03-31"),
    ("今年底前完成", "今年底前", "2022-12-31"),
    ("去年底前已完成", "去年底前", "2021-12-31"),
    ("到2025年，基本建成", "到2025年", "2025-12-31"),
    ("２０２２年９月底前完成", "２０２２年９月底前", "2022-09-30"),  # full-width digits kept as written
]


@pytest.mark.parametrize(("text", "raw", "date"), FORMS, ids=[case[1] for case in FORMS])
def test_deadline_forms(text: str, raw: str, date: str) -> None:
    assert deadlines_of(text) == [(raw, date)]


def test_without_a_plan_year_only_written_years_resolve() -> None:
    assert deadlines_of("3月底前完成，2023年6月底前推广，年内全覆盖", None) == [
        ("3月底前", None),
        ("2023年6月底前", "2023-06-30"),
        ("年内", None),
    ]


def test_an_impossible_day_keeps_its_phrase_without_a_date() -> None:
    assert deadlines_of("2月30日前报送") == [("2月30日前", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每月10日前报送工作进展", [("每月", "P1M")]),
        ("每季度末通报一次", [("每季度末", "P3M")]),
        ("每月底前报送", [("每月底前", "P1M")]),
        ("每周报送一次，每年开展一次评估", [("每周", "P1W"), ("每年", "P1Y")]),
        ("按季度报送进展", [("按季度", "P3M")]),
        ("纳入年度考核，实行月度通报", [("年度考核", "P1Y"), ("月度通报", "P1M")]),
    ],
)
def test_cadences_in_other_plans(text: str, expected: list[tuple[str, str]]) -> None:
    assert cadences_of(text) == expected
    assert deadlines_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        seed_clause("年度企業辦事頻次前 20%的高頻事項"),  # a measuring period, not a rhythm or a deadline
        seed_clause("《2022 年度政務公開工作要點》"),  # a year in a title
        seed_clause("《錫林郭勒盟數字政府建設行動方案(2021-2023 年)》"),
        "2022年中国政府网发布",  # 年中 of 中国
        "三年内完成",  # a duration
        "青年中心",
    ],
)
def test_no_deadline_or_cadence(text: str) -> None:
    assert deadlines_of(text) == []
    assert cadences_of(text) == []
