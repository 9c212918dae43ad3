"""Network analysis of a built plan graph: workload, co-responsibility, dependencies, collective burden.

Everything here starts from SPARQL rows over the built dataset (never from the
text), then uses NetworkX:

* **workload** — per department, the distinct tasks it leads, is responsible
  for, or carries jointly, and a *weighted load*: ``WEIGHTS`` below. A lead
  carries the task and answers for it (1); a joint unit carries its own part
  with no lead above it (0.5); a responsible unit cooperates under a lead (0.25).
* **co-responsibility network** — named departments are linked when they share
  a task, whatever their roles, the edge weighted by the number of shared tasks.
  Collective units (各苏木镇, 市直各相关部门 …) stand for many units, so they are
  not nodes: they would join everyone to everyone. Reported: degree, weighted
  degree, betweenness (unweighted shortest paths, normalised) and eigenvector
  centrality (weighted), and Louvain communities (weighted, fixed seed).
* **dependencies** — an edge *u → v* when task *v* depends on task *u* (a plan
  says so with ``plan:dependsOn``, or *v* uses a list *u* creates, or relies on
  a system *u* provides, *u* and *v* steps of one plan: systems are shared by the
  plans of a region, and one plan does not wait for another's tasks — the
  dependency view draws the same edges). Topological layers (what can start
  first), the longest chain, and the tasks most others wait on (directly or
  through a chain). A cycle is reported, and its tasks are layered as one block.
* **tasks** are named by their number; when the dataset holds several plans, by
  ``k·n`` (task *n* of plan *k*, the plans numbered by IRI as the views number
  them and listed in the report's ``plans``).
* **collective burden** — per collective unit, the tasks that fall on it, and
  their share of all tasks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.sparql.language import default_language
from kg.sparql.run import QueryOptions, open_query_store, run
from kg.sparql.saved import parse_query

WEIGHTS: dict[str, float] = {"lead": 1.0, "joint": 0.5, "responsible": 0.25}
LOUVAIN_SEED = 20220318  # the seed plan's date of signature: any fixed number makes communities reproducible
TOP_WAITED_ON = 10

_PREFIXES = """PREFIX plan: <https://w3id.org/plankg/ontology#>
PREFIX p-plan: <http://purl.org/net/p-plan#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def _best_label(node: str, prop: str, var: str) -> str:
    """The label idiom of the saved queries: asked language, else zh-Hant, else zh-Hans."""
    return f"""  OPTIONAL {{
    {node} {prop} {var} .
    FILTER(LANGMATCHES(LANG({var}), ?__lang)
      || (NOT EXISTS {{ {node} {prop} {var}_asked FILTER(LANGMATCHES(LANG({var}_asked), ?__lang)) }}
          && (LANGMATCHES(LANG({var}), "zh-Hant")
              || (LANGMATCHES(LANG({var}), "zh-Hans")
                  && NOT EXISTS {{ {node} {prop} {var}_hant FILTER(LANGMATCHES(LANG({var}_hant), "zh-Hant")) }}))))
  }}
"""


INVOLVEMENT_QUERY = (
    _PREFIXES
    + """SELECT DISTINCT ?task ?number ?plan ?department ?role ?collective ?label ?place ?__lang
WHERE {
  VALUES (?property ?role) {
    (plan:leadDepartment "lead") (plan:responsibleDepartment "responsible") (plan:jointDepartment "joint")
  }
  ?task ?property ?department ; schema:position ?number .
  OPTIONAL { ?task p-plan:isStepOfPlan ?plan }
  BIND(EXISTS { ?department a plan:CollectiveUnit } AS ?collective)
  OPTIONAL { ?department org:subOrganizationOf ?government }
"""
    + _best_label("?department", "skos:prefLabel", "?label")
    + _best_label("?government", "dct:coverage", "?place")
    + "}\nORDER BY ?number ?task ?role ?department\n"
)

TASKS_QUERY = (
    _PREFIXES
    + """SELECT DISTINCT ?task ?number ?plan ?text ?__lang
WHERE {
  ?task a plan:Task ; schema:position ?number .
  OPTIONAL { ?task p-plan:isStepOfPlan ?plan }
"""
    + _best_label("?task", "dct:description", "?text")
    + "}\nORDER BY ?number ?task\n"
)

