"""The graphs of a build folder as a store receives them: names, sizes, hashes and N-Triples chunks.

A build's graphs are the ones its manifest lists (each plan's and the one of
what it entails, the authority data, the shared graph, the ontology) and the
VoID description of ``void.ttl``, published as the graph ``{base}graph/void``.
:func:`read_build_graphs` lists them with their sizes and hashes from the
manifest alone (the sha256 of each graph's sorted N-Triples, as the build wrote
it), so deciding what a store lacks reads nothing else; :func:`spool_graph`
then writes one graph to send, read from the build's own on-disk store, into an
N-Triples file in a temporary folder, checking its count against the manifest,
and :meth:`GraphFile.chunks` reads it back in chunks of lines. No graph and no
corpus is ever held in memory as one string, and a publish after adding one
plan to a thousand reads that plan's graphs, not the whole ``dataset.nq``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import DatasetError
from kg.store.dataset import MANIFEST_FILE, VOID_FILE, open_folder_store

VOID_GRAPH_PATH = "graph/void"


@dataclass
class GraphFile:
    """One graph of the build: its IRI in the build, its triple count and hash, and once spooled its N-Triples on disk."""

    iri: str
    triples: int
    sha256: str
    path: Path | None = None
    blank_nodes: bool = False  # lines with blank nodes: they must reach the store in one request

    def chunks(self, size: int) -> Iterator[bytes]:
        """The graph's N-Triples in pieces of at most ``size`` lines (after :func:`spool_graph`).

        A graph with blank nodes goes as one piece: a store gives each request's
        blank nodes fresh identities, so a node split over two requests would
        become two nodes.
        """
        if self.path is None:
            raise RuntimeError(f"graph <{self.iri}> was not spooled")
        limit = self.triples + 1 if self.blank_nodes else max(1, size)
        with open(self.path, "rb") as stream:
            lines: list[bytes] = []
            for line in stream:
                lines.append(line)
                if len(lines) >= limit:
                    yield b"".join(lines)
                    lines = []
            if lines:
                yield b"".join(lines)


@dataclass
class BuildGraphs:
    """Every graph of one build folder, as its manifest lists them (and the VoID graph)."""

    folder: Path
    base: str
    manifest: dict[str, Any]
    graphs: dict[str, GraphFile] = field(default_factory=dict)
    void_lines: list[bytes] = field(default_factory=list)  # the VoID graph's N-Triples (void.ttl is read whole: it is small)
    _store: Any = None

    def expected(self, iri: str) -> int:
        """The triple count the manifest lists for ``iri`` (the VoID graph: its file's count)."""
        return self.graphs[iri].triples

    def store(self) -> Any:
        """The build's on-disk store, opened on first use."""
        if self._store is None:
            self._store = open_folder_store(self.folder)
        return self._store


def _line(statement: Any) -> bytes:
    """One N-Triples line (pyoxigraph's terms print as N-Triples)."""
    return f"{statement.subject} {statement.predicate} {statement.object} .\n".encode()


def _blank(statement: Any) -> bool:
    import pyoxigraph

    return isinstance(statement.subject, pyoxigraph.BlankNode) or isinstance(statement.object, pyoxigraph.BlankNode)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(f"{folder / MANIFEST_FILE}: cannot be read ({error}); run `plankg build -o {folder}` again") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("graphs"), dict) or not manifest.get("base"):
        raise DatasetError(f"{folder / MANIFEST_FILE}: lists no graphs or no base; run `plankg build -o {folder}` again")
    hashes = manifest.get("graph_sha256")
    if not isinstance(hashes, dict) or set(hashes) != set(manifest["graphs"]):
        raise DatasetError(f"{folder / MANIFEST_FILE}: lacks the hash of some graph; run `plankg build -o {folder}` again")
    return manifest


def read_build_graphs(folder: Path) -> BuildGraphs:
    """The graphs of the build ``folder`` with their sizes and hashes (the manifest's; the VoID graph's computed)."""
    import pyoxigraph  # the Turtle parser, for void.ttl

    manifest = read_manifest(folder)
    base = str(manifest["base"])
    graphs = {iri: GraphFile(iri, int(size), str(manifest["graph_sha256"][iri])) for iri, size in manifest["graphs"].items()}
    build = BuildGraphs(folder, base, manifest)
    if (folder / VOID_FILE).is_file():
        void = GraphFile(base + VOID_GRAPH_PATH, 0, "")
        try:
            for triple in pyoxigraph.parse(path=str(folder / VOID_FILE), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base):
                build.void_lines.append(_line(triple))
                void.blank_nodes = void.blank_nodes or _blank(triple)
        except (OSError, SyntaxError, ValueError) as error:
            raise DatasetError(f"{folder / VOID_FILE}: cannot be read for publishing ({error}); run `plankg build -o {folder}` again") from None
        build.void_lines.sort()
        void.triples = len(build.void_lines)
        void.sha256 = hashlib.sha256(b"".join(build.void_lines)).hexdigest()
        graphs[void.iri] = void
    build.graphs = dict(sorted(graphs.items()))
    return build


def spool_graph(build: BuildGraphs, iri: str, spool: Path) -> GraphFile:
    """Write the graph ``iri`` of ``build`` (from its store; the VoID graph from void.ttl) into a file under ``spool``."""
    import pyoxigraph

    graph = build.graphs[iri]
    graph.path = spool / f"{hashlib.sha256(iri.encode()).hexdigest()[:24]}.nt"
    count = 0
    with open(graph.path, "wb") as stream:
        if iri == build.base + VOID_GRAPH_PATH:
            stream.writelines(build.void_lines)
            count = len(build.void_lines)
        else:
            for quad in build.store().quads_for_pattern(None, None, None, pyoxigraph.NamedNode(iri)):
                stream.write(_line(quad))
                graph.blank_nodes = graph.blank_nodes or _blank(quad)
                count += 1
    if count != graph.triples:
        raise DatasetError(
            f"{build.folder}: the store's graph <{iri}> holds {count} triples where {MANIFEST_FILE} lists {graph.triples}: "
            f"the folder is damaged; run `plankg build -o {build.folder}` again"
        )
    return graph


def spool_folder() -> Path:
    """A fresh temporary folder for :func:`spool_graph` (the caller removes it)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="plankg-publish-", dir=os.environ.get("TMPDIR")))


__all__ = ["BuildGraphs", "GraphFile", "VOID_GRAPH_PATH", "read_build_graphs", "read_manifest", "spool_folder", "spool_graph"]
