"""What the views draw, read from a built dataset with plain SPARQL SELECTs.

:func:`load_view_data` runs a handful of small queries against a
``pyoxigraph.Store`` (the union of all named graphs as the default graph,
as docs/graph-shape.md prescribes) and returns :class:`ViewData`: plain
records of plans, tasks, departments, systems, lists and cited documents
and the relations between them. The views (:mod:`viz.views`) turn these
records into nodes and edges; nothing here knows about HTML.

Labels are kept per language tag (``zh-Hant``, ``zh-Hans``, ``en``, or
``""`` for an untagged literal) so a view can pick the reader's script.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.report import DIRECT_DEPENDENCY_PATTERN
from kg.languages import LANGUAGES

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
    jurisdiction_labels: Labels = field(default_factory=dict)
    match_keys: set[str] = field(default_factory=set)


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
class ViewData:
    """Everything a view needs, keyed by IRI; relations as (subject, object) pairs."""

    plans: dict[str, PlanRecord] = field(default_factory=dict)
    tasks: dict[str, TaskRecord] = field(default_factory=dict)
    departments: dict[str, DepartmentRecord] = field(default_factory=dict)
    areas: dict[str, ThingRecord] = field(default_factory=dict)
    systems: dict[str, ThingRecord] = field(default_factory=dict)
    lists: dict[str, ThingRecord] = field(default_factory=dict)
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    involvements: list[tuple[str, str, str]] = field(default_factory=list)  # (task, role, department)
    relies_on: list[tuple[str, str]] = field(default_factory=list)  # (task, system)
    provides: list[tuple[str, str]] = field(default_factory=list)  # (task, system)
    creates: list[tuple[str, str]] = field(default_factory=list)  # (task, list)
    uses: list[tuple[str, str]] = field(default_factory=list)  # (task, list)
    depends_on: list[tuple[str, str]] = field(default_factory=list)  # (task, task it directly depends on)
    cites: list[tuple[str, str]] = field(default_factory=list)  # (plan or task, document)

    def role_counts(self) -> dict[str, dict[str, int]]:
        """Department IRI → {role: number of tasks}."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROLES, 0))
        for _task, role, department in self.involvements:
            counts[department][role] += 1
        return dict(counts)


def _prefix_block() -> str:
    from kg.graph.namespace import PREFIXES

    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())


# Each query returns one value a row and DISTINCT rows: the union of graphs repeats what several
# plans (and the reasoner) assert, and OPTIONALs side by side would multiply labels by labels.
_QUERIES = {
    "plans": """
SELECT DISTINCT ?plan ?property ?value WHERE {
  ?plan a plan:Plan .
  VALUES ?property { dct:title eli:id_local plan:jurisdiction }
  ?plan ?property ?value .
}""",
    "governments": """
SELECT DISTINCT ?gov ?label WHERE {
  { ?plan plan:jurisdiction ?gov } UNION { ?unit org:subOrganizationOf ?gov }
  ?gov skos:prefLabel ?label .
}""",
    "tasks": """
SELECT DISTINCT ?task ?plan ?number WHERE {
  ?task a plan:Task .
  OPTIONAL { ?task p-plan:isStepOfPlan ?plan }
  OPTIONAL { ?task schema:position ?position }
  OPTIONAL { ?task skos:notation ?notation }
  BIND(COALESCE(?position, ?notation) AS ?number)
}""",
    "task_texts": """
SELECT DISTINCT ?task ?text WHERE { ?task a plan:Task ; dct:description ?text }""",
    "task_areas": """
SELECT DISTINCT ?task ?area WHERE { ?task a plan:Task ; dct:isPartOf+ ?area . ?area a plan:Area }""",
    "labels": """
SELECT DISTINCT ?thing ?label WHERE {
  { ?thing a plan:Area ; rdfs:label ?label }
  UNION { ?thing a plan:List ; rdfs:label ?label }
  UNION { ?thing a plan:System ; skos:prefLabel ?label }
}""",
    "deadlines": """
SELECT DISTINCT ?task ?deadline ?raw ?date WHERE {
  ?task a plan:Task ; plan:hasDeadline ?deadline .
  OPTIONAL { ?deadline plan:sourceText ?raw }
  OPTIONAL { ?deadline time:inXSDDate ?date }
}""",
    "targets": """
SELECT DISTINCT ?task ?indicator ?raw WHERE {
  ?task a plan:Task ; plan:hasIndicator ?indicator .
  OPTIONAL { ?indicator plan:sourceText ?sourceText }
  OPTIONAL { ?indicator rdfs:label ?label }
  BIND(COALESCE(?sourceText, ?label) AS ?raw)
}""",
    "involvements": """
SELECT DISTINCT ?task ?role ?org WHERE {
  VALUES (?role ?property) {
    ("lead" plan:leadDepartment) ("responsible" plan:responsibleDepartment) ("joint" plan:jointDepartment)
  }
  ?task ?property ?org .
  ?task a plan:Task .
}""",
    "departments": """
SELECT DISTINCT ?org ?property ?label WHERE {
  { SELECT DISTINCT ?org WHERE {
      VALUES ?role { plan:leadDepartment plan:responsibleDepartment plan:jointDepartment }
      ?task ?role ?org } }
  VALUES ?property { skos:prefLabel skos:altLabel rdfs:label plan:matchKey plan:kind org:subOrganizationOf }
  ?org ?property ?label .
}""",
    "collectives": """
SELECT DISTINCT ?org WHERE { ?org a plan:CollectiveUnit }""",
    "relations": """
SELECT DISTINCT ?task ?relation ?thing WHERE {
  VALUES (?relation ?property) {
    ("relies_on" plan:reliesOn) ("provides" plan:provides) ("creates" plan:creates) ("uses" plan:uses)
  }
  ?task ?property ?thing .
  ?task a plan:Task .
}""",
    # direct dependencies only, followed inside one plan: the pattern plankg analyze uses
    "depends_on": "SELECT DISTINCT ?task ?prerequisite WHERE {" + DIRECT_DEPENDENCY_PATTERN + "}",
    "cites": """
SELECT DISTINCT ?citer ?doc WHERE {
  ?citer eli:cites ?doc .
  { ?citer a plan:Task } UNION { ?citer a plan:Plan }
}""",
    "documents": """
SELECT DISTINCT ?doc ?property ?value WHERE {
  { SELECT DISTINCT ?doc WHERE { ?citer eli:cites ?doc } }
  VALUES ?property { eli:id_local dct:title dct:creator }
  ?doc ?property ?value .
}""",
}


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


