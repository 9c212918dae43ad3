"""Analysis at corpus scale: the same figures, computed in time and memory that grow with the corpus."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.analysis import analyze, render_report
from kg.analysis import network as network_module
from kg.analysis.network import eigenvector_centrality


def test_eigenvector_centrality_is_networkx_s_own() -> None:
    graph = nx.gnm_random_graph(300, 1200, seed=1)
    for a, b in graph.edges:
        graph[a][b]["weight"] = random.Random(a * 1000 + b).randint(1, 5)
    graph.add_edge(1000, 1001, weight=2)  # and a part apart from the rest
    expected = nx.eigenvector_centrality(graph, weight="weight", max_iter=2000)
    found = eigenvector_centrality(graph)
    assert found is not None
    assert max(abs(expected[node] - found[node]) for node in graph) < 1e-9


def test_above_the_stated_size_betweenness_is_sampled_and_says_so(fixture_store, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = analyze(store=fixture_store)
    assert exact["network"]["betweenness"] == "exact"
    monkeypatch.setattr(network_module, "EXACT_BETWEENNESS_UP_TO", 3)
    monkeypatch.setattr(network_module, "BETWEENNESS_SAMPLES", 4)
    sampled = analyze(store=fixture_store)
    departments = sampled["network"]["departments"]
    assert sampled["network"]["betweenness"] == f"sampled: k=4 source departments of {departments}, seed {network_module.LOUVAIN_SEED}"
    assert analyze(store=fixture_store)["network"]["centrality"] == sampled["network"]["centrality"]  # the fixed seed
    assert "(betweenness sampled: k=4 source departments" in render_report(sampled, "table")
