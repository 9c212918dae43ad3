"""The --graphml / --gexf files as Gephi shows them: nodes named, not IRIs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis import analyze_with_graphs, write_networks


def test_gexf_and_graphml_nodes_carry_the_department_name_and_the_task_number_as_label(fixture_store, tmp_path: Path) -> None:
    _report, network, dependencies = analyze_with_graphs(store=fixture_store, lang="zh-Hant")
    write_networks(network, dependencies, graphml=tmp_path / "n.graphml", gexf=tmp_path / "n.gexf")
    for reader, name in ((nx.read_gexf, "n.gexf"), (nx.read_graphml, "n.graphml")):
        departments = reader(tmp_path / name)
        labels = set(nx.get_node_attributes(departments, "label").values())
        # 2. and 33. of the excerpt: (牽頭部門:發改委、政務服務局…), full names as every other command prints them
        assert {"政務服務局", "發展和改革委員會"} <= labels, name
        assert not any(label.startswith("http") for label in labels), name
        tasks = reader(tmp_path / name.replace("n.", "n.dependencies."))
        task_labels = nx.get_node_attributes(tasks, "label")
        assert len(task_labels) == tasks.number_of_nodes()
        assert {"21", "25"} <= set(task_labels.values()), name
