"""Nodes plans share are described once, in the shared or the authority graph, not in every plan's graph.

The three-plan build (tests/conftest.py) holds the seed and a simplified-script
Xilinhot plan, which name the same departments, and a league plan; all three
cite 国办发〔2022〕2号 (the seed in its task 1, "按照《國務院辦公廳關於全面實行行政許可事項清單
管理的通知》（國辦發〔2022〕2號）").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.pipeline import BuildResult, build, open_store
from support import SEED_FILE

BASE = "https://w3id.org/plankg/"
PREFIXES = """PREFIX plan: <https://w3id.org/plankg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def store(three_plan_build: BuildResult) -> Any:
    return open_store(three_plan_build.out)


def rows(store: Any, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(term.value for term in solution) for solution in store.query(PREFIXES + query, use_default_graph_as_union=True))


def test_a_document_cited_by_three_plans_is_described_once_in_the_shared_graph(store: Any) -> None:
    found = rows(store, "SELECT ?g ?id WHERE { GRAPH ?g { ?doc eli:id_local ?id . FILTER(?id = \"国办发〔2022〕2号\") } }")
    assert found == [(BASE + "graph/shared", "国办发〔2022〕2号")]
    citing_plans = rows(store, "SELECT DISTINCT ?g WHERE { ?doc eli:id_local \"国办发〔2022〕2号\" . GRAPH ?g { ?citer eli:cites ?doc } }")
    assert len(citing_plans) == 3 and all(graph.endswith("/graph") and "/plan/" in graph for (graph,) in citing_plans)


def test_no_plan_graph_describes_a_shared_node(store: Any) -> None:
    # names, kinds, match keys of full names and document titles live in the authority or shared graph;
    # a plan's graph keeps only how it writes a name (rdfs:label) and that name's match key
    described_in_plans = rows(
        store,
        """SELECT DISTINCT ?p WHERE {
             GRAPH ?g { ?node ?p ?o }
             FILTER(STRENDS(STR(?g), "/graph") && CONTAINS(STR(?g), "/plan/"))
             VALUES ?p { skos:prefLabel skos:altLabel plan:kind plan:inAuthorityFile eli:id_local }
             FILTER(!STRSTARTS(STR(?node), "https://w3id.org/plankg/plan/"))
           }""",
    )
    assert described_in_plans == []


def test_the_shared_graph_holds_no_node_of_one_plan(store: Any) -> None:
    owned = rows(store, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{BASE}graph/shared> {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), \"{BASE}plan/\")) }}")
    assert owned == []
    kinds = rows(store, f"SELECT DISTINCT ?kind WHERE {{ GRAPH <{BASE}graph/shared> {{ ?s a ?kind }} }}")
    assert {kind for (kind,) in kinds} <= {
        "http://data.europa.eu/eli/ontology#LegalResource",
        "http://www.w3.org/ns/org#Organization",
        "http://www.w3.org/ns/org#OrganizationalUnit",
        "https://w3id.org/plankg/ontology#CollectiveUnit",
        "https://w3id.org/plankg/ontology#System",
    }


def test_a_unit_outside_the_authority_files_named_by_two_plans_is_described_once(tmp_path: Path) -> None:
    # the seed's text as two plans of Abag Banner (whose units the authority files do not hold),
    # under two index numbers: both name 政務服務局
    text = SEED_FILE.read_text(encoding="utf-8").replace("錫林浩特市", "阿巴嘎旗")
    assert text.count("01166760-1/2022-00759") == 1 and "政務服務局" in text
    sources = []
    for number in ("00759", "00760"):
        sources.append(tmp_path / f"abag-{number}.txt")
        sources[-1].write_text(text.replace("01166760-1/2022-00759", f"01166760-1/2022-{number}"), encoding="utf-8")
    store = open_store(build([str(path) for path in sources], tmp_path / "build", validate=False).out)
    unit = BASE + "org/abagaqi/zhengwufuwuju"
    names = rows(store, f"SELECT ?g ?label WHERE {{ GRAPH ?g {{ <{unit}> skos:prefLabel ?label }} }}")
    # its names borrowed from Xilinhot's 政務服務局 in the authority file, stated once each
    assert names == [(BASE + "graph/shared", label) for label in ("Government Services Bureau", "政务服务局", "政務服務局")]
    as_written = rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{unit}> rdfs:label \"政務服務局\"@zh-Hant }} }}")
    assert [graph for (graph,) in as_written] == [BASE + "plan/01166760-1-2022-00759/graph", BASE + "plan/01166760-1-2022-00760/graph"]
