"""What a line of a plan's body opens with: the numbering and label forms the parser reads."""

from __future__ import annotations

import re

from kg.text.annotations import without_rule_notes
from kg.text.lines import Line
from kg.text.numerals import NUMERALS

__all__ = [
    "ANNOTATION_HINT", "AREA", "GROUP", "INLINE_GROUP", "LABEL_LINE", "PART", "PEOPLE_LINE", "RANK",
    "RULE_NOTE_HINT", "SKIPPABLE", "TASK", "TEXT_SAMPLE", "TRAILING_PUNCTUATION", "is_rule_note", "skip_blanks",
    "split_run_together", "sub_line",
]


RANK = {"part": 0, "area": 1, "group": 2}
# 一、 and 第一条 / 第一章 / 第一部分 (articles of a 若干措施) are parts
PART = re.compile(rf"^(?P<article>第)?(?P<ordinal>[{NUMERALS}]+)(?(article)(?:条|章|部分)[\s\u3000]*|\s*、)")
AREA = re.compile(rf"^[(（]\s*(?P<ordinal>[{NUMERALS}]+)\s*[)）]")
GROUP = re.compile(rf"^(?P<ordinal>[{NUMERALS}]+)是")
TASK = re.compile(r"^(?:(?P<number>\d{1,4})\s*[.、](?!\d)|[(（]\s*(?P<bracketed>\d{1,3})\s*[)）])")
INLINE_GROUP = re.compile(rf"(?:^|(?<=[。；;]))\s*(?P<ordinal>[{NUMERALS}]+)是(?P<title>[^。；;]+)[。；;]?\s*$")
ANNOTATION_HINT = re.compile(r"牵头|负责|职责|参与|配合|协助|指导|会同|责任|落实")
# an annotation written as its own unbracketed line under the task: 牵头单位：X / 责任单位：Y / 部门分工：X牵头，Y配合
LABEL_LINE = re.compile(
    r"^[【\[]?(?P<label>(?:牵头|责任|配合|参与|协办|协同|协助|主办)(?:负责|责任)?(?:部门单位|部门|单位)|(?:部门|责任)?分工)"
    r"[】\]]?\s*[:：]"
)
# the officials answerable for a task (分管省领导：…): people, kept in the task's text, not as departments
PEOPLE_LINE = re.compile(
    r"^[【\[]?(?:分管|牵头|责任|联系)?(?:市|省|区|县|旗|盟)?(?:负责)?(?:领导|负责人|联系人)[】\]]?\s*[:：]"
)
RULE_NOTE_HINT = re.compile(r"列出|分工")
TRAILING_PUNCTUATION = "。；;"
SKIPPABLE = " \t\u3000。；;，,：:"
TEXT_SAMPLE = 120


# a heading run together with what follows it on one line, as text copied from a web page often is:
# 二、主要任务（一）壮大产业集群。…, （一）壮大产业集群。1.…
_RUN_TOGETHER = (
    re.compile(
        rf"^\s*(?:第[{NUMERALS}]+(?:条|章|部分)|[{NUMERALS}]+\s*、)[^。；;（(\d]{{1,40}}?"
        rf"(?=[(（]\s*[{NUMERALS}]+\s*[)）]|\d{{1,3}}\s*[.、](?!\d))"
    ),
    re.compile(rf"^\s*[(（]\s*[{NUMERALS}]+\s*[)）][^。；;（(\d]{{1,40}}?。?(?=\d{{1,3}}\s*[.、](?!\d))"),
)


def split_run_together(line: Line) -> list[Line]:
    """``line`` cut before each numbered item that a heading runs into (same line number, offsets kept)."""
    pieces: list[Line] = []
    while True:
        for pattern in _RUN_TOGETHER:
            match = pattern.match(line.key)
            if match and line.key[match.end() :].strip():
                pieces.append(sub_line(line, (0, match.end())))
                line = sub_line(line, (match.end(), len(line.text)))
                break
        else:
            pieces.append(line)
            return pieces


def sub_line(line: Line, span: tuple[int, int]) -> Line:
    """The part ``span`` of a line (a cell of a table row), with offsets into the whole text."""
    start, end = span
    return Line(line.number, line.start + start, line.start + end, line.text[start:end], line.key[start:end])


def is_rule_note(key: str) -> bool:
    """Is this text (brackets and punctuation aside) only a note such as 以下均需各地区落实，不再列出?"""
    rest = without_rule_notes(key)
    return rest != key and not rest.strip(SKIPPABLE + "()（）注:：下同")


def skip_blanks(text: str) -> int:
    """How many leading blanks and separators ``text`` has."""
    return len(text) - len(text.lstrip(SKIPPABLE))


