"""The one record model every stage shares: parse fills it, build reads it.

Names of departments, documents and lists are kept *as written* in the
source; normalised forms live next to them (``*_normalized``) so that later
stages can match across scripts without losing the original text.

Character spans are ``[start, end)`` offsets into the decoded source text
(:attr:`Source.text`), so ``source.text[start:end]`` gives back exactly what
the document says.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["lead", "responsible", "joint"]
ListRole = Literal["creates", "uses"]
Comparator = Literal[">=", ">", "<=", "<", "="]
SectionLevel = Literal["part", "area", "group"]


@dataclass
class Source:
    """Where a plan came from and how it was decoded."""

    path: str
    sha256: str
    encoding: str
    media_type: str  # "text/plain" or "text/html"
    script: str = "Hant"  # "Hant" (traditional) or "Hans" (simplified), as written
    text: str = field(repr=False, default="")


@dataclass
class Document:
    """The header block and the notice that precede the plan itself."""

    title: str | None = None  # 標題: the notice's title as written
    plan_title: str | None = None  # the plan's own title (first 《》 in the notice title, or its heading)
    index_number: str | None = None  # 索引號
    category: str | None = None  # 信息分類
    issuer: str | None = None  # 發文機關
    document_number: str | None = None  # 發文字號 (often empty)
    date: str | None = None  # 成文日期, ISO 8601
    validity: str | None = None  # 公文時效 (有效 …)
    addressees: list[str] = field(default_factory=list)  # the notice's 主送 units
    issuing_office: str | None = None  # signature line of the notice
    notice_date: str | None = None  # the notice's own date, ISO 8601
    year: int | None = None  # the plan year, used to resolve deadlines
    jurisdiction: str | None = None  # the issuing government's place name (錫林浩特市)
    first_listed_leads: bool = False  # the plan says the first-listed unit leads


@dataclass
class Citation:
    """A superior document cited by the plan or one of its tasks."""

    title: str | None = None  # inside 《》, as written
    issuer: str | None = None  # written before the title, as written
    number: str | None = None  # document number as written (國辦發〔2022〕2 號)
    number_normalized: str | None = None  # simplified, no spaces, 〔〕 brackets
    title_normalized: str | None = None  # simplified, no spaces, for matching

    @property
    def key(self) -> str:
        """The identity of the cited document: its number, else its title."""
        return self.number_normalized or self.title_normalized or ""


@dataclass
class ListRef:
    """A 清單 (list / register) a task creates, publishes or uses."""

    name: str
    role: ListRole
    name_normalized: str = ""


@dataclass
class Indicator:
    """A numeric target (即辦件占比達到85%以上 → ≥ 85 %)."""

    name: str  # what is measured, as written
    op: Comparator
    value: float
    unit: str  # "%", "名", …
    text: str  # the clause the target was read from


@dataclass
class Deadline:
    """A point in time by which something is due."""

    text: str  # the raw phrase (3月底前)
    date: str | None  # ISO 8601 date it resolves to, in the plan's year


@dataclass
class Cadence:
    """A recurring reporting rhythm (月督辦, 季通報): not a deadline."""

    text: str
    period: str  # ISO 8601 duration: P1W, P1M, P3M, P1Y


SystemRole = Literal["provides", "reliesOn"]


@dataclass
class SystemUse:
    """An information system a task names, and whether the task provides (builds, runs) it or relies on it."""

    name: str  # canonical name
    role: SystemRole


@dataclass
class Unit:
    """A department or collective unit named in a responsibility annotation."""

    name: str  # as written
    role: Role
    collective: bool = False  # 各蘇木鎮, 市直各相關部門 …: stands for many units


@dataclass
class Task:
    """One task: a numbered item with its note, or one of several notes inside a numbered item.

    ``number`` is the number the document writes (``1000.`` is task 1000, whatever came before it);
    ``notation`` is the task's name, unique within the plan: ``"5"``, ``"5.1"`` and ``"5.2"`` for the two
    notes inside item 5 (whose ``parent`` is ``"5"``), ``"2-2"`` for the second item written ``2.``.
    """

    number: int
    text: str  # exactly as written, annotation included
    span: tuple[int, int]
    path: str  # dotted section path: "2.1.1"
    line: int  # 1-based line where the task starts
    numbered: bool = True  # False: numbered by document order, not by the text
    units: list[Unit] = field(default_factory=list)
    open_list: bool = False  # the unit list ends with 等
    annotation: str | None = None  # the responsibility annotation as written
    cites: list[Citation] = field(default_factory=list)
    lists: list[ListRef] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    cadences: list[Cadence] = field(default_factory=list)
    systems: list[SystemUse] = field(default_factory=list)  # systems named, with what the task does with each
    notation: str = ""  # unique within the plan; str(number) unless the item holds several notes or repeats a number
    parent: str | None = None  # the notation of the numbered item this task is one note of

    def __post_init__(self) -> None:
        if not self.notation:
            self.notation = str(self.number)

    def names(self, role: Role) -> list[str]:
        return [unit.name for unit in self.units if unit.role == role]

    @property
    def lead(self) -> list[str]:
        return self.names("lead")

    @property
    def responsible(self) -> list[str]:
        return self.names("responsible")

    @property
    def joint(self) -> list[str]:
        return self.names("joint")


@dataclass
class Section:
    path: str  # dotted path: "2", "2.1", "2.1.1"
    level: SectionLevel
    ordinal: str  # as written or recovered: "二", "一", "一是"
    title: str | None
    line: int
    repaired: bool = False  # the heading was recovered from garbled bytes
    raw: str | None = None  # the heading line as written, when repaired
    text: str | None = None  # any prose after the title on the heading line
    tasks: list[int] = field(default_factory=list)
    cadences: list[Cadence] = field(default_factory=list)


@dataclass
class ParseWarning:
    line: int
    message: str
    text: str = ""


@dataclass
class Plan:
    id: str  # stable identifier: index number, else document number, else title hash
    source: Source
    document: Document
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # deduplicated, preamble included
    warnings: list[ParseWarning] = field(default_factory=list)

    def task(self, number: int | str) -> Task:
        """The task written ``number`` (the first, if several), or the task whose notation is ``number``."""
        for task in self.tasks:
            if task.notation == str(number) or (isinstance(number, int) and task.number == number):
                return task
        raise KeyError(number)

    def section(self, path: str) -> Section:
        for section in self.sections:
            if section.path == path:
                return section
        raise KeyError(path)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``plankg extract --format json``."""
        return plan_to_dict(self)


def _task_to_dict(task: Task) -> dict[str, Any]:
    data = asdict(task)
    data["span"] = list(task.span)
    data["lead"] = task.lead
    data["responsible"] = task.responsible
    data["joint"] = task.joint
    data["collective"] = [unit.name for unit in task.units if unit.collective]
    # notation and parent appear only where they say more than the number: a task among several notes of one
    # item (5.1, parent 5), or an item whose number the document repeats (2-2)
    if data["notation"] == str(task.number):
        del data["notation"]
    if data["parent"] is None:
        del data["parent"]
    return data


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    source = asdict(plan.source)
    source.pop("text")
    return {
        "id": plan.id,
        "source": source,
        "document": asdict(plan.document),
        "sections": [asdict(section) for section in plan.sections],
        "tasks": [_task_to_dict(task) for task in plan.tasks],
        "citations": [asdict(citation) for citation in plan.citations],
        "warnings": [asdict(warning) for warning in plan.warnings],
    }
