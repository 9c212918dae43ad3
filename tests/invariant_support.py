"""The parser's invariant, checked on any plan and its text (used by the property test and the real-plans test).

Every responsibility note in the body ends up on exactly one task, or a warning names its line; every
numbered item of the body is a task or a heading. Notes and items are found here by plain patterns,
independently of the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Plan

# a bracket whose content names a role or a …单位：/…部门：/…处室： label: a responsibility note
NOTE = re.compile(r"[（(〔]([^（）()〔〕\n]{0,40}(?:负责|牵头|单位[:：]|部门[:：]|处室[:：]|指导)[^（）()〔〕\n]{0,120})[）)〕]")
# a line opening with a task or heading number: 1. 1、 （1） （一） 一、 第一条
ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.、．](?!\d)|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]+)\s*[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+条)")


@dataclass
class Breach:
    line: int
    what: str
    text: str


def breaches(plan: Plan, text: str, *, body_from: int = 1) -> list[Breach]:
    """Where ``plan`` (parsed from ``text``) breaks the invariant, for lines from ``body_from`` on."""
    warned = {warning.line for warning in plan.warnings}
    found: list[Breach] = []
    line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    notes_on_tasks: dict[int, int] = {}
    for note in NOTE.finditer(text):
        line = _line_of(line_starts, note.start())
        if line < body_from or "不再" in note.group(1) or "下同" in note.group(1):
            continue  # a rule note (以下均需…不再列出) sets a rule; it is applied, not placed
        holders = [task for task in plan.tasks if task.annotation and note.group(1) in task.annotation]
        holders = [task for task in holders if task.span[0] <= note.start() < task.span[1]] or holders
        if len(holders) != 1 and line not in warned:
            found.append(Breach(line, f"note on {len(holders)} tasks and no warning", note.group(0)))
        notes_on_tasks[note.start()] = len(holders)
    task_lines = {task.line for task in plan.tasks}
    heading_lines = {section.line for section in plan.sections}
    for number, content in enumerate(text.split("\n"), start=1):
        if number < body_from or not ITEM.match(content):
            continue
        if number not in task_lines and number not in heading_lines and number not in warned:
            found.append(Breach(number, "numbered item is neither a task nor a heading", content[:60]))
    return found


def _line_of(line_starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(line_starts, offset)
