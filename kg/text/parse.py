"""Parse a work plan's text into :class:`kg.model.Plan` records.

:func:`extract` is the library call behind ``plankg extract``. It reads the
source (:mod:`kg.text.read`), takes the front matter apart (:mod:`kg.text.header`),
then walks the body line by line:

* parts ``一、``, areas ``（一）`` / ``(一)``, groups ``一是`` (also when a group
  opens at the end of an area's heading line), and headings garbled by a
  one-byte GBK shift (:mod:`kg.text.repair`);
* numbered tasks ``1.`` ``1、`` ``1．`` ``（1）``; a task runs on over the
  following lines until its responsibility annotation closes;
* a heading line that carries exactly one annotation at its end is a task
  numbered by its ordinal (plans that number tasks ``（一）`` or ``一、``),
  unless a lower heading, a task or unannotated prose follows it: then it is
  a heading whose annotation its unannotated measures inherit
  (``一、强化科技创新（区科技局牵头）`` over ``（一）…。…``);
* task tables flattened to text (:mod:`kg.text.task_tables`): a header row naming
  牵头单位/责任单位 columns, then one task a row;
* an annotation in running prose closes one unnumbered task: the text since
  the previous annotation or heading (numbered in document order,
  ``numbered=False``);
* notes that set a rule: ``排在第一位的部门为牵头部门`` (the first-listed unit
  of ``（X、Y负责）`` or of a 责任单位 list leads) and ``以下均需各地区落实，不再列出``
  / ``具体任务均涉及…，不再做分工，下同`` (every later task also falls to those
  units), alone or inside an annotation.

All keyword matching happens on the width-folded, simplified copy of the text
(:func:`kg.text.textkey.matching_copy`); task text and names are kept as written,
with character spans into :attr:`kg.model.Source.text`. What cannot be placed
becomes a :class:`kg.model.ParseWarning` with its line number, never silently
dropped; ``strict=True`` turns warnings into :class:`kg.errors.StrictModeError`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace

from kg.text.annotations import (
    Annotation,
    find_brackets,
    first_listed_rule,
    is_collective,
    parse_annotation,
    rule_note_units,
    split_unit_names,
    without_rule_notes,
)
from kg.errors import ParseError, StrictModeError
from kg.text.header import plan_title_index, read_front_matter
from kg.text.lines import Line, split_lines
from kg.model import Citation, Document, ParseWarning, Plan, Section, Source, Task, Unit
from kg.normalize import match_key
from kg.text.numerals import NUMERALS, chinese_to_int, int_to_chinese
from kg.text.repair import UNRECOVERED, GarbledHeading, choose_ordinal, detect_garbled_heading
from kg.text.task_tables import TableLayout, cell_spans, is_rule_row, read_header, spaced_row, split_run_together
from kg.text.textkey import matching_copy

__all__ = ["extract", "plan_id"]

_RANK = {"part": 0, "area": 1, "group": 2}
_PART = re.compile(rf"^(?P<ordinal>[{NUMERALS}]+)\s*、")
_AREA = re.compile(rf"^[(（]\s*(?P<ordinal>[{NUMERALS}]+)\s*[)）]")
_GROUP = re.compile(rf"^(?P<ordinal>[{NUMERALS}]+)是")
_TASK = re.compile(r"^(?:(?P<number>\d{1,3})\s*[.、](?!\d)|[(（]\s*(?P<bracketed>\d{1,3})\s*[)）])")
_INLINE_GROUP = re.compile(rf"(?:^|(?<=[。；;]))\s*(?P<ordinal>[{NUMERALS}]+)是(?P<title>[^。；;]+)[。；;]?\s*$")
_ANNOTATION_HINT = re.compile(r"牵头|负责|职责|参与|配合|协助|指导|会同|责任|落实")
# an annotation written as its own unbracketed line under the task: 牵头单位：X / 责任单位：Y / 部门分工：X牵头，Y配合
_LABEL_LINE = re.compile(
    r"^[【\[]?(?P<label>(?:牵头|责任|配合|参与|协办|协同|协助|主办)(?:负责|责任)?(?:部门单位|部门|单位)|(?:部门|责任)?分工)"
    r"[】\]]?\s*[:：]"
)
# the officials answerable for a task (分管省领导：…): people, kept in the task's text, not as departments
_PEOPLE_LINE = re.compile(
    r"^[【\[]?(?:分管|牵头|责任|联系)?(?:市|省|区|县|旗|盟)?(?:负责)?(?:领导|负责人|联系人)[】\]]?\s*[:：]"
)
_RULE_NOTE_HINT = re.compile(r"列出|分工")
_TRAILING_PUNCTUATION = "。；;"
_SKIPPABLE = " \t\u3000。；;，,：:"
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]")
_TEXT_SAMPLE = 120


def extract(source: str | os.PathLike[str] | Source | None = None, *, strict: bool = False) -> Plan:
    """Parse one plan (a path, a :class:`Source`, or by default the embedded corpus) into records.

    Raises :class:`kg.errors.SourceError` if the source cannot be read,
    :class:`kg.errors.ParseError` if it holds no task or ends inside an open
    annotation, and with ``strict=True`` :class:`kg.errors.StrictModeError`
    if anything had to be reported as a warning.
    """
    if isinstance(source, Source):
        read = source
    else:
        from kg.text.read import read_source

        read = read_source(source)
    plan = _PlanParser(read).parse()
    if strict and plan.warnings:
        first = plan.warnings[0]
        raise StrictModeError(
            f"{len(plan.warnings)} warning(s) in {read.path}, first at line {first.line}: {first.message}; "
            "fix the source or run without --strict"
        )
    return plan


def plan_id(document: Document, source_sha256: str | None = None) -> str:
    """The index number made safe for IRIs, else a hash of the document number, else of the title.

    A plan with none of these (an excerpt without its heading) is named by ``source_sha256``, the hash of
    its decoded text (the same whatever encoding it was saved in), so that two such plans never share an id.
    """
    if document.index_number and document.index_number.strip():
        return _UNSAFE_ID.sub("-", document.index_number.strip())
    if document.document_number and document.document_number.strip():
        return "doc-" + hashlib.sha1(match_key(document.document_number).encode("utf-8")).hexdigest()[:12]
    title = document.plan_title or document.title or ""
    if not title.strip() and source_sha256:
        return "text-" + source_sha256[:12]
    return "title-" + hashlib.sha1(match_key(title).encode("utf-8")).hexdigest()[:12]


@dataclass
class _OpenTask:
    """A task whose annotation has not closed yet."""

    start: int
    line: int
    text_number: int | None  # the number the text gives it, if any
    path: str
    annotation: Annotation | None = None
    annotation_span: tuple[int, int] | None = None
    end: int = 0
    style: str = ""  # "dotted" (1.) or "bracketed" (（1）) for numbered tasks


@dataclass
class _Loose:
    """Running text not yet part of a task: a heading's prose, or text after a closed task."""

    start: int
    line: int
    section: Section | None
    after_task: bool
    end: int = 0


