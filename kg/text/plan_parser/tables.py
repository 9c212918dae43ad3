"""Task tables flattened to text: a header row naming 牵头单位/责任单位 columns, then one task a row."""

from __future__ import annotations

import re

from kg.model import Unit
from kg.text.annotations import Annotation, is_collective, split_unit_names
from kg.text.lines import Line
from kg.text.plan_parser.base import ParserBase
from kg.text.plan_parser.forms import AREA, PART, TASK, sub_line
from kg.text.task_tables import TableLayout, cell_spans, is_rule_row, spaced_row, split_run_together

__all__ = ["TableReader"]


class TableReader(ParserBase):
    """Reads the rows of the current task table."""

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
                self._line_outside_table(sub_line(line, filled[0]))
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
            cell = sub_line(line, span)
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
        for level, pattern in (("part", PART), ("area", AREA)):
            match = pattern.match(key)
            if match:
                self._heading(cell, level, match.group("ordinal"), offset + match.end())
                return False
        item = TASK.match(key)
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
        cell = sub_line(line, task_span)
        match = TASK.match(cell.stripped_key)
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
