"""The co-responsibility network: departments linked when they share a task, and its centralities.

Named departments are linked whatever their roles, the edge weighted by the
number of shared tasks. Collective units (各苏木镇, 市直各相关部门 …) stand for
many units, so they are not nodes: they would join everyone to everyone. The
network spans every plan of the dataset: departments are scoped by
jurisdiction, so the plans of one city share its departments and the plans of
two cities meet only where a department of one is named in the other's.

Reported per department: degree, weighted degree, betweenness (unweighted
shortest paths, normalised), eigenvector centrality (weighted), and Louvain
communities (weighted, fixed seed). Everything is exact up to
:data:`EXACT_BETWEENNESS_UP_TO` departments; above it betweenness is estimated
from :data:`BETWEENNESS_SAMPLES` source departments drawn with a fixed seed,
and the report says so (``betweenness`` in the network section).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from kg.analysis.names import TaskNames
from kg.analysis.records import TaskRecord
from kg.analysis.workload import Load, ranked

LOUVAIN_SEED = 20220318  # the seed plan's date of signature: any fixed number makes communities reproducible
EXACT_BETWEENNESS_UP_TO = 2000
"""Departments up to which betweenness is exact (all-pairs shortest paths: time grows as nodes × links)."""
BETWEENNESS_SAMPLES = 500
"""Source departments sampled (seed :data:`LOUVAIN_SEED`) for betweenness above :data:`EXACT_BETWEENNESS_UP_TO`."""


def co_responsibility_network(
    involvements: Iterable[tuple[str, str, str]],
    tasks: Mapping[str, TaskRecord],
    loads: Mapping[str, Load],
    names: Mapping[str, str],
    collective: set[str],
    task_names: TaskNames,
) -> Any:
    """An ``nx.Graph``: nodes are department IRIs with ``department`` (name), ``lead``, ``responsible``,
    ``joint``, ``total`` and ``weighted_load``; an edge joins two departments sharing tasks, with
    ``weight`` (how many) and ``tasks`` (their names, ``n`` or ``k·n``)."""
    import networkx as nx  # heavy: imported by the commands that need it

    graph = nx.Graph(name="co-responsibility")
    for load in ranked(dict(loads), dict(names)):
        if load.iri not in collective:
            graph.add_node(
                load.iri, department=names.get(load.iri, load.iri), **load.counts, total=load.total, weighted_load=load.weighted
            )
    members: dict[str, set[str]] = defaultdict(set)
    for task, _role, department in involvements:
        if department not in collective:
            members[task].add(department)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, departments in members.items():
        for pair in combinations(sorted(departments), 2):
            shared[pair].append(task)
    for (first, second), task_iris in sorted(shared.items()):
        ordered = sorted(task_iris, key=lambda iri: _task_order(iri, tasks, task_names))
        labels = [task_names.label(tasks[iri].number, tasks[iri].plan) if iri in tasks else iri for iri in ordered]
        graph.add_edge(first, second, weight=len(labels), tasks=labels)
    return graph


def _task_order(iri: str, tasks: Mapping[str, TaskRecord], task_names: TaskNames) -> tuple[Any, ...]:
    task = tasks.get(iri)
    return (0, *task_names.order(task.number, task.plan), iri) if task else (1, 0, 0, "", iri)


def eigenvector_centrality(graph: Any, max_iter: int = 2000, tol: float = 1.0e-6) -> dict[Any, float] | None:
    """Weighted eigenvector centrality by networkx's power iteration (on A + I, from a uniform start,
    the same stopping rule), vectorised with numpy so a corpus-sized network takes a second, not minutes.
    None when it does not converge."""
    import numpy  # heavy: imported by the commands that need it

    nodes = list(graph)
    index = {node: position for position, node in enumerate(nodes)}
    edges = [(index[a], index[b], float(data.get("weight", 1))) for a, b, data in graph.edges(data=True)]
    source = numpy.array([a for a, b, _ in edges] + [b for a, b, _ in edges if a != b], dtype=numpy.int64)
    target = numpy.array([b for a, b, _ in edges] + [a for a, b, _ in edges if a != b], dtype=numpy.int64)
    weight = numpy.array([w for _, _, w in edges] + [w for a, b, w in edges if a != b], dtype=float)
    count = len(nodes)
    vector = numpy.full(count, 1.0 / count)
    for _ in range(max_iter):
        last = vector
        vector = last + numpy.bincount(target, weights=last[source] * weight, minlength=count)
        norm = float(numpy.sqrt(numpy.dot(vector, vector))) or 1.0
        vector = vector / norm
        if float(numpy.abs(vector - last).sum()) < count * tol:
            return {node: float(vector[position]) for node, position in index.items()}
    return None


def centralities(graph: Any) -> tuple[list[dict[str, Any]], list[list[str]], dict[str, Any]]:
    """Per node: degree, weighted degree, betweenness, eigenvector, community; the communities (names);
    and how they were computed (``betweenness``: exact or sampled with k and seed; ``note``)."""
    import networkx as nx  # heavy: imported by the commands that need it

    method: dict[str, Any] = {"betweenness": "exact", "note": None}
    if graph.number_of_nodes() == 0:
        return [], [], method
    if graph.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, normalized=True, seed=LOUVAIN_SEED)
        method["betweenness"] = f"sampled: k={BETWEENNESS_SAMPLES} source departments of {graph.number_of_nodes()}, seed {LOUVAIN_SEED}"
    else:
        betweenness = nx.betweenness_centrality(graph, normalized=True)
    found = eigenvector_centrality(graph)
    eigenvector: dict[str, float | None] = dict(found) if found is not None else {node: None for node in graph}
    if found is None:
        method["note"] = "eigenvector centrality did not converge"
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    label = nx.get_node_attributes(graph, "department")
    ordered = sorted(
        (sorted(community, key=lambda node: (label.get(node, node), node)) for community in communities),
        key=lambda members: (-len(members), label.get(members[0], members[0]), members[0]),
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
    records.sort(key=lambda record: (-record["weighted_degree"], -record["betweenness"], record["department"], record["iri"]))
    groups = [[label.get(node, node) for node in members] for members in ordered]
    return records, groups, method


__all__ = [
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_UP_TO",
    "LOUVAIN_SEED",
    "centralities",
    "co_responsibility_network",
    "eigenvector_centrality",
]
