"""What the store says about one IRI: its triples both ways, labels, and the views pages need.

Reads the store with ``quads_for_pattern`` (no SPARQL to parse), merging a
triple that sits in several graphs; a triple found only in the reasoner's graph
is marked *inferred*. Labels are looked up once per node and language and kept
(the store is read-only while the server runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.graph.iri import ONTOLOGY_IRI, is_inferred_graph
from kg.resources import PLAN_NAMESPACE

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
DCT_TITLE = "http://purl.org/dc/terms/title"
DCT_DESCRIPTION = "http://purl.org/dc/terms/description"
DCT_IS_PART_OF = "http://purl.org/dc/terms/isPartOf"
SCHEMA_POSITION = "https://schema.org/position"
STEP_OF_PLAN = "http://purl.org/net/p-plan#isStepOfPlan"
ORG_SUB_ORGANIZATION_OF = "http://www.w3.org/ns/org#subOrganizationOf"
ORG_ORGANIZATION = "http://www.w3.org/ns/org#Organization"
PLAN_SOURCE_TEXT = PLAN_NAMESPACE + "sourceText"
PLAN_TASK = PLAN_NAMESPACE + "Task"
PLAN_PLAN = PLAN_NAMESPACE + "Plan"
PLAN_SECTION = PLAN_NAMESPACE + "Section"
ROLES = (("lead", PLAN_NAMESPACE + "leadDepartment"), ("responsible", PLAN_NAMESPACE + "responsibleDepartment"), ("joint", PLAN_NAMESPACE + "jointDepartment"))
LABEL_PROPERTIES = (SKOS_PREF, DCT_TITLE, RDFS_LABEL, PLAN_SOURCE_TEXT)
PAGE_LANGUAGES = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Link:
    """One triple seen from the page's node: the property, the other end, and whether only the reasoner says it."""

    predicate: Any
    other: Any
    inferred: bool


def _language_rank(tag: str | None, lang: str) -> int:
    tag = (tag or "").lower()
    order = [lang.lower(), "zh-hant", "zh-hans", "en", ""]
    return order.index(tag) if tag in order else len(order)


def _segments(text: str) -> tuple[Any, ...]:
    return tuple((0, int(piece), "") if piece.isdigit() else (1, 0, piece) for piece in re.split(r"[./]", text))


