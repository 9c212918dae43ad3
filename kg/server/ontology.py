"""The ontology page: the classes and properties of ``ontology/plan.ttl`` with their labels in three languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.graph.iri import ONTOLOGY_IRI
from kg.resources import PLAN_NAMESPACE, ontology_file

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GROUPS = (
    ("classes", "Classes", (OWL + "Class", RDFS + "Class")),
    ("object-properties", "Object properties", (OWL + "ObjectProperty",)),
    ("datatype-properties", "Datatype properties", (OWL + "DatatypeProperty",)),
    ("annotation-properties", "Annotation properties", (OWL + "AnnotationProperty",)),
)
RELATIONS = (
    ("sub-class of", RDFS + "subClassOf"),
    ("sub-property of", RDFS + "subPropertyOf"),
    ("inverse of", OWL + "inverseOf"),
    ("domain", RDFS + "domain"),
    ("range", RDFS + "range"),
    ("disjoint with", OWL + "disjointWith"),
    ("equivalent class", OWL + "equivalentClass"),
    ("property chain", OWL + "propertyChainAxiom"),
)
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


@dataclass
class Term:
    iri: str
    local: str
    curie: str
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def _tag(language: str | None) -> str:
    for code in LANGUAGES:
        if (language or "").lower() == code.lower():
            return code
    return language or ""


def ontology_turtle() -> bytes:
    return ontology_file("plan.ttl").read_bytes()


def ontology_context(curie: Any, href: Any) -> dict[str, Any]:
    """What ontology.html shows: ``curie(iri)`` names a term, ``href(iri)`` links it (None: text)."""
    import pyoxigraph

    quads = list(pyoxigraph.parse(ontology_turtle(), format=pyoxigraph.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    by_subject: dict[Any, list[Any]] = {}
    for quad in quads:
        by_subject.setdefault(quad.subject, []).append(quad)

    def texts(subject: Any, predicate: str) -> dict[str, str]:
        found = {}
        for quad in by_subject.get(subject, []):
            if quad.predicate.value == predicate and type(quad.object).__name__ == "Literal":
                found[_tag(quad.object.language)] = quad.object.value
        return {code: found[code] for code in (*LANGUAGES, *sorted(found)) if code in found}

    def value(term: Any) -> dict[str, Any]:
        if type(term).__name__ == "NamedNode":
            return {"text": curie(term.value), "href": href(term.value)}
        if type(term).__name__ == "BlankNode":  # an RDF list or a class expression: its members
            members = _list_members(term, by_subject)
            if members:
                return {"text": " ∘ ".join(curie(member.value) for member in members if type(member).__name__ == "NamedNode"), "href": None}
            unions = [
                quad.object for quad in by_subject.get(term, []) if quad.predicate.value in (OWL + "unionOf", OWL + "intersectionOf")
            ]
            if unions:
                members = _list_members(unions[0], by_subject)
                return {"text": " | ".join(curie(member.value) for member in members if type(member).__name__ == "NamedNode"), "href": None}
            return {"text": "(class expression)", "href": None}
        return {"text": str(term.value), "href": None}

    groups = []
    for group_id, title, classes in GROUPS:
        terms = []
        for subject, subject_quads in by_subject.items():
            if type(subject).__name__ != "NamedNode" or not subject.value.startswith(PLAN_NAMESPACE):
                continue
            if not any(quad.predicate.value == RDF_TYPE and quad.object.value in classes for quad in subject_quads):
                continue
            term = Term(subject.value, subject.value[len(PLAN_NAMESPACE):], curie(subject.value))
            term.labels = texts(subject, RDFS + "label")
            term.comments = texts(subject, RDFS + "comment")
            for name, predicate in RELATIONS:
                values = [value(quad.object) for quad in subject_quads if quad.predicate.value == predicate]
                if values:
                    term.relations.append((name, values))
            terms.append(term)
        terms.sort(key=lambda term: term.local.lower())
        if terms:
            groups.append({"id": group_id, "title": title, "terms": terms})
    ontology = pyoxigraph.NamedNode(ONTOLOGY_IRI)
    return {"iri": ONTOLOGY_IRI, "labels": texts(ontology, RDFS + "label") or texts(ontology, "http://purl.org/dc/terms/title"), "groups": groups}


def _list_members(node: Any, by_subject: dict[Any, list[Any]]) -> list[Any]:
    first, rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first", "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
    members = []
    seen = set()
    while type(node).__name__ == "BlankNode" and node not in seen:
        seen.add(node)
        quads = by_subject.get(node, [])
        heads = [quad.object for quad in quads if quad.predicate.value == first]
        tails = [quad.object for quad in quads if quad.predicate.value == rest]
        if not heads:
            break
        members.append(heads[0])
        node = tails[0] if tails else None
    return members


__all__ = ["ontology_context", "ontology_turtle"]
