"""Plan records → RDF triples, in the shape of docs/graph-shape.md.

:func:`plan_graph` turns one :class:`kg.model.Plan` into three sets of triples:
those of its named graph (what its text asserts of its own nodes, and how it
writes the names of shared ones), those the authority graph needs for the
curated departments, governments and systems it names, and those the shared
graph needs for the other nodes plans share (departments, governments and
systems not in the authority files, cited documents): described there once,
not again in the graph of every plan that names them.
:func:`build_graphs` does that for several plans with one IRI minter, so plans
share the nodes they should share: cited documents (global, by normalised
number), systems (global), departments (per jurisdiction).

Text goes in as written, tagged with the script it is written in, and in the
other script by OpenCC (zh-Hant source → @zh-Hant as written + @zh-Hans
converted; a simplified source the other way round). English comes only from
the authority files. ``plan:matchKey`` holds :func:`kg.normalize.match_key` of
every label, alias and number a query parameter may name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.errors import BuildError
from kg.graph.authority import Authority, Jurisdiction, Unit, canonical_labels
from kg.graph.iri import Minter
from kg.model import Citation, Plan, Section, Task
from kg.normalize import match_key, to_simplified, to_traditional
from kg.text.entities.systems import system_vocabulary

Triple = tuple[Any, Any, Any]

# where a triple goes: the plan's own graph, the authority graph, the shared graph
OWN, AUTHORITY, SHARED = "own", "authority", "shared"

_LEVEL_CLASS = {"part": "Part", "area": "Area", "group": "Group"}
_ROLE_PROPERTY = {"lead": "leadDepartment", "responsible": "responsibleDepartment", "joint": "jointDepartment"}


@dataclass
class BuiltGraphs:
    """The asserted graphs of a build: one per plan, the authority graph and the shared graph."""

    minter: Minter
    plans: dict[str, set[Triple]] = field(default_factory=dict)  # plan graph IRI -> triples
    authority: set[Triple] = field(default_factory=set)
    shared: set[Triple] = field(default_factory=set)
    plan_iris: dict[str, str] = field(default_factory=dict)  # plan id -> plan IRI
    plan_slugs: dict[str, str] = field(default_factory=dict)  # plan id -> slug (file names)

    def asserted(self) -> set[Triple]:
        """Every asserted triple of the build (all plan graphs, the authority and the shared graph)."""
        union = self.authority | self.shared
        for triples in self.plans.values():
            union |= triples
        return union


def build_graphs(plans: Sequence[Plan], base: str | None = None, authority: Authority | None = None) -> BuiltGraphs:
    """The asserted graphs of ``plans``, sharing one minter (and so their common nodes)."""
    minter = Minter(base)
    authority = authority or Authority.load()
    built = BuiltGraphs(minter=minter)
    seen: dict[str, str] = {}  # plan IRI -> source path
    for plan in sorted(plans, key=lambda plan: (plan.id, plan.source.path)):
        iri = minter.plan(plan.id)
        if iri in seen:
            raise BuildError(
                f"two sources hold the same plan {plan.id!r} ({seen[iri]} and {plan.source.path}); build each plan once"
            )
        seen[iri] = plan.source.path
        own, curated, shared = _PlanWriter(plan, minter, authority).triples()
        built.plans[minter.plan_graph(plan.id)] = own
        built.authority |= curated
        built.shared |= shared
        built.plan_iris[plan.id] = iri
        built.plan_slugs[plan.id] = minter.plan_slug(plan.id)
    return built


def plan_graph(
    plan: Plan, base: str | None = None, authority: Authority | None = None, minter: Minter | None = None
) -> tuple[set[Triple], set[Triple], set[Triple]]:
    """One plan's own triples, the authority triples it needs and its triples for the shared graph
    (IRIs from ``minter``, else a new minter under ``base``)."""
    return _PlanWriter(plan, minter or Minter(base), authority or Authority.load()).triples()


class _PlanWriter:
    def __init__(self, plan: Plan, minter: Minter, authority: Authority) -> None:
        from rdflib import Literal, URIRef
        from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

        from kg.graph.namespace import ELI, PLAN, PPLAN  # loads rdflib, as the lines above

        self.Literal, self.URIRef = Literal, URIRef
        self.DCT, self.ORG, self.PROV, self.RDF, self.RDFS = DCTERMS, ORG, PROV, RDF, RDFS
        self.SDO, self.SKOS, self.TIME, self.XSD = SDO, SKOS, TIME, XSD
        self.ELI, self.PLAN, self.PPLAN = ELI, PLAN, PPLAN
        self.plan = plan
        self.minter = minter
        self.authority = authority
        self.script = "Hans" if plan.source.script == "Hans" else "Hant"
        self.graphs: dict[str, set[Triple]] = {OWN: set(), AUTHORITY: set(), SHARED: set()}
        self.plan_iri = URIRef(minter.plan(plan.id))
        self.jurisdiction = authority.jurisdiction(plan.document.jurisdiction, self.script, fallback=plan.id)
        self._described: set[str] = set()
        self._units: dict[tuple[str, bool], Any] = {}

    # -- helpers ------------------------------------------------------------------------------

    def add(self, s: Any, p: Any, o: Any, graph: str = OWN) -> None:
        self.graphs[graph].add((s, p, o))

    def texts(self, text: str) -> list[Any]:
        """``text`` as written, tagged with its script, and converted to the other script."""
        text = text.strip()
        if not text:
            return []
        if self.script == "Hans":
            return [self.Literal(text, lang="zh-Hans"), self.Literal(to_traditional(text), lang="zh-Hant")]
        return [self.Literal(text, lang="zh-Hant"), self.Literal(to_simplified(text), lang="zh-Hans")]

    def as_written(self, text: str) -> Any:
        return self.Literal(text, lang="zh-Hans" if self.script == "Hans" else "zh-Hant")

    def labels(self, node: Any, prop: Any, text: str | None, graph: str = OWN) -> None:
        if text:
            for literal in self.texts(text):
                self.add(node, prop, literal, graph)

    def keys(self, node: Any, texts: Iterable[str | None], graph: str = OWN) -> None:
        for text in texts:
            if text and match_key(text):
                self.add(node, self.PLAN.matchKey, self.Literal(match_key(text)), graph)

    def integer(self, value: int) -> Any:
        return self.Literal(str(int(value)), datatype=self.XSD.integer)

    # -- the plan -----------------------------------------------------------------------------

    def triples(self) -> tuple[set[Triple], set[Triple], set[Triple]]:
        plan, doc, P = self.plan, self.plan.document, self.PLAN
        node = self.plan_iri
        for cls in (P.Plan, self.ELI.LegalResource, self.PROV.Plan):
            self.add(node, self.RDF.type, cls)
        # a plan whose header gives no title is still named: by its source file
        title = doc.plan_title or doc.title or posixpath.splitext(posixpath.basename(plan.source.path.replace("\\", "/")))[0]
        self.labels(node, self.DCT.title, title)
        # the script the source is written in: what readers of this plan get by default
        self.add(node, self.DCT.language, self.Literal("zh-Hans" if self.script == "Hans" else "zh-Hant", datatype=self.XSD.language))
        for identifier in (doc.index_number, doc.document_number):
            if identifier:
                self.add(node, self.ELI.id_local, self.Literal(identifier.strip()))
        self.keys(node, [doc.index_number, doc.document_number, title])
        if doc.date:
            self.add(node, self.ELI.date_document, self.Literal(doc.date, datatype=self.XSD.date))
        government = self.government()
        self.add(node, P.jurisdiction, government)
        if doc.issuer:
            issuer = self.unit(doc.issuer, collective=False)
            self.add(node, self.ELI.passed_by, issuer)
        self.source(node)
        for section in plan.sections:
            self.section(section)
        task_keys = {citation.key for task in plan.tasks for citation in task.cites}
        for citation in plan.citations:
            document = self.document(citation)
            if document is not None and citation.key not in task_keys:
                self.add(node, self.ELI.cites, document)
        for task in plan.tasks:
            self.task(task)
        return self.graphs[OWN], self.graphs[AUTHORITY], self.graphs[SHARED]

    def source(self, node: Any) -> None:
        src = self.plan.source
        name = posixpath.basename(src.path.replace("\\", "/")) or src.path
        entity = self.URIRef(self.minter.source(src.sha256))
        self.add(node, self.PROV.wasDerivedFrom, entity)
        self.add(node, self.DCT.source, self.Literal(name))
        if entity not in self._described:
            self._described.add(entity)
            self.add(entity, self.RDF.type, self.PROV.Entity)
            self.add(entity, self.DCT.title, self.Literal(name))
            self.add(entity, self.DCT.identifier, self.Literal(f"sha256:{src.sha256.lower()}"))
            self.add(entity, self.DCT.format, self.Literal(src.media_type))

    # -- structure ----------------------------------------------------------------------------

    def section_iri(self, path: str) -> Any:
        return self.URIRef(self.minter.section(self.plan.id, path))

    def parent_of(self, path: str) -> Any:
        paths = {section.path for section in self.plan.sections}
        parent = path.rsplit(".", 1)[0] if "." in path else None
        while parent is not None and parent not in paths:
            parent = parent.rsplit(".", 1)[0] if "." in parent else None
        return self.section_iri(parent) if parent is not None else self.plan_iri

    def section(self, section: Section) -> None:
        P, node = self.PLAN, self.section_iri(section.path)
        self.add(node, self.RDF.type, P.Section)
        level = _LEVEL_CLASS.get(section.level)
        if level:
            self.add(node, self.RDF.type, P[level])
        self.add(node, self.SKOS.notation, self.Literal(section.path))
        if section.ordinal:
            self.add(node, P.ordinal, self.Literal(section.ordinal))
        self.labels(node, self.RDFS.label, section.title)
        self.labels(node, self.DCT.description, section.text)
        parent = self.parent_of(section.path)
        self.add(node, self.DCT.isPartOf, parent)
        if parent == self.plan_iri:
            self.add(self.plan_iri, self.ELI.has_part, node)
        if section.repaired:
            self.add(node, P.repaired, self.Literal(True))
        self.add(node, P.lineNumber, self.integer(section.line))
        for k, cadence in enumerate(section.cadences, 1):
            self.cadence(node, k, cadence.text, cadence.period)

    # -- tasks --------------------------------------------------------------------------------

    def task(self, task: Task) -> None:
        P, node = self.PLAN, self.URIRef(self.minter.task(self.plan.id, task.notation))
        self.add(node, self.RDF.type, P.Task)
        self.add(node, self.RDF.type, self.PPLAN.Step)
        self.add(node, self.SKOS.notation, self.Literal(task.notation))
        self.add(node, self.SDO.position, self.integer(task.number))
        self.labels(node, self.DCT.description, task.text)
        paths = {section.path for section in self.plan.sections}
        self.add(node, self.DCT.isPartOf, self.section_iri(task.path) if task.path in paths else self.plan_iri)
        self.add(node, self.PPLAN.isStepOfPlan, self.plan_iri)
        for unit in task.units:
            self.add(node, P[_ROLE_PROPERTY[unit.role]], self.unit(unit.name, unit.collective))
        self.add(node, P.openList, self.Literal(bool(task.open_list)))
        self.add(node, P.numbered, self.Literal(bool(task.numbered)))
        for citation in task.cites:
            document = self.document(citation)
            if document is not None:
                self.add(node, self.ELI.cites, document)
        for ref in task.lists:
            lst = self.URIRef(self.minter.list(self.plan.id, ref.name_normalized or ref.name))
            self.add(lst, self.RDF.type, P.List)
            self.labels(lst, self.RDFS.label, ref.name)
            self.keys(lst, [ref.name, ref.name_normalized])
            self.add(node, P.creates if ref.role == "creates" else P.uses, lst)
        for use in task.systems:
            role = use.role
            system = self.system(use.name)
            self.add(node, P[role], system)
            # the same statement about the plan's own use of the system: the dependency chain
            # runs through it, so tasks of two plans that share a system never depend on each other
            self.add(node, P.providesUse if role == "provides" else P.reliesOnUse, self.system_use(system))
        for k, indicator in enumerate(task.indicators, 1):
            item = self.URIRef(self.minter.indicator(str(node), k))
            self.add(node, P.hasIndicator, item)
            self.add(item, self.RDF.type, P.Indicator)
            self.labels(item, self.RDFS.label, indicator.name)
            self.add(item, P.comparator, self.Literal(indicator.op))
            self.add(item, self.SDO.value, _decimal(indicator.value, self.Literal, self.XSD))
            if indicator.unit:
                self.add(item, self.SDO.unitText, self.Literal(indicator.unit))
            if indicator.text:
                self.add(item, P.sourceText, self.as_written(indicator.text))
        for k, deadline in enumerate(task.deadlines, 1):
            item = self.URIRef(self.minter.deadline(str(node), k))
            self.add(node, P.hasDeadline, item)
            self.add(item, self.RDF.type, P.Deadline)
            self.add(item, self.RDF.type, self.TIME.Instant)
            if deadline.date:
                self.add(item, self.TIME.inXSDDate, self.Literal(deadline.date, datatype=self.XSD.date))
            self.add(item, P.sourceText, self.as_written(deadline.text))
        for k, cadence in enumerate(task.cadences, 1):
            self.cadence(node, k, cadence.text, cadence.period)
        self.add(node, P.charStart, self.integer(task.span[0]))
        self.add(node, P.charEnd, self.integer(task.span[1]))
        self.add(node, P.lineNumber, self.integer(task.line))
        self.add(node, self.PROV.wasDerivedFrom, self.URIRef(self.minter.source(self.plan.source.sha256)))
        self.add(node, self.DCT.source, self.Literal(posixpath.basename(self.plan.source.path.replace("\\", "/"))))

    def cadence(self, owner: Any, k: int, text: str, period: str) -> None:
        P = self.PLAN
        item = self.URIRef(self.minter.cadence(str(owner), k))
        self.add(owner, P.hasCadence, item)
        self.add(item, self.RDF.type, P.Cadence)
        if period:
            self.add(item, P.period, self.Literal(period, datatype=self.XSD.duration))
        self.add(item, P.sourceText, self.as_written(text))

    # -- cited documents ----------------------------------------------------------------------

    def document(self, citation: Citation) -> Any | None:
        key = citation.key
        if not key:
            return None
        node = self.URIRef(self.minter.document(key))
        # a document is shared by every plan citing it: described in the shared graph
        self.add(node, self.RDF.type, self.ELI.LegalResource, SHARED)
        if citation.number_normalized:
            self.add(node, self.ELI.id_local, self.Literal(citation.number_normalized), SHARED)
        self.labels(node, self.DCT.title, citation.title, SHARED)
        self.labels(node, self.DCT.creator, citation.issuer, SHARED)
        self.keys(node, [citation.number, citation.number_normalized, citation.title, citation.title_normalized], SHARED)
        return node

    # -- departments and governments -----------------------------------------------------------

    def government(self) -> Any:
        j: Jurisdiction = self.jurisdiction
        place = j.place["zh-Hans"]
        node = self.URIRef(self.minter.government(place))
        if str(node) in self._described:
            return node
        self._described.add(str(node))
        graph = AUTHORITY if j.in_authority_file else SHARED
        self.add(node, self.RDF.type, self.ORG.Organization, graph)
        self.add(node, self.PLAN.kind, self.Literal("government"), graph)
        self.add(node, self.PLAN.inAuthorityFile, self.Literal(j.in_authority_file), graph)
        for lang, text in sorted(j.name.items()):
            self.add(node, self.SKOS.prefLabel, self.Literal(text, lang=lang), graph)
        for lang, text in sorted(j.place.items()):
            self.add(node, self.DCT.coverage, self.Literal(text, lang=lang), graph)
        self.keys(node, [*j.name.values(), *j.place.values()], graph)
        return node

    def unit(self, name: str, collective: bool) -> Any:
        known = self._units.get((name, collective))
        if known is not None:  # this plan named it before: labels and keys are there already
            return known
        node = self._unit(name, collective)
        self._units[(name, collective)] = node
        return node

    def _unit(self, name: str, collective: bool) -> Any:
        resolved: Unit = self.authority.resolve(name, self.jurisdiction, collective=collective, script=self.script)
        government = self.government()
        node = self.URIRef(self.minter.department(self.jurisdiction.place["zh-Hans"], resolved.canonical["zh-Hans"]))
        # how this plan writes the unit: always in the plan's own graph
        self.labels(node, self.RDFS.label, name)
        self.keys(node, [name])
        if str(node) in self._described:
            return node
        self._described.add(str(node))
        graph = AUTHORITY if resolved.in_authority_file else SHARED
        S = self.SKOS
        self.add(node, self.RDF.type, self.ORG.Organization, graph)
        self.add(node, self.RDF.type, self.PLAN.CollectiveUnit if resolved.collective else self.ORG.OrganizationalUnit, graph)
        self.add(node, self.PLAN.kind, self.Literal(resolved.kind), graph)
        self.add(node, self.PLAN.inAuthorityFile, self.Literal(resolved.in_authority_file), graph)
        self.add(node, self.ORG.subOrganizationOf, government, graph)
        for lang, text in sorted(resolved.canonical.items()):
            self.add(node, S.prefLabel, self.Literal(text, lang=lang), graph)
        for text, lang in resolved.aliases:
            self.add(node, S.altLabel, self.Literal(text, lang=lang) if lang else self.Literal(text), graph)
        for note in resolved.notes:
            self.add(node, S.editorialNote, self.Literal(note, lang="en"), graph)
        names = [*resolved.canonical.values(), *(text for text, _ in resolved.aliases)]
        self.keys(node, names, graph)
        if not resolved.collective:
            self.keys(node, _with_own_prefixes(names, self.jurisdiction), graph)
        return node

    # -- systems ------------------------------------------------------------------------------

    def system_use(self, system: Any) -> Any:
        node = self.URIRef(self.minter.system_use(self.plan.id, str(system)))
        if str(node) not in self._described:
            self._described.add(str(node))
            self.add(node, self.RDF.type, self.PLAN.SystemUse)
            self.add(node, self.PLAN.useOf, system)
            self.add(node, self.PLAN.usedIn, self.plan_iri)
        return node

    def system(self, name: str) -> Any:
        entry = system_vocabulary().lookup(name)
        S = self.SKOS
        if entry is None:
            node = self.URIRef(self.minter.system(name))
            self.labels(node, self.RDFS.label, name)
            self.keys(node, [name])
            if str(node) not in self._described:
                self._described.add(str(node))
                self.add(node, self.RDF.type, self.PLAN.System, SHARED)
                for lang, text in sorted(canonical_labels(name).items()):
                    self.add(node, S.prefLabel, self.Literal(text, lang=lang), SHARED)
                self.add(node, self.PLAN.inAuthorityFile, self.Literal(False), SHARED)
            return node
        canonical = entry.labels.get("zh-Hans") or entry.name("Hans")
        node = self.URIRef(self.minter.system(canonical, entry.iri))
        if str(node) not in self._described:
            self._described.add(str(node))
            self.add(node, self.RDF.type, self.PLAN.System, AUTHORITY)
            self.add(node, self.PLAN.inAuthorityFile, self.Literal(True), AUTHORITY)
            for lang, text in sorted(entry.labels.items()):
                self.add(node, S.prefLabel, self.Literal(text, lang=lang) if lang else self.Literal(text), AUTHORITY)
            for alias in entry.aliases:
                self.add(node, S.altLabel, _tagged(alias, self.Literal), AUTHORITY)
            if entry.comment:
                self.add(node, self.RDFS.comment, self.Literal(entry.comment, lang="en"), AUTHORITY)
            self.keys(node, entry.all_labels, AUTHORITY)
        return node


_LEVELS = "市盟旗县縣区區省州"


def _with_own_prefixes(names: Iterable[str], jurisdiction: Jurisdiction) -> list[str]:
    """A unit's names as plans and people also write them: after its jurisdiction's place name
    (锡林浩特市政务服务局) or level (市政务服务局, 盟发改委), so a query typed that way finds it."""
    places = [place for lang, place in sorted(jurisdiction.place.items()) if lang != "en" and place and not place.isascii()]
    levels = {place[-1] for place in places if place[-1] in _LEVELS}
    prefixes = [*places, *sorted(levels)]
    return [prefix + name for name in names if name and not name.isascii() for prefix in prefixes]


def _tagged(text: str, literal: Any) -> Any:
    """A name tagged with the script it is written in; untagged when both scripts write it alike."""
    if to_simplified(text) != text:
        return literal(text, lang="zh-Hant")
    if to_traditional(text) != text:
        return literal(text, lang="zh-Hans")
    return literal(text)


def _decimal(value: float, literal: Any, xsd: Any) -> Any:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise BuildError(f"indicator value {value!r} is not a number") from None
    text = format(number, "f")
    if "." not in text:
        text += ".0"
    return literal(text, datatype=xsd.decimal)


__all__ = ["BuiltGraphs", "build_graphs", "plan_graph"]
