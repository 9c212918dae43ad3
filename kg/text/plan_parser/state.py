"""The parser's state while it walks the body: the open task, loose text, an unclosed bracket, the outline."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Section, Task
from kg.text.annotations import Annotation

__all__ = ["Found", "Loose", "OpenTask", "ParseState", "Unclosed"]


@dataclass
class OpenTask:
    """A task whose annotation has not closed yet."""

    start: int
    line: int
    text_number: int | None  # the number the text gives it, if any
    path: str
    annotation: Annotation | None = None
    annotation_span: tuple[int, int] | None = None
    end: int = 0
    style: str = ""  # "dotted" (1.) or "bracketed" (（1）) for numbered tasks
    item: int | None = None  # the item it is a note of, when not the numbered item being read (a heading's)


@dataclass
class Loose:
    """Running text not yet part of a task: a heading's prose, or text after a closed task."""

    start: int
    line: int
    section: Section | None
    after_task: bool
    end: int = 0


@dataclass
class Unclosed:
    open_at: int  # offset of the opening bracket
    line: int
    continued: list[int] = field(default_factory=list)  # later lines read as part of the open note


@dataclass
class Found:
    """A task record with the number its item is written with and the item it belongs to."""

    record: Task
    written: int | None  # the number the text writes, if the task opens a numbered item
    item: int | None  # which numbered item (in document order) the task is a note of, if any
    style: str = ""  # how its item is numbered: "dotted" 1., "bracketed" （1）, "" an ordinal （一） or none


@dataclass
class ParseState:
    stack: list[Section] = field(default_factory=list)
    task: OpenTask | None = None
    loose: Loose | None = None
    unclosed: Unclosed | None = None
    children: dict[str, int] = field(default_factory=dict)  # parent path -> sections opened under it
    last_ordinal: dict[tuple[str, str], str] = field(default_factory=dict)  # (parent path, level) -> ordinal
    tasks_in_section: int = 0  # tasks closed since the last heading
    labelled: Task | None = None  # the last task, while it was closed by an unbracketed label line
    item: int | None = None  # the numbered item being read: the notes after its first one are its further tasks
