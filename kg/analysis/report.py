"""``plankg analyze``: the whole analysis of a built dataset as plain data.

Reads the store once (:mod:`kg.analysis.records`), then computes workload
(:mod:`kg.analysis.workload`), the co-responsibility network and its
centralities (:mod:`kg.analysis.network`), the task dependencies
(:mod:`kg.analysis.dependencies`) and the burden on collective units. Tasks are
named by their number; when the dataset holds several plans, by ``k·n`` (task
*n* of plan *k*, the plans numbered by IRI as the views number them and listed
in the report's ``plans``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.analysis.collector import collector_paused
from kg.analysis.dependencies import dependency_graph_of, dependency_summary, direct_dependencies
from kg.analysis.names import TaskNames, department_names, plan_rows
from kg.analysis.network import LOUVAIN_SEED, centralities, co_responsibility_network
from kg.analysis.records import Records, read_records
from kg.analysis.workload import WEIGHTS, Load, collective_burden, department_loads, workload_records
from kg.sparql.language import default_language
from kg.sparql.run import open_query_store


@dataclass
class Workload:
    """The loads of every department and collective unit, with the names they are printed under."""

    loads: dict[str, Load]
    names: dict[str, str]
    collective: set[str]

    def records(self) -> list[dict[str, Any]]:
        return workload_records(self.loads, self.names, self.collective)


def workload_of(records: Records, lang: str) -> Workload:
    """Workload from records: the one computation the report, the pages and the chart share."""
    loads = department_loads(records.involvements)
    departments = [records.departments[iri] for iri in loads if iri in records.departments]
    collective = {iri for iri, department in records.departments.items() if department.collective}
    return Workload(loads, department_names(departments, lang), collective)


def _store(dataset: str | Path | None, sources: Sequence[str] | None, store: Any) -> Any:
    return store if store is not None else open_query_store(dataset, sources)


def _network(records: Records, workload: Workload) -> Any:
    return co_responsibility_network(
        records.involvements, records.tasks, workload.loads, workload.names, workload.collective, TaskNames(records.plans)
    )


def department_network(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
) -> Any:
    """The department co-responsibility network as an ``nx.Graph`` (see :mod:`kg.analysis.network`)."""
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    with collector_paused():
        records = read_records(store)
        return _network(records, workload_of(records, lang))


def dependency_graph(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
    reduce: bool = True,
) -> Any:
    """Tasks as an ``nx.DiGraph``: an edge u → v when task v depends on task u (u comes first).

    Nodes are task IRIs with ``number`` and ``text``. With ``reduce``, edges implied by others
    (the transitive closure the reasoner adds) are dropped, leaving the direct dependencies.
    """
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    with collector_paused():
        records = read_records(store)
        return dependency_graph_of(records, direct_dependencies(records), lang, reduce=reduce)


def analyze_with_graphs(
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    *,
    store: Any = None,
    lang: str | None = None,
    texts: bool = True,
) -> tuple[dict[str, Any], Any, Any]:
    """The report of :func:`analyze` with the two graphs it was computed from (network, dependencies).

    ``texts``: put each task's text on the dependency graph's nodes (for export); the report does not need them."""
    store = _store(dataset, sources, store)
    lang = lang or default_language(store)
    with collector_paused():
        return _analyze(records=read_records(store, texts=texts), lang=lang)


def _analyze(records: Records, lang: str) -> tuple[dict[str, Any], Any, Any]:
    """The report, the network and the dependency graph from records already read."""
    workload = workload_of(records, lang)
    network = _network(records, workload)
    nodes, communities, method = centralities(network)
    dependencies = dependency_graph_of(records, direct_dependencies(records), lang)
    departments = [record for record in workload.records() if not record["collective"]]
    for record in departments:
        del record["collective"]
    tasks_with_units = len({task for task, _role, _department in records.involvements})
    report: dict[str, Any] = {
        "plans": plan_rows(records.plans, lang),
        "weights": dict(WEIGHTS),
        "workload": departments,
        "network": {
            "departments": network.number_of_nodes(),
            "links": network.number_of_edges(),
            "centrality": nodes,
            "communities": communities,
            "louvain_seed": LOUVAIN_SEED,
            "betweenness": method["betweenness"],
            "note": method["note"],
        },
        "dependencies": dependency_summary(dependencies),
        "collective_units": collective_burden(workload.loads, workload.names, workload.collective, tasks_with_units),
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
    return analyze_with_graphs(dataset, sources, store=store, lang=lang, texts=False)[0]


__all__ = [
    "Workload",
    "analyze",
    "analyze_with_graphs",
    "department_network",
    "dependency_graph",
    "workload_of",
]