_CANONICAL_TAGS = {tag.lower(): tag for tag in LANGUAGES}


def _language(term: Any) -> str:
    """The literal's language tag in BCP 47 case (stores may lower-case ``zh-Hant``)."""
    tag = getattr(term, "language", None) or ""
    return _CANONICAL_TAGS.get(tag.lower(), tag)


def _select(store: Any, name: str) -> Iterator[Any]:
    from kg.errors import DatasetError

    try:
        yield from store.query(_prefix_block() + _QUERIES[name], use_default_graph_as_union=True)
    except (SyntaxError, OSError) as error:  # pragma: no cover - the queries are fixed
        raise DatasetError(f"the dataset could not be read for the views ({name}): {error}") from error


def _add_shortest_label(labels: Labels, term: Any) -> None:
    """Keep one label per language, the shortest (then first in code-point order): deterministic across plans."""
    language, text = _language(term), str(term.value)
    current = labels.get(language)
    if current is None or (len(text), text) < (len(current), current):
        labels[language] = text


def _pairs(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(set(rows))


def load_view_data(store: Any) -> ViewData:
    """Read the records every view draws from a pyoxigraph store of a built dataset."""
    data = ViewData()
    governments: dict[str, Labels] = defaultdict(dict)
    for row in _select(store, "governments"):
        _add_shortest_label(governments[_value(row["gov"]) or ""], row["label"])
    for row in _select(store, "plans"):
        iri, prop, value = _value(row["plan"]) or "", _value(row["property"]) or "", row["value"]
        plan = data.plans.setdefault(iri, PlanRecord(iri))
        if prop.endswith("title"):
            _add_shortest_label(plan.titles, value)
        elif prop.endswith("id_local"):
            plan.id_local = min(filter(None, (plan.id_local, str(value.value))))
        else:
            plan.jurisdiction = str(value.value)
            plan.jurisdiction_labels = governments.get(plan.jurisdiction, {})

    for row in _select(store, "tasks"):
        iri = _value(row["task"]) or ""
        if iri not in data.tasks:
            data.tasks[iri] = TaskRecord(iri, _value(row["plan"]) or "", _task_number(_value(row["number"])))
    for row in _select(store, "task_texts"):
        task = data.tasks.get(_value(row["task"]) or "")
        if task is not None:
            _add_shortest_label(task.texts, row["text"])
    labels: dict[str, Labels] = defaultdict(dict)
    for row in _select(store, "labels"):
        _add_shortest_label(labels[_value(row["thing"]) or ""], row["label"])
    for row in _select(store, "task_areas"):
        task = data.tasks.get(_value(row["task"]) or "")
        area = _value(row["area"]) or ""
        if task is not None and (task.area is None or len(area) > len(task.area)):
            task.area = area  # the innermost, should areas ever nest
        data.areas.setdefault(area, ThingRecord(area, labels.get(area, {})))

    deadlines: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(store, "deadlines"):
        raw, date = _value(row["raw"]), _value(row["date"])
        text = f"{raw} ({date})" if raw and date else (raw or date or "")
        deadlines[_value(row["task"]) or ""][_value(row["deadline"]) or ""] = text
    targets: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(store, "targets"):
        targets[_value(row["task"]) or ""][_value(row["indicator"]) or ""] = _value(row["raw"]) or ""
    for iri, task in data.tasks.items():
        task.deadlines = _ordered_unique(deadlines.get(iri, {}))
        task.targets = _ordered_unique(targets.get(iri, {}))

    data.involvements = sorted(
        {(_value(row["task"]) or "", _value(row["role"]) or "", _value(row["org"]) or "") for row in _select(store, "involvements")}
    )
    for row in _select(store, "departments"):
        iri = _value(row["org"]) or ""
        department = data.departments.setdefault(iri, DepartmentRecord(iri))
        prop = _value(row["property"]) or ""
        if prop.endswith("subOrganizationOf"):
            department.jurisdiction_labels = governments.get(_value(row["label"]) or "", {})
        else:
            _add_department_property(department, prop, row["label"])
    collectives = {_value(row["org"]) for row in _select(store, "collectives")}
    for iri, department in data.departments.items():
        department.collective = iri in collectives
        for language, text in department.written.items():
            department.names.setdefault(language, text)
        if department.collective:
            department.kind = "collective"
        department.short_names.sort(key=lambda name: (len(name), name))

    related: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _select(store, "relations"):
        relation, thing = _value(row["relation"]) or "", _value(row["thing"]) or ""
        related[relation].add((_value(row["task"]) or "", thing))
        things = data.systems if relation in ("relies_on", "provides") else data.lists
        things.setdefault(thing, ThingRecord(thing, labels.get(thing, {})))
    data.relies_on, data.provides = sorted(related["relies_on"]), sorted(related["provides"])
    data.creates, data.uses = sorted(related["creates"]), sorted(related["uses"])
    data.depends_on = _pairs((_value(row["task"]) or "", _value(row["prerequisite"]) or "") for row in _select(store, "depends_on"))

    data.cites = _pairs((_value(row["citer"]) or "", _value(row["doc"]) or "") for row in _select(store, "cites"))
    numbers: dict[str, list[str]] = defaultdict(list)
    issuers: dict[str, list[str]] = defaultdict(list)
    for row in _select(store, "documents"):
        iri, prop, value = _value(row["doc"]) or "", _value(row["property"]) or "", row["value"]
        document = data.documents.setdefault(iri, DocumentRecord(iri))
        if prop.endswith("id_local"):
            numbers[iri].append(str(value.value))
        elif prop.endswith("creator"):
            issuers[iri].append(str(value.value))
        else:
            _add_shortest_label(document.titles, value)
    for _citer, iri in data.cites:
        data.documents.setdefault(iri, DocumentRecord(iri))
    for iri, document in data.documents.items():
        # the shortest spelling: plans may write the issuer with or without its level (自治區 / 自治區人民政府)
        document.number = min(numbers[iri], key=lambda text: (len(text), text), default=None)
        document.issuer = min(issuers[iri], key=lambda text: (len(text), text), default=None)
    return data


def _add_department_property(department: DepartmentRecord, prop: str | None, term: Any) -> None:
    if prop is None or term is None:
        return
    text = str(term.value)
    if prop.endswith("#matchKey"):
        department.match_keys.add(text)
    elif prop.endswith("#kind"):
        department.kind = text
    elif prop.endswith("altLabel"):
        if text not in department.short_names:
            department.short_names.append(text)
    elif prop.endswith("prefLabel"):
        department.names[_language(term)] = text
    else:  # rdfs:label: as a plan writes the unit (the shortest, when plans differ)
        language = _language(term)
        current = department.written.get(language)
        if current is None or (len(text), text) < (len(current), current):
            department.written[language] = text


def _task_number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _ordered_unique(values: dict[str, str]) -> list[str]:
    """Values in the order of their node IRIs (``…/deadline/1``, ``…/deadline/2``), without repeats."""
    seen: dict[str, None] = {}
    for _key, value in sorted(values.items(), key=lambda item: _natural_key(item[0])):
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _natural_key(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


__all__ = [
    "DepartmentRecord",
    "DocumentRecord",
    "LANGUAGES",
    "PlanRecord",
    "ROLES",
    "TaskRecord",
    "ThingRecord",
    "ViewData",
    "load_view_data",
]
