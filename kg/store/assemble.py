"""Plan parts → the files and the store of a build folder.

A :class:`PlanPart` is what one plan contributes to a build, as sorted
N-Triples lines: its own graph, the authority triples it uses, what it says
of the nodes plans share, and what its graph entails (the reasoner runs on one
plan at a time, since inference stays inside a plan). Parts are made
independently (in parallel); :func:`assemble` merges any set of them into a
folder: the authority graph is the union of the parts' authority triples, the
shared graph the union of their shared-node descriptions (each stated once,
however many plans name the node), each plan's inferred graph what its graph entails (less
what some plan asserts), and every dump is written from text, so the parent
process never holds the corpus as RDF terms. Each part is also kept in
``parts/ID.nq``, so an incremental build reuses it without rebuilding its plan;
a folder assembled from reused and new parts is byte-identical to a full build.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import DatasetError
from kg.graph.iri import PLAN_GRAPH_SUFFIX, inferred_graph_of, is_inferred_graph
from kg.store.dataset import (
    DATASET_FILE,
    FORMAT_VERSION,
    LOG_FILE,
    MANIFEST_FILE,
    PARTS_DIR,
    STORE_DIR,
    TRIG_FILE,
    VOID_FILE,
    FolderWriter,
)

LICENSE = "https://opensource.org/licenses/MIT"
VOCABULARIES = (
    "https://w3id.org/plankg/ontology#",
    "http://data.europa.eu/eli/ontology#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/time#",
    "https://schema.org/",
    "http://purl.org/net/p-plan#",
)
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@dataclass
class PlanPart:
    """What one plan contributes to a build folder."""

    entry: dict[str, Any]  # the plan's entry of the manifest's "sources"
    graph: str  # the plan's graph IRI
    own: list[str]  # sorted N-Triples lines of the plan's graph
    authority: list[str]  # sorted lines of the authority triples it uses
    shared: list[str]  # sorted lines of what it says of nodes plans share (the shared graph)
    inferred: list[str]  # sorted lines of what its graph (with those) entails
    files: dict[str, bytes] = field(default_factory=dict)  # plans/ID.ttl, .nt, .jsonld
    slugs: dict[str, list[Any]] = field(default_factory=dict)  # kg.graph.iri.Minter.shared_slugs of its minter
    timings: dict[str, float] = field(default_factory=dict)
    plan: Any = None  # the kg.model.Plan, when this build parsed it

    @property
    def inferred_graph(self) -> str:
        """The graph of what the plan's graph entails (``{plan IRI}/inferred``)."""
        return inferred_graph_of(self.graph)

    @property
    def plan_id(self) -> str:
        return str(self.entry["plan"])

    @property
    def slug(self) -> str:
        return posixpath.splitext(posixpath.basename(self.entry["files"][0]))[0]

    def part_file(self) -> str:
        return f"{PARTS_DIR}/{self.slug}.nq"

    def slugs_file(self) -> str:
        return f"{PARTS_DIR}/{self.slug}.slugs.json"


def part_quads(part: PlanPart, authority_graph: str, shared_graph: str) -> bytes:
    """The text of ``parts/ID.nq``."""
    lines = [_quad(line, part.graph) for line in part.own]
    lines += [_quad(line, authority_graph) for line in part.authority]
    lines += [_quad(line, shared_graph) for line in part.shared]
    lines += [_quad(line, part.inferred_graph) for line in part.inferred]
    return "".join(sorted(lines)).encode()


def read_part(folder: Path, entry: dict[str, Any], authority_graph: str, shared_graph: str) -> PlanPart:
    """The part of a plan an earlier build kept in ``folder`` (see :func:`part_quads`)."""
    slug = posixpath.splitext(posixpath.basename(entry["files"][0]))[0]
    graphs: dict[str, list[str]] = {}
    try:
        text = (folder / PARTS_DIR / f"{slug}.nq").read_text(encoding="utf-8")
        slugs = json.loads((folder / PARTS_DIR / f"{slug}.slugs.json").read_text(encoding="utf-8"))
        files = {name: (folder / name).read_bytes() for name in entry["files"]}
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise DatasetError(f"{folder}: the kept part of plan {entry.get('plan')!r} cannot be read ({error}); build the folder from all its sources again") from None
    for line in text.splitlines(keepends=True):
        body, graph = line[:-3].rsplit(" ", 1)
        graphs.setdefault(graph[1:-1], []).append(body + " .\n")
    own = [graph for graph in graphs if graph not in (authority_graph, shared_graph) and not is_inferred_graph(graph)]
    inferred = [graph for graph in graphs if is_inferred_graph(graph)]
    if len(own) != 1 or not own[0].endswith(PLAN_GRAPH_SUFFIX) or inferred not in ([], [inferred_graph_of(own[0])]) or not _slug_table(slugs):
        raise DatasetError(f"{folder}: the kept part of plan {entry.get('plan')!r} is damaged; build the folder from all its sources again")
    return PlanPart(
        entry=entry,
        graph=own[0],
        own=graphs[own[0]],
        authority=graphs.get(authority_graph, []),
        shared=graphs.get(shared_graph, []),
        inferred=graphs.get(inferred_graph_of(own[0]), []),
        files=files,
        slugs=slugs,
    )


