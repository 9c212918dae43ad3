"""Materialise what the ontology's axioms entail: fast rules by default, owlrl as the reference.

The fast reasoner does not know any property by name. :func:`rules_from_ontology`
reads the axioms of ``ontology/plan.ttl`` that OWL 2 RL can use and turns
each into a rule:

=============================  ==========================================  ===========
axiom                          rule                                         OWL 2 RL
=============================  ==========================================  ===========
``p rdfs:subPropertyOf q``     ``x p y → x q y``                            prp-spo1
``p owl:inverseOf q``          ``x p y → y q x`` and ``x q y → y p x``      prp-inv1/2
``p a owl:TransitiveProperty`` ``x p y, y p z → x p z``                     prp-trp
``q owl:propertyChainAxiom``   ``x p1 y, y p2 z → x q z`` (any length)      prp-spo2
``p rdfs:domain C``            ``x p y → x a C``                            prp-dom
``p rdfs:range C``             ``x p y → y a C`` (y not a literal)          prp-rng
``C rdfs:subClassOf D``        ``x a C → x a D``                            cax-sco
``owl:equivalentClass``,       both ways as sub-class / sub-property        cax-eqc,
``owl:equivalentProperty``                                                  prp-eqp
``p a owl:SymmetricProperty``  ``x p y → y p x``                            prp-symp
``C owl:disjointWith D``       ``x a C, x a D`` → inconsistent (an error)   cax-dw
=============================  ==========================================  ===========

:func:`materialise` runs them semi-naively over indexed triples until nothing
new appears (each new triple is joined once against everything known), which
gives the same data-level triples as owlrl's full closure in a fraction of the
time. Every rule can also be written as a SPARQL ``CONSTRUCT``
(:meth:`Rule.sparql`), to read or to run elsewhere.

:func:`reason` returns only what is new and publishable: no blank nodes or
literals as subjects, nothing about the ontology's own terms, nothing in the
rdf:/rdfs:/owl:/xsd: vocabularies themselves (owlrl's axiomatic noise such as
``x owl:sameAs x`` or ``x a owl:Thing``), and no reflexive triple: a task that
provides a system it relies on, or uses a list it creates, entails
``t plan:dependsOn t``, which says nothing and would put a loop in every
dependency graph. The same filter applies to both reasoners.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal as TypingLiteral

from kg.errors import BuildError, UsageError

Triple = tuple[Any, Any, Any]
REASONERS = ("fast", "owlrl")
Reasoner = TypingLiteral["fast", "owlrl"]

_BUILTIN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Rule:
    """One entailment rule generated from one axiom of the ontology."""

    kind: str  # subproperty, inverse, symmetric, transitive, chain, domain, range, subclass
    head: str  # the property or class concluded
    body: tuple[str, ...]  # the property (or properties, for a chain) or class matched

    def sparql(self) -> str:
        """The rule as a SPARQL CONSTRUCT query."""
        h = f"<{self.head}>"
        b = [f"<{term}>" for term in self.body]
        if self.kind == "subproperty":
            return f"CONSTRUCT {{ ?x {h} ?y }} WHERE {{ ?x {b[0]} ?y }}"
        if self.kind in ("inverse", "symmetric"):
            return f"CONSTRUCT {{ ?y {h} ?x }} WHERE {{ ?x {b[0]} ?y FILTER(!isLiteral(?y)) }}"
        if self.kind == "transitive":
            return f"CONSTRUCT {{ ?x {h} ?z }} WHERE {{ ?x {h} ?y . ?y {h} ?z }}"
        if self.kind == "chain":
            hops = " . ".join(f"?v{i} {prop} ?v{i + 1}" for i, prop in enumerate(b))
            return f"CONSTRUCT {{ ?v0 {h} ?v{len(b)} }} WHERE {{ {hops} }}"
        if self.kind == "domain":
            return f"CONSTRUCT {{ ?x a {h} }} WHERE {{ ?x {b[0]} ?y }}"
        if self.kind == "range":
            return f"CONSTRUCT {{ ?y a {h} }} WHERE {{ ?x {b[0]} ?y FILTER(!isLiteral(?y)) }}"
        if self.kind == "subclass":
            return f"CONSTRUCT {{ ?x a {h} }} WHERE {{ ?x a {b[0]} }}"
        raise ValueError(self.kind)


def rules_from_ontology(ontology: Any) -> list[Rule]:
    """Every rule the ontology's OWL 2 RL axioms license, in a stable order."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    rules: set[Rule] = set()

    def named(*terms: Any) -> bool:
        return all(isinstance(term, URIRef) for term in terms)

    for p, q in ontology.subject_objects(RDFS.subPropertyOf):
        if named(p, q) and p != q:
            rules.add(Rule("subproperty", str(q), (str(p),)))
    for p, q in ontology.subject_objects(OWL.equivalentProperty):
        if named(p, q) and p != q:
            rules.add(Rule("subproperty", str(q), (str(p),)))
            rules.add(Rule("subproperty", str(p), (str(q),)))
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if named(p, q):
            rules.add(Rule("inverse", str(q), (str(p),)))
            rules.add(Rule("inverse", str(p), (str(q),)))
    for p in ontology.subjects(RDF.type, OWL.SymmetricProperty):
        if named(p):
            rules.add(Rule("symmetric", str(p), (str(p),)))
    for p in ontology.subjects(RDF.type, OWL.TransitiveProperty):
        if named(p):
            rules.add(Rule("transitive", str(p), (str(p),)))
    for q, head in ontology.subject_objects(OWL.propertyChainAxiom):
        if not named(q) or not isinstance(head, BNode):
            continue
        chain = list(Collection(ontology, head))
        if len(chain) < 2 or not named(*chain):
            raise BuildError(f"the ontology's property chain for {q} must list two or more named properties")
        rules.add(Rule("chain", str(q), tuple(str(p) for p in chain)))
    for p, c in ontology.subject_objects(RDFS.domain):
        if named(p, c):
            rules.add(Rule("domain", str(c), (str(p),)))
    for p, c in ontology.subject_objects(RDFS.range):
        if named(p, c) and not str(c).startswith(_BUILTIN[3]) and c != RDFS.Literal:
            rules.add(Rule("range", str(c), (str(p),)))
    for c, d in ontology.subject_objects(RDFS.subClassOf):
        if named(c, d) and c != d:
            rules.add(Rule("subclass", str(d), (str(c),)))
    for c, d in ontology.subject_objects(OWL.equivalentClass):
        if named(c, d) and c != d:
            rules.add(Rule("subclass", str(d), (str(c),)))
            rules.add(Rule("subclass", str(c), (str(d),)))
    return sorted(rules, key=lambda rule: (rule.kind, rule.head, rule.body))


