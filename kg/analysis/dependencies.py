"""Task dependencies: which task waits for which, followed inside each plan.

An edge *u → v* when task *v* depends on task *u*: *v* uses a list *u*
creates, or relies on a system *u* provides, *u* and *v* steps of one plan
(systems are shared by the plans of a region, and one plan does not wait for
another's tasks), or a plan says so itself with ``plan:dependsOn``. These are
the chains of ``ontology/plan.ttl`` written out; the reasoner's transitive
closure adds only paths they already hold. The join runs here, grouped by plan
and by list or system, so it costs what the plans hold, not their square; the
dependency view draws the same edges.

The summary gives topological layers (what can start first), the longest
chain, the tasks most others wait on (directly or through a chain), and any
cycle (its tasks are layered as one block). Every figure is computed on each
connected part of the graph (in practice, each plan) and the parts combined.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from kg.analysis.names import TaskNames, as_int, pick
from kg.analysis.records import Records, TaskRecord

TOP_WAITED_ON = 10


def _joined(
    users: Iterable[tuple[str, str]], makers: Iterable[tuple[str, str]], tasks: Mapping[str, TaskRecord]
) -> set[tuple[str, str]]:
    """(user, maker) for each thing a task uses and a task of the same plan makes."""
    made: dict[tuple[str, str], list[str]] = defaultdict(list)
    for maker, thing in makers:
        task = tasks.get(maker)
        if task is not None and task.plan:
            made[(task.plan, thing)].append(maker)
    pairs = set()
    for user, thing in users:
        task = tasks.get(user)
        if task is not None and task.plan:
            for maker in made.get((task.plan, thing), ()):
                if maker != user:
                    pairs.add((user, maker))
    return pairs


def direct_dependencies(records: Records) -> list[tuple[str, str]]:
    """(task, the task it directly depends on), sorted: lists and systems followed inside each plan,
    and what the plans state."""
    pairs = _joined(records.uses, records.creates, records.tasks)
    pairs |= _joined(records.relies_on, records.provides, records.tasks)
    pairs |= {(task, other) for task, other in records.stated_dependencies if task != other}
    return sorted(pairs)


def dependency_graph_of(records: Records, dependencies: Iterable[tuple[str, str]], lang: str, reduce: bool = True) -> Any:
    """Tasks as an ``nx.DiGraph`` (an edge u → v when v depends on u), nodes with ``number``, ``text``,
    ``label`` (``n`` or ``k·n``) and ``plan`` (k). With ``reduce``, edges implied by others are dropped
    in each acyclic part, leaving the direct dependencies."""
    import networkx as nx  # heavy: imported by the commands that need it

    names = TaskNames(records.plans)
    graph = nx.DiGraph(name="task dependencies")
    for task in sorted(records.tasks.values(), key=lambda task: (names.order(task.number, task.plan), task.iri)):
        graph.add_node(
            task.iri,
            number=task.number,
            text=pick(task.texts, lang),
            label=str(names.label(task.number, task.plan)),
            plan=names.index.get(task.plan, 0),
        )
    for task, prerequisite in dependencies:
        graph.add_edge(prerequisite, task)
    return reduced(graph) if reduce else graph


def _part(graph: Any, nodes: Iterable[Any], position: dict[Any, Any]) -> Any:
    """The subgraph of ``graph`` on ``nodes``, its nodes and edges in ``position`` order.

    A networkx subgraph view of a small part iterates the set of its nodes, whose
    order follows the hash seed; which of two equally long chains is reported, and
    the order of the edges written, would then differ from run to run and from a
    build folder to a triple store.
    """
    import networkx as nx  # heavy: imported by the commands that need it

    chosen = sorted(nodes, key=position.__getitem__)
    view = graph.subgraph(chosen)
    part = nx.DiGraph()
    part.add_nodes_from((node, graph.nodes[node]) for node in chosen)
    part.add_edges_from(sorted(view.edges, key=lambda edge: (position[edge[0]], position[edge[1]])))
    return part


def reduced(graph: Any) -> Any:
    """``graph`` without the edges other paths imply, in each weakly connected part that has no cycle."""
    import networkx as nx  # heavy: imported by the commands that need it

    position = {node: index for index, node in enumerate(graph)}
    result = nx.DiGraph()
    result.graph.update(graph.graph)
    result.add_nodes_from(graph.nodes(data=True))
    for component in sorted(nx.weakly_connected_components(graph), key=lambda nodes: min(position[node] for node in nodes)):
        if len(component) < 2:
            continue
        part = _part(graph, component, position)
        if nx.is_directed_acyclic_graph(part):
            kept = set(nx.transitive_reduction(part).edges)
            result.add_edges_from(edge for edge in part.edges if edge in kept)
        else:
            result.add_edges_from(part.edges)
    return result


def dependency_summary(graph: Any) -> dict[str, Any]:
    """Layers, the longest chain, the tasks most others wait on, and any cycles, by task name."""
    import networkx as nx  # heavy: imported by the commands that need it

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
        return (found is None, plan.get(node, 0) if many else 0, as_int(found), str(node))

    def names(nodes: Iterable[Any]) -> list[Any]:
        return [name(node) for node in sorted(nodes, key=order)]

    involved = graph.subgraph([node for node in graph if graph.degree(node) > 0])
    cycles: list[list[Any]] = []
    layers: dict[int, list[Any]] = defaultdict(list)
    longest: list[Any] = []
    waited_on = []
    for component in sorted(nx.weakly_connected_components(involved), key=lambda nodes: min(order(node) for node in nodes)):
        part = _part(involved, component, {node: order(node) for node in component})
        cycles += [sorted(block, key=order) for block in nx.strongly_connected_components(part) if len(block) > 1]
        condensed = nx.condensation(part)
        members = nx.get_node_attributes(condensed, "members")
        for index, generation in enumerate(nx.topological_generations(condensed)):
            layers[index] += [node for block in generation for node in members[block]]
        chain = [node for block in nx.dag_longest_path(condensed) for node in sorted(members[block], key=order)]
        if len(chain) > len(longest):
            longest = chain
        # what waits on each task: its descendants, gathered block by block from the last layer back
        below: dict[int, set[Any]] = {}
        for block in reversed(list(nx.topological_sort(condensed))):
            found: set[Any] = set()
            for child in condensed.successors(block):
                found |= below[child] | members[child]
            below[block] = found
            for node in members[block]:
                dependants = found | (members[block] - {node})
                if dependants:
                    waited_on.append({"task": name(node), "waiting": len(dependants), "tasks": names(dependants), "iri": node, "_order": order(node)})
    waited_on.sort(key=lambda record: (-record["waiting"], record["_order"]))
    top = waited_on[:TOP_WAITED_ON]
    for record in top:
        del record["_order"]
    return {
        "tasks": graph.number_of_nodes(),
        "tasks_with_dependencies": involved.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "acyclic": not cycles,
        "cycles": [[name(node) for node in block] for block in sorted(cycles, key=lambda block: order(block[0]))],
        "layers": [names(layers[index]) for index in sorted(layers)],
        "longest_chain": [name(node) for node in longest],
        "most_waited_on": top,
    }


__all__ = ["TOP_WAITED_ON", "dependency_graph_of", "dependency_summary", "direct_dependencies", "reduced"]
