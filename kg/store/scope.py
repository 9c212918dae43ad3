"""A build folder's store seen through some of its plans.

Each plan's asserted triples and what they entail sit in two graphs of the
plan's own (``{plan IRI}/graph`` and ``{plan IRI}/inferred``); the authority,
shared and ontology graphs hold what every plan may refer to. A
:class:`PlanScope` queries the union of the chosen plans' graphs and those
shared ones, so a saved query, ``analyze`` or a view answers for those plans as
a build of them alone would (the shared graphs' descriptions of nodes no chosen
plan names are there but unreached: every saved query starts from tasks), and
a query on one plan of a thousand costs what it costs on one.

Those graphs are copied into an in-memory store (about 8 µs a triple: 0.07 s
for one plan of a thousand-plan build, 1 s for fifty). Naming them as the
query's default graph on the on-disk store instead makes every lookup one per
graph: fifty plans took longer than the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import UsageError
from kg.graph.iri import PLAN_GRAPH_SUFFIX, inferred_graph_of


@dataclass(frozen=True)
class PlanScope:
    """Some plans' graphs with the shared ones, in a store of their own, queried as a build folder's store is."""

    store: Any  # an in-memory pyoxigraph.Store holding ``graphs``
    plans: tuple[str, ...]  # the plan ids, as the manifest lists them
    graphs: tuple[str, ...]  # graph IRIs

    def query(self, text: str, **keywords: Any) -> Any:
        return self.store.query(text, **keywords)

    def named_graphs(self) -> Iterator[Any]:
        return iter(self.store.named_graphs())

    def __len__(self) -> int:
        return len(self.store)


def plan_graphs(manifest: dict[str, Any], wanted: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The plan ids named by ``wanted`` (a plan id or its source file's name each) and the graphs of the scope.

    Raises :class:`UsageError` naming a value that is no plan of the build.
    """
    sources: list[dict[str, Any]] = list(manifest.get("sources", []))
    by_name: dict[str, dict[str, Any]] = {}
    for entry in sources:
        by_name.setdefault(str(entry.get("file", "")), entry)
    for entry in sources:
        by_name[str(entry["plan"])] = entry
    chosen: dict[str, dict[str, Any]] = {}
    for value in wanted:
        entry = by_name.get(value.strip())
        if entry is None:
            known = ", ".join(sorted(str(source["plan"]) for source in sources)[:5])
            more = f" and {len(sources) - 5} more" if len(sources) > 5 else ""
            raise UsageError(f"--plan {value!r} is no plan of this build (its plans: {known}{more}; the sources of manifest.json list them all)")
        chosen[str(entry["plan"])] = entry
    listed: dict[str, int] = manifest.get("graphs", {})
    plan_prefix = f"{manifest.get('base', '')}plan/"
    graphs = [graph for graph in listed if not graph.startswith(plan_prefix)]  # authority, shared, ontology
    for entry in chosen.values():
        own = f"{entry['plan_iri']}{PLAN_GRAPH_SUFFIX}"
        graphs += [graph for graph in (own, inferred_graph_of(own)) if graph in listed]
    return tuple(chosen), tuple(sorted(graphs))


def scope_to_plans(store: Any, manifest: dict[str, Any], wanted: Sequence[str]) -> PlanScope:
    """``store`` (a build folder's, opened) seen through the plans ``wanted`` names."""
    import pyoxigraph

    plans, graphs = plan_graphs(manifest, wanted)
    scoped = pyoxigraph.Store()
    for graph in graphs:
        scoped.extend(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))
    return PlanScope(scoped, plans, graphs)


__all__ = ["PlanScope", "plan_graphs", "scope_to_plans"]
