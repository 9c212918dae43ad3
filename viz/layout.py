"""Starting positions for big networks, so the browser's physics has little left to do.

vis-network's own first layout (``improvedLayout``, Kamada-Kawai on
clusters) is good but slow past a hundred or so nodes, and random starting
points need many physics iterations before separate components stop drifting.
:func:`seed_positions` gives every node an ``x``/``y`` in one linear pass:
each connected component is laid out radially around its busiest node (rings
by breadth-first depth, children kept near their parent's angle), and the
components are packed in rows, largest first, into a roughly square block.
:func:`enlarge_labels` then makes the names at the components' centres readable from afar.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

RING = 110.0  # distance between breadth-first rings, in vis-network canvas units
NODE_SPACING = 34.0  # minimum arc length between neighbours on a ring
MARGIN = 90.0


def _components(node_ids: list[int], adjacency: dict[int, list[int]]) -> list[list[int]]:
    seen: set[int] = set()
    components = []
    for start in node_ids:
        if start in seen:
            continue
        seen.add(start)
        queue, members = deque([start]), [start]
        while queue:
            for other in adjacency[queue.popleft()]:
                if other not in seen:
                    seen.add(other)
                    members.append(other)
                    queue.append(other)
        components.append(members)
    components.sort(key=lambda members: (-len(members), members[0]))
    return components


def _radial(members: list[int], adjacency: dict[int, list[int]]) -> tuple[dict[int, tuple[float, float]], float, int]:
    """Positions around (0, 0), the radius they take up, and the node at the centre."""
    root = max(members, key=lambda node: (len(adjacency[node]), -node))
    depth = {root: 0}
    order = [root]
    parent: dict[int, int] = {}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for other in sorted(adjacency[node], key=lambda n: -len(adjacency[n])):
            if other not in depth:
                depth[other] = depth[node] + 1
                parent[other] = node
                order.append(other)
                queue.append(other)
    rings: dict[int, list[int]] = defaultdict(list)
    for node in order:
        rings[depth[node]].append(node)
    positions = {root: (0.0, 0.0)}
    angle: dict[int, float] = {root: 0.0}
    radius = 0.0
    for level in sorted(rings):
        if level == 0:
            continue
        nodes = rings[level]
        # children follow their parents round the ring, so edges stay short
        nodes.sort(key=lambda node: angle.get(parent[node], 0.0))
        radius = max(radius + RING, len(nodes) * NODE_SPACING / (2 * math.pi))
        offset = angle.get(parent[nodes[0]], 0.0)
        for index, node in enumerate(nodes):
            theta = offset + 2 * math.pi * index / len(nodes)
            angle[node] = theta
            positions[node] = (radius * math.cos(theta), radius * math.sin(theta))
    return positions, radius + MARGIN, root


def seed_positions(nodes: list[dict[str, Any]], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Set ``x`` and ``y`` on every node (in place) from its links (edges as node-id pairs);
    return the components (node ids), largest first."""
    adjacency: dict[int, list[int]] = {node["id"]: [] for node in nodes}
    for source, target in links:
        adjacency[source].append(target)
        adjacency[target].append(source)
    components = _components([node["id"] for node in nodes], adjacency)
    laid_out = [_radial(members, adjacency) for members in components]
    total_area = sum((2 * radius) ** 2 for _positions, radius, _root in laid_out)
    row_width = max(math.sqrt(total_area) * 1.1, max((2 * r for _p, r, _root in laid_out), default=0.0))
    x = y = row_height = 0.0
    placed: dict[int, tuple[float, float]] = {}
    for positions, radius, _root in laid_out:
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centre_x, centre_y = x + radius, y + radius
        for node, (dx, dy) in positions.items():
            placed[node] = (centre_x + dx, centre_y + dy)
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    for node in nodes:
        node["x"], node["y"] = (round(value, 1) for value in placed[node["id"]])
    return components


def enlarge_labels(nodes: list[dict[str, Any]], components: list[list[int]], factor: float) -> None:
    """Scale the label of each component's biggest named node by ``factor``, in place.

    A big network is first seen zoomed far out, where vis-network leaves out labels drawn smaller
    than a few pixels: each cluster keeps one readable name there (its heaviest department, with
    its jurisdiction), so it says whose it is; the other names appear as one zooms in.
    """
    by_id = {node["id"]: node for node in nodes}
    for members in components:
        named = [by_id[i] for i in members if by_id[i].get("font") and by_id[i].get("group") != "task"]
        preferred = [node for node in named if node.get("kind") != "collective"] or named
        if preferred:
            node = max(preferred, key=lambda node: (node.get("size", 0), -node["id"]))
            node["font"] = {**node["font"], "size": round(node["font"]["size"] * factor)}


__all__ = ["enlarge_labels", "seed_positions"]
