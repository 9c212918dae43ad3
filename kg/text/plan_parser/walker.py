"""The plan parser: walks the body line by line and hands each line to the reader it belongs to."""

from __future__ import annotations

import hashlib

from kg.errors import ParseError
from kg.model import Plan
from kg.text.annotations import CLOSING, OPENING, find_brackets
from kg.text.header import plan_title_index, read_front_matter
from kg.text.lines import Line
from kg.text.plan_ids import plan_id
from kg.text.plan_parser.forms import ANNOTATION_HINT, AREA, GROUP, LABEL_LINE, PART, PEOPLE_LINE, TASK, split_run_together
from kg.text.plan_parser.headings import HeadingReader
from kg.text.plan_parser.state import Loose
from kg.text.plan_parser.tables import TableReader
from kg.text.plan_parser.tasks import TaskCloser
from kg.text.repair import detect_garbled_heading

__all__ = ["PlanParser"]

_NOTE_PIECE = 80  # the longest line read as the continuation of a note left open


class PlanParser(TableReader, HeadingReader, TaskCloser):
    """One plan's text → :class:`kg.model.Plan` (without entities; :func:`kg.text.parse.extract` adds them)."""

    # -- driver -------------------------------------------------------------------------

    def parse(self) -> Plan:
        self._find_garbled_headings()
        body_start = self._body_start()
        front = read_front_matter(self.lines, body_start)
        document = front.document
        document.first_listed_leads = self.first_listed_from is not None
        for line in front.unplaced:
            self._warn(line.number, "text before the document header could not be placed", line.text)
        for line in front.preamble:
            self._note_rules(line.key, line.text)

        for line in self.lines[body_start:]:
            for piece in split_run_together(line):
                self._line(piece)
        self._finish()

        if not self.tasks:
            self._items_as_tasks()  # numbered headings and no note: the items are the tasks
        if not self.tasks:
            raise ParseError(
                f"no tasks found in {self.source.path}: a plan needs numbered items (1. …, 一、…) or "
                "responsibility annotations (牵头部门：…); check that this file is a work plan"
            )
        tasks = self._numbered_tasks()
        plan = Plan(
            id=plan_id(document, hashlib.sha256(self.text.encode("utf-8")).hexdigest()),
            source=self.source,
            document=document,
            sections=self.sections,
            tasks=tasks,
            warnings=self.warnings,
        )
        self.preamble = front.preamble
        return plan

    def _find_garbled_headings(self) -> None:
        for line in self.lines:
            if line and not self._structural(line):
                heading = detect_garbled_heading(line.text)
                if heading is not None:
                    self.garbled[line.number] = heading
        self.trusted = {char for line in self.lines if line.number not in self.garbled for char in line.text}
        for number in self.garbled:
            heading = detect_garbled_heading(self.lines[number - 1].text, self.trusted)
            if heading is not None:
                self.garbled[number] = heading

    def _structural(self, line: Line) -> bool:
        key = line.stripped_key
        return bool(PART.match(key) or AREA.match(key) or TASK.match(key))

    def _body_start(self) -> int:
        after_title = plan_title_index(self.lines)
        first = after_title + 1 if after_title is not None else 0
        for index, line in enumerate(self.lines[first:], start=first):
            key = line.stripped_key
            if line.number in self.garbled or line.number in self.table_headers:
                return index
            if PART.match(key) or AREA.match(key) or TASK.match(key):
                return index
        for index, line in enumerate(self.lines):
            if self._annotations_in(line.key, line.text, 0) or self._opens_note(line):
                return index
        return len(self.lines)

    def _opens_note(self, line: Line) -> bool:
        """Does ``line`` open a note it does not close (（牵头单位：X at the end of the line)?"""
        pairs = find_brackets(line.key)
        return bool(pairs) and pairs[-1][1] is None and bool(ANNOTATION_HINT.search(line.key[pairs[-1][0] :]))

    # -- one line -----------------------------------------------------------------------

    def _line(self, line: Line) -> None:
        if not line:
            return
        self.position = line.end
        layout = self.table_headers.get(line.number)
        if layout is not None:
            if self.state.unclosed is not None:
                self._give_up_unclosed()
            self._close_all(line.number)
            self.table = layout  # a header row: the rows below are tasks
            return
        if self.table is not None and self._table_row(line):
            return
        key = line.stripped_key
        offset = line.content_start - line.start  # index of the first visible character in the line
        garbled = self.garbled.get(line.number)
        if self.state.unclosed is not None:
            if garbled or PART.match(key) or AREA.match(key) or TASK.match(key) or not self._continues_note(line):
                self._give_up_unclosed()
            else:
                resumed_at = self._resume_unclosed(line)
                if resumed_at is None:
                    return
                self._scan(line, resumed_at)
                return

        if garbled is not None:
            self._garbled_heading(line, garbled)
            return
        task = TASK.match(key)
        if task:
            style = "bracketed" if task.group("bracketed") else "dotted"
            if style == "bracketed" and self._open_task_is_heading():
                self._task_to_heading()
            elif style == "dotted":
                self._leave_numbered_heading()
            self._close_all(line.number)
            number = int(task.group("number") or task.group("bracketed"))
            self._open_task(line.content_start, line.number, number, style)
            self._scan(line, offset + task.end())
            return
        for level, pattern in (("part", PART), ("area", AREA)):
            match = pattern.match(key)
            if match:
                self._heading(line, level, match.group("ordinal"), offset + match.end())
                return
        group = GROUP.match(key)
        if group and self._group_can_start() and not self._annotations_in(line.key, line.text, 0):
            self._heading(line, "group", group.group("ordinal"), offset + group.end())
            return
        if (LABEL_LINE.match(key) or PEOPLE_LINE.match(key)) and self._label_line(line):
            return
        self._prose(line)


    def _label_line(self, line: Line) -> bool:
        """An unbracketed annotation line (牵头单位：…) or official line (分管领导：…) under a task."""
        key = line.stripped_key
        text = line.text.strip()
        label = LABEL_LINE.match(key)
        annotation = None
        if label is not None:
            if label.group("label").endswith("分工"):
                annotation = self._note(text[label.end() :], key[label.end() :])
            else:
                annotation = self._note(text, key)
            if annotation is None:
                return False
        task = self.state.task
        if task is not None and task.annotation is None:
            if annotation is None:
                self._extend(line.content_end)  # 分管领导：… stays in the task's text
                return True
            task.annotation = annotation
            task.annotation_span = (line.content_start, line.content_end)
            task.end = line.content_end
            self._finish_task(task)
            self.state.task = None
            self.state.labelled = self.tasks[-1].record
            return True
        labelled = self.state.labelled
        if labelled is None or self.state.loose is not None:
            return False
        # a further label line of the task just closed: 牵头单位：X then 责任单位：Y
        start = labelled.span[0]
        labelled.span = (start, line.content_end)
        labelled.text = self.text[start : line.content_end]
        if annotation is not None:
            names = {unit.name for unit in labelled.units}
            labelled.units.extend(unit for unit in annotation.units if unit.name not in names)
            labelled.open_list |= annotation.open_list
            first = self.text.find(labelled.annotation or "", start) if labelled.annotation else line.content_start
            labelled.annotation = self.text[first : line.content_end]
        return True

    def _continues_note(self, line: Line) -> bool:
        """Can ``line`` be the rest of a note left open on an earlier line?

        It can if it closes that note (a closing bracket it does not open), or if it is a short piece with no
        sentence and no note of its own (``责任部门：X、`` on a line of its own); otherwise the parser recovers
        here: the open note is given up with a warning and the line is read as a line of its own.
        """
        depth = 0
        for char in line.key:
            if char in OPENING:
                depth += 1
            elif char in CLOSING:
                if depth == 0:
                    return True
                depth -= 1
        key = line.stripped_key
        return "。" not in key and len(key) <= _NOTE_PIECE and not self._annotations_in(line.key, line.text, 0)

    def _group_can_start(self) -> bool:
        """``一是`` opens a group unless it continues a task sentence left open on the line before."""
        task = self.state.task
        if task is None or task.annotation is not None:
            return True
        previous = self.text[task.start : task.end].rstrip()
        return previous.endswith(("。", ".", "；", ";", ")", "）", "！", "？"))

    def _prose(self, line: Line) -> None:
        if self.state.task is not None:
            self._scan(line, line.content_start - line.start)
            return
        if self.state.loose is None:
            section = self._current_section()
            after_task = self.state.tasks_in_section > 0
            self.state.loose = Loose(line.content_start, line.number, section, after_task=after_task)
        self._scan(line, line.content_start - line.start)
