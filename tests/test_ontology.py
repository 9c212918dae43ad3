"""The ontology (ontology/plan.ttl), its Python namespace, and the department authority file."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import BuildError
from kg.graph.authority import KINDS, Authority
from kg.graph.namespace import PLAN, PLAN_NAMESPACE
from kg.normalize import match_key, to_simplified
from kg.resources import ontology_file
from kg.text.parse import extract
from support import SEED_FILE

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=ontology_file("plan.ttl").read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def authority_graph() -> Graph:
    return Graph().parse(data=ontology_file("departments.ttl").read_text(encoding="utf-8"), format="turtle")


def declared_plan_terms(ontology: Graph) -> set[str]:
    return {
        str(subject)
        for kind in DECLARATIONS
        for subject in ontology.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and str(subject).startswith(PLAN_NAMESPACE)
    }


def test_ontology_has_a_stable_iri_and_a_version_iri(ontology: Graph) -> None:
    root = URIRef("https://w3id.org/plankg/ontology")
    assert (root, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(root, OWL.versionIRI) == URIRef("https://w3id.org/plankg/ontology/0.1.0")


def test_every_python_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    python_terms = {str(PLAN[name]) for name in PLAN.__annotations__}
    assert python_terms - declared_plan_terms(ontology) == set()


def test_every_declared_term_is_a_python_term(ontology: Graph) -> None:
    python_terms = {str(PLAN[name]) for name in PLAN.__annotations__}
    assert declared_plan_terms(ontology) - python_terms == set()
    # and nothing in the plan: namespace is used without a declaration
    used = {str(term) for triple in ontology for term in triple if isinstance(term, URIRef) and str(term).startswith(PLAN_NAMESPACE)}
    assert used - declared_plan_terms(ontology) == set()


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "en"])
def test_every_term_has_a_label_and_a_comment_in_each_language(ontology: Graph, language: str) -> None:
    missing_label = []
    missing_comment = []
    for term in sorted(declared_plan_terms(ontology)):
        labels = {label.language for label in ontology.objects(URIRef(term), RDFS.label) if isinstance(label, Literal)}
        comments = {text.language for text in ontology.objects(URIRef(term), RDFS.comment) if isinstance(text, Literal)}
        if language not in labels:
            missing_label.append(term)
        if language not in comments:
            missing_comment.append(term)
    assert missing_label == []
    assert missing_comment == []


def test_roles_are_sub_properties_of_involved_department_with_inverses(ontology: Graph) -> None:
    for role, inverse in [("leadDepartment", "leads"), ("responsibleDepartment", "responsibleFor"), ("jointDepartment", "jointlyResponsibleFor")]:
        assert (PLAN[role], RDFS.subPropertyOf, PLAN.involvedDepartment) in ontology
        assert (PLAN[role], OWL.inverseOf, PLAN[inverse]) in ontology
    assert (PLAN.dependsOn, RDF.type, OWL.TransitiveProperty) in ontology
    assert (URIRef("http://purl.org/dc/terms/isPartOf"), RDF.type, OWL.TransitiveProperty) in ontology
    assert len(list(ontology.objects(PLAN.dependsOn, OWL.propertyChainAxiom))) == 2


def test_the_fast_reasoner_finds_an_inconsistency_the_disjointness_axioms_forbid(ontology: Graph) -> None:
    from kg.graph.reason import reason

    department = URIRef("https://w3id.org/plankg/org/xilinhaoteshi/zhengwufuwuju")
    task = URIRef("https://w3id.org/plankg/plan/x/task/1")
    # a department wrongly put in the subject place of a task's role is typed plan:Task by the domain axiom
    data = {(task, PLAN.leadDepartment, department), (department, PLAN.leadDepartment, department)}
    with pytest.raises(BuildError, match="disjoint"):
        reason(data, ontology)


# -- the department authority ----------------------------------------------------------------------


def seed_unit_names() -> set[str]:
    """Every unit named in the seed's responsibility annotations, as written."""
    plan = extract(SEED_FILE)
    return {unit.name for task in plan.tasks for unit in task.units}


def test_every_unit_of_the_seed_is_in_the_authority_file() -> None:
    authority = Authority.load()
    xilinhot = authority.jurisdiction("錫林浩特市")
    assert xilinhot.in_authority_file
    names = seed_unit_names()
    assert len(names) >= 20
    unresolved = sorted(name for name in names if not authority.resolve(name, xilinhot).in_authority_file)
    assert unresolved == []


def test_short_forms_resolve_to_their_full_names_in_both_scripts() -> None:
    authority = Authority.load()
    xilinhot = authority.jurisdiction("锡林浩特市", "Hans")
    # 28.(牽頭部門:發改委、政務服務局;責任部門:市直各相關部門)  — the seed writes only the short form
    for written in ["發改委", "发改委", "發展和改革委員會", "发展和改革委员会"]:
        unit = authority.resolve(written, xilinhot)
        assert unit.canonical == {
            "zh-Hant": "發展和改革委員會",
            "zh-Hans": "发展和改革委员会",
            "en": "Development and Reform Commission",
        }
        assert unit.kind == "commission"


def test_authority_names_are_one_name_in_two_scripts(authority_graph: Graph) -> None:
    for subject in set(authority_graph.subjects(SKOS.prefLabel, None)):
        labels = {label.language: str(label) for label in authority_graph.objects(subject, SKOS.prefLabel)}
        assert set(labels) >= {"zh-Hant", "zh-Hans", "en"}, subject
        assert to_simplified(labels["zh-Hant"]) == labels["zh-Hans"], subject
        hant_aliases = sorted(str(a) for a in authority_graph.objects(subject, SKOS.altLabel) if a.language == "zh-Hant")
        hans_aliases = sorted(str(a) for a in authority_graph.objects(subject, SKOS.altLabel) if a.language == "zh-Hans")
        assert sorted(to_simplified(alias) for alias in hant_aliases) == hans_aliases, subject


def test_authority_kinds_and_collectives(authority_graph: Graph) -> None:
    for subject, kind in authority_graph.subject_objects(PLAN.kind):
        assert str(kind) in KINDS, subject
        collective = (subject, RDF.type, PLAN.CollectiveUnit) in authority_graph
        assert collective == (str(kind) == "collective"), subject


def test_a_canonical_name_the_seed_never_writes_carries_a_note(authority_graph: Graph) -> None:
    """Where the seed writes only a short form (發改委, 住建局 …), the file says the expansion is not in the text."""
    seed = match_key(SEED_FILE.read_text(encoding="utf-8"))
    xilinhot = URIRef("https://w3id.org/plankg/authority/xilinhot")
    unexpanded = []
    for subject in authority_graph.subjects(URIRef("http://www.w3.org/ns/org#subOrganizationOf"), xilinhot):
        full = next(str(label) for label in authority_graph.objects(subject, SKOS.prefLabel) if label.language == "zh-Hant")
        if match_key(full) not in seed:
            unexpanded.append(subject)
            notes = " ".join(str(note) for note in authority_graph.objects(subject, SKOS.editorialNote))
            assert re.search(r"not (stated|expand|give|name)|only|kept as written", notes), (subject, full)
    # 發改委, 工信局, 住建局, 衛健委, 民委 at least
    assert len(unexpanded) >= 5
