"""Reasoning: the fast rules generated from the ontology give what owlrl gives, and only what they should."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from support import BASE, SEED_PLAN, XILINHOT, graph_triples, select
from kg.pipeline import load_ontology
from kg.graph.namespace import PLAN
from kg.graph.triples import build_graphs
from kg.graph.reason import materialise, reason, rules_from_ontology

INFERRED = f"{SEED_PLAN}/inferred"  # what the seed's graph entails, beside it
TASK = f"{SEED_PLAN}/task/"
BUILTIN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def seed_asserted(seed_build) -> set:
    return build_graphs(seed_build.plans).asserted()


def test_fast_reasoner_gives_the_same_inferred_triples_as_owlrl_on_the_seed(ontology: Graph, seed_asserted: set) -> None:
    """The one test that runs owlrl: the full OWL 2 RL closure of the seed, consistent, equal to the fast rules'."""
    fast = reason(seed_asserted, ontology, "fast")
    reference = reason(seed_asserted, ontology, "owlrl")  # raises BuildError if owlrl finds an inconsistency
    assert len(fast.triples) > 800
    assert fast.triples == reference.triples
    assert fast.seconds < reference.seconds


def test_tasks_built_on_electronic_licences_depend_on_the_task_that_fills_the_library(seed_build) -> None:
    # 21.…納入自治區電子證照庫統一制作、匯聚和發放,2022 年底前全面實現涉企證照電子化。
    # 22.實現跨部門電子證照互認互信…  23.根據電子證照需求清單…  24.實現電子證照、電子印章、電子檔案跨部門應用…
    # 25.全面加強電子證照推廣應用…  — all of 二(二)二是, built on electronic licences
    rows = select(seed_build.out, f"SELECT DISTINCT ?a ?b WHERE {{ GRAPH <{INFERRED}> {{ ?a plan:dependsOn ?b }} }}")
    pairs = {(row["a"].rsplit("/", 1)[1], row["b"].rsplit("/", 1)[1]) for row in rows}
    assert {("22", "21"), ("23", "21"), ("24", "21"), ("25", "21")} <= pairs
    rows = select(seed_build.out, f"SELECT DISTINCT ?a WHERE {{ GRAPH <{INFERRED}> {{ <{TASK}21> plan:isDependedOnBy ?a }} }}")
    assert {row["a"] for row in rows} == {f"{TASK}{n}" for n in (22, 23, 24, 25)}


def test_the_task_that_fills_the_library_relies_on_it(seed_build) -> None:
    inferred = graph_triples(seed_build.out, INFERRED)
    assert (f"{TASK}21", str(PLAN.reliesOn), f"{BASE}system/dianzizhengzhaoku") in inferred


def test_roles_and_their_inverses_are_materialised(seed_build) -> None:
    inferred = graph_triples(seed_build.out, INFERRED)
    office = f"{XILINHOT}/zhengwufuwuju"
    assert len({o for s, p, o in inferred if s == office and p == str(PLAN.leads)}) == 36
    # 47.…(牽頭部門:政務服務局;責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門)
    involved = {o for s, p, o in inferred if s == f"{TASK}47" and p == str(PLAN.involvedDepartment)}
    assert involved == {f"{XILINHOT}/{slug}" for slug in ("zhengwufuwuju", "gesumuzhen", "guoyounongmuchang", "jiedaobanshichu", "shizhigexiangguanbumen")}


def test_inferred_triples_are_apart_from_asserted_ones(seed_build) -> None:
    folder = seed_build.out
    inferred = graph_triples(folder, INFERRED)
    asserted = graph_triples(folder, f"{SEED_PLAN}/graph") | graph_triples(folder, f"{BASE}graph/authority")
    assert inferred and not inferred & asserted


def test_no_axiomatic_noise_and_no_self_loops_are_published(seed_build) -> None:
    inferred = graph_triples(seed_build.out, INFERRED)
    for s, p, o in inferred:
        assert not s.startswith(BUILTIN) and s != o
        assert p == str(RDF.type) or not p.startswith(BUILTIN)
        if p == str(RDF.type):
            assert not o.startswith(BUILTIN)  # no owl:Thing, rdfs:Resource, owl:NamedIndividual …


@pytest.mark.parametrize(
    ("kind", "wrong_type"),
    [
        ("department", "https://w3id.org/plankg/ontology#Task"),
        ("department", "https://w3id.org/plankg/ontology#List"),
        ("task", "http://www.w3.org/ns/org#Organization"),
        ("task", "https://w3id.org/plankg/ontology#System"),
        ("system", "https://w3id.org/plankg/ontology#Task"),
        ("indicator", "https://w3id.org/plankg/ontology#Task"),
        ("list", "https://w3id.org/plankg/ontology#Task"),
        ("document", "https://w3id.org/plankg/ontology#Task"),
    ],
)
def test_inferred_types_that_must_not_appear(seed_build, kind: str, wrong_type: str) -> None:
    pattern = {
        "department": "?node plan:inAuthorityFile ?x ; plan:kind ?k",
        "task": "?node schema:position ?x",
        "system": "?node a plan:System",
        "indicator": "?node plan:comparator ?x",
        "list": "?node a plan:List",
        "document": "?x eli:cites ?node",
    }[kind]
    rows = select(seed_build.out, f"SELECT DISTINCT ?node WHERE {{ {pattern} . ?node a <{wrong_type}> }}")
    assert rows == []


