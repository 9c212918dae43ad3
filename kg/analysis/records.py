"""The facts analysis and views start from, read from a built store with the internal queries.

Each internal query (``queries/internal/*.rq``) is a plain SELECT of one value a
row over the union of the graphs; this module turns the rows into records keyed
by IRI. Nothing is joined in SPARQL across plans: a join such as "a task that
relies on a system another task provides" runs here, per plan
(:mod:`kg.analysis.dependencies`), so the cost grows with the corpus, not with
its square.

Labels are kept per language tag (``zh-Hant``, ``zh-Hans``, ``en``, or ``""``
for an untagged literal) so a reader can pick its script.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kg.errors import DatasetError
from kg.languages import LANGUAGES
from kg.resources import internal_query

ROLES = ("lead", "responsible", "joint")
"""Responsibility roles, in the order a reader weighs them."""

Labels = dict[str, str]
"""Language tag → text. ``""`` holds an untagged literal."""


@dataclass
class PlanRecord:
    iri: str
    titles: Labels = field(default_factory=dict)
    id_local: str | None = None
    jurisdiction: str | None = None  # IRI of the issuing government
    jurisdiction_labels: Labels = field(default_factory=dict)


@dataclass
class TaskRecord:
    iri: str
    plan: str
    number: int
    texts: Labels = field(default_factory=dict)
    area: str | None = None  # IRI of the plan:Area the task falls under, if any
    deadlines: list[str] = field(default_factory=list)  # "3月底前 (2022-03-31)"
    targets: list[str] = field(default_factory=list)  # the clause each indicator was read from


@dataclass
class DepartmentRecord:
    iri: str
    names: Labels = field(default_factory=dict)  # skos:prefLabel per language: the full name
    written: Labels = field(default_factory=dict)  # rdfs:label per language: how the plans write it
    short_names: list[str] = field(default_factory=list)  # skos:altLabel, as written
    kind: str = "other"
    collective: bool = False
    jurisdiction: str | None = None  # IRI of the government it belongs to
    jurisdiction_labels: Labels = field(default_factory=dict)
    place_labels: Labels = field(default_factory=dict)  # dct:coverage of its government: 錫林浩特市
    match_keys: set[str] = field(default_factory=set)


@dataclass
class Records:
    """Plans, tasks and departments keyed by IRI; who does what as (task, role, department) triples;
    what tasks rely on, provide, create and use as (task, thing) pairs."""

    plans: dict[str, PlanRecord] = field(default_factory=dict)
    tasks: dict[str, TaskRecord] = field(default_factory=dict)
    departments: dict[str, DepartmentRecord] = field(default_factory=dict)
    involvements: list[tuple[str, str, str]] = field(default_factory=list)  # (task, role, department)
    relies_on: list[tuple[str, str]] = field(default_factory=list)  # (task, system)
    provides: list[tuple[str, str]] = field(default_factory=list)  # (task, system)
    creates: list[tuple[str, str]] = field(default_factory=list)  # (task, list)
    uses: list[tuple[str, str]] = field(default_factory=list)  # (task, list)
    stated_dependencies: list[tuple[str, str]] = field(default_factory=list)  # (task, prerequisite) as a plan says
    governments: dict[str, dict[str, Labels]] = field(default_factory=dict)  # IRI → {"name"|"place": labels}


@dataclass
class Answer:
    """A query's solutions read whole: its variables and its rows (as the store's solutions are)."""

    variables: list[Any]
    rows: list[Any]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class ReadAhead:
    """A store whose internal queries ``names`` are read ahead, as many at once as the machine has cores.

    pyoxigraph lets go of the interpreter while it reads, so on a corpus two internal queries take
    about the time of one (3.4 → 1.6 s for the four largest on 1,000 plans). Any other query goes to
    the store as it comes. Each answer is the store's, in the store's order, so what is made of the
    rows is the same as when they are read one query after another.
    """

    def __init__(self, store: Any, names: Iterable[str]) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)))
        texts = [internal_query(name) for name in names]
        self._ahead: dict[str, Future[Answer]] = {text: self._pool.submit(self._read, text) for text in texts}
        self._pool.shutdown(wait=False)  # the submitted reads run on; nothing else is taken

    def _read(self, text: str) -> Answer:
        solutions = self.store.query(text, use_default_graph_as_union=True)
        return Answer(list(solutions.variables), list(solutions))

    def query(self, text: str, **keywords: Any) -> Any:
        ahead = self._ahead.pop(text, None)
        return ahead.result() if ahead is not None else self.store.query(text, **keywords)

    def close(self) -> None:
        """Wait for the reads nobody asked for (an error stopped the reader), dropping their answers."""
        for ahead in self._ahead.values():
            if not ahead.cancel():
                ahead.exception()  # waits for it to end; its answer or error is not wanted
        self._ahead.clear()


RECORD_READS = ("tasks", "task-texts", "involvements", "departments", "plans", "governments", "collectives")
RELATION_READS = ("relations", "stated-dependencies")
"""The internal queries :func:`read_records` reads (the largest first), and those :func:`read_relations` adds."""


def record_reads(*, texts: bool = True, relations: bool = True) -> list[str]:
    """The internal queries :func:`read_records` reads with these options, largest first."""
    return [name for name in RECORD_READS if texts or name != "task-texts"] + (list(RELATION_READS) if relations else [])


def select(store: Any, name: str, *, ordered: bool = True) -> Iterator[Any]:
    """The solutions of ``queries/internal/NAME.rq`` over the union of the store's graphs.

    ``ordered``: in a fixed order, whatever order the store answers in (a triple store's differs from
    the build's), for a reader that keeps the first or last of several values; a reader that gathers
    the rows into a set, or keeps the shortest label, does without (sorting a corpus's rows costs seconds)."""
    try:
        solutions = store.query(internal_query(name), use_default_graph_as_union=True)
        if not ordered:
            yield from solutions
            return
        width = len(solutions.variables)
        yield from sorted(solutions, key=lambda row: tuple("" if row[i] is None else str(row[i]) for i in range(width)))
    except (SyntaxError, OSError, RuntimeError) as error:
        raise DatasetError(f"the dataset could not be read ({name}): {error}; rebuild it with `plankg build`") from error


def value(term: Any) -> str | None:
    return None if term is None else str(term.value)


_CANONICAL_TAGS = {tag.lower(): tag for tag in LANGUAGES}


def language(term: Any) -> str:
    """The literal's language tag in BCP 47 case (stores may lower-case ``zh-Hant``)."""
    tag = getattr(term, "language", None) or ""
    return _CANONICAL_TAGS.get(tag.lower(), tag)


def add_shortest_label(labels: Labels, term: Any) -> None:
    """Keep one label per language, the shortest (then first in code-point order): deterministic across plans."""
    tag, text = language(term), str(term.value)
    current = labels.get(tag)
    if current is None or (len(text), text) < (len(current), current):
        labels[tag] = text


def task_number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def read_records(store: Any, records: Records | None = None, *, texts: bool = True, relations: bool = True) -> Records:
    """Fill ``records`` (a new :class:`Records` by default) with plans, tasks, departments and their relations.

    ``texts``: read each task's text too (tooltips, exported graphs); the figures do not need it.
    ``relations``: read what tasks rely on, provide, create and use, and the dependencies plans state
    (the dependencies need them; who does what does not). Its queries are read ahead (:class:`ReadAhead`)
    unless ``store`` already is one."""
    if isinstance(store, ReadAhead):
        return _read_records(store, records, texts=texts, relations=relations)
    reader = ReadAhead(store, record_reads(texts=texts, relations=relations))
    try:
        return _read_records(reader, records, texts=texts, relations=relations)
    finally:
        reader.close()


def _read_records(store: Any, records: Records | None, *, texts: bool, relations: bool) -> Records:
    data = records if records is not None else Records()
    governments: dict[str, dict[str, Labels]] = defaultdict(lambda: {"name": {}, "place": {}})
    for row in select(store, "governments"):
        kind = "place" if (value(row["property"]) or "").endswith("coverage") else "name"
        add_shortest_label(governments[value(row["gov"]) or ""][kind], row["label"])
    data.governments = dict(governments)
    for row in select(store, "plans"):
        iri, prop, found = value(row["plan"]) or "", value(row["property"]) or "", row["value"]
        plan = data.plans.setdefault(iri, PlanRecord(iri))
        if prop.endswith("title"):
            add_shortest_label(plan.titles, found)
        elif prop.endswith("id_local"):
            plan.id_local = min(filter(None, (plan.id_local, str(found.value))))
        else:
            plan.jurisdiction = str(found.value)
            plan.jurisdiction_labels = data.governments.get(plan.jurisdiction, {}).get("name", {})
    _read_tasks(store, data)
    for task_iri, text in select(store, "task-texts", ordered=False) if texts else ():
        task = data.tasks.get(task_iri.value)
        if task is not None:
            add_shortest_label(task.texts, text)

    data.involvements = sorted(
        {(task, role.value, org.value) for org, role, tasks in select(store, "involvements", ordered=False) for task in tasks.value.split()}
    )
    for row in select(store, "departments"):
        iri = value(row["org"]) or ""
        department = data.departments.setdefault(iri, DepartmentRecord(iri))
        _add_department_property(department, value(row["property"]), row["label"], data.governments)
    collectives = {value(row["org"]) for row in select(store, "collectives", ordered=False)}
    for iri in sorted({iri for _task, _role, iri in data.involvements} - data.departments.keys()):
        data.departments[iri] = DepartmentRecord(iri)
    for iri, department in data.departments.items():
        department.collective = iri in collectives
        for tag, text in department.written.items():
            department.names.setdefault(tag, text)
        if department.collective:
            department.kind = "collective"
        department.short_names.sort(key=lambda name: (len(name), name))

    if relations:
        read_relations(store, data)
    return data


def _read_tasks(store: Any, data: Records) -> None:
    """Every task with its plan and number, keyed by IRI in IRI order. A task the store gives two plans
    or numbers keeps the first in the order :func:`select` sorts rows in (without sorting them all)."""
    found: dict[str, tuple[Any, Any]] = {}
    for task, plan, number in select(store, "tasks", ordered=False):
        iri = task.value
        current = found.get(iri)
        if current is None or (_term_order(plan), _term_order(number)) < (_term_order(current[0]), _term_order(current[1])):
            found[iri] = (plan, number)
    for iri in sorted(found):
        plan, number = found[iri]
        data.tasks[iri] = TaskRecord(iri, value(plan) or "", task_number(value(number)))


def _term_order(term: Any) -> str:
    """A term as :func:`select` orders rows by it."""
    return "" if term is None else str(term)


def read_relations(store: Any, data: Records) -> None:
    """Fill what the tasks read (``data.tasks``) rely on, provide, create and use, and the dependencies
    the plans state between two of them."""
    tasks = data.tasks
    related: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for task, relation, thing in select(store, "relations", ordered=False):
        if task.value in tasks:
            related[relation.value].add((task.value, thing.value))
    data.relies_on, data.provides = sorted(related["relies_on"]), sorted(related["provides"])
    data.creates, data.uses = sorted(related["creates"]), sorted(related["uses"])
    stated = ((task.value, prerequisite.value) for task, prerequisite in select(store, "stated-dependencies", ordered=False))
    data.stated_dependencies = sorted({(task, other) for task, other in stated if task != other and task in tasks and other in tasks})


def _add_department_property(
    department: DepartmentRecord, prop: str | None, term: Any, governments: dict[str, dict[str, Labels]]
) -> None:
    if prop is None or term is None:
        return
    text = str(term.value)
    if prop.endswith("subOrganizationOf"):
        department.jurisdiction = text
        department.jurisdiction_labels = governments.get(text, {}).get("name", {})
        department.place_labels = governments.get(text, {}).get("place", {})
    elif prop.endswith("#matchKey"):
        department.match_keys.add(text)
    elif prop.endswith("#kind"):
        department.kind = text
    elif prop.endswith("altLabel"):
        if text not in department.short_names:
            department.short_names.append(text)
    elif prop.endswith("prefLabel"):
        department.names[language(term)] = text
    else:  # rdfs:label: as a plan writes the unit (the shortest, when plans differ)
        tag = language(term)
        current = department.written.get(tag)
        if current is None or (len(text), text) < (len(current), current):
            department.written[tag] = text


__all__ = [
    "RECORD_READS",
    "RELATION_READS",
    "ROLES",
    "Answer",
    "DepartmentRecord",
    "Labels",
    "PlanRecord",
    "ReadAhead",
    "Records",
    "TaskRecord",
    "add_shortest_label",
    "language",
    "read_records",
    "read_relations",
    "record_reads",
    "select",
    "task_number",
    "value",
]
