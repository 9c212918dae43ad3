"""Tasks: open them, close each at its annotation, recover from unclosed brackets, number them."""

from __future__ import annotations

from kg.errors import ParseError
from kg.model import Section, Task, Unit
from kg.text.annotations import Annotation, find_brackets, parse_annotation, rule_note_units
from kg.text.lines import Line
from kg.text.plan_parser.base import ParserBase
from kg.text.plan_parser.forms import ANNOTATION_HINT, RULE_NOTE_HINT, SKIPPABLE, TASK, TRAILING_PUNCTUATION, is_rule_note, skip_blanks
from kg.text.plan_parser.state import Loose, OpenTask, Unclosed

__all__ = ["TaskCloser"]


class TaskCloser(ParserBase):
    """Turns the text between task boundaries and annotations into task records."""

    def _open_task(self, start: int, line: int, text_number: int | None, style: str = "") -> None:
        self.state.task = OpenTask(
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
                if ANNOTATION_HINT.search(key[open_at:]):
                    self.state.unclosed = Unclosed(line.start + open_at, line.number)
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
        if end < len(self.text) and self.text[end] in TRAILING_PUNCTUATION:
            end += 1
        task = self.state.task
        if task is None:
            loose = self.state.loose
            start = loose.start if loose is not None else line.content_start
            start += skip_blanks(self.text[start:open_at])
            task = OpenTask(start=start, line=self._line_of(start), text_number=None, path=self._current_path())
            self.state.loose = None
        task.annotation = annotation
        task.annotation_span = (open_at, close_at)
        task.end = end
        self._finish_task(task)
        self.state.task = None
        if self.text[end:line.end].strip(SKIPPABLE):
            after = end + skip_blanks(self.text[end:line.end])
            self.state.loose = Loose(after, line.number, self._current_section(), after_task=True, end=after)

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
        if not chunk.strip(SKIPPABLE):
            return
        if loose.after_task or loose.section is None:
            if is_rule_note(self.key[loose.start : end]):
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
        if not RULE_NOTE_HINT.search(key):
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

