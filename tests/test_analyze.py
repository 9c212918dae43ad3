"""plankg analyze: workload, co-responsibility centralities and communities, dependencies, collective burden."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analysis import (
    WEIGHTS,
    analyze,
    analyze_with_graphs,
    department_network,
    dependency_graph,
    render_report,
    write_networks,
)
from kg.analysis.dependencies import dependency_summary
from kg.cli import cli


# -- on the hand-written excerpt (tasks 1, 2, 8, 14, 21, 25, 29, 33 of the seed) ---------------


def test_network_of_the_excerpt_links_departments_sharing_tasks(fixture_store) -> None:
    graph = department_network(store=fixture_store)
    label = nx.get_node_attributes(graph, "department")
    edges = {frozenset((label[a], label[b])): data for a, b, data in graph.edges(data=True)}
    # 2. and 33.(牽頭部門:發改委、政務服務局…); 21.(牽頭部門:政務服務局、智慧城市指揮中心); 29.(住建局、供電局按職責分工負責)
    assert edges[frozenset(("發展和改革委員會", "政務服務局"))] == {"weight": 2, "tasks": [2, 33]}
    assert edges[frozenset(("政務服務局", "智慧城市指揮中心"))]["tasks"] == [21]
    assert edges[frozenset(("住房和城鄉建設局", "供電局"))]["tasks"] == [29]
    assert "市直各相關部門" not in set(label.values()), "collective units are not network nodes"


def test_weighted_load_uses_the_documented_weights(fixture_store) -> None:
    report = analyze(store=fixture_store)
    load = {row["department"]: row for row in report["workload"]}
    assert load["住房和城鄉建設局"]["weighted_load"] == WEIGHTS["joint"]
    assert load["政務服務局"]["weighted_load"] == 6 * WEIGHTS["lead"]
    burden = {row["department"]: row for row in report["collective_units"]}
    # 市直各相關部門 is 責任部門 in 1, 2, 8, 14, 21, 25 and 33 of the excerpt's 8 tasks
    assert burden["市直各相關部門"]["responsible"] == 7 and burden["市直各相關部門"]["share"] == 7 / 8


def test_dependency_summary_handles_cycles() -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from([("a", {"number": 1}), ("b", {"number": 2}), ("c", {"number": 3}), ("d", {"number": 4})])
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    summary = dependency_summary(graph)
    assert summary["acyclic"] is False and summary["cycles"] == [[2, 3]]
    assert summary["layers"] == [[1], [2, 3], [4]]
    assert summary["longest_chain"] == [1, 2, 3, 4]
    assert summary["most_waited_on"][0]["task"] == 1 and summary["most_waited_on"][0]["waiting"] == 3


def test_networks_are_written_for_gephi(fixture_store, tmp_path: Path) -> None:
    report, network, dependencies = analyze_with_graphs(store=fixture_store)
    written = write_networks(network, dependencies, graphml=tmp_path / "net.graphml", gexf=tmp_path / "net.gexf")
    assert [path.name for path in written] == ["net.graphml", "net.dependencies.graphml", "net.gexf", "net.dependencies.gexf"]
    read_back = nx.read_graphml(tmp_path / "net.graphml")
    assert read_back.number_of_nodes() == report["network"]["departments"]
    assert read_back.number_of_edges() == report["network"]["links"]


# -- on the seed build ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(seed_store) -> dict:
    return analyze(store=seed_store)


def test_workload_ranks_government_services_first(seed_report: dict) -> None:
    first = seed_report["workload"][0]
    assert first["department"] == "政務服務局" and first["lead"] == 36
    loads = [row["weighted_load"] for row in seed_report["workload"]]
    assert loads == sorted(loads, reverse=True)


def test_government_services_is_most_central(seed_report: dict) -> None:
    rows = seed_report["network"]["centrality"]
    for measure in ("degree", "weighted_degree", "betweenness", "eigenvector"):
        best = max(rows, key=lambda row: row[measure])
        assert best["department"] == "政務服務局", f"{measure}: {best['department']}"


def test_communities_are_reproducible(seed_store, seed_report: dict) -> None:
    again = analyze(store=seed_store)
    assert again["network"]["communities"] == seed_report["network"]["communities"]
    members = [name for community in seed_report["network"]["communities"] for name in community]
    assert sorted(members) == sorted(row["department"] for row in seed_report["network"]["centrality"])


def test_collective_burden_on_the_seed(seed_report: dict) -> None:
    burden = {row["department"]: row for row in seed_report["collective_units"]}
    # 市直各相關部門 is named in 43 tasks (all but 3, 18, 29, 30); 各蘇木鎮 in 36
    assert burden["市直各相關部門"]["total"] == 43
    assert burden["各蘇木鎮"]["total"] == 36
    assert burden["市直各相關部門"]["share"] == round(43 / 47, 4)


def test_dependency_graph_of_the_seed_is_acyclic(seed_store, seed_report: dict) -> None:
    graph = dependency_graph(store=seed_store)
    assert graph.number_of_nodes() == 47
    assert seed_report["dependencies"]["acyclic"] == nx.is_directed_acyclic_graph(graph)


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_report_renders(seed_report: dict, fmt: str) -> None:
    text = render_report(seed_report, fmt)
    if fmt == "json":
        assert json.loads(text)["workload"][0]["department"] == "政務服務局"
    else:
        assert "政務服務局" in text and "Co-responsibility network" in text


def test_analyze_command(seed_store, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--format", "json", "--lang", "en", "--graphml", str(tmp_path / "n.graphml")])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["workload"][0]["department"] == "Government Services Bureau"
    assert (tmp_path / "n.graphml").exists() and (tmp_path / "n.dependencies.graphml").exists()
