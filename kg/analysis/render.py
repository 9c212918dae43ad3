"""The analysis report as text: JSON, or tables in plain text or Markdown."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kg.sparql.formats import render


def render_report(report: Mapping[str, Any], fmt: str) -> str:
    """The report as ``json``, ``table`` or ``md`` text."""
    data = dict(report)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    weights = ", ".join(f"{role} {weight:g}" for role, weight in data["weights"].items())
    network = data["network"]
    dependencies = data["dependencies"]
    betweenness = network.get("betweenness") or "exact"
    sections: list[tuple[str, list[dict[str, Any]], list[str]]] = [
        (
            f"Department workload (weighted load: {weights})",
            [{"rank": index + 1, **record} for index, record in enumerate(data["workload"])],
            ["rank", "department", "lead", "responsible", "joint", "total", "weighted_load"],
        ),
        (
            f"Co-responsibility network: {network['departments']} departments, {network['links']} links "
            f"(betweenness {betweenness})",
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


__all__ = ["render_report"]