def _slug_table(table: Any) -> bool:
    """Whether ``table`` has the shape of :meth:`kg.graph.iri.Minter.shared_slugs`: "scope\tkey" → [plain, slug, curated]."""
    return isinstance(table, dict) and all(
        isinstance(name, str) and "\t" in name and isinstance(entry, list) and len(entry) == 3
        and isinstance(entry[0], str) and isinstance(entry[1], str) and isinstance(entry[2], bool)
        for name, entry in table.items()
    )


def _quad(line: str, graph: str) -> str:
    return f"{line[:-3]} <{graph}> .\n"


def _quads(lines: list[str], graph: str) -> Iterator[str]:
    suffix = f" <{graph}> .\n"
    for line in lines:
        yield line[:-3] + suffix


@dataclass
class Assembled:
    counts: dict[str, int]
    graphs: dict[str, int]


def assemble(
    writer: FolderWriter,
    parts: list[PlanPart],
    ontology_lines: list[str],
    *,
    base: str,
    authority_graph: str,
    shared_graph: str,
    ontology_graph: str,
    prefixes: dict[str, str],
    reasoner: str,
    validated: bool,
    package_version: str,
    ontology_version: str,
    log: Callable[[], dict[str, Any]],
) -> Assembled:
    """Write every file of the folder and its store from ``parts`` (sorted by plan id)."""
    from kg.graph.serialize import trig_graph, trig_header  # loads rdflib: only a build writes a folder

    parts = sorted(parts, key=lambda part: part.plan_id)
    for part in parts:
        for name, data in sorted(part.files.items()):
            writer.write(name, data)
        writer.write(part.part_file(), part_quads(part, authority_graph, shared_graph))
        writer.write(part.slugs_file(), (json.dumps(part.slugs, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode())
    asserted: set[str] = set()
    authority: set[str] = set()
    shared: set[str] = set()
    for part in parts:
        asserted.update(part.own)
        authority.update(part.authority)
        shared.update(part.shared)
    asserted |= authority | shared
    schema = set(ontology_lines)
    graphs: dict[str, list[str]] = {part.graph: part.own for part in parts}
    inferred_set: set[str] = set()  # what the plans entail, each triple once
    for part in parts:
        entailed = [line for line in part.inferred if line not in asserted and line not in schema]
        graphs[part.inferred_graph] = sorted(entailed)
        inferred_set.update(entailed)
    graphs[authority_graph] = sorted(authority)
    graphs[shared_graph] = sorted(shared)
    graphs[ontology_graph] = ontology_lines
    order = sorted(graphs)

    with open(writer.path(DATASET_FILE), "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(heapq.merge(*(_quads(graphs[graph], graph) for graph in order)))
    names, header = trig_header(prefixes)
    with open(writer.path(TRIG_FILE), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(header)
        for graph in order:
            stream.write(trig_graph(graph, graphs[graph], names))

    counts = {
        "plans": len(parts),
        "tasks": sum(int(part.entry["tasks"]) for part in parts),
        "asserted": len(asserted),
        "inferred": len(inferred_set),
        "ontology": len(ontology_lines),
        "total": len(asserted) + len(schema - asserted) + len(inferred_set),
    }
    sizes = {graph: len(graphs[graph]) for graph in order}
    digests = {graph: hashlib.sha256("".join(graphs[graph]).encode()).hexdigest() for graph in order}
    stats = _statistics((asserted, inferred_set, schema - asserted))
    writer.write(VOID_FILE, _void(base, counts["total"], stats, sizes, parts, prefixes))

    _load_store(writer, sum(sizes.values()))
    writer.write(LOG_FILE, (json.dumps(log(), indent=1, sort_keys=True) + "\n").encode())
    file_sha256, file_bytes = writer.checksums()
    manifest = {
        "format": FORMAT_VERSION,
        "plankg": package_version,
        "base": base,
        "reasoner": reasoner,
        "validated": validated,
        "ontology": ontology_version,
        "sources": [part.entry for part in parts],
        "counts": counts,
        "graphs": sizes,
        "graph_sha256": digests,
        "files": sorted([*writer.written, MANIFEST_FILE]),
        "file_sha256": file_sha256,
        "file_bytes": file_bytes,
    }
    writer.write(MANIFEST_FILE, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())
    return Assembled(counts=counts, graphs=sizes)


def _load_store(writer: FolderWriter, quads: int) -> None:
    """The on-disk pyoxigraph store, bulk-loaded from the folder's dataset.nq."""
    import pyoxigraph

    location = writer.path(STORE_DIR)
    location.mkdir(exist_ok=True)
    writer.written.remove(STORE_DIR)  # its files are listed in store.json
    store = pyoxigraph.Store(str(location))
    store.bulk_load(path=str(writer.staging / DATASET_FILE), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    held = len(store)
    del store
    if held != quads:
        raise DatasetError(f"{writer.target}: the store took {held} of {quads} quads; build again")
    writer.record_store(held)


@dataclass
class _Statistics:
    entities: int = 0
    subjects: int = 0
    objects: int = 0
    classes: int = 0
    properties: int = 0
    first_lead: str | None = None


def _statistics(line_sets: Iterable[set[str]]) -> _Statistics:
    from kg.graph.serialize import split_line  # loads rdflib: only a build writes a folder

    subjects: set[str] = set()
    objects: set[str] = set()
    classes: set[str] = set()
    properties: set[str] = set()
    leads: set[str] = set()
    lead = "<https://w3id.org/plankg/ontology#leadDepartment>"
    for lines in line_sets:
        for line in lines:
            s, p, o = split_line(line)
            subjects.add(s)
            objects.add(o)
            properties.add(p)
            if p == _RDF_TYPE:
                classes.add(o)
            elif p == lead:
                leads.add(o)
    return _Statistics(
        entities=sum(1 for s in subjects if s.startswith("<")),
        subjects=len(subjects),
        objects=len(objects),
        classes=len(classes),
        properties=len(properties),
        first_lead=min(leads)[1:-1] if leads else None,
    )


def _void(base: str, total: int, stats: _Statistics, sizes: dict[str, int], parts: list[PlanPart], prefixes: dict[str, str]) -> bytes:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

    from kg.graph.serialize import turtle  # loads rdflib, as above

    dataset = URIRef(f"{base}dataset")
    triples: set[Any] = set()

    def add(s: Any, p: Any, o: Any) -> None:
        triples.add((s, p, o))

    def count(n: int) -> Any:
        return Literal(str(n), datatype=XSD.integer)

    add(dataset, RDF.type, VOID.Dataset)
    add(dataset, RDF.type, DCAT.Dataset)
    add(dataset, DCTERMS.title, Literal("plankg knowledge graph of Chinese government work plans", lang="en"))
    add(dataset, DCTERMS.title, Literal("政府工作方案知识图谱", lang="zh-Hans"))
    add(dataset, DCTERMS.description, Literal(
        "Tasks, responsible departments, cited documents, lists, targets, deadlines and information systems "
        "of the plans below, with the entailments of the plankg ontology beside each plan's graph, in a graph of their own.", lang="en"))
    add(dataset, DCTERMS.license, URIRef(LICENSE))
    add(dataset, DCTERMS.rights, Literal(
        "The source texts are official documents of Chinese state organs, published by them; "
        "the graph's structure and the authority files are plankg's, under its licence.", lang="en"))
    add(dataset, VOID.uriSpace, Literal(base))
    add(dataset, VOID.triples, count(total))
    add(dataset, VOID.entities, count(stats.entities))
    add(dataset, VOID.distinctSubjects, count(stats.subjects))
    add(dataset, VOID.distinctObjects, count(stats.objects))
    add(dataset, VOID.classes, count(stats.classes))
    add(dataset, VOID.properties, count(stats.properties))
    add(dataset, VOID.dataDump, URIRef(DATASET_FILE))
    add(dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads"))
    add(dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/TriG"))
    for vocabulary in VOCABULARIES:
        add(dataset, VOID.vocabulary, URIRef(vocabulary))
    for name, media_type in ((DATASET_FILE, "application/n-quads"), (TRIG_FILE, "application/trig")):
        distribution = URIRef(name)
        add(dataset, DCAT.distribution, distribution)
        add(distribution, RDF.type, DCAT.Distribution)
        add(distribution, DCAT.downloadURL, distribution)
        add(distribution, DCAT.mediaType, Literal(media_type))
    for graph, size in sizes.items():
        subset = URIRef(graph)
        add(dataset, VOID.subset, subset)
        add(subset, RDF.type, VOID.Dataset)
        add(subset, VOID.triples, count(size))
    for part in parts:
        add(dataset, VOID.exampleResource, URIRef(part.entry["plan_iri"]))
        add(dataset, DCTERMS.source, URIRef(f"{base}source/{str(part.entry['sha256']).lower()}"))
        if part.entry.get("first_task"):
            add(dataset, VOID.exampleResource, URIRef(part.entry["first_task"]))
    if stats.first_lead:
        add(dataset, VOID.exampleResource, URIRef(stats.first_lead))
    return turtle(triples, prefixes).encode()


__all__ = ["Assembled", "PlanPart", "assemble", "part_quads", "read_part"]
