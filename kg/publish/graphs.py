"""The graphs of a build folder as a store receives them: names, sizes, hashes and N-Triples chunks.

A build's graphs are the ones ``dataset.nq`` holds (each plan's and the one of
what it entails, the authority data, the shared graph, the ontology) and the VoID description of
``void.ttl``, published as the graph ``{base}graph/void``. :func:`spool_graphs`
reads them in one streaming pass into one N-Triples file per graph in a
temporary folder, counting and hashing as it goes, so no graph and no corpus is
ever held in memory as one string; :meth:`GraphFile.chunks` then reads a graph
back in chunks of lines.

A graph's hash is the sum, modulo 2²⁵⁶, of the SHA-256 of each of its
N-Triples lines: it does not depend on the order of the lines, so the same
graph always has the same hash, however it was written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import DatasetError
from kg.store.dataset import DATASET_FILE, MANIFEST_FILE, VOID_FILE

VOID_GRAPH_PATH = "graph/void"
_MODULUS = 1 << 256
_OPEN_FILES = 64  # spool files kept open at once (dataset.nq is sorted by subject, so graphs come in runs)


@dataclass
class GraphFile:
    """One graph of the build: its IRI in the build, its triples on disk, their count and hash."""

    iri: str
    path: Path
    triples: int = 0
    digest: int = 0
    blank_nodes: bool = False  # lines with blank nodes: they must reach the store in one request

    @property
    def sha256(self) -> str:
        return f"{self.digest:064x}"

    def add(self, line: bytes, blank: bool = False) -> None:
        self.triples += 1
        self.digest = (self.digest + int.from_bytes(hashlib.sha256(line).digest(), "big")) % _MODULUS
        self.blank_nodes = self.blank_nodes or blank

    def chunks(self, size: int) -> Iterator[bytes]:
        """The graph's N-Triples in pieces of at most ``size`` lines.

        A graph with blank nodes goes as one piece: a store gives each request's
        blank nodes fresh identities, so a node split over two requests would
        become two nodes.
        """
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
    """Every graph of one build folder, spooled into ``folder``'s temporary sibling ``spool``."""

    folder: Path
    base: str
    manifest: dict[str, Any]
    graphs: dict[str, GraphFile] = field(default_factory=dict)

    def expected(self, iri: str) -> int:
        """The triple count the manifest lists for ``iri`` (the VoID graph: its file's count)."""
        listed = self.manifest.get("graphs", {})
        return int(listed[iri]) if iri in listed else self.graphs[iri].triples


class _Spool:
    """Append lines to one file per graph, keeping at most ``_OPEN_FILES`` open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, GraphFile] = {}
        self.handles: OrderedDict[str, IO[bytes]] = OrderedDict()

    def add(self, graph: str, line: bytes, blank: bool) -> None:
        entry = self.files.get(graph)
        if entry is None:
            entry = self.files[graph] = GraphFile(graph, self.folder / f"{len(self.files):06d}.nt")
        handle = self.handles.get(graph)
        if handle is None:
            if len(self.handles) >= _OPEN_FILES:
                self.handles.popitem(last=False)[1].close()
            handle = self.handles[graph] = open(entry.path, "ab")
        else:
            self.handles.move_to_end(graph)
        handle.write(line)
        entry.add(line, blank)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()
        self.handles.clear()


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
    return manifest


def spool_graphs(folder: Path, spool: Path) -> BuildGraphs:
    """Read every graph of the build ``folder`` into N-Triples files under ``spool`` (an empty folder)."""
    import pyoxigraph  # the streaming N-Quads and Turtle parsers

    manifest = read_manifest(folder)
    base = str(manifest["base"])
    writer = _Spool(spool)
    try:
        try:
            for quad in pyoxigraph.parse(path=str(folder / DATASET_FILE), format=pyoxigraph.RdfFormat.N_QUADS):
                graph = quad.graph_name
                if not isinstance(graph, pyoxigraph.NamedNode):
                    raise DatasetError(f"{folder / DATASET_FILE}: holds a triple outside any named graph; run `plankg build` again")
                writer.add(graph.value, _line(quad), _blank(quad))
            void_graph = base + VOID_GRAPH_PATH
            if (folder / VOID_FILE).is_file():
                for triple in pyoxigraph.parse(path=str(folder / VOID_FILE), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base):
                    writer.add(void_graph, _line(triple), _blank(triple))
        except (OSError, SyntaxError, ValueError) as error:
            raise DatasetError(f"{folder}: cannot be read for publishing ({error}); run `plankg build -o {folder}` again") from None
    finally:
        writer.close()
    result = BuildGraphs(folder, base, manifest, dict(sorted(writer.files.items())))
    for iri, size in manifest["graphs"].items():
        found = result.graphs[iri].triples if iri in result.graphs else 0
        if found != int(size):
            raise DatasetError(
                f"{folder / DATASET_FILE}: graph <{iri}> holds {found} triples where {MANIFEST_FILE} lists {size}: "
                f"the folder is damaged; run `plankg build -o {folder}` again"
            )
    return result


def spool_folder() -> Path:
    """A fresh temporary folder for :func:`spool_graphs` (the caller removes it)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="plankg-publish-", dir=os.environ.get("TMPDIR")))


__all__ = ["BuildGraphs", "GraphFile", "VOID_GRAPH_PATH", "read_manifest", "spool_folder", "spool_graphs"]