# The direct dependencies between tasks: the chains of ontology/plan.ttl written out and followed
# inside one plan (systems are shared by every plan of a region, and a city's task does not wait
# for another city's task that feeds the same regional system), plus any dependsOn a plan states
# itself. The reasoner's transitive closure adds only paths the graph already has. The views
# (viz/data.py) draw the same pattern, so analysis and pictures agree.
DIRECT_DEPENDENCY_PATTERN = """
  {
    ?task plan:uses ?list . ?prerequisite plan:creates ?list .
    ?task p-plan:isStepOfPlan ?plan . ?prerequisite p-plan:isStepOfPlan ?plan .
  } UNION {
    ?task plan:reliesOn ?system . ?prerequisite plan:provides ?system .
    ?task p-plan:isStepOfPlan ?plan . ?prerequisite p-plan:isStepOfPlan ?plan .
  } UNION {
    GRAPH ?graph { ?task plan:dependsOn ?prerequisite }
    FILTER(!STRENDS(STR(?graph), "/graph/inferred"))
  }
  ?task a plan:Task . ?prerequisite a plan:Task .
  FILTER(?task != ?prerequisite)
"""

DEPENDENCY_QUERY = _PREFIXES + "SELECT DISTINCT ?task ?prerequisite\nWHERE {" + DIRECT_DEPENDENCY_PATTERN + "}\n"

PLANS_QUERY = (
    _PREFIXES
    + """SELECT ?plan (MIN(STR(?id)) AS ?identifier) (SAMPLE(STR(?title)) AS ?name) ?__lang
WHERE {
  ?plan a plan:Plan .
  OPTIONAL { ?plan eli:id_local ?id }
"""
    + _best_label("?plan", "dct:title", "?title")
    + "}\nGROUP BY ?plan ?__lang\nORDER BY ?plan\n"
)


class _TaskNames:
    """Task labels: the number alone for one plan, ``k·n`` (plan k, ordered by IRI) for several."""

    def __init__(self, plans: Sequence[Mapping[str, Any]]) -> None:  # rows of _plans()
        self.index = {row["iri"]: row["plan"] for row in plans}
        self.many = len(self.index) > 1

    def label(self, number: Any, plan: str | None) -> Any:
        return f"{self.index.get(plan or '', 0)}·{number}" if self.many else number

    def order(self, number: Any, plan: str | None) -> tuple[int, int, str]:
        return (self.index.get(plan or "", 0) if self.many else 0, _as_int(number), str(number))


def _as_int(number: Any) -> int:
    try:
        return int(number)
    except (TypeError, ValueError):
        return 0


def _plans(store: Any, lang: str | None) -> list[dict[str, Any]]:
    return [
        {"plan": position, "title": row["name"] or "", "identifier": row["identifier"] or "", "iri": row["plan"]}
        for position, row in enumerate(_rows(PLANS_QUERY, store, lang), start=1)
    ]


def _rows(text: str, store: Any, lang: str | None) -> list[dict[str, Any]]:
    return run(parse_query(text, "analysis"), {}, QueryOptions(store=store, lang=lang, timeout=None)).rows


def _store(dataset: str | Path | None, sources: Sequence[str] | None, store: Any) -> Any:
    return store if store is not None else open_query_store(dataset, sources)


# -- workload ------------------------------------------------------------------------------------


def _involvement(store: Any, lang: str | None) -> list[dict[str, Any]]:
    return _rows(INVOLVEMENT_QUERY, store, lang)