class Describer:
    """Reads descriptions of IRIs from one opened store."""

    def __init__(self, store: Any) -> None:
        import pyoxigraph

        self._oxigraph = pyoxigraph
        self.store = store
        self.graphs = frozenset(graph.value for graph in store.named_graphs())
        self.label = lru_cache(maxsize=65536)(self._label)

    # -- raw triples ---------------------------------------------------------------------------

    def node(self, iri: str) -> Any:
        return self._oxigraph.NamedNode(iri)

    def _merge(self, quads: Iterable[Any], pick: Any) -> list[Link]:
        graphs: dict[tuple[Any, Any], set[str]] = {}
        for quad in quads:
            key = pick(quad)
            graphs.setdefault(key, set()).add(getattr(quad.graph_name, "value", ""))
        return [Link(predicate, other, all(map(is_inferred_graph, found))) for (predicate, other), found in graphs.items()]

    def outgoing(self, iri: str) -> list[Link]:
        return self._merge(self.store.quads_for_pattern(self.node(iri), None, None, None), lambda quad: (quad.predicate, quad.object))

    def incoming(self, iri: str) -> list[Link]:
        return self._merge(self.store.quads_for_pattern(None, None, self.node(iri), None), lambda quad: (quad.predicate, quad.subject))

    def exists(self, iri: str) -> bool:
        node = self.node(iri)
        return (
            iri in self.graphs
            or next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None
            or next(iter(self.store.quads_for_pattern(None, None, node, None)), None) is not None
        )

    def description(self, iri: str) -> list[Any]:
        """The triples with ``iri`` as subject or object, each once (all graphs, inferred included)."""
        node = self.node(iri)
        triples: dict[Any, None] = {}
        for quad in self.store.quads_for_pattern(node, None, None, None):
            triples.setdefault(quad.triple, None)
        for quad in self.store.quads_for_pattern(None, None, node, None):
            triples.setdefault(quad.triple, None)
        return list(triples)

    def graph_triples(self, graph: str) -> list[Any]:
        """Every triple of one named graph (a ``…/graph`` IRI dereferences to its content)."""
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, self.node(graph))]

    def objects(self, iri: str, predicate: str) -> list[Any]:
        seen: dict[Any, None] = {}
        for quad in self.store.quads_for_pattern(self.node(iri), self.node(predicate), None, None):
            seen.setdefault(quad.object, None)
        return list(seen)

    def subjects(self, predicate: str, iri: str, graph: str | None = None) -> list[Any]:
        seen: dict[Any, None] = {}
        graph_node = self.node(graph) if graph else None
        for quad in self.store.quads_for_pattern(None, self.node(predicate), self.node(iri), graph_node):
            seen.setdefault(quad.subject, None)
        return list(seen)

    def types(self, iri: str) -> set[str]:
        return {term.value for term in self.objects(iri, RDF_TYPE)}

    # -- labels and texts ----------------------------------------------------------------------

    def texts(self, iri: str, predicate: str) -> dict[str, str]:
        """A literal property by language tag as the data writes it (zh-Hant, zh-Hans, en …)."""
        found: dict[str, str] = {}
        for term in self.objects(iri, predicate):
            if type(term).__name__ == "Literal":
                found.setdefault(_canonical_tag(term.language), term.value)
        return found

    def labels(self, iri: str) -> dict[str, str]:
        """The node's name in each of the three page languages that the data gives."""
        found: dict[str, str] = {}
        for predicate in LABEL_PROPERTIES:
            for tag, text in self.texts(iri, predicate).items():
                if tag in PAGE_LANGUAGES:
                    found.setdefault(tag, text)
        return {tag: found[tag] for tag in PAGE_LANGUAGES if tag in found}

    def _label(self, iri: str, lang: str) -> str:
        best: tuple[int, int, str] | None = None
        for rank, predicate in enumerate(LABEL_PROPERTIES):
            for term in self.objects(iri, predicate):
                if type(term).__name__ != "Literal":
                    continue
                candidate = (_language_rank(term.language, lang), rank, term.value)
                if best is None or candidate < best:
                    best = candidate
        types = self.types(iri)
        if PLAN_TASK in types:
            notation = self.objects(iri, SKOS_NOTATION)
            return f"{_task_word(lang)} {notation[0].value}" if notation else iri.rsplit("/", 1)[-1]
        if best is not None:
            return best[2]
        notation = self.objects(iri, SKOS_NOTATION)
        if notation:
            return notation[0].value
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri

    def task_text(self, iri: str, lang: str) -> str:
        texts = self.texts(iri, DCT_DESCRIPTION)
        for tag in (lang, "zh-Hant", "zh-Hans", "en"):
            if tag in texts:
                return texts[tag]
        return next(iter(texts.values()), "")

    def position(self, iri: str) -> int:
        for term in self.objects(iri, SCHEMA_POSITION):
            try:
                return int(term.value)
            except ValueError:
                pass
        return 0

    # -- what pages show -----------------------------------------------------------------------

    def tasks_by_role(self, department: str) -> dict[str, list[Any]]:
        """The department's tasks under each role (lead, responsible, joint), by plan then number."""
        found = {}
        for role, predicate in ROLES:
            tasks = self.subjects(predicate, department)
            found[role] = sorted(tasks, key=lambda task: (self._plan_of(task.value), self.position(task.value)))
        return found

    def _plan_of(self, task: str) -> str:
        plans = self.objects(task, STEP_OF_PLAN)
        return plans[0].value if plans else ""

    def plan_of(self, task: str) -> str | None:
        return self._plan_of(task) or None

    def units_of(self, government: str) -> list[Any]:
        return sorted(self.subjects(ORG_SUB_ORGANIZATION_OF, government), key=lambda node: node.value)

    def outline(self, plan: str) -> list[OutlineNode]:
        """The plan's parts, areas and groups with their tasks, as asserted in the plan's own graph."""
        graph = plan + "/graph"
        if graph not in self.graphs:
            graph = None
        children: dict[str, list[Any]] = {}
        pending = [plan]
        seen = {plan}
        while pending:
            parent = pending.pop()
            for child in self.subjects(DCT_IS_PART_OF, parent, graph):
                if child.value not in seen:
                    seen.add(child.value)
                    children.setdefault(parent, []).append(child)
                    pending.append(child.value)

        def build(parent: str) -> list[OutlineNode]:
            nodes = []
            for child in children.get(parent, []):
                is_task = PLAN_TASK in self.types(child.value)
                notation = self.objects(child.value, SKOS_NOTATION)
                key = (1, self.position(child.value), ()) if is_task else (0, 0, _segments(notation[0].value if notation else child.value))
                nodes.append(OutlineNode(child.value, is_task, key, build(child.value)))
            return sorted(nodes, key=lambda node: node.key)

        return build(plan)


@dataclass
class OutlineNode:
    iri: str
    is_task: bool
    key: Any
    children: list[OutlineNode]


def _canonical_tag(tag: str | None) -> str:
    """Oxigraph lower-cases language tags: ``zh-hant`` reads back as ``zh-Hant``."""
    if not tag:
        return ""
    parts = tag.split("-")
    return "-".join([parts[0].lower(), *(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part for part in parts[1:])])


def _task_word(lang: str) -> str:
    return {"zh-hans": "任务", "zh-hant": "任務"}.get(lang.lower(), "task")


def is_ontology_iri(iri: str) -> bool:
    return iri == ONTOLOGY_IRI or iri.startswith(PLAN_NAMESPACE)


__all__ = ["Describer", "Link", "OutlineNode", "PAGE_LANGUAGES", "ROLES", "is_ontology_iri"]
