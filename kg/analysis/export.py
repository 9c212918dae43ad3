"""The department network and the dependency graph as GraphML and GEXF files (Gephi, yEd, Cytoscape)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.analysis.files import write_atomically


def exportable(graph: Any) -> Any:
    """A copy whose attributes GraphML and GEXF can hold (lists become space-separated text, None is
    dropped), each node labelled with its name."""
    exported = graph.copy()
    for node, data in exported.nodes(data=True):
        # Gephi shows a node's "label" (GEXF's own label, a GraphML column): the name, not the IRI
        name = data.get("department") or data.get("label") or data.get("number")
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


def companion(path: str | Path) -> Path:
    """Where the dependency graph goes beside ``path``: ``net.graphml`` → ``net.dependencies.graphml``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.dependencies{path.suffix or ''}")


def write_networks(
    network: Any, dependencies: Any, *, graphml: str | Path | None = None, gexf: str | Path | None = None
) -> list[Path]:
    """Write the department network to each path given and the dependency graph beside it; return the paths.

    Each file is written whole or not at all (a temporary file renamed when complete)."""
    import networkx as nx  # heavy: imported by the commands that need it

    written: list[Path] = []
    writers = [(graphml, nx.write_graphml), (gexf, nx.write_gexf)]
    for target, writer in writers:
        if not target:
            continue
        for graph, path in ((network, Path(target)), (dependencies, companion(target))):
            data = exportable(graph)
            written.append(write_atomically(path, lambda temporary, data=data, writer=writer: writer(data, str(temporary))))
    return written


__all__ = ["companion", "exportable", "write_networks"]
