"""The plankg vocabulary as Python terms, and the vocabularies it reuses.

``PLAN`` must agree with ``ontology/plan.ttl`` both ways (a test checks it):
every term here is declared there, and every term declared there is here.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, DefinedNamespace, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, VOID, XSD

from kg.resources import PLAN_NAMESPACE


class PLAN(DefinedNamespace):
    """plankg's own terms: only what ELI, ORG, SKOS, DCTERMS, PROV, OWL-Time and DCAT lack."""

    _NS = Namespace(PLAN_NAMESPACE)
    _fail = True

    # classes
    Plan: URIRef  # a work plan (实施方案, 工作要点, 任务分工方案)
    Section: URIRef  # a heading of the plan's hierarchy
    Part: URIRef  # 一、…
    Area: URIRef  # （一）…
    Group: URIRef  # 一是…
    Task: URIRef  # a numbered task
    CollectiveUnit: URIRef  # 各苏木镇, 市直各相关部门 …: stands for many units
    List: URIRef  # 清单
    Indicator: URIRef  # a numeric target
    Deadline: URIRef  # a due date
    Cadence: URIRef  # a recurring reporting rhythm
    System: URIRef  # an information system or platform
    SystemUse: URIRef  # one plan's use of a system: keeps system dependencies inside the plan

    # responsibility
    involvedDepartment: URIRef
    leadDepartment: URIRef
    responsibleDepartment: URIRef
    jointDepartment: URIRef
    involvedIn: URIRef  # inverse of involvedDepartment
    leads: URIRef  # inverse of leadDepartment
    responsibleFor: URIRef  # inverse of responsibleDepartment
    jointlyResponsibleFor: URIRef  # inverse of jointDepartment

    # what tasks make, use and rely on
    creates: URIRef
    isCreatedBy: URIRef
    uses: URIRef
    isUsedBy: URIRef
    reliesOn: URIRef
    provides: URIRef
    isProvidedBy: URIRef
    reliesOnUse: URIRef  # the plan-scoped twin of reliesOn
    providesUse: URIRef  # the plan-scoped twin of provides
    useIsProvidedBy: URIRef  # inverse of providesUse
    useOf: URIRef  # system use -> the shared system
    usedIn: URIRef  # system use -> its plan
    dependsOn: URIRef
    isDependedOnBy: URIRef

    # targets and time
    hasIndicator: URIRef
    comparator: URIRef
    hasDeadline: URIRef
    hasCadence: URIRef
    period: URIRef
    sourceText: URIRef

    # structure and parsing facts
    ordinal: URIRef
    numbered: URIRef
    repaired: URIRef
    openList: URIRef
    inAuthorityFile: URIRef
    kind: URIRef  # department kind: bureau, commission, centre, collective …
    jurisdiction: URIRef
    charStart: URIRef
    charEnd: URIRef
    lineNumber: URIRef
    matchKey: URIRef  # kg.normalize.match_key of a label or alias: how parameters find nodes


ELI = Namespace("http://data.europa.eu/eli/ontology#")
PPLAN = Namespace("http://purl.org/net/p-plan#")

PREFIXES: dict[str, Namespace | str | type[DefinedNamespace]] = {
    "plan": PLAN_NAMESPACE,
    "eli": ELI,
    "p-plan": PPLAN,
    "org": ORG,
    "skos": SKOS,
    "dct": DCTERMS,
    "prov": PROV,
    "time": TIME,
    "dcat": DCAT,
    "schema": SDO,
    "void": VOID,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

__all__ = [
    "DCAT",
    "DCTERMS",
    "ELI",
    "ORG",
    "OWL",
    "PLAN",
    "PLAN_NAMESPACE",
    "PPLAN",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "TIME",
    "VOID",
    "XSD",
]