def workload(involvement: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per department and collective unit: lead / responsible / joint / total tasks and the weighted load."""
    tasks: dict[str, dict[str, set[str]]] = defaultdict(lambda: {role: set() for role in WEIGHTS})
    labels: dict[str, str] = {}
    collective: dict[str, bool] = {}
    places: dict[str, str] = {}
    for row in involvement:
        tasks[row["department"]][row["role"]].add(row["task"])
        labels[row["department"]] = row["label"] or row["department"]
        collective[row["department"]] = bool(row["collective"])
        if row.get("place"):
            places[row["department"]] = row["place"]
    # one name for units of two jurisdictions (the city's and the league's 政务服务局): add the place
    sharing: dict[str, list[str]] = defaultdict(list)
    for iri, label in labels.items():
        sharing[label].append(iri)
    for label, iris in sharing.items():
        if len(iris) > 1:
            for iri in iris:
                if iri in places:
                    labels[iri] = f"{label} ({places[iri]})"
    records = []
    for iri, roles in tasks.items():
        records.append(
            {
                "department": labels[iri],
                "lead": len(roles["lead"]),
                "responsible": len(roles["responsible"]),
                "joint": len(roles["joint"]),
                "total": len(set().union(*roles.values())),
                "weighted_load": round(sum(WEIGHTS[role] * len(found) for role, found in roles.items()), 4),
                "collective": collective[iri],
                "iri": iri,
            }
        )
    records.sort(key=lambda record: (-record["weighted_load"], -record["lead"], record["department"]))
    return records


# -- the co-responsibility network ------------------------------------------------------------------


def _network_from(involvement: Sequence[Mapping[str, Any]], names: _TaskNames | None = None) -> Any:
    import networkx as nx

    names = names or _TaskNames([])
    graph = nx.Graph(name="co-responsibility")
    members: dict[str, set[str]] = defaultdict(set)
    numbers: dict[str, Any] = {}
    order: dict[Any, tuple[int, int, str]] = {}
    for record in workload(involvement):
        if not record["collective"]:
            graph.add_node(record["iri"], **{key: value for key, value in record.items() if key != "iri"})
    for row in involvement:
        if not row["collective"]:
            members[row["task"]].add(row["department"])
            numbers[row["task"]] = names.label(row["number"], row.get("plan"))
            order[numbers[row["task"]]] = names.order(row["number"], row.get("plan"))
    for task, departments in members.items():
        ordered = sorted(departments)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                if graph.has_edge(first, second):
                    graph[first][second]["weight"] += 1
                    graph[first][second]["tasks"].append(numbers[task])
                else:
                    graph.add_edge(first, second, weight=1, tasks=[numbers[task]])
    for _, _, data in graph.edges(data=True):
        data["tasks"].sort(key=lambda label: order[label])
    return graph


def department_network(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
) -> Any:
    """The department co-responsibility network as an ``nx.Graph``.

    Nodes are department IRIs with ``department`` (label), ``lead``,
    ``responsible``, ``joint``, ``total`` and ``weighted_load``; an edge joins
    two departments sharing tasks, with ``weight`` (how many) and ``tasks``
    (their numbers). Collective units are left out.
    """
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    return _network_from(_involvement(store, lang), _TaskNames(_plans(store, lang)))


def centralities(graph: Any) -> tuple[list[dict[str, Any]], list[list[str]], str | None]:
    """Per node: degree, weighted degree, betweenness, eigenvector, community; and the communities."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return [], [], None
    note = None
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    try:
        eigenvector: dict[str, float | None] = dict(nx.eigenvector_centrality(graph, weight="weight", max_iter=2000))
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigenvector = {node: None for node in graph}
        note = "eigenvector centrality did not converge"
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    label = nx.get_node_attributes(graph, "department")
    ordered = sorted(
        (sorted(community, key=lambda node: label.get(node, node)) for community in communities),
        key=lambda members: (-len(members), label.get(members[0], members[0])),
    )
    community_of = {node: index + 1 for index, members in enumerate(ordered) for node in members}
    records = []
    for node in graph:
        value = eigenvector[node]
        records.append(
            {
                "department": label.get(node, node),
                "degree": graph.degree(node),
                "weighted_degree": graph.degree(node, weight="weight"),
                "betweenness": round(betweenness[node], 4),
                "eigenvector": None if value is None else round(value, 4),
                "community": community_of[node],
                "iri": node,
            }
        )
    records.sort(key=lambda record: (-record["weighted_degree"], -record["betweenness"], record["department"]))
    groups = [[label.get(node, node) for node in members] for members in ordered]
    return records, groups, note


# -- the dependency graph -------------------------------------------------------------------------


def _dependency_graph_from(
    tasks: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], names: _TaskNames | None = None
) -> Any:
    import networkx as nx

    names = names or _TaskNames([])
    graph = nx.DiGraph(name="task dependencies")
    for row in tasks:
        plan = row.get("plan")
        graph.add_node(
            row["task"],
            number=row["number"],
            text=row.get("text") or "",
            label=str(names.label(row["number"], plan)),
            plan=names.index.get(plan or "", 0),
        )
    for row in edges:
        for node in (row["task"], row["prerequisite"]):
            if node not in graph:
                graph.add_node(node, number=None, text="")
        graph.add_edge(row["prerequisite"], row["task"])
    return graph


def dependency_graph(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
    reduce: bool = True,
) -> Any:
    """Tasks as an ``nx.DiGraph``: an edge u → v when task v depends on task u (u comes first).

    Nodes are task IRIs with ``number`` and ``text``. With ``reduce`` (and no
    cycle), edges implied by others (the transitive closure the reasoner adds)
    are dropped, leaving the direct dependencies.
    """
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    names = _TaskNames(_plans(store, lang))
    graph = _dependency_graph_from(_rows(TASKS_QUERY, store, lang), _rows(DEPENDENCY_QUERY, store, lang), names)
    return _reduced(graph) if reduce else graph


