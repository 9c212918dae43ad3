"""Tasks: open them, close each at its annotation, recover from unclosed brackets, number them."""

from __future__ import annotations

from kg.errors import ParseError
from collections import Counter

from kg.model import Role, Section, Task, Unit
from kg.text.annotations import Annotation, bare_unit_names, find_brackets, is_collective, parse_annotation, rule_note_units
from kg.text.lines import Line
from kg.text.plan_parser.base import ParserBase
from kg.text.plan_parser.forms import (
    ANNOTATION_HINT,
    RULE_NOTE_HINT,
    SKIPPABLE,
    TASK,
    TRAILING_PUNCTUATION,
    is_rule_note,
    skip_blanks,
    sub_line,
)
from kg.text.numerals import chinese_to_int
from kg.text.plan_parser.state import Found, Loose, OpenTask, Unclosed

__all__ = ["TaskCloser"]


class TaskCloser(ParserBase):
    """Turns the text between task boundaries and annotations into task records."""

    def _open_task(self, start: int, line: int, text_number: int | None, style: str = "") -> None:
        self.state.task = OpenTask(
            start=start, line=line, text_number=text_number, path=self._current_path(), style=style
        )
        self.state.task.end = start
        if text_number is not None:
            self.items += 1
            self.state.item = self.items

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
        whole = self.lines[task.line - 1]
        line = sub_line(whole, (task.start - whole.start, len(whole.text)))  # the item, not a heading run into it
        match = TASK.match(line.stripped_key)
        assert match is not None
        after = line.content_start - line.start + match.end()
        title_end = line.key.find("。", after)
        title_stop = title_end if title_end >= 0 else len(line.key.rstrip())
        title = line.text[after:title_stop].strip() or None
        section = self._open_section("group", match.group("number"), title, line.number)
        self.numbered_groups.add(section.path)
        rest = title_stop + 1 if title_end >= 0 else len(line.key)
        if line.key[rest:].strip(SKIPPABLE):
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
            annotation = self._read_note(text, key, open_at, close_at)
            if annotation is not None:
                found.append((open_at, close_at + 1, annotation))
        return found

    def _read_note(self, text: str, key: str, open_at: int, close_at: int) -> Annotation | None:
        """The bracket ``text[open_at : close_at + 1]`` of a line as a responsibility note, or None.

        A bracket that holds only unit names (（省农业农村厅）) where a sentence ends is a note too, in a plan
        whose other notes are full ones: its units take the role the plan's notes give their first unit.
        """
        inner_text, inner_key = text[open_at + 1 : close_at], key[open_at + 1 : close_at]
        annotation = self._note(inner_text, inner_key)
        closes_sentence = (
            not key[close_at + 1 :].strip(SKIPPABLE)
            or (open_at > 0 and key[open_at - 1] in TRAILING_PUNCTUATION)
            or key[close_at + 1 : close_at + 2] in tuple(TRAILING_PUNCTUATION)
        )
        if annotation is not None or not closes_sentence:
            return annotation
        names = bare_unit_names(inner_text)
        role = self._bare_note_role() if names else None
        if names is None or role is None:
            return None
        units = [Unit(name, role, is_collective(name)) for name in names]
        if self.first_listed_leads and role != "lead":
            units[0].role = "lead"
        return Annotation(units=units, form="bare")

    def _bare_note_role(self) -> Role | None:
        """The role of the first unit in most of the plan's full notes; None if it has none."""
        if self.bare_role is False:
            roles: Counter[Role] = Counter()
            for line in self.lines:
                if "(" in line.key or "（" in line.key:
                    for open_at, close_at in find_brackets(line.key):
                        if close_at is None:
                            continue
                        inner = slice(open_at + 1, close_at)
                        annotation = parse_annotation(line.text[inner], line.key[inner])
                        if annotation is not None:
                            roles[annotation.units[0].role] += 1
            self.bare_role = roles.most_common(1)[0][0] if roles else None
        return self.bare_role  # type: ignore[return-value]

    def _scan(self, line: Line, position: int) -> None:
        """Read ``line`` from ``position``: close tasks at annotations, note rules, carry open text on."""
        text, key = line.text, line.key
        self._note_rules(key[position:], text[position:])
        for open_at, close_at in find_brackets(key[position:]):
            open_at += position
            if close_at is None:
                if ANNOTATION_HINT.search(key[open_at:]):
                    self.state.unclosed = Unclosed(line.start + open_at, line.number)
                    self._extend(line.content_end)
                    return
                continue
            close_at += position
            annotation = self._read_note(text, key, open_at, close_at)
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
        if end < len(self.text) and self.text[end] in TRAILING_PUNCTUATION:
            end += 1
        task = self.state.task
        if task is None:
            loose = self.state.loose
            start = loose.start if loose is not None else line.content_start
            start += skip_blanks(self.text[start:open_at])
            task = OpenTask(start=start, line=self._line_of(start), text_number=None, path=self._current_path())
            task.item = self._heading_item() if self.state.item is None else None
            self.state.loose = None
        task.annotation = annotation
        task.annotation_span = (open_at, close_at)
        task.end = end
        self._finish_task(task)
        self.state.task = None
        if self.text[end:line.end].strip(SKIPPABLE):
            after = end + skip_blanks(self.text[end:line.end])
            self.state.loose = Loose(after, line.number, self._current_section(), after_task=True, end=after)

    def _heading_item(self) -> int | None:
        """The item the notes in the prose under the current heading belong to (（四）… then notes: 4.1, 4.2)."""
        section = self._current_section()
        if section is None:
            return None
        item = self.section_items.get(section.path)
        if item is None:
            self.items += 1
            item = self.section_items[section.path] = self.items
            self.item_numbers[item] = chinese_to_int(section.ordinal)
        return item

    def _finish_task(self, task: OpenTask) -> None:
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
        item = task.item if task.item is not None else self.state.item
        self.tasks.append(Found(record, task.text_number, item, task.style))
        self.state.tasks_in_section += 1
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
            unclosed.continued.append(line.number)
            self._extend(line.content_end)
            return None
        close_at = unclosed.open_at + pairs[0][1]
        self.state.unclosed = None
        inner = slice(unclosed.open_at + 1, close_at)
        annotation = self._note(self.text[inner], self.key[inner])
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
        for number in unclosed.continued:
            line = self.lines[number - 1]
            self._warn(number, "line read as part of an annotation that never closes", line.text)
        inner = slice(unclosed.open_at + 1, end)
        annotation = self._note(self.text[inner], self.key[inner])
        if annotation is not None and (self.state.task is not None or self.state.loose is not None):
            line = self.lines[self._line_of(end) - 1]
            self._close_unit(line, unclosed.open_at, end, annotation)

    def _line_end_before_next(self, offset: int) -> int:
        task = self.state.task
        loose = self.state.loose
        end = task.end if task is not None else loose.end if loose is not None else offset
        return max(end, offset)

    def _close_all(self, line_number: int) -> None:
        """A new heading or task begins: close what is open; the numbered item being read ends."""
        self._close_open()
        self.state.item = None

    def _close_open(self) -> None:
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
        if not chunk.strip(SKIPPABLE):
            return
        if loose.after_task or loose.section is None:
            if is_rule_note(self.key[loose.start : end]):
                return  # a note that sets a rule for what follows is placed: it was applied
            self._warn(loose.line, "text has no responsibility annotation and belongs to no task", chunk)
        else:
            loose.section.text = f"{loose.section.text}\n{chunk}" if loose.section.text else chunk
            self.section_ends[loose.section.path] = max(self.section_ends.get(loose.section.path, 0), end)

    def _finish(self) -> None:
        if self.state.unclosed is not None:
            unclosed = self.state.unclosed
            raise ParseError(
                f"line {unclosed.line}: an annotation opened here never closes before the end of the text; "
                "add its closing bracket"
            )
        self._close_all(len(self.lines))
        self._headings_without_measures()

    def _headings_without_measures(self) -> None:
        """A heading whose note stands over no measure, no task and no lower heading is a task itself."""
        for path, (annotation, written) in list(self.owners.items()):
            below = path + "."
            if any(found.record.path == path or found.record.path.startswith(below) for found in self.tasks):
                continue
            if any(section.path.startswith(below) for section in self.sections):
                continue
            section = self._section_at(path)
            assert section is not None
            line = self.lines[section.line - 1]
            heading_start = self.owner_starts[path]
            open_at = self.text.find(written, heading_start, line.end)
            if open_at < 0:
                continue
            close_at = open_at + len(written)
            end = close_at + (1 if self.text[close_at : close_at + 1] in TRAILING_PUNCTUATION else 0)
            self.sections.remove(section)
            del self.owners[path]
            if section.text:
                self._warn(section.line, "text has no responsibility annotation and belongs to no task", section.text)
            self.items += 1
            self.state.item = self.items
            task = OpenTask(
                start=heading_start,
                line=section.line,
                text_number=chinese_to_int(section.ordinal),
                path=path.rpartition(".")[0],
                annotation=annotation,
                annotation_span=(open_at, close_at),
                end=end,
            )
            self._finish_task(task)
            self.state.item = None

    def _items_as_tasks(self) -> None:
        """A plan with numbered headings and no note at all: each heading with nothing under it is a task.

        Nothing numbered is lost: ``一、总体要求…`` ``二、主要任务…`` with prose under each become tasks without
        departments, their text the heading and its prose, and a warning says the plan carries no notes.
        """
        leaves = [
            section
            for section in self.sections
            if not any(other.path.startswith(section.path + ".") for other in self.sections)
        ]
        if not leaves:
            return
        self._warn(
            leaves[0].line,
            f"the plan carries no responsibility notes: its {len(leaves)} numbered item(s) with no measures "
            "under them are read as tasks without departments",
        )
        for section in leaves:
            line = self.lines[section.line - 1]
            self.sections.remove(section)
            self.items += 1
            self.state.item = self.items
            task = OpenTask(
                start=line.content_start,
                line=section.line,
                text_number=chinese_to_int(section.ordinal),
                path=section.path.rpartition(".")[0],
                end=max(line.content_end, self.section_ends.get(section.path, 0)),
            )
            self._finish_task(task)
        self.state.item = None

    def _note_rules(self, key: str, text: str) -> None:
        if not RULE_NOTE_HINT.search(key):
            return
        units = rule_note_units(text)  # names as written, not as matched
        if units:
            known = {unit.name for unit in self.added_units}
            self.added_units.extend(unit for unit in units if unit.name not in known)

    def _numbered_tasks(self) -> list[Task]:
        """Number the records: the written number where the plan numbers its items, else document order.

        Several notes inside one numbered item are that item's tasks ``n.1``, ``n.2`` (parent ``n``). A number
        written twice keeps its number and its second task is named ``n-2``; a repeated or skipped number is
        a warning. A plan that restarts its numbering under each heading is numbered in document order.
        """
        found = sorted(self.tasks, key=lambda entry: entry.record.span[0])
        numbers_items = any(entry.written is not None for entry in found)
        if not numbers_items:
            for entry in found:
                if entry.item in self.item_numbers:
                    entry.item = None  # a plan of unnumbered notes: each note is a task of its own, in document order
        groups: list[list[Found]] = []
        for entry in found:
            if groups and entry.item is not None and groups[-1][0].item == entry.item:
                groups[-1].append(entry)
            else:
                groups.append([entry])
        if numbers_items:
            # a plan that numbers its items: notes under a heading with no numbered item take the heading's number
            for group in groups:
                if group[0].written is None and group[0].item in self.item_numbers:
                    group[0].written = self.item_numbers[group[0].item]
        by_text = any(group[0].written is not None for group in groups) and not _restarts(groups)
        first_line: dict[str, int] = {}
        previous: int | None = None
        for position, group in enumerate(groups, start=1):
            head = group[0]
            written = head.written if by_text else None
            number = written if written is not None else position
            notation = str(number)
            if notation in first_line:
                copy = 2
                while f"{number}-{copy}" in first_line:
                    copy += 1
                if written is not None:
                    self._warn(
                        head.record.line,
                        f"task number {number} is written again (first on line {first_line[notation]}); "
                        f"this task is named {number}-{copy}",
                        head.record.text,
                    )
                notation = f"{number}-{copy}"
            elif written is not None and previous is not None and written > previous + 1:
                self._warn(head.record.line, f"task numbers jump from {previous} to {written}", head.record.text)
            first_line[notation] = head.record.line
            if written is not None:
                previous = written
            for index, entry in enumerate(group, start=1):
                entry.record.number = number
                entry.record.numbered = head.written == number
                entry.record.notation = f"{notation}.{index}" if len(group) > 1 else notation
                entry.record.parent = notation if len(group) > 1 else None
        tasks = [entry.record for entry in found]
        for section in self.sections:
            numbers = [task.number for task in tasks if task.path == section.path]
            section.tasks = list(dict.fromkeys(numbers))
        self.warnings.sort(key=lambda warning: warning.line)
        return tasks


def _restarts(groups: list[list[Found]]) -> bool:
    """Does the plan number its items afresh under each heading (（1）（2） under one, （1） again under the next),
    or in two styles that each start again (（一） then 1.)?"""
    previous: Found | None = None
    for group in groups:
        head = group[0]
        if head.written is None:
            continue
        if (
            previous is not None
            and head.written <= previous.written  # type: ignore[operator]
            and (head.record.path != previous.record.path or head.style != previous.style)
        ):
            return True
        previous = head
    return False