class _RuleIndex:
    """The rules, indexed by the property or class that triggers them."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        from rdflib import URIRef

        self.super_properties: dict[Any, list[Any]] = defaultdict(list)
        self.inverses: dict[Any, list[Any]] = defaultdict(list)
        self.transitive: set[Any] = set()
        self.domains: dict[Any, list[Any]] = defaultdict(list)
        self.ranges: dict[Any, list[Any]] = defaultdict(list)
        self.super_classes: dict[Any, list[Any]] = defaultdict(list)
        self.chains: dict[Any, list[tuple[Any, tuple[Any, ...], int]]] = defaultdict(list)
        for rule in rules:
            head = URIRef(rule.head)
            body = tuple(URIRef(term) for term in rule.body)
            if rule.kind == "subproperty":
                self.super_properties[body[0]].append(head)
            elif rule.kind in ("inverse", "symmetric"):
                self.inverses[body[0]].append(head)
            elif rule.kind == "transitive":
                self.transitive.add(head)
            elif rule.kind == "domain":
                self.domains[body[0]].append(head)
            elif rule.kind == "range":
                self.ranges[body[0]].append(head)
            elif rule.kind == "subclass":
                self.super_classes[body[0]].append(head)
            elif rule.kind == "chain":
                for position, prop in enumerate(body):
                    self.chains[prop].append((head, body, position))


def materialise(triples: Iterable[Triple], rules: Iterable[Rule]) -> set[Triple]:
    """The closure of ``triples`` under ``rules``: every triple known at the fixpoint."""
    from rdflib import Literal, URIRef

    index = _RuleIndex(rules)
    rdf_type = URIRef(_RDF_TYPE)
    known: set[Triple] = set()
    forward: dict[Any, dict[Any, set[Any]]] = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
    backward: dict[Any, dict[Any, set[Any]]] = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}
    pending: list[Triple] = []

    def add(triple: Triple) -> None:
        if triple in known:
            return
        known.add(triple)
        s, p, o = triple
        forward[p][s].add(o)
        backward[p][o].add(s)
        pending.append(triple)

    for triple in triples:
        add(triple)

    def walk(props: tuple[Any, ...], start: Any, reverse: bool) -> set[Any]:
        """Nodes reached from ``start`` along ``props`` (backwards when ``reverse``)."""
        frontier = {start}
        for prop in props:
            table = backward[prop] if reverse else forward[prop]
            frontier = {nxt for node in frontier for nxt in table.get(node, ())}
            if not frontier:
                break
        return frontier

    while pending:
        s, p, o = pending.pop()
        if p == rdf_type:
            for cls in index.super_classes.get(o, ()):
                add((s, rdf_type, cls))
            continue
        object_is_node = not isinstance(o, Literal)
        for prop in index.super_properties.get(p, ()):
            add((s, prop, o))
        if object_is_node:
            for prop in index.inverses.get(p, ()):
                add((o, prop, s))
            for cls in index.ranges.get(p, ()):
                add((o, rdf_type, cls))
        for cls in index.domains.get(p, ()):
            add((s, rdf_type, cls))
        if p in index.transitive and object_is_node:
            for nxt in list(forward[p].get(o, ())):
                add((s, p, nxt))
            for prev in list(backward[p].get(s, ())):
                add((prev, p, o))
        for head, body, position in index.chains.get(p, ()):
            if not object_is_node and position < len(body) - 1:
                continue
            starts = walk(tuple(reversed(body[:position])), s, reverse=True)
            ends = walk(body[position + 1 :], o, reverse=False)
            for start in starts:
                for end in ends:
                    add((start, head, end))
    return known


def publishable(triple: Triple, ontology_terms: set[Any]) -> bool:
    """Whether an inferred triple is data worth publishing, not axiomatic noise."""
    from rdflib import BNode, Literal, URIRef

    s, p, o = triple
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode) or not isinstance(p, URIRef) or s == o:
        return False
    if s in ontology_terms or str(s).startswith(_BUILTIN):
        return False
    if str(p) == _RDF_TYPE:
        return isinstance(o, URIRef) and not str(o).startswith(_BUILTIN)
    return not str(p).startswith(_BUILTIN)


def ontology_terms(ontology: Any) -> set[Any]:
    """Every IRI the ontology describes (its classes, properties and the ontology itself)."""
    from rdflib import URIRef

    return {subject for subject in ontology.subjects() if isinstance(subject, URIRef)}


def disjoint_classes(ontology: Any) -> list[tuple[Any, Any]]:
    """The ``owl:disjointWith`` pairs of the ontology (each pair once, in a stable order)."""
    from rdflib import URIRef
    from rdflib.namespace import OWL

    pairs: set[tuple[Any, Any]] = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            first, second = sorted((a, b), key=str)
            pairs.add((first, second))
    return sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1])))


def inconsistencies(closure: set[Triple], ontology: Any) -> list[str]:
    """Nodes typed with two disjoint classes (OWL 2 RL cax-dw), in plain words."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    types: dict[Any, set[Any]] = defaultdict(set)
    for s, p, o in closure:
        if p == RDF.type and isinstance(o, URIRef):
            types[s].add(o)
    problems = []
    for a, b in disjoint_classes(ontology):
        for node in sorted((node for node, classes in types.items() if a in classes and b in classes), key=str):
            problems.append(f"{node} is both a {a} and a {b}, which the ontology declares disjoint")
    return problems


