"""What every part of the plan parser shares: the source, its lines, the records found so far, warnings."""

from __future__ import annotations

from bisect import bisect_right

from kg.model import ParseWarning, Section, Source, Unit
from kg.normalize import matching_copy
from kg.text.annotations import Annotation, first_comma_offset, first_listed_offset, parse_annotation
from kg.text.lines import split_lines
from kg.text.plan_parser.forms import TEXT_SAMPLE
from kg.text.plan_parser.state import Found, ParseState
from kg.text.repair import GarbledHeading
from kg.text.task_tables import TableLayout, read_header

__all__ = ["ParserBase"]


class ParserBase:
    """The parser's data; the readers of headings, tables and tasks add the behaviour."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.key = matching_copy(self.text)
        self.lines = split_lines(self.text, self.key)
        self.line_starts = [line.start for line in self.lines]
        self.sections: list[Section] = []
        self.tasks: list[Found] = []  # with the number the text gave, if any, and their item
        self.items = 0  # numbered items opened so far
        # notes in the prose under a heading (no numbered item open): the heading's item, and its number
        self.section_items: dict[str, int] = {}
        self.item_numbers: dict[int, int | None] = {}
        self.section_ends: dict[str, int] = {}  # where the prose under each heading ends
        self.warnings: list[ParseWarning] = []
        self.state = ParseState()
        # 列第一位的为牵头单位: the first-listed unit leads from the line that says so on
        self.first_listed_from = first_listed_offset(self.text)
        self.first_comma_from = first_comma_offset(self.text)  # 第一个逗号前为牵头单位, likewise
        self.position = 0  # the end of the line being read
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
        self.owner_starts: dict[str, int] = {}  # where each such heading starts
        self.bare_role: object = False  # the role bare notes (（省农业农村厅）) take: unknown until first needed

    @property
    def first_listed_leads(self) -> bool:
        """Does the plan say, on the line being read or before, that the first-listed unit leads?"""
        return self.first_listed_from is not None and self.first_listed_from <= self.position

    @property
    def first_comma_leads(self) -> bool:
        """Does the plan say, on the line being read or before, that the units before a list's first comma lead?"""
        return self.first_comma_from is not None and self.first_comma_from <= self.position

    def _note(self, text: str, key: str) -> Annotation | None:
        """The inside of a bracket (or a label line) as a note, with the plan's rules in force at this line."""
        return parse_annotation(
            text, key, first_listed_leads=self.first_listed_leads, first_comma_leads=self.first_comma_leads
        )

    def _line_of(self, offset: int) -> int:
        """The 1-based number of the line holding ``offset`` (a binary search: extraction stays linear)."""
        return bisect_right(self.line_starts, offset)

    def _warn(self, line: int, message: str, text: str = "") -> None:
        sample = " ".join(text.split())
        if len(sample) > TEXT_SAMPLE:
            sample = sample[: TEXT_SAMPLE - 1] + "…"
        self.warnings.append(ParseWarning(line=line, message=message, text=sample))
