"""Headings: parts 一、, areas （一）, groups 一是, garbled headings, and headings that name who answers for their measures."""

from __future__ import annotations

from kg.model import Section
from kg.text.annotations import Annotation
from kg.text.lines import Line
from kg.text.numerals import chinese_to_int, int_to_chinese
from kg.text.plan_parser.base import ParserBase
from kg.text.plan_parser.forms import AREA, GROUP, LABEL_LINE, PART, PEOPLE_LINE, RANK, SKIPPABLE, TASK, INLINE_GROUP, is_rule_note, skip_blanks
from kg.text.plan_parser.state import Loose
from kg.text.repair import UNRECOVERED, GarbledHeading, choose_ordinal

__all__ = ["HeadingReader"]


class HeadingReader(ParserBase):
    """Opens sections and decides whether an annotated heading is a task or stands over measures."""

    def _heading(self, line: Line, level: str, ordinal: str, after_ordinal: int) -> None:
        text, key = line.text, line.key
        annotations = self._annotations_in(key, text, after_ordinal)
        if level in ("part", "area") and len(annotations) == 1 and not key[annotations[0][1] :].strip(SKIPPABLE):
            # only a title stands over measures: a line with a sentence before its note is a measure of its own
            titled = "。" not in key[after_ordinal : annotations[0][0]]
            if titled and self._heads_children(line, level):
                # 一、强化科技创新（区科技局牵头） over its measures: a heading that names who answers for them
                self._close_all(line.number)
                open_at = annotations[0][0]
                title = text[after_ordinal:open_at].strip(" \t\u3000。；;，,") or None
                section = self._open_section(level, ordinal, title, line.number)
                self.owners[section.path] = (annotations[0][2], text[open_at : annotations[0][1]])
                self.owner_starts[section.path] = line.content_start
                return
            # a plan that numbers its tasks （一） or 一、: this unit carries its own annotation
            self._close_all(line.number)
            self._pop_to(level)
            self._open_task(line.content_start, line.number, chinese_to_int(ordinal))
            self._scan(line, after_ordinal)
            return
        if level == "area" and not annotations and self._owner(self._path_after_pop(level)) is not None:
            title_end = key.find("。", after_ordinal)
            if title_end >= 0 and key[title_end + 1 :].strip(SKIPPABLE):
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
        if PART.match(key):
            return False
        if AREA.match(key):
            return level == "part"
        if TASK.match(key) or GROUP.match(key):
            return True
        if LABEL_LINE.match(key) or PEOPLE_LINE.match(key):
            return False  # the heading's own label lines
        return not self._annotations_in(following.key, following.text, 0)

    def _next_significant(self, number: int) -> Line | None:
        """The next line after line ``number`` with text on it, rule notes skipped."""
        for line in self.lines[number:]:
            if line and not is_rule_note(line.key):
                return line
        return None

    def _path_after_pop(self, level: str) -> str:
        """The path of the section a heading of ``level`` would open under."""
        rank = RANK[level]
        parents = [section for section in self.state.stack if RANK[section.level] < rank]
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
            group = INLINE_GROUP.search(key, prose_from, prose_end)
            if group and group.start("ordinal") >= prose_from:
                before = line.text[prose_from : group.start("ordinal")].strip()
                section.text = before or None
                title = line.text[group.start("title") : group.end("title")].strip()
                self._open_section("group", group.group("ordinal"), title or None, line.number)
                return
        if not key[prose_from:prose_end].strip(SKIPPABLE):
            return
        start = line.start + prose_from + skip_blanks(line.text[prose_from:])
        self.state.loose = Loose(start, line.number, section, after_task=False)
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
        rank = RANK[level]
        while self.state.stack and RANK[self.state.stack[-1].level] >= rank:
            self.state.stack.pop()

    def _expected_ordinal(self, level: str) -> str | None:
        stack = [section for section in self.state.stack if RANK[section.level] < RANK[level]]
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

