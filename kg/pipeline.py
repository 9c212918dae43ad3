"""``kg.build()``: plans → reasoned, validated RDF dataset on disk, stage by stage.

Stages: **parse** (text → :class:`kg.model.Plan`), **build** (plans → asserted
triples, one named graph per plan and the authority graph), **reason** (the
ontology's entailments into their own graph), **validate** (SHACL), **write**
(the build folder of :mod:`kg.store.dataset`). Each stage's time is in the result
and in ``build-log.json``; every other file of the folder is byte-identical
from one build of the same inputs to the next.
"""

from __future__ import annotations

import json
import os
import posixpath
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import UsageError, ValidationError
from kg.graph.iri import ONTOLOGY_IRI, resolve_base
from kg.graph.reason import REASONERS, reason
from kg.graph.validate import check
from kg.model import Plan
from kg.resources import ontology_file
from kg.store.dataset import (
    cache_key,
    cache_root,
    FORMAT_VERSION,
    check_folder,
    default_sources,
    is_complete,
    load_folder_dataset,
    open_folder_store,
    read_folder_manifest,
    write_folder,
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


@dataclass
class BuildResult:
    """What a build made: where, from what, how big, and how long each stage took."""

    out: Path
    base: str
    reasoner: str
    validated: bool
    plans: list[Plan]
    counts: dict[str, int]  # asserted, inferred, ontology, total, plans, tasks
    graphs: dict[str, int]  # graph IRI -> triples
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    def summary(self) -> str:
        """The lines ``plankg build`` prints to stderr."""
        c = self.counts
        stages = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings.items())
        return "\n".join(
            [
                f"built {self.out}: {c['plans']} plan(s), {c['tasks']} tasks",
                f"triples: {c['asserted']} asserted, {c['inferred']} inferred ({self.reasoner}), "
                f"{c['ontology']} ontology, {c['total']} in all",
                f"SHACL: {'conforms' if self.validated else 'not checked (--no-validate)'}",
                f"stages: {stages}, total {sum(self.timings.values()):.2f}s",
            ]
        )