@dataclass
class _Unclosed:
    open_at: int  # offset of the opening bracket
    line: int


@dataclass
class _State:
    stack: list[Section] = field(default_factory=list)
    task: _OpenTask | None = None
    loose: _Loose | None = None
    unclosed: _Unclosed | None = None
    children: dict[str, int] = field(default_factory=dict)  # parent path -> sections opened under it
    last_ordinal: dict[tuple[str, str], str] = field(default_factory=dict)  # (parent path, level) -> ordinal
    tasks_in_section: int = 0  # tasks closed since the last heading
    labelled: Task | None = None  # the last task, while it was closed by an unbracketed label line


class _PlanParser:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.key = matching_copy(self.text)
        self.lines = split_lines(self.text, self.key)
        self.sections: list[Section] = []
        self.tasks: list[tuple[Task, int | None]] = []  # with the number the text gave, if any
        self.warnings: list[ParseWarning] = []
        self.state = _State()
        self.first_listed_leads = first_listed_rule(self.text)
        self.added_units: list[Unit] = []  # from 以下均需…落实，不再列出
        self.garbled: dict[int, GarbledHeading] = {}
        self.numbered_groups: set[str] = set()  # sections made from numbered items that head （1） tasks
        self.trusted: set[str] = set()
        # task tables: the layout each header row names, and the table being read
        self.table_headers: dict[int, TableLayout] = {}
        for line in self.lines:
            layout = read_header(line.text) if line else None
            if layout is not None:
                self.table_headers[line.number] = layout
        self.table: TableLayout | None = None
        # headings whose annotation answers for the units under them: path -> (annotation, as written)
        self.owners: dict[str, tuple[Annotation, str]] = {}

    # -- driver -------------------------------------------------------------------------

    def parse(self) -> Plan:
        self._find_garbled_headings()
        body_start = self._body_start()
        front = read_front_matter(self.lines, body_start)
        document = front.document
        document.first_listed_leads = self.first_listed_leads
        for line in front.unplaced:
            self._warn(line.number, "text before the document header could not be placed", line.text)
        for line in front.preamble:
            self._note_rules(line.key, line.text)

        for line in self.lines[body_start:]:
            self._line(line)
        self._finish()

        if not self.tasks:
            raise ParseError(
                f"no tasks found in {self.source.path}: a plan needs numbered tasks (1. …) or "
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
        _attach_entities(plan, front.preamble)
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
        return bool(_PART.match(key) or _AREA.match(key) or _TASK.match(key))

    def _body_start(self) -> int:
        after_title = plan_title_index(self.lines)
        first = after_title + 1 if after_title is not None else 0
        for index, line in enumerate(self.lines[first:], start=first):
            key = line.stripped_key
            if line.number in self.garbled or line.number in self.table_headers:
                return index
            if _PART.match(key) or _AREA.match(key) or _TASK.match(key):
                return index
        for index, line in enumerate(self.lines):
            if self._annotations_in(line.key, line.text, 0):
                return index
        return len(self.lines)

    # -- one line -----------------------------------------------------------------------

    def _line(self, line: Line) -> None:
        if not line:
            return
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
            if garbled or _PART.match(key) or _AREA.match(key) or _TASK.match(key):
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
        task = _TASK.match(key)
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
        for level, pattern in (("part", _PART), ("area", _AREA)):
            match = pattern.match(key)
            if match:
                self._heading(line, level, match.group("ordinal"), offset + match.end())
                return
        group = _GROUP.match(key)
        if group and self._group_can_start() and not self._annotations_in(line.key, line.text, 0):
            self._heading(line, "group", group.group("ordinal"), offset + group.end())
            return
        if (_LABEL_LINE.match(key) or _PEOPLE_LINE.match(key)) and self._label_line(line):
            return
        self._prose(line)

    # -- task tables --------------------------------------------------------------------

    def _table_row(self, line: Line) -> bool:
        """Read a row of the current task table; False if the line is not one (the table has ended)."""
        layout = self.table
        assert layout is not None
        spans = spaced_row(line.text) if layout.spaced else cell_spans(line.text)
        if spans is None:
            self.table = None
            return False
        if self.state.unclosed is not None:
            self._give_up_unclosed()
        if not layout.spaced and is_rule_row(line.text, spans):
            return True
        filled = [span for span in spans if span[1] > span[0]]
        if len(filled) <= 1:
            # a row with one cell (一、全链条优化审批 | | |): a heading or prose of its own
            if filled:
                self._line_outside_table(_sub_line(line, filled[0]))
            return True
        offset = layout.columns - len(spans)
        cells = {index + offset: span for index, span in enumerate(spans) if span[1] > span[0]}
        task_span = cells.get(layout.task_column)
        if offset < 0 or task_span is None:
            self._warn(line.number, "a row of the task table does not fit its header", line.text)
            return True
        number: int | None = None
        context: list[Line] = []
        for column in range(layout.task_column):
            span = cells.get(column)
            if span is None:
                continue
            cell = _sub_line(line, span)
            digits = re.fullmatch(r"[(（]?\s*(\d{1,3})\s*[)）.、]?", cell.stripped_key)
            if column == layout.number_column and digits:
                number = int(digits.group(1))
            else:
                context.append(cell)
        for cell in context:
            # a 序号 beside a heading cell numbers the heading (its rows' tasks number themselves)
            if self._table_context(cell, None if number is None else str(number)):
                number = None
        self._table_task(line, layout, cells, task_span, number)
        return True

    def _line_outside_table(self, line: Line) -> None:
        table, self.table = self.table, None
        self._line(line)
        self.table = table

    def _table_context(self, cell: Line, row_number: str | None) -> bool:
        """A cell left of the task: the part, area or item the row's task belongs to.

        A cell with no numbering of its own (重点任务 beside 序号) is a group numbered by ``row_number``;
        True when it took that number.
        """
        key = cell.stripped_key
        offset = cell.content_start - cell.start
        for level, pattern in (("part", _PART), ("area", _AREA)):
            match = pattern.match(key)
            if match:
                self._heading(cell, level, match.group("ordinal"), offset + match.end())
                return False
        item = _TASK.match(key)
        ordinal = (item.group("number") or item.group("bracketed")) if item else row_number
        if ordinal is None:
            self._warn(cell.number, "a cell of the task table could not be placed", cell.text)
            return False
        # the superior plan's task (or the key task a 序号 numbers), which the rows to its right carry out
        self._close_all(cell.number)
        after = offset + item.end() if item else offset
        title_end = cell.key.find("。", after)
        title_stop = title_end if title_end >= 0 else len(cell.key.rstrip())
        title = cell.text[after:title_stop].strip() or None
        section = self._open_section("group", ordinal, title, cell.number)
        self.numbered_groups.add(section.path)
        rest = cell.text[title_stop + 1 :].strip() if title_end >= 0 else ""
        section.text = rest or None
        return item is None

    def _table_task(
        self, line: Line, layout: TableLayout, cells: dict[int, tuple[int, int]], task_span: tuple[int, int], number: int | None
    ) -> None:
        self._close_all(line.number)
        cell = _sub_line(line, task_span)
        match = _TASK.match(cell.stripped_key)
        style = ""
        if match:
            number = int(match.group("number") or match.group("bracketed"))
            style = "bracketed" if match.group("bracketed") else "dotted"
        self._open_task(cell.content_start, line.number, number, style)
        task = self.state.task
        assert task is not None
        units: list[Unit] = []
        open_list = False
        role_spans = []
        for column, role in sorted(layout.roles.items()):
            span = cells.get(column)
            if span is None:
                continue
            role_spans.append(span)
            names, etc = split_unit_names(line.text[span[0] : span[1]])
            open_list |= etc
            units += [Unit(part, role, is_collective(part)) for name in names for part in split_run_together(name)]
        if units:
            if self.first_listed_leads and not any(unit.role == "lead" for unit in units):
                units[0].role = "lead"
            task.annotation = Annotation(units=units, open_list=open_list, form="table")
            task.annotation_span = (line.start + role_spans[0][0], line.start + role_spans[-1][1])
        task.end = line.start + max(end for _, end in cells.values())
        self._finish_task(task)
        self.state.task = None

    def _label_line(self, line: Line) -> bool:
        """An unbracketed annotation line (牵头单位：…) or official line (分管领导：…) under a task."""
        key = line.stripped_key
        text = line.text.strip()
        label = _LABEL_LINE.match(key)
        annotation = None
        if label is not None:
            if label.group("label").endswith("分工"):
                annotation = parse_annotation(
                    text[label.end() :], key[label.end() :], first_listed_leads=self.first_listed_leads
                )
            else:
                annotation = parse_annotation(text, key, first_listed_leads=self.first_listed_leads)
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
            self.state.labelled = self.tasks[-1][0]
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
            self.state.loose = _Loose(line.content_start, line.number, section, after_task=after_task)
        self._scan(line, line.content_start - line.start)

    # -- headings -----------------------------------------------------------------------

    def _heading(self, line: Line, level: str, ordinal: str, after_ordinal: int) -> None:
        text, key = line.text, line.key
        annotations = self._annotations_in(key, text, after_ordinal)
        if level in ("part", "area") and len(annotations) == 1 and not key[annotations[0][1] :].strip(_SKIPPABLE):
            if self._heads_children(line, level):
                # 一、强化科技创新（区科技局牵头） over its measures: a heading that names who answers for them
                self._close_all(line.number)
                open_at = annotations[0][0]
                title = text[after_ordinal:open_at].strip(" \t\u3000。；;，,") or None
                section = self._open_section(level, ordinal, title, line.number)
                self.owners[section.path] = (annotations[0][2], text[open_at : annotations[0][1]])
                return
            # a plan that numbers its tasks （一） or 一、: this unit carries its own annotation
            self._close_all(line.number)
            self._pop_to(level)
            self._open_task(line.content_start, line.number, chinese_to_int(ordinal))
            self._scan(line, after_ordinal)
            return
        if level == "area" and not annotations and self._owner(self._path_after_pop(level)) is not None:
            title_end = key.find("。", after_ordinal)
            if title_end >= 0 and key[title_end + 1 :].strip(_SKIPPABLE):
                # （一）加强平台建设。加快建设…。 under such a heading: a measure, numbered by its ordinal
                self._close_all(line.number)
                self._pop_to(level)
                self._open_task(line.content_start, line.number, chinese_to_int(ordinal))
                self._scan(line, after_ordinal)
                return

        self._close_all(line.number)
        title_end = key.find("。", after_ordinal)
        title_stop = title_end if title_end >= 0 else len(key.rstrip())
        title = text[after_ordinal:title_stop].strip() or None
        section = self._open_section(level, ordinal, title, line.number)
        prose_from = title_stop + 1 if title_end >= 0 else len(key)
        self._heading_prose(line, section, prose_from, has_annotations=bool(annotations))

    def _heads_children(self, line: Line, level: str) -> bool:
        """Does the heading on ``line`` stand over units of its own (a lower heading, tasks, or prose)?

        What follows decides: a heading of the same or a higher level, or the end of the text, makes the
        annotated heading a task of its own (``一、…（X负责）`` then ``二、…``); a lower heading, a numbered
        task, or prose that names no unit of its own makes it the heading of what follows.
        """
        following = self._next_significant(line.number)
        if following is None or following.number in self.garbled or following.number in self.table_headers:
            return False
        key = following.stripped_key
        if _PART.match(key):
            return False
        if _AREA.match(key):
            return level == "part"
        if _TASK.match(key) or _GROUP.match(key):
            return True
        if _LABEL_LINE.match(key) or _PEOPLE_LINE.match(key):
            return False  # the heading's own label lines
        return not self._annotations_in(following.key, following.text, 0)

    def _next_significant(self, number: int) -> Line | None:
        """The next line after line ``number`` with text on it, rule notes skipped."""
        for line in self.lines[number:]:
            if line and not _is_rule_note(line.key):
                return line
        return None

    def _path_after_pop(self, level: str) -> str:
        """The path of the section a heading of ``level`` would open under."""
        rank = _RANK[level]
        parents = [section for section in self.state.stack if _RANK[section.level] < rank]
        return parents[-1].path if parents else ""

    def _owner(self, path: str) -> tuple[Annotation, str] | None:
        """The annotation of the nearest heading at or above ``path`` that names who answers for its units."""
        while path:
            if path in self.owners:
                return self.owners[path]
            path = path.rpartition(".")[0]
        return None

    def _garbled_heading(self, line: Line, heading: GarbledHeading) -> None:
        self._close_all(line.number)
        level = heading.level
        expected = self._expected_ordinal(level)
        choice = choose_ordinal(heading, expected)
        ordinal = choice.ordinal if choice else (expected or "?")
        section = self._open_section(level, ordinal, heading.title or None, line.number)
        section.repaired = True
        section.raw = line.text
        recovered = "ordinal " + (f"{ordinal} ({choice.evidence})" if choice else f"{ordinal} from the sibling sequence only")
        if heading.unrecovered:
            shown = "、".join(repr(char) for char in heading.unrecovered)
            lost = (
                f"{len(heading.unrecovered)} character(s) of the title could not be recovered ({shown}) "
                f"and are shown as {UNRECOVERED} (where byte pairs were lost, one {UNRECOVERED} may stand for two "
                "characters of the original, or two for one)"
            )
        else:
            lost = "the title decoded in full"
        self._warn(
            line.number,
            f"heading recovered from garbled GBK bytes: {recovered}; title {heading.title!r}: {lost}",
            line.text,
        )
        if heading.text_start is not None:
            self._heading_prose(line, section, heading.text_start, has_annotations=False)
        elif heading.text:
            section.text = heading.text

    def _heading_prose(self, line: Line, section: Section, prose_from: int, *, has_annotations: bool) -> None:
        key = line.key
        prose_end = len(key.rstrip())
        if not has_annotations:
            group = _INLINE_GROUP.search(key, prose_from, prose_end)
            if group and group.start("ordinal") >= prose_from:
                before = line.text[prose_from : group.start("ordinal")].strip()
                section.text = before or None
                title = line.text[group.start("title") : group.end("title")].strip()
                self._open_section("group", group.group("ordinal"), title or None, line.number)
                return
        if not key[prose_from:prose_end].strip(_SKIPPABLE):
            return
        start = line.start + prose_from + _skip(line.text[prose_from:])
        self.state.loose = _Loose(start, line.number, section, after_task=False)
        self._scan(line, prose_from)

    def _open_section(self, level: str, ordinal: str, title: str | None, line: int) -> Section:
        self._pop_to(level)
        parent = self.state.stack[-1] if self.state.stack else None
        parent_path = parent.path if parent else ""
        count = self.state.children.get(parent_path, 0) + 1
        self.state.children[parent_path] = count
        path = f"{parent_path}.{count}" if parent_path else str(count)
        section = Section(path=path, level=level, ordinal=ordinal, title=title, line=line)  # type: ignore[arg-type]
        self.sections.append(section)
        self.state.stack.append(section)
        self.state.tasks_in_section = 0
        self.state.last_ordinal[(parent_path, level)] = ordinal
        return section

    def _pop_to(self, level: str) -> None:
        rank = _RANK[level]
        while self.state.stack and _RANK[self.state.stack[-1].level] >= rank:
            self.state.stack.pop()

    def _expected_ordinal(self, level: str) -> str | None:
        stack = [section for section in self.state.stack if _RANK[section.level] < _RANK[level]]
        parent_path = stack[-1].path if stack else ""
        previous = self.state.last_ordinal.get((parent_path, level))
        if previous is None:
            return int_to_chinese(1)
        value = chinese_to_int(previous)
        return int_to_chinese(value + 1) if value is not None else None

    def _current_section(self) -> Section | None:
        return self.state.stack[-1] if self.state.stack else None

    def _current_path(self) -> str:
        section = self._current_section()
        return section.path if section else ""

    # -- tasks and annotations ----------------------------------------------------------

    def _open_task(self, start: int, line: int, text_number: int | None, style: str = "") -> None:
        self.state.task = _OpenTask(
            start=start, line=line, text_number=text_number, path=self._current_path(), style=style
        )
        self.state.task.end = start

    def _open_task_is_heading(self) -> bool:
        """``1.深化“一网通办”。`` with no annotation, followed by ``（1）…（X负责）``: a heading, not a task."""
        task = self.state.task
        return (
            task is not None
            and task.annotation is None
            and task.style == "dotted"
            and self.state.unclosed is None
            and "\n" not in self.text[task.start : task.end]
        )

    def _task_to_heading(self) -> None:
        task = self.state.task
        assert task is not None
        self.state.task = None
        line = self.lines[task.line - 1]
        match = _TASK.match(line.stripped_key)
        assert match is not None
        after = line.content_start - line.start + match.end()
        title_end = line.key.find("。", after)
        title_stop = title_end if title_end >= 0 else len(line.key.rstrip())
        title = line.text[after:title_stop].strip() or None
        section = self._open_section("group", match.group("number"), title, line.number)
        self.numbered_groups.add(section.path)
        rest = title_stop + 1 if title_end >= 0 else len(line.key)
        if line.key[rest:].strip(_SKIPPABLE):
            section.text = line.text[rest:].strip()

    def _leave_numbered_heading(self) -> None:
        """A ``2.`` item after the ``（1）`` items of a numbered heading closes that heading."""
        if self.state.stack and self.state.stack[-1].path in self.numbered_groups:
            self._close_all(0)
            self.state.stack.pop()

    def _annotations_in(self, key: str, text: str, start: int) -> list[tuple[int, int, Annotation]]:
        """Closed annotations in ``key[start:]`` as (open, close + 1, annotation), offsets within the line."""
        found = []
        for open_at, close_at in find_brackets(key[start:]):
            if close_at is None:
                continue
            open_at, close_at = open_at + start, close_at + start
            inner_key = key[open_at + 1 : close_at]
            annotation = parse_annotation(
                text[open_at + 1 : close_at], inner_key, first_listed_leads=self.first_listed_leads
            )
            if annotation is not None:
                found.append((open_at, close_at + 1, annotation))
        return found

    def _scan(self, line: Line, position: int) -> None:
        """Read ``line`` from ``position``: close tasks at annotations, note rules, carry open text on."""
        text, key = line.text, line.key
        self._note_rules(key[position:], text[position:])
        for open_at, close_at in find_brackets(key[position:]):
            open_at += position
            if close_at is None:
                if _ANNOTATION_HINT.search(key[open_at:]):
                    self.state.unclosed = _Unclosed(line.start + open_at, line.number)
                    self._extend(line.content_end)
                    return
                continue
            close_at += position
            inner_key = key[open_at + 1 : close_at]
            annotation = parse_annotation(
                text[open_at + 1 : close_at], inner_key, first_listed_leads=self.first_listed_leads
            )
            if annotation is None:
                continue
            self._close_unit(line, line.start + open_at, line.start + close_at + 1, annotation)
        self._extend(line.content_end)

    def _extend(self, end: int) -> None:
        if self.state.task is not None:
            self.state.task.end = max(self.state.task.end, end)
        elif self.state.loose is not None:
            self.state.loose.end = max(self.state.loose.end, end)

    def _close_unit(self, line: Line, open_at: int, close_at: int, annotation: Annotation) -> None:
        end = close_at
        if end < len(self.text) and self.text[end] in _TRAILING_PUNCTUATION:
            end += 1
        task = self.state.task
        if task is None:
            loose = self.state.loose
            start = loose.start if loose is not None else line.content_start
            start += _skip(self.text[start:open_at])
            task = _OpenTask(start=start, line=self._line_of(start), text_number=None, path=self._current_path())
            self.state.loose = None
        task.annotation = annotation
        task.annotation_span = (open_at, close_at)
        task.end = end
        self._finish_task(task)
        self.state.task = None
        if self.text[end:line.end].strip(_SKIPPABLE):
            after = end + _skip(self.text[end:line.end])
            self.state.loose = _Loose(after, line.number, self._current_section(), after_task=True, end=after)

    def _finish_task(self, task: _OpenTask) -> None:
        inherited = self._owner(task.path) if task.annotation is None else None
        if inherited is not None:
            # the heading over this task names who answers for it: 一、强化科技创新（区科技局牵头）
            task.annotation = Annotation(
                units=[Unit(unit.name, unit.role, unit.collective) for unit in inherited[0].units],
                open_list=inherited[0].open_list,
                form=inherited[0].form,
            )
        units = list(task.annotation.units) if task.annotation else []
        names = {unit.name for unit in units}
        units += [Unit(unit.name, unit.role, unit.collective) for unit in self.added_units if unit.name not in names]
        annotation = self.text[task.annotation_span[0] : task.annotation_span[1]] if task.annotation_span else None
        record = Task(
            number=0,
            text=self.text[task.start : task.end],
            span=(task.start, task.end),
            path=task.path,
            line=task.line,
            units=units,
            open_list=bool(task.annotation and task.annotation.open_list),
            annotation=annotation,
        )
        self.tasks.append((record, task.text_number))
        self.state.tasks_in_section += 1
        section = self._section_at(task.path)
        if section is not None:
            section.tasks.append(len(self.tasks))  # document position; replaced by the number in _numbered_tasks
        if task.annotation is None:
            self._warn(task.line, "task has no responsibility annotation", record.text)

    def _section_at(self, path: str) -> Section | None:
        for section in reversed(self.sections):
            if section.path == path:
                return section
        return None

    def _resume_unclosed(self, line: Line) -> int | None:
        """Look for the close of an annotation left open on an earlier line; the position after it, or None."""
        unclosed = self.state.unclosed
        assert unclosed is not None
        pairs = find_brackets(self.key[unclosed.open_at : line.end])
        if not pairs or pairs[0][1] is None:
            self._extend(line.content_end)
            return None
        close_at = unclosed.open_at + pairs[0][1]
        self.state.unclosed = None
        inner = slice(unclosed.open_at + 1, close_at)
        annotation = parse_annotation(self.text[inner], self.key[inner], first_listed_leads=self.first_listed_leads)
        if annotation is None:
            self._warn(unclosed.line, "a bracket that reads like an annotation holds no department", self.text[inner])
            self._extend(close_at + 1)
            return close_at + 1 - line.start
        self._close_unit(line, unclosed.open_at, close_at + 1, annotation)
        return close_at + 1 - line.start

    def _give_up_unclosed(self) -> None:
        unclosed = self.state.unclosed
        assert unclosed is not None
        self.state.unclosed = None
        end = self._line_end_before_next(unclosed.open_at)
        self._warn(
            unclosed.line,
            "annotation never closes; its departments were read up to the end of the text before the next heading or task",
            self.text[unclosed.open_at : end],
        )
        inner = slice(unclosed.open_at + 1, end)
        annotation = parse_annotation(self.text[inner], self.key[inner], first_listed_leads=self.first_listed_leads)
        if annotation is not None and (self.state.task is not None or self.state.loose is not None):
            line = self.lines[self._line_of(end) - 1]
            self._close_unit(line, unclosed.open_at, end, annotation)

    def _line_end_before_next(self, offset: int) -> int:
        task = self.state.task
        loose = self.state.loose
        end = task.end if task is not None else loose.end if loose is not None else offset
        return max(end, offset)

    def _close_all(self, line_number: int) -> None:
        """A new heading or task begins: close what is open."""
        self.state.labelled = None
        if self.state.task is not None:
            task = self.state.task
            self.state.task = None
            self._finish_task(task)
        loose = self.state.loose
        self.state.loose = None
        if loose is None:
            return
        end = max(loose.end, loose.start)
        chunk = self.text[loose.start : end].strip()
        if not chunk.strip(_SKIPPABLE):
            return
        if loose.after_task or loose.section is None:
            if _is_rule_note(self.key[loose.start : end]):
                return  # a note that sets a rule for what follows is placed: it was applied
            self._warn(loose.line, "text has no responsibility annotation and belongs to no task", chunk)
        else:
            loose.section.text = f"{loose.section.text}\n{chunk}" if loose.section.text else chunk

    def _finish(self) -> None:
        if self.state.unclosed is not None:
            unclosed = self.state.unclosed
            raise ParseError(
                f"line {unclosed.line}: an annotation opened here never closes before the end of the text; "
                "add its closing bracket"
            )
        self._close_all(len(self.lines))

    def _note_rules(self, key: str, text: str) -> None:
        if not _RULE_NOTE_HINT.search(key):
            return
        units = rule_note_units(text)  # names as written, not as matched
        if units:
            known = {unit.name for unit in self.added_units}
            self.added_units.extend(unit for unit in units if unit.name not in known)

    def _numbered_tasks(self) -> list[Task]:
        given = [number for _, number in self.tasks]
        from_text = all(number is not None for number in given) and len(set(given)) == len(given)
        numbers: list[int] = []
        for position, (task, number) in enumerate(self.tasks, start=1):
            if from_text:
                task.number = number  # type: ignore[assignment]
                task.numbered = True
            else:
                task.number = position
                task.numbered = number == position
            numbers.append(task.number)
        for section in self.sections:
            section.tasks = [numbers[position - 1] for position in section.tasks]
        return [task for task, _ in self.tasks]

    def _line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def _warn(self, line: int, message: str, text: str = "") -> None:
        sample = " ".join(text.split())
        if len(sample) > _TEXT_SAMPLE:
            sample = sample[: _TEXT_SAMPLE - 1] + "…"
        self.warnings.append(ParseWarning(line=line, message=message, text=sample))


def _sub_line(line: Line, span: tuple[int, int]) -> Line:
    """The part ``span`` of a line (a cell of a table row), with offsets into the whole text."""
    start, end = span
    return Line(line.number, line.start + start, line.start + end, line.text[start:end], line.key[start:end])


def _is_rule_note(key: str) -> bool:
    """Is this text (brackets and punctuation aside) only a note such as 以下均需各地区落实，不再列出?"""
    rest = without_rule_notes(key)
    return rest != key and not rest.strip(_SKIPPABLE + "()（）注:：下同")


def _skip(text: str) -> int:
    """How many leading blanks and separators ``text`` has."""
    return len(text) - len(text.lstrip(_SKIPPABLE))


# -- entities -------------------------------------------------------------------------------


def _attach_entities(plan: Plan, preamble: list[Line]) -> None:
    """Citations, lists, targets, deadlines, cadences and systems of each task (kg.text.entities)."""
    from kg.text.entities import extract_citations, extract_task_entities

    year = plan.document.year
    citations: list[Citation] = []
    for line in preamble:
        citations.extend(extract_citations(line.text))
    for section in plan.sections:
        if section.text:
            citations.extend(extract_citations(section.text))
            section.cadences = list(extract_task_entities(section.text, year).cadences)
    for task in plan.tasks:
        entities = extract_task_entities(_without_annotation(task), year)
        task.cites = list(entities.cites)
        task.lists = list(entities.lists)
        task.indicators = list(entities.indicators)
        task.deadlines = list(entities.deadlines)
        if task.annotation:
            # an annotation may say when as well as who: （国务院各部门分别负责，年内持续推进）
            task.deadlines += extract_task_entities(task.annotation, year).deadlines
        task.cadences = list(entities.cadences)
        task.systems = list(entities.systems)
        citations.extend(task.cites)
    own = plan.document.document_number
    if own:
        # the notice's own 文号 (a line of its own above the addressees) names this plan, not a cited one
        from kg.text.entities import normalize_document_number

        own_key = normalize_document_number(own)
        citations = [citation for citation in citations if citation.number_normalized != own_key]
    plan.citations = _deduplicated(citations)


def _without_annotation(task: Task) -> str:
    if not task.annotation:
        return task.text
    index = task.text.rfind(task.annotation)
    if index < 0:
        return task.text
    return task.text[:index] + task.text[index + len(task.annotation) :]


def _deduplicated(citations: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for citation in citations:
        key = citation.key
        if not key:
            continue
        known = seen.get(key)
        if known is None:
            seen[key] = replace(citation)
            continue
        # keep the fullest record: the same document may be cited with and without its title or issuer
        for name in ("title", "issuer", "number", "number_normalized", "title_normalized"):
            if getattr(known, name) is None and getattr(citation, name) is not None:
                setattr(known, name, getattr(citation, name))
    return list(seen.values())