def _reduced(graph: Any) -> Any:
    import networkx as nx

    if not nx.is_directed_acyclic_graph(graph):
        return graph
    reduced = nx.transitive_reduction(graph)
    reduced.add_nodes_from(graph.nodes(data=True))
    reduced.graph.update(graph.graph)
    return reduced


def dependency_summary(graph: Any) -> dict[str, Any]:
    """Layers, the longest chain, the tasks most others wait on, and any cycles, by task number."""
    import networkx as nx

    number = nx.get_node_attributes(graph, "number")
    plan = nx.get_node_attributes(graph, "plan")
    many = len(set(plan.values())) > 1

    def name(node: Any) -> Any:
        found = number.get(node)
        if found is None:
            return node
        return f"{plan.get(node, 0)}·{found}" if many else found

    def order(node: Any) -> tuple[Any, ...]:
        found = number.get(node)
        return (found is None, plan.get(node, 0) if many else 0, _as_int(found), str(node))

    def numbers(nodes: Any) -> list[Any]:
        return [name(node) for node in sorted(nodes, key=order)]

    involved = graph.subgraph([node for node in graph if graph.degree(node) > 0]).copy()
    cycles = [numbers(component) for component in nx.strongly_connected_components(involved) if len(component) > 1]
    condensed = nx.condensation(involved)
    members = nx.get_node_attributes(condensed, "members")
    layers = [numbers(node for block in generation for node in members[block]) for generation in nx.topological_generations(condensed)]
    chain_blocks = nx.dag_longest_path(condensed) if condensed.number_of_nodes() else []
    longest_chain = [name(node) for block in chain_blocks for node in sorted(members[block], key=order)]
    waited_on = []
    for node in involved:
        dependants = nx.descendants(involved, node)
        if dependants:
            waited_on.append(
                {"task": name(node), "waiting": len(dependants), "tasks": numbers(dependants), "iri": node, "_order": order(node)}
            )
    waited_on.sort(key=lambda record: (-record["waiting"], record.pop("_order")))
    return {
        "tasks": graph.number_of_nodes(),
        "tasks_with_dependencies": involved.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "acyclic": not cycles,
        "cycles": cycles,
        "layers": layers,
        "longest_chain": longest_chain,
        "most_waited_on": waited_on[:TOP_WAITED_ON],
    }


# -- collective units ------------------------------------------------------------------------------