@dataclass
class Inference:
    triples: set[Triple]  # the publishable inferred triples, none of them asserted
    reasoner: str
    seconds: float
    rules: int = 0


def reason(asserted: Iterable[Triple], ontology: Any, reasoner: str = "fast", rules: list[Rule] | None = None) -> Inference:
    """What ``asserted`` (data, without the ontology) entails under ``ontology``, new triples only.

    ``rules``: :func:`rules_from_ontology` of ``ontology``, when the caller has them already."""
    if reasoner not in REASONERS:
        raise UsageError(f"unknown reasoner {reasoner!r}: use one of {', '.join(REASONERS)}")
    data = set(asserted)
    terms = ontology_terms(ontology)
    started = time.perf_counter()
    if reasoner == "fast":
        rules = rules if rules is not None else rules_from_ontology(ontology)
        closure = materialise(data, rules)
        problems = inconsistencies(closure, ontology)
        count = len(rules)
    else:
        closure, problems = _owlrl_closure(data, ontology)
        count = 0
    if problems:
        raise BuildError(
            f"the graph is inconsistent with the ontology ({len(problems)} problem(s)), first: {problems[0]}; "
            "check how the source names its units and systems"
        )
    schema = set(ontology)
    inferred = {triple for triple in closure if triple not in data and triple not in schema and publishable(triple, terms)}
    return Inference(triples=inferred, reasoner=reasoner, seconds=time.perf_counter() - started, rules=count)


def _owlrl_closure(data: set[Triple], ontology: Any) -> tuple[set[Triple], list[str]]:
    """owlrl's OWL 2 RL closure, and the inconsistencies it reports."""
    import owlrl
    from owlrl.Namespaces import ERRNS
    from rdflib import Graph
    from rdflib.namespace import RDF

    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    for triple in data:
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    errors = sorted(str(graph.value(node, ERRNS.error)) for node in graph.subjects(RDF.type, ERRNS.ErrorMessage))
    return set(graph), errors


__all__ = [
    "Inference",
    "REASONERS",
    "disjoint_classes",
    "inconsistencies",
    "Rule",
    "materialise",
    "ontology_terms",
    "publishable",
    "reason",
    "rules_from_ontology",
]
