"""Headings garbled by a one-byte GBK shift: what is recovered, what is shown as □, what is reported."""

from __future__ import annotations

import pytest

from kg.text.repair import UNRECOVERED, choose_ordinal, detect_garbled_heading, gbk_bytes, shifted_redecode
from kg.resources import default_corpus_file

SEED_LINES = default_corpus_file().read_text("utf-8").split("\n")
GARBLED = {25, 38, 63, 75, 90, 91, 92}  # the seed's lines that begin ?。ㄒ唬┩七M…


def seed_line(number: int) -> str:
    return SEED_LINES[number - 1]


@pytest.fixture(scope="module")
def trusted() -> set[str]:
    return {char for number, line in enumerate(SEED_LINES, 1) if number not in GARBLED for char in line}


@pytest.fixture
def plan(seed_plan):
    return seed_plan


def test_line_25_decodes_in_full(trusted: set[str]) -> None:
    # line 25: ?。ㄒ唬┩七M政務服務事項標準化,實現同一事項在全市范圍內無差別受理、同標準辦理。
    decoded, _ = shifted_redecode(seed_line(25))
    assert decoded == "（一）推進政務服務事項標準化,實現同一事項在全市范圍內無差別受理、同標準辦理。"
    heading = detect_garbled_heading(seed_line(25), trusted)
    assert heading.level == "area"
    assert heading.ordinal_from_bytes == "一" and heading.closing_intact
    assert heading.title == "推進政務服務事項標準化,實現同一事項在全市范圍內無差別受理、同標準辦理"
    assert heading.unrecovered == []


def test_line_75_decodes_in_full(trusted: set[str]) -> None:
    # line 75: ?。ㄋ模┏掷m提升政務服務滿意度。建立政務服務績效由企業和群眾評判的“好差評”制度,…
    decoded, _ = shifted_redecode(seed_line(75))
    assert decoded.startswith("（四）持續提升政務服務滿意度。建立政務服務績效由企業和群眾評判的“好差評”制度")
    heading = detect_garbled_heading(seed_line(75), trusted)
    assert heading.ordinal_from_bytes == "四"
    assert heading.title == "持續提升政務服務滿意度"
    assert heading.text.startswith("建立政務服務績效由企業和群眾評判的“好差評”制度")


def test_line_63_lost_pair_merges_ordinal_and_bracket(trusted: set[str]) -> None:
    # line 63: ?。ㄈ┏掷m提升線下服務水平。… decodes to （醛持續…: 醛 = lead byte of 三 + trail byte of ）
    decoded, _ = shifted_redecode(seed_line(63))
    assert decoded.startswith("（醛持續提升線下服務水平。")
    heading = detect_garbled_heading(seed_line(63), trusted)
    assert heading.ordinal_from_bytes is None
    assert heading.lead_byte == "三".encode("gbk")[0] == 0xC8
    assert heading.lead_byte_numeral == "三"
    assert heading.title == "持續提升線下服務水平"
    choice = choose_ordinal(heading, "三")
    assert choice.ordinal == "三" and not choice.conflict and "C8" in choice.evidence
    conflicting = choose_ordinal(heading, "五")
    assert conflicting.conflict


def test_line_38_keeps_only_what_can_be_trusted(trusted: set[str]) -> None:
    # line 38: ?。ǘ┤嫣嵘€上服務水平。… : 全/面 and 升/線 were partly lost with dropped byte pairs
    heading = detect_garbled_heading(seed_line(38), trusted)
    assert heading.lead_byte_numeral == "二"
    assert heading.title.endswith("上服務水平")
    assert UNRECOVERED in heading.title
    assert "提" in heading.title  # decoded correctly between the two damaged pairs
    assert len(heading.unrecovered) == heading.title.count(UNRECOVERED)
    assert heading.text.startswith("大力推進數字政府建設")


def test_euro_sign_is_code_page_936_byte_0x80() -> None:
    assert gbk_bytes("€") == b"\x80"
    assert gbk_bytes("推進") == "推進".encode("gbk")


def test_undamaged_lines_are_left_alone(trusted: set[str]) -> None:
    for number, line in enumerate(SEED_LINES, 1):
        if number not in GARBLED:
            assert detect_garbled_heading(line, trusted) is None, number


def garble(line: str) -> str:
    """The accident: GBK bytes read one byte out of step (a stray byte before the heading)."""
    return "?" + (b"\xa1" + line.encode("gbk")).decode("gbk", errors="replace")


def test_a_heading_garbled_the_same_way_elsewhere_is_recovered() -> None:
    true_line = "（一）加强组织领导。各地区要在2023年3月底前建立工作专班。"
    garbled = garble(true_line)
    assert garbled.startswith("?。ㄒ唬")
    heading = detect_garbled_heading(garbled, set(true_line))
    assert heading.ordinal_from_bytes == "一"
    # 织 shared its bytes with a pair the accident could not decode: it is not guessed
    assert heading.title == "加强组□□领导"
    assert heading.unrecovered == ["\ufffd", "?"]
    assert heading.text == "各地区要在2023年3月底前建立工作专班。"


def test_ordinal_from_a_surviving_lead_byte_and_bracket() -> None:
    # （三） loses the trail byte of 三; its lead byte C8 and the closing bracket survive
    heading = detect_garbled_heading(garble("（三）加强督促检查。每月10日前报送进展情况。"), set("加强督促检查"))
    assert heading.ordinal_from_bytes is None and heading.lead_byte_numeral == "三"
    assert heading.title == "加强督促检查"
    assert choose_ordinal(heading, None).ordinal == "三"


def test_seed_sections_are_repaired_with_ordinals_in_sequence(plan) -> None:
    repaired = [section for section in plan.sections if section.repaired]
    assert [section.line for section in repaired] == sorted(GARBLED)
    assert [(section.path, section.ordinal) for section in repaired] == [
        ("2.1", "一"),
        ("2.2", "二"),
        ("2.3", "三"),
        ("2.4", "四"),
        ("3.1", "一"),
        ("3.2", "二"),
        ("3.3", "三"),
    ]
    for section in repaired:
        assert section.raw == seed_line(section.line)
        assert section.level == "area"
    assert plan.section("2.3").title == "持續提升線下服務水平"
    assert plan.section("3.3").text.startswith("政務服務局負責統籌抓總")


def test_each_repaired_heading_is_reported(plan) -> None:
    reported = {warning.line: warning.message for warning in plan.warnings}
    assert set(reported) == GARBLED
    assert "the title decoded in full" in reported[25]
    assert "could not be recovered" in reported[38] and UNRECOVERED in reported[38]
    assert "corroborated by the surviving GBK lead byte C8 of 三" in reported[63]


def test_inline_group_after_a_repaired_heading(plan) -> None:
    # line 38 ends with 一是持續推進“一網通辦”。 and tasks 11-17 follow it
    group = plan.section("2.2.1")
    assert (group.level, group.ordinal, group.title, group.line) == ("group", "一", "持續推進“一網通辦”", 38)
    assert group.tasks == list(range(11, 18))
    assert plan.section("2.2").text.endswith("持續提升政務服務滿意度。")
