"""The three network views as plain node and edge lists, ready to serialise for vis-network.

Each builder takes :class:`viz.data.ViewData` and returns a :class:`NetworkView`:
node and edge dicts in vis-network's shape (``id``, ``label``, ``shape``,
``size``, ``color``, ``from``/``to``, ``dashes`` …) plus three fields the page
script reads: ``iri``, ``tip`` (tooltip content as data: a heading, the text
and labelled rows, turned into DOM text by the page, never into markup) and
``search`` (every name of the node in both scripts and English, lower-cased).

* responsibility: departments (sized by load, coloured by kind) and tasks
  (coloured by area), with lead / responsible / joint edges styled apart;
* dependency: tasks and the systems and lists they rely on, create or use,
  with arrows for a task's direct dependence on another task;
* citation: plans, citing tasks and the superior documents they cite,
  grouped around their issuers.

Lists are built in one pass (no per-edge look-ups), so a hundred plans take
well under a second.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from kg.analysis.names import department_display_name, government_short
from kg.analysis.workload import WEIGHTS, Load, weighted_load
from kg.normalize import match_key, to_traditional
from viz.data import LANGUAGES, ROLES, DepartmentRecord, TaskRecord, ViewData
from viz.i18n import in_script, pick, text
from viz.layout import seed_positions

KINDS = ("responsibility", "dependency", "citation")

LOAD_WEIGHTS = WEIGHTS  # one definition of weighted load, shared with `plankg analyze`
"""A task a department leads, or shares without a lead, weighs twice a task it cooperates on."""

DEPARTMENT_COLOURS = {
    "bureau": "#2471a3",
    "commission": "#7d3c98",
    "centre": "#138d75",
    "office": "#ca6f1e",
    "company": "#8c564b",
    "collective": "#95a5a6",
    "other": "#34495e",
}
AREA_COLOURS = (
    "#f9d56e", "#a9dc76", "#8ecae6", "#f4a6a6", "#cdb4db", "#ffb870",
    "#b5e48c", "#ffc8dd", "#bde0fe", "#e9c46a", "#d4a373", "#90be6d",
)
ISSUER_COLOURS = (
    "#c0392b", "#2874a6", "#7d3c98", "#b7950b", "#148f77", "#a04000",
    "#1f618d", "#6c3483", "#117a65", "#873600", "#5d6d7e", "#943126",
)
NO_AREA_COLOUR = "#e5e7e9"

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "lead": {"color": "#c0392b", "width": 3.0, "dashes": False},
    "responsible": {"color": "#85929e", "width": 1.0, "dashes": [8, 6], "opacity": 0.55},
    "joint": {"color": "#e67e22", "width": 2.0, "dashes": [2, 4]},
    "relies_on": {"color": "#138d75", "width": 2.0, "dashes": False, "arrows": "to"},
    "provides": {"color": "#138d75", "width": 2.0, "dashes": [8, 5], "arrows": "to"},
    "creates": {"color": "#7d3c98", "width": 2.0, "dashes": False, "arrows": "to"},
    "uses": {"color": "#7d3c98", "width": 1.5, "dashes": [8, 5], "arrows": "to"},
    "depends_on": {"color": "#c0392b", "width": 2.5, "dashes": False, "arrows": "to"},
    "cites": {"color": "#2874a6", "width": 1.5, "dashes": False, "arrows": "to"},
    "part_of": {"color": "#b2babb", "width": 1.0, "dashes": [3, 5]},
    "issued_by": {"color": "#b2babb", "width": 1.0, "dashes": [8, 6]},
    "plan_of": {"color": "#7f8c8d", "width": 1.5, "dashes": False},
}

AGGREGATE_ABOVE = 10_000
"""Tasks and departments above which the responsibility view is shown by government and plan
(vis-network stays responsive with a few thousand nodes, not with tens of thousands)."""


@dataclass
class NetworkView:
    """One view: what the page draws, what its legend says, and how vis-network lays it out."""

    kind: str
    lang: str
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]] = field(default_factory=list)
    subtitle: str = ""
    drill: list[dict[str, Any]] = field(default_factory=list)  # per plan, its own view, compacted (see _compact)
    styles: list[dict[str, Any]] = field(default_factory=list)  # node styles the compacted views refer to


@lru_cache(maxsize=None)
def edge_style(relation: str, lang: str) -> dict[str, Any]:
    """What vis-network draws every edge of ``relation`` with: relation, title, colour, width, dashes, arrows."""
    style = EDGE_STYLES[relation]
    edge: dict[str, Any] = {
        "relation": relation,
        "title": text(relation, lang),
        "color": {"color": style["color"], "highlight": style["color"], "hover": style["color"], "opacity": style.get("opacity", 1.0)},
        "width": style["width"],
        "dashes": style["dashes"],
    }
    if "arrows" in style:
        edge["arrows"] = style["arrows"]
    return edge


class _Builder:
    """Numbers nodes as they are added and keeps them in order; one dict per node and edge.

    ``styled``: edges carry their style (:func:`edge_style`); a view the page rebuilds from its
    relation alone (a drill-down, see :func:`_compact`) keeps each edge as ``[from, to, relation]``."""

    def __init__(self, styled: bool = True) -> None:
        self.ids: dict[str, int] = {}
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.styled = styled

    def node(self, iri: str, make: Callable[[], dict[str, Any]]) -> int:
        node_id = self.ids.get(iri)
        if node_id is None:
            node_id = self.ids[iri] = len(self.nodes)
            node = make()
            node["id"] = node_id
            node["iri"] = iri
            self.nodes.append(node)
        return node_id

    def edge(self, source: str, target: str, relation: str, lang: str) -> None:
        if not self.styled:  # as the page reads a drill-down's edges: [from, to, relation]
            self.edges.append([self.ids[source], self.ids[target], relation])  # type: ignore[arg-type]
            return
        style = edge_style(relation, lang)
        self.edges.append({"from": self.ids[source], "to": self.ids[target], **style, "color": dict(style["color"])})


# -- helpers shared by the views ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, ...]:
    key = match_key(name)
    return tuple(dict.fromkeys((key, to_traditional(key), name.lower())))


def _search_key(*names: str, known: dict[str, tuple[str, ...]] | None = None) -> str:
    """What the page's search box matches: each name's match key, in both scripts, and as written
    (``known``: the keys of names worked out beforehand, see :func:`_names_keys`)."""
    keys: dict[str, None] = {}
    for name in names:
        if name:
            found = known.get(name) if known else None
            keys.update(dict.fromkeys(found if found is not None else _name_keys(name)))
    return " ".join(keys)


def _names_keys(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """:func:`_name_keys` of many names, their match keys converted to traditional script in one call
    (a corpus's task texts: half the time of one call each). No key holds a line break, and no
    conversion phrase spans one, so the joined keys convert as each does alone."""
    unique = list(dict.fromkeys(name for name in names if name))
    keys = [match_key(name) for name in unique]
    converted = to_traditional("\n".join(keys)).split("\n") if keys else []
    if len(converted) != len(keys):  # a key with a line break after all: one by one
        converted = [to_traditional(key) for key in keys]
    return {name: tuple(dict.fromkeys((key, other, name.lower()))) for name, key, other in zip(unique, keys, converted)}


def _heading_title(value: str) -> str:
    """A section heading's first clause: 推進政務服務事項標準化,實現同一事項… → 推進政務服務事項標準化."""
    head = re.split(r"[,，。;；:：]", value, maxsplit=1)[0].strip()
    return head if len(head) >= 4 else value


def _short(value: str, limit: int = 16) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class _Names:
    """Department names and tooltip rows worked out once for every view of one language that shares them
    (an aggregated page's plans share their departments: converting scripts again for each costs seconds)."""

    def __init__(self) -> None:
        self.labels: dict[tuple[str, bool], str] = {}
        self.names: dict[str, str] = {}  # a department's label without its jurisdiction
        self.rows: dict[str, list[list[str]]] = {}


class _Context:
    """What every view needs to name things: the data, the language and the plan numbering."""

    def __init__(self, data: ViewData, lang: str, search: bool = True, names: _Names | None = None) -> None:
        self.names = names or _Names()
        self.data = data
        self.lang = lang
        self.search = search  # compute what the search box matches (a drill-down view is not searched)
        self.plan_index = {iri: index for index, iri in enumerate(sorted(data.plans), start=1)}
        self.many_plans = len(data.plans) > 1
        jurisdictions = {tuple(sorted(d.jurisdiction_labels.items())) for d in data.departments.values() if d.jurisdiction_labels}
        self.many_jurisdictions = len(jurisdictions) > 1
        self.units_by_task: dict[str, dict[str, list[str]]] = {}
        for task, role, department in data.involvements:
            units = self.units_by_task.get(task)
            if units is None:
                units = self.units_by_task[task] = {"lead": [], "responsible": [], "joint": []}  # ROLES
            units[role].append(department)
        # an area's colour is its place in its own plan (first area, second …), the same in every plan
        areas_by_plan: dict[str, set[str]] = defaultdict(set)
        for task in data.tasks.values():
            if task.area:
                areas_by_plan[task.plan].add(task.area)
        self.area_ordinal: dict[str, int] = {}
        for areas in areas_by_plan.values():
            for ordinal, iri in enumerate(sorted(areas, key=_section_order)):
                self.area_ordinal[iri] = ordinal
        self.area_colour = {iri: AREA_COLOURS[ordinal % len(AREA_COLOURS)] for iri, ordinal in self.area_ordinal.items()}
        self.text_keys: dict[str, tuple[str, ...]] = {}

    def prepare_search(self, tasks: Iterable[TaskRecord]) -> list[TaskRecord]:
        """Work out the search keys of these tasks' texts at once (:func:`_names_keys`); the tasks back."""
        tasks = list(tasks)
        if self.search:
            self.text_keys = _names_keys(pick(task.texts, self.lang) for task in tasks)
        return tasks

    # workload (what `plankg analyze` prints; counted when a view draws departments) ----------------

    @cached_property
    def loads(self) -> dict[str, Load]:
        return self.data.loads()

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        return {iri: load.counts for iri, load in self.loads.items()}  # tasks by role, counted once

    @cached_property
    def weighted(self) -> dict[str, float]:
        return {iri: weighted_load(counts) for iri, counts in self.counts.items()}

    # names ------------------------------------------------------------------------------------------

    def department_label(self, department: DepartmentRecord) -> str:
        key = (department.iri, self.many_jurisdictions)
        label = self.names.labels.get(key)
        if label is None:
            label = self.names.labels[key] = self._department_label(department)
        return label

    def _department_label(self, department: DepartmentRecord) -> str:
        label = department_display_name(department, self.lang)
        label = label or department.iri.rsplit("/", 1)[-1]
        if self.many_jurisdictions and department.jurisdiction_labels:
            label += "\n" + government_short(department.jurisdiction_labels, self.lang)
        return label

    def department_name(self, iri: str) -> str:
        name = self.names.names.get(iri)
        if name is None:
            department = self.data.departments.get(iri)
            name = self.department_label(department).split("\n")[0] if department else iri.rsplit("/", 1)[-1]
            self.names.names[iri] = name
        return name

    def task_label(self, task: TaskRecord) -> str:
        if self.many_plans:
            return f"{self.plan_index.get(task.plan, 0)}·{task.number}"
        return str(task.number)

    def task_heading(self, task: TaskRecord) -> str:
        heading = f"{text('task', self.lang)} {task.number}"
        plan = self.data.plans.get(task.plan)
        if self.many_plans and plan is not None:
            heading += f" · {pick(plan.titles, self.lang) or plan.iri}"
        return heading

    # nodes ------------------------------------------------------------------------------------------

    def task_node(self, task: TaskRecord, size: float = 9) -> dict[str, Any]:
        colour = self.area_colour.get(task.area or "", NO_AREA_COLOUR)
        units = self.units_by_task.get(task.iri, _NO_UNITS)
        rows = [
            [text(f"{role}s", self.lang), "、".join(self.department_name(iri) for iri in units[role])]
            for role in ROLES
            if units[role]
        ]
        if task.deadlines:
            rows.append([text("deadline", self.lang), ";".join(task.deadlines)])
        if task.targets:
            rows.append([text("targets", self.lang), ";".join(task.targets)])
        if task.area:
            rows.append([text("area", self.lang), _heading_title(pick(self.data.areas[task.area].labels, self.lang))])
        task_text = pick(task.texts, self.lang)
        return {
            "label": self.task_label(task),
            "group": "task",
            "shape": "square",
            "size": size,
            "color": {"background": colour, "border": "#7b7d7d", "highlight": {"background": colour, "border": "#17202a"}},
            "font": {"size": 14, "color": "#1b2631"},
            "tip": {"heading": self.task_heading(task), "text": task_text, "rows": rows},
            "search": _search_key(f"{text('task', self.lang)}{task.number}", str(task.number), task_text, known=self.text_keys) if self.search else "",
            "number": task.number,
        }

    def department_node(self, department: DepartmentRecord, max_load: float) -> dict[str, Any]:
        counts = self.counts.get(department.iri) or Load(department.iri).counts
        load = self.weighted.get(department.iri, 0.0)
        size = 10 + 30 * math.sqrt(load / max_load) if max_load else 10
        colour = DEPARTMENT_COLOURS.get(department.kind, DEPARTMENT_COLOURS["other"])
        rows = [list(row) for row in self._department_rows(department)]
        rows += [
            [text("tasks_led", self.lang), str(counts["lead"])],
            [text("tasks_joint", self.lang), str(counts["joint"])],
            [text("tasks_responsible", self.lang), str(counts["responsible"])],
            [text("load", self.lang), f"{load:g}  ({text('load_rule', self.lang)})"],
        ]
        return {
            "label": self.department_label(department),
            "group": "department",
            "kind": department.kind,
            "shape": "diamond" if department.kind == "collective" else "dot",
            "size": round(size, 2),
            "load": load,
            "counts": counts,
            "color": {"background": colour, "border": "#1b2631", "highlight": {"background": colour, "border": "#000000"}},
            "font": {"size": 18, "color": "#17202a", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "tip": {"heading": pick(department.names, self.lang) or self.department_label(department), "text": "", "rows": rows},
            "search": _department_search_key(department) if self.search else "",
        }

    def _department_rows(self, department: DepartmentRecord) -> list[list[str]]:
        """The tooltip rows that say what a department is (names, short names, kind, jurisdiction)."""
        rows = self.names.rows.get(department.iri)
        if rows is None:
            rows = [
                [text(f"name_{lang}", self.lang), pick(department.names, lang)]
                for lang in LANGUAGES
                if department.names.get(lang) or (lang != "en" and department.names)
            ]
            if department.short_names:
                rows.append([text("short_names", self.lang), "、".join(department.short_names)])
            rows.append([text("kind", self.lang), text(f"kind_{department.kind}", self.lang) if f"kind_{department.kind}" in _KIND_KEYS else department.kind])
            if department.jurisdiction_labels:
                rows.append([text("jurisdiction", self.lang), pick(department.jurisdiction_labels, self.lang)])
            self.names.rows[department.iri] = rows
        return rows


def _department_search_key(department: DepartmentRecord) -> str:
    return _search_key(*department.names.values(), *department.written.values(), *department.short_names, *sorted(department.match_keys))


_NO_UNITS: dict[str, list[str]] = {role: [] for role in ROLES}

_KIND_KEYS = {f"kind_{kind}" for kind in DEPARTMENT_COLOURS}


def _edge_legend(relations: Iterable[str], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "edge",
            "relation": relation,
            "label": text(relation, lang),
            "color": EDGE_STYLES[relation]["color"],
            "width": EDGE_STYLES[relation]["width"],
            "dashes": EDGE_STYLES[relation]["dashes"],
            "arrow": "arrows" in EDGE_STYLES[relation],
        }
        for relation in relations
    ]


def _section_order(iri: str) -> tuple[int, ...]:
    """``…/section/2.10`` after ``…/section/2.9``."""
    path = iri.rsplit("/", 1)[-1]
    return tuple(int(part) if part.isdigit() else 0 for part in path.split("."))


def _area_legend(context: _Context, task_iris: Iterable[str]) -> list[dict[str, Any]]:
    """One entry per area colour: the area's title, or its number when plans name their areas differently."""
    areas = {context.data.tasks[iri].area or "" for iri in task_iris}
    titles: dict[int, set[str]] = defaultdict(set)
    for area in areas - {""}:
        titles[context.area_ordinal[area]].add(_heading_title(pick(context.data.areas[area].labels, context.lang)) or "")
    entries = []
    task_word = text("task", context.lang)
    for ordinal in sorted(titles):
        names = titles[ordinal]
        label = next(iter(names)) if len(names) == 1 else f"{text('area', context.lang)} {ordinal + 1}"
        entries.append(
            {"type": "node", "shape": "square", "color": AREA_COLOURS[ordinal % len(AREA_COLOURS)], "label": f"{task_word} · {_short(label, 18)}", "full": label}
        )
    if "" in areas:
        entries.append({"type": "node", "shape": "square", "color": NO_AREA_COLOUR, "label": f"{task_word} · {text('no_area', context.lang)}"})
    return entries


def _tasks_of(data: ViewData, departments: set[str]) -> set[str]:
    return {task for task, _role, department in data.involvements if department in departments}


def _sorted_tasks(data: ViewData, iris: Iterable[str]) -> list[TaskRecord]:
    return sorted((data.tasks[iri] for iri in iris if iri in data.tasks), key=lambda task: (task.plan, task.number, task.iri))


def _mark_focus(builder: _Builder, focus: set[str] | None) -> None:
    for iri in focus or ():
        node_id = builder.ids.get(iri)
        if node_id is not None:
            node = builder.nodes[node_id]
            node["borderWidth"] = 5
            node["focus"] = True


# -- the views --------------------------------------------------------------------------------------


def responsibility_view(data: ViewData, lang: str = "zh-Hant", focus: set[str] | None = None, *, search: bool = True) -> NetworkView:
    """Departments and tasks; lead, responsible and joint edges; with ``focus``, one department's neighbourhood.

    Above :data:`AGGREGATE_ABOVE` tasks and departments of several plans (and without ``focus``), the view shows
    governments and their plans, each plan carrying its own departments-and-tasks view to drill into
    (:func:`aggregated_responsibility_view`)."""
    if not focus and len(data.plans) > 1 and len(data.tasks) + len(data.departments) > AGGREGATE_ABOVE:
        return aggregated_responsibility_view(data, lang)
    return _responsibility_view(data, lang, focus, search=search)


def _responsibility_view(
    data: ViewData, lang: str, focus: set[str] | None, *, search: bool, styled: bool = True, names: _Names | None = None
) -> NetworkView:
    """The departments-and-tasks view itself; ``styled`` False for a drill-down (see :class:`_Builder`)."""
    context = _Context(data, lang, search, names)
    involvements = data.involvements
    task_iris: set[str] = set(data.tasks)
    if focus:
        task_iris = _tasks_of(data, focus)
        involvements = [row for row in involvements if row[0] in task_iris]
    department_iris = {department for _task, _role, department in involvements}
    loads = {iri: context.weighted.get(iri, 0.0) for iri in department_iris}
    max_load = max(loads.values(), default=0)
    builder = _Builder(styled)
    for iri in sorted(department_iris, key=lambda iri: (-loads[iri], iri)):
        department = data.departments.get(iri) or DepartmentRecord(iri)
        builder.node(iri, lambda department=department: context.department_node(department, max_load))
    for task in context.prepare_search(_sorted_tasks(data, task_iris)):
        builder.node(task.iri, lambda task=task: context.task_node(task))
    for task, role, department in involvements:
        builder.edge(department, task, role, lang)
    _mark_focus(builder, focus)
    kinds_present = sorted({data.departments[iri].kind for iri in department_iris if iri in data.departments}, key=list(DEPARTMENT_COLOURS).index)
    legend = [
        {
            "type": "node",
            "shape": "diamond" if kind == "collective" else "dot",
            "color": DEPARTMENT_COLOURS[kind],
            "label": text(f"kind_{kind}", lang),
        }
        for kind in kinds_present
    ]
    legend += _area_legend(context, task_iris)
    legend += _edge_legend(ROLES, lang)
    legend.append({"type": "note", "label": text("load_rule", lang)})
    return NetworkView("responsibility", lang, text("title_responsibility", lang), builder.nodes, builder.edges, legend)


_NODE_STYLE_KEYS = ("group", "shape", "color", "font", "kind")
_NOT_COMPACTED = frozenset((*_NODE_STYLE_KEYS, "iri", "search"))


class _Styles:
    """Node styles numbered in the order first met; each kept as JSON gives it back (keys sorted)."""

    def __init__(self) -> None:
        self.numbers: dict[Any, int] = {}
        self.written: dict[str, int] = {}  # repr(style) → number: the same style written the same way, looked up fast
        self.styles: list[dict[str, Any]] = []

    def number(self, style: dict[str, Any]) -> int:
        written = repr(style)
        number = self.written.get(written)
        if number is None:
            key = _frozen(style)
            number = self.numbers.get(key)
            if number is None:
                number = self.numbers[key] = len(self.styles)
                self.styles.append(json.loads(json.dumps(style, sort_keys=True, ensure_ascii=False)))
            self.written[written] = number
        return number


def _frozen(value: Any) -> Any:
    """``value`` as a hashable key that tells apart what JSON tells apart (1, 1.0 and true are three)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return (list, tuple(_frozen(item) for item in value))
    return value if isinstance(value, str) else (type(value), value)


def _compact(view: NetworkView, styles: _Styles) -> dict[str, Any]:
    """A view as the page rebuilds it: node styles by number (``s``), edges as from, to, relation
    (``view`` built unstyled, its edges already ``[from, to, relation]``)."""
    seed_positions(view.nodes, [(edge[0], edge[1]) for edge in view.edges])
    nodes = []
    for node in view.nodes:
        compact = {name: value for name, value in node.items() if name not in _NOT_COMPACTED}
        compact["s"] = styles.number({key: node[key] for key in _NODE_STYLE_KEYS if key in node})
        compact["x"], compact["y"] = round(node["x"], 1), round(node["y"], 1)
        nodes.append(compact)
    return {"nodes": nodes, "edges": view.edges, "legend": view.legend}


def _plan_data(data: ViewData, plan: str, tasks: list[str], involvements: list[tuple[str, str, str]]) -> ViewData:
    departments = {department for _task, _role, department in involvements}
    return ViewData(
        plans={plan: data.plans[plan]},
        tasks={iri: data.tasks[iri] for iri in tasks},
        departments={iri: data.departments[iri] for iri in departments if iri in data.departments},
        involvements=involvements,
        areas=data.areas,
    )


def aggregated_responsibility_view(data: ViewData, lang: str = "zh-Hant") -> NetworkView:
    """A corpus too large to draw task by task: each government with its plans; a plan's tooltip
    names its heaviest departments, and double-clicking it draws that plan's departments and tasks."""
    shared = _Names()
    context = _Context(data, lang, names=shared)
    tasks_of: dict[str, list[str]] = defaultdict(list)
    for task in sorted(data.tasks.values(), key=lambda task: (task.plan, task.number, task.iri)):
        tasks_of[task.plan].append(task.iri)
    involvements_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in data.involvements:
        task = data.tasks.get(row[0])
        if task is not None:
            involvements_of[task.plan].append(row)
    plans_of: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(data.plans):
        plans_of[data.plans[iri].jurisdiction or ""].append(iri)
    governments = dict(data.governments)
    builder = _Builder()
    styles = _Styles()
    drill: list[dict[str, Any]] = []

    def heaviest(departments: Iterable[str], limit: int = 5) -> str:
        ranked_iris = sorted(set(departments), key=lambda iri: (-context.weighted.get(iri, 0), iri))
        return "、".join(context.department_name(iri) for iri in ranked_iris[:limit])

    for government in sorted(plans_of):
        plans = plans_of[government]
        labels = governments.get(government, {}).get("name", {})
        places = governments.get(government, {}).get("place", {})
        name = pick(places, lang) if places else government_short(labels, lang) if labels else text("government", lang) + " ?"
        departments = {row[2] for plan in plans for row in involvements_of[plan]}
        tasks = sum(len(tasks_of[plan]) for plan in plans)
        rows = [
            [text("plans_count", lang), str(len(plans))],
            [text("tasks_count", lang), str(tasks)],
            [text("departments_count", lang), str(len(departments))],
            [text("heaviest", lang), heaviest(departments)],
        ]
        builder.node(
            f"government:{government}",
            lambda name=name, rows=rows, tasks=tasks: {
                "label": name,
                "group": "government",
                "shape": "box",
                "size": 20,
                "color": {"background": "#1f618d", "border": "#1b2631"},
                "font": {"size": 18, "color": "#ffffff"},
                "tip": {"heading": f"{text('government', lang)}: {pick(labels, lang) or name}", "text": "", "rows": rows},
                "search": _search_key(*labels.values()),
                "tasks": tasks,
            },
        )
        for plan in plans:
            record = data.plans[plan]
            title = pick(record.titles, lang) or plan.rsplit("/", 1)[-1]
            plan_departments = [row[2] for row in involvements_of[plan]]
            plan_rows = [[text("index_number", lang), record.id_local or ""]] if record.id_local else []
            plan_rows += [
                [text("tasks_count", lang), str(len(tasks_of[plan]))],
                [text("departments_count", lang), str(len(set(plan_departments)))],
                [text("heaviest", lang), heaviest(plan_departments)],
            ]
            plan_data = _plan_data(data, plan, tasks_of[plan], involvements_of[plan])
            view = _responsibility_view(plan_data, lang, None, search=False, styled=False, names=shared)
            drill.append(_compact(view, styles))
            names = [name for iri in sorted(set(plan_departments)) for name in (context.department_name(iri),)]
            builder.node(
                plan,
                lambda plan=plan, title=title, plan_rows=plan_rows, names=names, index=len(drill) - 1: {
                    "label": f"{context.plan_index[plan]}: {_short(title, 18)}",
                    "group": "plan",
                    "shape": "star",
                    "size": 18,
                    "color": {"background": "#f1c40f", "border": "#7d6608"},
                    "font": {"size": 14, "color": "#17202a", "strokeWidth": 3, "strokeColor": "#ffffff"},
                    "tip": {"heading": f"{text('plan', lang)} {context.plan_index[plan]}: {title}", "text": "", "rows": plan_rows},
                    "search": _search_key(*data.plans[plan].titles.values(), *names),
                    "drill": index,
                },
            )
            builder.edge(plan, f"government:{government}", "plan_of", lang)
    legend = [
        {"type": "node", "shape": "box", "color": "#1f618d", "label": text("government", lang)},
        {"type": "node", "shape": "star", "color": "#f1c40f", "label": text("plan", lang)},
        *_edge_legend(["plan_of"], lang),
    ]
    subtitle = text(
        "aggregated", lang, plans=f"{len(data.plans):,}", tasks=f"{len(data.tasks):,}", departments=f"{len(data.departments):,}", limit=f"{AGGREGATE_ABOVE:,}"
    )
    legend.append({"type": "note", "label": subtitle})
    view = NetworkView("responsibility", lang, text("title_responsibility", lang), builder.nodes, builder.edges, legend, subtitle)
    view.drill = drill
    view.styles = styles.styles
    return view


def dependency_view(data: ViewData, lang: str = "zh-Hant", focus: set[str] | None = None) -> NetworkView:
    """Tasks and the systems and lists they rely on, create or use; arrows for direct task dependencies."""
    context = _Context(data, lang)
    relations: dict[str, list[tuple[str, str]]] = {
        "relies_on": data.relies_on,
        "provides": data.provides,
        "creates": data.creates,
        "uses": data.uses,
        "depends_on": data.depends_on,
    }
    if focus:
        own = _tasks_of(data, focus)
        relations = {
            name: [(a, b) for a, b in pairs if a in own or (name == "depends_on" and b in own)]
            for name, pairs in relations.items()
        }
    builder = _Builder()
    task_iris = {a for pairs in relations.values() for a, _b in pairs} | {b for a, b in relations["depends_on"]}
    for task in context.prepare_search(_sorted_tasks(data, task_iris)):
        builder.node(task.iri, lambda task=task: context.task_node(task))
    users: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for name in ("relies_on", "provides", "creates", "uses"):
        for task, thing in relations[name]:
            users[thing][name].append(data.tasks[task].number if task in data.tasks else 0)

    def thing_node(iri: str, kind: str) -> dict[str, Any]:
        record = (data.systems if kind == "system" else data.lists)[iri]
        name = pick(record.labels, lang) or iri.rsplit("/", 1)[-1]
        rows = [[text(f"name_{other}", lang), pick(record.labels, other)] for other in LANGUAGES if record.labels]
        for relation, numbers in sorted(users[iri].items()):
            rows.append([text(relation, lang), "、".join(str(number) for number in sorted(set(numbers)))])
        return {
            "label": name,
            "group": kind,
            "shape": "hexagon" if kind == "system" else "triangle",
            "size": 16 if kind == "system" else 12,
            "color": {"background": "#138d75" if kind == "system" else "#a569bd", "border": "#1b2631"},
            "font": {"size": 14, "color": "#17202a", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "tip": {"heading": f"{text(kind, lang)}: {name}", "text": "", "rows": rows},
            "search": _search_key(*record.labels.values()),
        }

    for name, kind in (("relies_on", "system"), ("provides", "system"), ("creates", "list"), ("uses", "list")):
        for task, thing in relations[name]:
            builder.node(thing, lambda thing=thing, kind=kind: thing_node(thing, kind))
            builder.edge(task, thing, name, lang)
    for task, other in relations["depends_on"]:
        builder.edge(task, other, "depends_on", lang)
    legend = [
        {"type": "node", "shape": "hexagon", "color": "#138d75", "label": text("system", lang)},
        {"type": "node", "shape": "triangle", "color": "#a569bd", "label": text("list", lang)},
    ]
    legend += _area_legend(context, task_iris)
    legend += _edge_legend([name for name in relations if relations[name]] or ["relies_on"], lang)
    return NetworkView("dependency", lang, text("title_dependency", lang), builder.nodes, builder.edges, legend)


def citation_view(data: ViewData, lang: str = "zh-Hant", focus: set[str] | None = None) -> NetworkView:
    """Plans, the tasks that cite, and the superior documents cited, grouped around their issuers."""
    context = _Context(data, lang)
    cites = [(citer, doc) for citer, doc in data.cites if citer in data.tasks or citer in data.plans]
    if focus:
        own = _tasks_of(data, focus)
        cites = [(citer, doc) for citer, doc in cites if citer in own]
    citing_tasks = sorted({citer for citer, _doc in cites if citer in data.tasks})
    plan_iris = {citer for citer, _doc in cites if citer in data.plans} | {data.tasks[iri].plan for iri in citing_tasks}
    issuers: dict[str, str] = {}
    for _citer, doc in cites:
        issuer = data.documents[doc].issuer
        if issuer:
            issuers.setdefault(match_key(issuer), issuer)
    issuer_colour = {key: ISSUER_COLOURS[index % len(ISSUER_COLOURS)] for index, key in enumerate(sorted(issuers))}
    cited_by: dict[str, list[str]] = defaultdict(list)
    for citer, doc in cites:
        if citer in data.tasks:
            cited_by[doc].append(f"{text('task', lang)} {context.task_label(data.tasks[citer])}")
        else:
            cited_by[doc].append(text("plan", lang))

    builder = _Builder()

    def plan_node(iri: str) -> dict[str, Any]:
        plan = data.plans[iri]
        title = pick(plan.titles, lang) or iri.rsplit("/", 1)[-1]
        rows = [[text("index_number", lang), plan.id_local or ""]] if plan.id_local else []
        if plan.jurisdiction_labels:
            rows.append([text("jurisdiction", lang), pick(plan.jurisdiction_labels, lang)])
        label = _short(title, 18)
        if context.many_plans:
            label = f"{context.plan_index[iri]}: {label}"
        return {
            "label": label,
            "group": "plan",
            "shape": "star",
            "size": 26,
            "color": {"background": "#f1c40f", "border": "#7d6608"},
            "font": {"size": 16, "color": "#17202a", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "tip": {"heading": f"{text('plan', lang)}: {title}", "text": "", "rows": rows},
            "search": _search_key(*plan.titles.values()),
        }

    def document_node(iri: str) -> dict[str, Any]:
        document = data.documents[iri]
        title = pick(document.titles, lang)
        number = in_script(document.number, lang) if document.number else ""
        key = match_key(document.issuer) if document.issuer else ""
        colour = issuer_colour.get(key, "#5d6d7e")
        rows = []
        if number:
            rows.append([text("number", lang), number])
        if document.issuer:
            rows.append([text("issuer", lang), in_script(document.issuer, lang)])
        rows.append([text("cited_by", lang), "、".join(sorted(set(cited_by[iri])))])
        return {
            "label": number or _short(title or iri.rsplit("/", 1)[-1]),
            "group": "document",
            "shape": "dot",
            "size": 12,
            "color": {"background": colour, "border": "#1b2631"},
            "font": {"size": 13, "color": "#17202a", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "tip": {"heading": f"《{title}》" if title else number, "text": "", "rows": rows},
            "search": _search_key(*document.titles.values(), document.number or "", document.issuer or ""),
        }

    def issuer_node(key: str) -> dict[str, Any]:
        name = in_script(issuers[key], lang)
        return {
            "label": name,
            "group": "issuer",
            "shape": "box",
            "color": {"background": issuer_colour[key], "border": "#1b2631"},
            "font": {"size": 14, "color": "#ffffff"},
            "tip": {"heading": f"{text('issuer', lang)}: {name}", "text": "", "rows": []},
            "search": _search_key(issuers[key]),
        }

    for iri in sorted(plan_iris):
        builder.node(iri, lambda iri=iri: plan_node(iri))
    for task in context.prepare_search(_sorted_tasks(data, citing_tasks)):
        builder.node(task.iri, lambda task=task: context.task_node(task))
        builder.edge(task.iri, task.plan, "part_of", lang)
    issued: set[str] = set()
    for citer, doc in cites:
        builder.node(doc, lambda doc=doc: document_node(doc))
        builder.edge(citer, doc, "cites", lang)
        issuer = data.documents[doc].issuer
        if issuer and doc not in issued:
            issued.add(doc)
            key = match_key(issuer)
            builder.node(f"issuer:{key}", lambda key=key: issuer_node(key))
            builder.edge(doc, f"issuer:{key}", "issued_by", lang)
    legend = [{"type": "node", "shape": "star", "color": "#f1c40f", "label": text("plan", lang)}]
    legend += _area_legend(context, citing_tasks)
    legend += [
        {"type": "node", "shape": "box", "color": issuer_colour[key], "label": f"{text('issuer', lang)} · {in_script(issuers[key], lang)}"}
        for key in sorted(issuers)[:10]
    ]
    if len(issuers) > 10:
        legend.append({"type": "note", "label": text("more", lang, n=len(issuers) - 10)})
    legend += _edge_legend(["cites", "part_of", "issued_by"], lang)
    return NetworkView("citation", lang, text("title_citation", lang), builder.nodes, builder.edges, legend)


VIEWS: dict[str, Callable[..., NetworkView]] = {
    "responsibility": responsibility_view,
    "dependency": dependency_view,
    "citation": citation_view,
}
"""View name → builder: a plain registry (add a view by adding an entry)."""


def build_view(kind: str, data: ViewData, lang: str = "zh-Hant", focus: set[str] | None = None) -> NetworkView:
    return VIEWS[kind](data, lang=lang, focus=focus)


__all__ = [
    "DEPARTMENT_COLOURS",
    "EDGE_STYLES",
    "AGGREGATE_ABOVE",
    "KINDS",
    "LOAD_WEIGHTS",
    "VIEWS",
    "NetworkView",
    "aggregated_responsibility_view",
    "build_view",
    "citation_view",
    "department_display_name",
    "dependency_view",
    "edge_style",
    "responsibility_view",
]