def collective_burden(involvement: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per collective unit: its tasks by role and their share of all tasks with a named unit."""
    all_tasks = {row["task"] for row in involvement}
    records = [record for record in workload(involvement) if record["collective"]]
    for record in records:
        record["share"] = round(record["total"] / len(all_tasks), 4) if all_tasks else 0.0
        del record["collective"]
    records.sort(key=lambda record: (-record["total"], record["department"]))
    return records


# -- the whole report ------------------------------------------------------------------------------


def analyze_with_graphs(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
) -> tuple[dict[str, Any], Any, Any]:
    """The report of :func:`analyze` with the two graphs it was computed from (network, dependencies)."""
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    plans = _plans(store, lang)
    names = _TaskNames(plans)
    involvement = _involvement(store, lang)
    network = _network_from(involvement, names)
    nodes, communities, note = centralities(network)
    dependencies = _reduced(
        _dependency_graph_from(_rows(TASKS_QUERY, store, lang), _rows(DEPENDENCY_QUERY, store, lang), names)
    )
    departments = [record for record in workload(involvement) if not record["collective"]]
    for record in departments:
        del record["collective"]
    report: dict[str, Any] = {
        "plans": plans,
        "weights": dict(WEIGHTS),
        "workload": departments,
        "network": {
            "departments": network.number_of_nodes(),
            "links": network.number_of_edges(),
            "centrality": nodes,
            "communities": communities,
            "louvain_seed": LOUVAIN_SEED,
            "note": note,
        },
        "dependencies": dependency_summary(dependencies),
        "collective_units": collective_burden(involvement),
    }
    return report, network, dependencies


def analyze(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The analysis as plain data (JSON-ready): workload, network, dependencies, collective burden.

    ``lang``: the labels' language, by default the plans' own script (zh-Hant for the embedded plan).
    """
    return analyze_with_graphs(dataset, sources, store=store, lang=lang)[0]


def render_report(report: Mapping[str, Any], fmt: str) -> str:
    """The report as ``json``, ``table`` or ``md`` text."""
    import json

    from kg.sparql.formats import render

    data = dict(report)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    weights = ", ".join(f"{role} {weight:g}" for role, weight in data["weights"].items())
    network = data["network"]
    dependencies = data["dependencies"]
    sections: list[tuple[str, list[dict[str, Any]], list[str]]] = [
        (
            f"Department workload (weighted load: {weights})",
            [{"rank": index + 1, **record} for index, record in enumerate(data["workload"])],
            ["rank", "department", "lead", "responsible", "joint", "total", "weighted_load"],
        ),
        (
            f"Co-responsibility network: {network['departments']} departments, {network['links']} links",
            network["centrality"],
            ["department", "degree", "weighted_degree", "betweenness", "eigenvector", "community"],
        ),
        (
            f"Communities (Louvain, seed {network['louvain_seed']})",
            [{"community": index + 1, "members": members} for index, members in enumerate(network["communities"])],
            ["community", "members"],
        ),
        (
            f"Task dependencies: {dependencies['tasks_with_dependencies']} of {dependencies['tasks']} tasks, "
            f"{dependencies['edges']} direct links, {'no cycle' if dependencies['acyclic'] else 'cycles: ' + str(dependencies['cycles'])}",
            [{"layer": index + 1, "tasks": layer} for index, layer in enumerate(dependencies["layers"])]
            + [{"layer": "longest chain", "tasks": dependencies["longest_chain"]}],
            ["layer", "tasks"],
        ),
        (
            "Tasks most others wait on",
            dependencies["most_waited_on"],
            ["task", "waiting", "tasks"],
        ),
        (
            "Collective units",
            data["collective_units"],
            ["department", "lead", "responsible", "joint", "total", "share"],
        ),
    ]
    plans = data.get("plans") or []
    if len(plans) > 1:  # tasks are named k·n: say which plan k is
        sections.insert(0, ("Plans (task k·n is task n of plan k)", plans, ["plan", "title", "identifier"]))
    chunks = []
    for title, rows, columns in sections:
        if fmt == "md":
            chunks.append(f"## {title}\n\n{render(rows, 'md', columns)}")
        else:
            chunks.append(f"{title}\n\n{render(rows, 'table', columns)}")
    if network.get("note"):
        chunks.append(f"Note: {network['note']}\n")
    return "\n".join(chunks)


def _exportable(graph: Any) -> Any:
    """A copy whose attributes GraphML and GEXF can hold (lists become space-separated text, None is
    dropped), each node labelled with its name."""
    exported = graph.copy()
    for node, data in exported.nodes(data=True):
        # Gephi shows a node's "label" (GEXF's own label, a GraphML column): the name, not the IRI
        name = data.get("department") or data.get("number")
        data["label"] = str(name) if name not in (None, "") else str(node)
    for _, data in list(exported.nodes(data=True)) + [(None, data) for *_, data in exported.edges(data=True)]:
        for key, value in list(data.items()):
            if value is None:
                del data[key]
            elif isinstance(value, (list, tuple)):
                data[key] = " ".join(str(item) for item in value)
    for key, value in list(exported.graph.items()):
        if not isinstance(value, (str, int, float, bool)):
            del exported.graph[key]
    return exported


def _companion(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}.dependencies{path.suffix or ''}")


def write_networks(
    network: Any, dependencies: Any, *, graphml: str | Path | None = None, gexf: str | Path | None = None
) -> list[Path]:
    """Write the department network to each path given and the dependency graph beside it; return the paths."""
    import networkx as nx

    from kg.errors import PlanKGError

    written: list[Path] = []
    writers = [(graphml, nx.write_graphml), (gexf, nx.write_gexf)]
    for target, writer in writers:
        if not target:
            continue
        for graph, path in ((network, Path(target)), (dependencies, _companion(target))):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                writer(_exportable(graph), str(path))
            except OSError as error:
                raise PlanKGError(f"cannot write {path}: {error.strerror or error}") from None
            written.append(path)
    return written


__all__ = [
    "DIRECT_DEPENDENCY_PATTERN",
    "LOUVAIN_SEED",
    "WEIGHTS",
    "analyze",
    "analyze_with_graphs",
    "centralities",
    "collective_burden",
    "department_network",
    "dependency_graph",
    "dependency_summary",
    "render_report",
    "workload",
    "write_networks",
]
