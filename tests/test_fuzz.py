"""Property-based: whatever text or bytes come in, the parser raises nothing but its own errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import PlanKGError
from kg.model import Source
from kg.text.parse import extract
from kg.text.read import read_source
from kg.resources import default_corpus_file
from support import examples

SEED_LINES = default_corpus_file().read_text("utf-8").split("\n")

# characters the genre is made of: brackets of both widths, separators, numerals, role words
GENRE_ALPHABET = list("（）()：:；;、，,。.1234567890一二三四五六七八九十是等") + [
    "牽頭部門", "牵头单位", "責任部門", "责任单位", "配合单位", "按職責分工負責", "按职责分工", "负责",
    "牵头", "参与", "指导", "会同", "各蘇木鎮", "有关部门", "以下均需各地区落实，不再列出",
    "排在第一位的部门为牵头部门", "\n", "?。ㄒ唬┩七M", "€", "\ufffd", "《", "》", "〔2022〕", "號",
    "\n牵头单位：", "\n责任单位：", "\n部门分工：", "\n分管领导：", "（1）", "1.",
    # forms of other plans: hexagon brackets, rule notes inside annotations, tables, catalogue rows
    "〔", "〕", "〔责任单位：", "。以下任务均需各区落实，不再一一列出", "具体任务均涉及相关市（州）人民政府，不再做分工，下同",
    "分别牵头", "分别负责", "，年内持续推进", "及", "列第一位为牵头或汇总单位", " | ", "|", "\t",
    "\n序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限\n", "\n序号 工作任务 牵头负责部门\n", "1 ", "﹒",
    "\n索引号 ", " 主题分类 ", "\n文号 ", "\n发布单位 |\n", "国发〔2023〕4号\n", "核心提示:", "\n协同责任单位：",
]  # fmt: skip

FUZZ = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_own_error(text: str) -> None:
    source = Source(path="<fuzz>", sha256="", encoding="utf-8", media_type="text/plain", text=text)
    try:
        plan = extract(source)
    except PlanKGError as error:
        assert str(error) and "\n" not in str(error)
        return
    for task in plan.tasks:
        assert text[task.span[0] : task.span[1]] == task.text


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    parse_or_own_error(text)


@FUZZ
@given(st.lists(st.sampled_from(GENRE_ALPHABET), max_size=120).map("".join))
def test_text_made_of_the_genre_s_pieces(text: str) -> None:
    parse_or_own_error(text)


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """The seed with lines dropped, repeated, swapped, cut short or spliced with noise."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "splice"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "cut":
            line = lines[index]
            lines[index] = line[: draw(st.integers(0, len(line)))]
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            noise = draw(st.lists(st.sampled_from(GENRE_ALPHABET), max_size=6).map("".join))
            lines[index] = line[:at] + noise + line[at:]
    return "\n".join(lines)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed(text: str) -> None:
    parse_or_own_error(text)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        source = read_source(data=data)
    except PlanKGError:
        return
    parse_or_own_error(source.text)


@pytest.mark.parametrize("cut", [0, 1, 500, 2100, 4700, 7000])
def test_seed_cut_anywhere(cut: int) -> None:
    parse_or_own_error("\n".join(SEED_LINES)[:cut])