def test_no_literal_is_typed_and_no_literal_valued_node_gets_a_class_from_a_range(seed_build) -> None:
    rows = select(seed_build.out, "SELECT ?c (COUNT(*) AS ?n) WHERE { ?x a ?c FILTER(STRSTARTS(STR(?c), STR(xsd:))) } GROUP BY ?c")
    assert rows == []
    classes = select(seed_build.out, f"SELECT DISTINCT ?c WHERE {{ GRAPH <{INFERRED}> {{ ?x a ?c }} }} ORDER BY ?c")
    # every inferred class is one of these: what the ontology's domains, ranges and sub-classes license
    assert {row["c"] for row in classes} <= {
        "http://data.europa.eu/eli/ontology#LegalResource",
        "http://data.europa.eu/eli/ontology#LegalResourceSubdivision",
        "http://purl.org/net/p-plan#Plan",
        "http://purl.org/net/p-plan#Step",
        "http://www.w3.org/ns/org#Organization",
        "http://www.w3.org/ns/prov#Plan",
        "http://www.w3.org/2006/time#Instant",
        "https://schema.org/QuantitativeValue",
        "https://w3id.org/plankg/ontology#Section",
        "https://w3id.org/plankg/ontology#Task",
        "https://w3id.org/plankg/ontology#List",
        "https://w3id.org/plankg/ontology#System",
        "https://w3id.org/plankg/ontology#Indicator",
        "https://w3id.org/plankg/ontology#Deadline",
        "https://w3id.org/plankg/ontology#Cadence",
    }


# -- the rules come from the axioms, not from code --------------------------------------------------

T = "https://example.org/task/"
L = "https://example.org/list/"


def test_the_list_chain_links_a_task_using_a_list_to_the_task_creating_it(ontology: Graph) -> None:
    data = {
        (URIRef(T + "1"), PLAN.creates, URIRef(L + "a")),
        (URIRef(T + "2"), PLAN.uses, URIRef(L + "a")),
        (URIRef(T + "2"), PLAN.creates, URIRef(L + "b")),
        (URIRef(T + "3"), PLAN.uses, URIRef(L + "b")),
    }
    inferred = reason(data, ontology).triples
    depends = {(s[-1], o[-1]) for s, p, o in inferred if p == PLAN.dependsOn}
    assert depends == {("2", "1"), ("3", "2"), ("3", "1")}  # the last through transitivity


def test_removing_an_axiom_removes_its_entailments(ontology: Graph) -> None:
    from rdflib.namespace import OWL

    data = {
        (URIRef(T + "1"), PLAN.creates, URIRef(L + "a")),
        (URIRef(T + "2"), PLAN.uses, URIRef(L + "a")),
        (URIRef(T + "2"), PLAN.creates, URIRef(L + "b")),
        (URIRef(T + "3"), PLAN.uses, URIRef(L + "b")),
    }
    weaker = Graph()
    for triple in ontology:
        if triple != (PLAN.dependsOn, RDF.type, OWL.TransitiveProperty):
            weaker.add(triple)
    without = materialise(data, rules_from_ontology(weaker))
    assert (URIRef(T + "3"), PLAN.dependsOn, URIRef(T + "2")) in without  # the chain axiom still holds
    assert (URIRef(T + "3"), PLAN.dependsOn, URIRef(T + "1")) not in without  # transitivity is gone
    assert (URIRef(T + "3"), PLAN.dependsOn, URIRef(T + "1")) in materialise(data, rules_from_ontology(ontology))


def test_literals_are_never_subjects_of_inferred_triples(ontology: Graph) -> None:
    data = {(URIRef(T + "1"), PLAN.charStart, Literal(5)), (URIRef(T + "1"), PLAN.comparator, Literal(">="))}
    inferred = reason(data, ontology).triples
    assert all(not isinstance(s, Literal) for s, _, _ in inferred)


def test_the_rules_written_as_sparql_reach_the_same_fixpoint(ontology: Graph, seed_asserted: set) -> None:
    """Each generated rule's CONSTRUCT, run in pyoxigraph until nothing new appears, gives the fast closure."""
    import pyoxigraph

    from kg.graph.serialize import ntriples

    rules = rules_from_ontology(ontology)
    store = pyoxigraph.Store()
    store.load(ntriples(seed_asserted), format=pyoxigraph.RdfFormat.N_TRIPLES)
    while True:
        before = len(store)
        for rule in rules:
            for triple in list(store.query(rule.sparql())):
                store.add(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object))
        if len(store) == before:
            break
    expected = materialise(seed_asserted, rules)
    assert len(store) == len(expected)