def build(
    sources: Sequence[str | os.PathLike[str]] | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    base: str | None = None,
    reasoner: str = "fast",
    validate: bool = True,
) -> BuildResult:
    """Parse, build, reason, validate and write a dataset.

    ``sources``: plan files (default: the embedded corpus). ``out``: the build
    folder (default: the cache folder :func:`kg.pipeline.open_store` reads for
    these sources). ``base``: the IRI base (default ``$PLANKG_BASE`` or
    https://w3id.org/plankg/). ``reasoner``: ``fast`` (rules generated from the
    ontology) or ``owlrl`` (the reference, much slower). ``validate``: run SHACL
    and fail on a violation.
    """
    if reasoner not in REASONERS:
        raise UsageError(f"unknown reasoner {reasoner!r}: use one of {', '.join(REASONERS)}")
    base = resolve_base(base)
    chosen = list(sources) if sources else default_sources()
    if out is None:
        out = cache_root() / cache_key(sources or None, base=base, reasoner=reasoner, validate=validate)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    plans = _parse(chosen)
    timings["parse"] = time.perf_counter() - started

    from kg.graph.triples import build_graphs  # the graph stage loads only when a build runs: a reader starts without it

    started = time.perf_counter()
    built = build_graphs(plans, base)
    ontology = load_ontology()
    timings["build"] = time.perf_counter() - started

    started = time.perf_counter()
    asserted = built.asserted()
    inference = reason(asserted, ontology, reasoner)
    timings["reason"] = time.perf_counter() - started

    started = time.perf_counter()
    if validate:
        check(asserted | inference.triples, base=base)
    timings["validate"] = time.perf_counter() - started

    started = time.perf_counter()
    files, counts, graphs = _files(built, inference.triples, ontology, plans, base, reasoner, validate)
    folder = write_folder(files, out)
    timings["write"] = time.perf_counter() - started

    log = {"timings": {stage: round(seconds, 4) for stage, seconds in timings.items()}, "reasoner_seconds": round(inference.seconds, 4)}
    (folder / "build-log.json").write_text(json.dumps(log, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return BuildResult(
        out=folder,
        base=base,
        reasoner=reasoner,
        validated=validate,
        plans=plans,
        counts=counts,
        graphs=graphs,
        timings=timings,
    )


def _parse(sources: Sequence[Any]) -> list[Plan]:
    from kg.text.parse import extract  # the parser loads only when a build runs: a reader starts without it

    plans = []
    for source in sources:
        if isinstance(source, (str, os.PathLike)):
            plans.append(extract(source))
        else:  # a packaged file (importlib.resources Traversable)
            with as_file(source) as path:
                plan = extract(path)
            plan.source.path = source.name
            plans.append(plan)
    if not plans:
        raise UsageError("no sources to build: give plan files, or none for the embedded corpus")
    return plans


def load_ontology() -> Any:
    """ontology/plan.ttl as an rdflib Graph, blank nodes canonicalised (stable labels)."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    graph.parse(data=ontology_file("plan.ttl").read_text(encoding="utf-8"), format="turtle")
    canonical = Graph()
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def _prefixes(base: str) -> dict[str, str]:
    from kg.graph.namespace import PREFIXES  # loads rdflib, which a reader of a built dataset never needs

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    prefixes["plankg"] = base
    prefixes["dcat"] = "http://www.w3.org/ns/dcat#"
    return prefixes


def _files(
    built: Any, inferred: set[Any], ontology: Any, plans: list[Plan], base: str, reasoner: str, validated: bool
) -> tuple[dict[str, bytes], dict[str, int], dict[str, int]]:
    from kg.graph.serialize import jsonld, nquads, ntriples, trig, turtle  # loads rdflib, as above

    minter = built.minter
    prefixes = _prefixes(base)
    graphs: dict[str, set[Any]] = dict(built.plans)
    graphs[minter.authority_graph] = built.authority
    graphs[minter.inferred_graph] = inferred
    graphs[ONTOLOGY_IRI] = set(ontology)
    files: dict[str, bytes] = {}
    files["dataset.nq"] = nquads((s, p, o, g) for g, triples in graphs.items() for s, p, o in triples).encode()
    files["dataset.trig"] = trig(graphs, prefixes).encode()
    for plan in plans:
        slug = built.plan_slugs[plan.id]
        own = built.plans[minter.plan_graph(plan.id)]
        triples = own | _context(own, built.authority)
        files[f"plans/{slug}.ttl"] = turtle(triples, prefixes).encode()
        files[f"plans/{slug}.nt"] = ntriples(triples).encode()
        files[f"plans/{slug}.jsonld"] = jsonld(triples, prefixes).encode()
    asserted = built.asserted()
    counts = {
        "plans": len(plans),
        "tasks": sum(len(plan.tasks) for plan in plans),
        "asserted": len(asserted),
        "inferred": len(inferred),
        "ontology": len(graphs[ONTOLOGY_IRI]),
    }
    union = asserted | inferred | graphs[ONTOLOGY_IRI]
    counts["total"] = len(union)
    graph_sizes = {graph: len(triples) for graph, triples in sorted(graphs.items())}
    files["void.ttl"] = turtle(_void(built, union, graph_sizes, plans, base), prefixes).encode()
    manifest = {
        "format": _format_version(),
        "plankg": _package_version(),
        "base": base,
        "reasoner": reasoner,
        "validated": validated,
        "ontology": "https://w3id.org/plankg/ontology/0.1.0",
        "sources": [
            {
                "file": posixpath.basename(plan.source.path.replace("\\", "/")),
                "sha256": plan.source.sha256,
                "encoding": plan.source.encoding,
                "script": plan.source.script,
                "plan": plan.id,
                "plan_iri": built.plan_iris[plan.id],
                "tasks": len(plan.tasks),
                "files": [f"plans/{built.plan_slugs[plan.id]}.{ext}" for ext in ("jsonld", "nt", "ttl")],
            }
            for plan in sorted(plans, key=lambda plan: plan.id)
        ],
        "counts": counts,
        "graphs": graph_sizes,
        "files": sorted([*files, "manifest.json", "build-log.json"]),
    }
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    return files, counts, graph_sizes


def _context(own: set[Any], authority: set[Any]) -> set[Any]:
    """The authority triples about the nodes a plan's graph names (and their governments)."""
    from rdflib import URIRef

    by_subject: dict[Any, list[Any]] = {}
    for triple in authority:
        by_subject.setdefault(triple[0], []).append(triple)
    wanted = [o for _, _, o in own if isinstance(o, URIRef)] + [s for s, _, _ in own]
    seen: set[Any] = set()
    found: set[Any] = set()
    while wanted:
        node = wanted.pop()
        if node in seen or node not in by_subject:
            continue
        seen.add(node)
        for triple in by_subject[node]:
            found.add(triple)
            if isinstance(triple[2], URIRef):
                wanted.append(triple[2])
    return found


def _void(built: Any, union: set[Any], graph_sizes: dict[str, int], plans: list[Plan], base: str) -> set[Any]:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

    from kg.graph.namespace import PLAN  # loads rdflib, as above

    dataset = URIRef(f"{base}dataset")
    triples: set[Any] = set()

    def add(s: Any, p: Any, o: Any) -> None:
        triples.add((s, p, o))

    def count(n: int) -> Any:
        return Literal(str(n), datatype=XSD.integer)

    subjects = {s for s, _, _ in union if isinstance(s, URIRef)}
    classes = {o for _, p, o in union if p == RDF.type}
    properties = {p for _, p, _ in union}
    add(dataset, RDF.type, VOID.Dataset)
    add(dataset, RDF.type, DCAT.Dataset)
    add(dataset, DCTERMS.title, Literal("plankg knowledge graph of Chinese government work plans", lang="en"))
    add(dataset, DCTERMS.title, Literal("政府工作方案知识图谱", lang="zh-Hans"))
    add(dataset, DCTERMS.description, Literal(
        "Tasks, responsible departments, cited documents, lists, targets, deadlines and information systems "
        "of the plans below, with the entailments of the plankg ontology in their own graph.", lang="en"))
    add(dataset, DCTERMS.license, URIRef(LICENSE))
    add(dataset, DCTERMS.rights, Literal(
        "The source texts are official documents of Chinese state organs, published by them; "
        "the graph's structure and the authority files are plankg's, under its licence.", lang="en"))
    add(dataset, VOID.uriSpace, Literal(base))
    add(dataset, VOID.triples, count(len(union)))
    add(dataset, VOID.entities, count(len(subjects)))
    add(dataset, VOID.distinctSubjects, count(len({s for s, _, _ in union})))
    add(dataset, VOID.distinctObjects, count(len({o for _, _, o in union})))
    add(dataset, VOID.classes, count(len(classes)))
    add(dataset, VOID.properties, count(len(properties)))
    add(dataset, VOID.dataDump, URIRef("dataset.nq"))
    add(dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads"))
    add(dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/TriG"))
    for vocabulary in VOCABULARIES:
        add(dataset, VOID.vocabulary, URIRef(vocabulary))
    for name, media_type in (("dataset.nq", "application/n-quads"), ("dataset.trig", "application/trig")):
        distribution = URIRef(name)
        add(dataset, DCAT.distribution, distribution)
        add(distribution, RDF.type, DCAT.Distribution)
        add(distribution, DCAT.downloadURL, distribution)
        add(distribution, DCAT.mediaType, Literal(media_type))
    for graph, size in graph_sizes.items():
        subset = URIRef(graph)
        add(dataset, VOID.subset, subset)
        add(subset, RDF.type, VOID.Dataset)
        add(subset, VOID.triples, count(size))
    minter = built.minter
    for plan in plans:
        plan_iri = URIRef(built.plan_iris[plan.id])
        add(dataset, VOID.exampleResource, plan_iri)
        add(dataset, DCTERMS.source, URIRef(minter.source(plan.source.sha256)))
        if plan.tasks:
            add(dataset, VOID.exampleResource, URIRef(minter.task(plan.id, plan.tasks[0].notation)))
    leads = sorted(str(o) for _, p, o in union if p == PLAN.leadDepartment)
    if leads:
        add(dataset, VOID.exampleResource, URIRef(leads[0]))
    return triples


def _format_version() -> int:
    return FORMAT_VERSION


def _package_version() -> str:
    return __version__


# -- reading a build: the folder named, or the embedded plan's (or SOURCES') build, made on first use ------------


def resolve_dataset_dir(dataset: str | os.PathLike[str] | None = None, sources: Sequence[Any] | None = None) -> Path:
    """The build folder to read: ``dataset`` as given, else the cached build of ``sources``
    (default: the embedded corpus), built now if it is not cached yet."""
    if dataset is not None and sources:
        raise UsageError("give either SOURCES (built on the fly) or --dataset DIR (a build folder), not both")
    if dataset is not None:
        return check_folder(dataset)
    key = cache_key(sources or None)
    folder = cache_root() / key
    if is_complete(folder):
        return folder
    try:
        build(list(sources) if sources else None, folder)
    except ValidationError as error:
        # the reading commands have no --no-validate: say how to get a folder they can read
        summary = getattr(error, "summary", str(error))
        raise ValidationError(
            f"{summary} — fix the source, or build it unchecked with "
            "`plankg build --no-validate -o DIR SOURCES…` and read that folder with --dataset DIR",
            report=error.report,
        ) from None
    return folder


def open_store(dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None) -> Any:
    """An in-memory ``pyoxigraph.Store`` holding every graph of the dataset (see :func:`resolve_dataset_dir`).

    Query with ``use_default_graph_as_union=True`` to see all graphs as one
    (as docs/graph-shape.md says a store must be configured).
    """
    return open_folder_store(resolve_dataset_dir(dataset, sources))


def load_dataset(dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None) -> Any:
    """The dataset as an ``rdflib.Dataset`` (its default graph is the union of all graphs)."""
    return load_folder_dataset(resolve_dataset_dir(dataset, sources))


def read_manifest(dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None) -> dict[str, Any]:
    """The ``manifest.json`` of a build folder (counts, sources, graphs, base)."""
    return read_folder_manifest(resolve_dataset_dir(dataset, sources))


__all__ = ["BuildResult", "build", "load_dataset", "load_ontology", "open_store", "read_manifest", "resolve_dataset_dir"]
