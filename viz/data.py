"""What the views draw, read from a built dataset.

:func:`load_view_data` reads the records analysis reads (:mod:`kg.analysis.records`:
plans, tasks, departments, who does what, what tasks rely on and make) and adds
what only the pictures show: areas, deadlines, targets, the names of systems and
lists, cited documents. Every query is an internal ``.rq`` file
(``queries/internal/``). The direct dependencies and each department's workload
are computed by :mod:`kg.analysis`, so the pages, the chart and ``plankg analyze``
agree. Nothing here knows about HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.dependencies import direct_dependencies
from kg.analysis.records import (
    ROLES,
    DepartmentRecord,
    Labels,
    PlanRecord,
    ReadAhead,
    Records,
    TaskRecord,
    add_shortest_label,
    read_records,
    record_reads,
    select,
    value,
)
from kg.analysis.workload import Load, department_loads
from kg.languages import LANGUAGES


@dataclass
class ThingRecord:
    """A system, a list (清单) or an area: something with labels only."""

    iri: str
    labels: Labels = field(default_factory=dict)


@dataclass
class DocumentRecord:
    iri: str
    number: str | None = None
    titles: Labels = field(default_factory=dict)
    issuer: str | None = None  # as written


@dataclass
class ViewData(Records):
    """Everything a view needs, keyed by IRI; relations as (subject, object) pairs."""

    areas: dict[str, ThingRecord] = field(default_factory=dict)
    systems: dict[str, ThingRecord] = field(default_factory=dict)
    lists: dict[str, ThingRecord] = field(default_factory=dict)
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    depends_on: list[tuple[str, str]] = field(default_factory=list)  # (task, task it directly depends on)
    cites: list[tuple[str, str]] = field(default_factory=list)  # (plan or task, document)

    def loads(self) -> dict[str, Load]:
        """Department IRI → its workload (:func:`kg.analysis.workload.department_loads`)."""
        return department_loads(self.involvements)


VIEW_READS: dict[str | None, frozenset[str]] = {
    None: frozenset({"texts", "details", "relations", "citations"}),
    "responsibility": frozenset({"texts", "details"}),
    "dependency": frozenset({"texts", "details", "relations"}),
    "citation": frozenset({"texts", "details", "citations"}),
    "workload-chart": frozenset(),
}
"""What each view draws beyond plans, departments and who does what (None: every view): task texts;
details (areas, deadlines, targets); relations (systems, lists, dependencies); citations (documents)."""


def load_view_data(store: Any, kind: str | None = None) -> ViewData:
    """Read the records a view draws from a pyoxigraph store of a built dataset.

    ``kind``: read only what that view draws (:data:`VIEW_READS`; a corpus's rows take seconds to
    read); None reads what every view draws."""
    reads = VIEW_READS.get(kind, VIEW_READS[None])
    names = record_reads(texts="texts" in reads, relations="relations" in reads)
    if "details" in reads:
        names += ["task-areas", "area-labels", "task-targets", "task-deadlines", *(["thing-labels"] if "relations" in reads else [])]
    if "citations" in reads:
        names += ["cites", "documents"]
    reader = ReadAhead(store, names)  # read two at a time: pyoxigraph lets go of the interpreter while it reads
    try:
        data = read_records(reader, ViewData(), texts="texts" in reads, relations="relations" in reads)
        if "details" in reads:
            _read_details(reader, data, systems="relations" in reads)
        if "relations" in reads:
            data.depends_on = direct_dependencies(data)
        if "citations" in reads:
            _read_citations(reader, data)
    finally:
        reader.close()
    return data


def _read_details(store: Any, data: ViewData, *, systems: bool) -> None:
    """Each task's area, deadlines and targets; the names of areas (and of systems and lists)."""
    labels: dict[str, Labels] = defaultdict(dict)
    for row in (*select(store, "area-labels"), *(select(store, "thing-labels") if systems else ())):
        add_shortest_label(labels[value(row["thing"]) or ""], row["label"])
    for task_iri, area_iri in select(store, "task-areas", ordered=False):
        task, area = data.tasks.get(task_iri.value), area_iri.value
        # the innermost, should areas ever nest (the longest IRI; of two as long, the first in IRI order)
        if task is not None and (task.area is None or (-len(area), area) < (-len(task.area), task.area)):
            task.area = area
        if area not in data.areas:
            data.areas[area] = ThingRecord(area, labels.get(area, {}))

    deadlines: dict[str, dict[str, str]] = defaultdict(dict)
    for row in select(store, "task-deadlines"):
        raw, date = value(row["raw"]), value(row["date"])
        text = f"{raw} ({date})" if raw and date else (raw or date or "")
        deadlines[value(row["task"]) or ""][value(row["deadline"]) or ""] = text
    targets: dict[str, dict[str, str]] = defaultdict(dict)
    for row in select(store, "task-targets"):
        targets[value(row["task"]) or ""][value(row["indicator"]) or ""] = value(row["raw"]) or ""
    for iri, found in deadlines.items():
        if iri in data.tasks:
            data.tasks[iri].deadlines = _ordered_unique(found)
    for iri, found in targets.items():
        if iri in data.tasks:
            data.tasks[iri].targets = _ordered_unique(found)
    if systems:
        for relation, things in (("relies_on", data.systems), ("provides", data.systems), ("creates", data.lists), ("uses", data.lists)):
            for _task, thing in getattr(data, relation):
                things.setdefault(thing, ThingRecord(thing, labels.get(thing, {})))


def _read_citations(store: Any, data: ViewData) -> None:
    """What plans and tasks cite, and each cited document's number, title and issuer."""
    data.cites = sorted({(value(row["citer"]) or "", value(row["doc"]) or "") for row in select(store, "cites", ordered=False)})
    numbers: dict[str, list[str]] = defaultdict(list)
    issuers: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "documents"):
        iri, prop, found = value(row["doc"]) or "", value(row["property"]) or "", row["value"]
        document = data.documents.setdefault(iri, DocumentRecord(iri))
        if prop.endswith("id_local"):
            numbers[iri].append(str(found.value))
        elif prop.endswith("creator"):
            issuers[iri].append(str(found.value))
        else:
            add_shortest_label(document.titles, found)
    for _citer, iri in data.cites:
        data.documents.setdefault(iri, DocumentRecord(iri))
    for iri, document in data.documents.items():
        # the shortest spelling: plans may write the issuer with or without its level (自治區 / 自治區人民政府)
        document.number = min(numbers[iri], key=lambda text: (len(text), text), default=None)
        document.issuer = min(issuers[iri], key=lambda text: (len(text), text), default=None)


def _ordered_unique(values: dict[str, str]) -> list[str]:
    """Values in the order of their node IRIs (``…/deadline/1``, ``…/deadline/2``), without repeats."""
    seen: dict[str, None] = {}
    for _key, found in sorted(values.items(), key=lambda item: _natural_key(item[0])):
        if found:
            seen.setdefault(found, None)
    return list(seen)


def _natural_key(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


__all__ = [
    "LANGUAGES",
    "ROLES",
    "DepartmentRecord",
    "DocumentRecord",
    "Labels",
    "PlanRecord",
    "TaskRecord",
    "ThingRecord",
    "VIEW_READS",
    "ViewData",
    "load_view_data",
]
