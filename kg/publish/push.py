"""``plankg publish``: every graph of a build into a triple store, atomically per graph, verified.

For each graph of the build (:mod:`kg.publish.graphs`) whose hash or size on the
store differs from the build's (every graph with ``replace``), read from the
build's own store:

1. its N-Triples go in chunks into a fresh staging graph
   ``{prefix}graph/staging/{uuid}`` — with the Graph Store HTTP Protocol (the
   first chunk PUT, the rest POST), or with SPARQL Update ``INSERT DATA`` where
   the store has no Graph Store service;
2. the staging graph's triples are counted on the store and must equal the
   build's count;
3. one SPARQL Update moves it over the graph (``MOVE``) and records the graph's
   hash and size in the publish record ``{prefix}graph/publish``. One update is
   one transaction, so a reader sees the old graph or the new one, never half.

A failure anywhere before step 3 drops the staging graph and leaves the graph
as it was; graphs finished before it stay finished. Graphs that an earlier
publish under the same prefix recorded and the build no longer has are dropped.
At the end every graph is counted again and must match the build.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.errors import StoreError, UsageError
from kg.graph.iri import ONTOLOGY_IRI
from kg.pipeline import resolve_dataset_dir
from kg.publish.client import StoreClient, redact
from kg.publish.graphs import BuildGraphs, GraphFile, read_build_graphs, spool_folder, spool_graph
from kg.publish.profiles import get_profile
from kg.resources import internal_query
from kg.sparql.binding import Term, with_terms_in_place

PUBLISH_NS = "https://w3id.org/plankg/publish#"
RECORD_GRAPH_PATH = "graph/publish"
STAGING_PATH = "graph/staging/"
DEFAULT_CHUNK = 50_000  # triples per Graph Store request
UPDATE_CHUNK = 2_000  # triples per INSERT DATA request (stores limit the length of an update)
XSD = "http://www.w3.org/2001/XMLSchema#"

Progress = Callable[[str], None]


@dataclass
class GraphReport:
    """What publish did with one graph."""

    graph: str  # its IRI on the store
    triples: int  # in the build (0 for a dropped graph)
    sha256: str
    action: str  # "sent", "unchanged" or "dropped"
    seconds: float = 0.0
    store_triples: int | None = None  # counted on the store after the push


@dataclass
class PublishResult:
    """One publish: where to, how (Graph Store or SPARQL Update), what each graph got, how long it took."""

    endpoint: str
    query_url: str
    method: str
    graphs: list[GraphReport] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        sent = [g for g in self.graphs if g.action == "sent"]
        unchanged = [g for g in self.graphs if g.action == "unchanged"]
        dropped = [g for g in self.graphs if g.action == "dropped"]
        lines = [
            f"published to {self.endpoint} ({self.method}): {len(sent)} graph(s) sent, "
            f"{len(unchanged)} unchanged, {len(dropped)} dropped, "
            f"{sum(g.triples for g in sent)} triples in {self.seconds:.2f}s; verified",
        ]
        lines.extend(f"  {g.action:9} {g.triples:>9}  {g.graph}" for g in self.graphs)
        lines.append(f"query it with: plankg query NAME --endpoint {self.query_url}")
        return "\n".join(lines)


def store_graph_name(iri: str, base: str, prefix: str) -> str:
    """The name on the store of the build's graph ``iri``: under ``prefix`` instead of the build's base."""
    if prefix == base:
        return iri
    if iri.startswith(base):
        return prefix + iri[len(base):]
    if iri == ONTOLOGY_IRI:
        return prefix + "ontology"
    import urllib.parse

    return prefix + "external/" + urllib.parse.quote(iri, safe="")


def _check_prefix(prefix: str) -> str:
    import urllib.parse

    parts = urllib.parse.urlsplit(prefix)
    if parts.scheme not in ("http", "https", "urn") or any(c in prefix for c in '<>" {}|\\^`'):
        raise UsageError(f"--graph-prefix must be an absolute IRI such as https://example.org/plankg/, not {prefix!r}")
    return prefix if prefix.endswith(("/", "#", ":")) else prefix + "/"


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _query(name: str, **graphs: str) -> str:
    """``queries/internal/NAME.rq`` with its ``?_name`` variables bound to the graph IRIs given."""
    return with_terms_in_place(internal_query(name), {f"_{var}": Term(iri, is_iri=True) for var, iri in graphs.items()})


def _counts(client: StoreClient, action: str) -> dict[str, int]:
    rows = client.select(_query("publish-graph-sizes"), action)
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows if "g" in row and "n" in row}


def _count(client: StoreClient, graph: str, action: str) -> int:
    rows = client.select(_query("publish-graph-size", graph=graph), action)
    return int(rows[0]["n"]["value"]) if rows and "n" in rows[0] else 0


def _recorded(client: StoreClient, record: str) -> dict[str, str]:
    rows = client.select(_query("publish-record", record=record), "reading the publish record")
    return {row["g"]["value"]: row["h"]["value"] for row in rows if "g" in row and "h" in row}


class _Publisher:
    def __init__(self, client: StoreClient, build: BuildGraphs, prefix: str, chunk: int, progress: Progress | None) -> None:
        self.client = client
        self.build = build
        self.prefix = prefix
        self.record = prefix + RECORD_GRAPH_PATH
        self.staging = prefix + STAGING_PATH
        self.chunk = chunk
        self.progress = progress
        self.use_gsp = client.gsp_url is not None

    @property
    def method(self) -> str:
        return f"Graph Store Protocol at {self.client.gsp_url}" if self.use_gsp else f"SPARQL Update at {self.client.update_url}"

    def say(self, line: str) -> None:
        if self.progress is not None:
            self.progress(line)

    def send(self, graph: GraphFile, target: str, position: str, spool: Path) -> float:
        """Stage, verify and move one graph; returns the seconds it took."""
        started = time.perf_counter()
        spool_graph(self.build, graph.iri, spool)
        expected = self.build.expected(graph.iri)
        staging = self.staging + uuid.uuid4().hex
        record = (
            f"DELETE WHERE {{ GRAPH <{self.record}> {{ <{target}> ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{self.record}> {{ <{target}> <{PUBLISH_NS}sha256> {_literal(graph.sha256)} ; "
            f"<{PUBLISH_NS}triples> \"{expected}\"^^<{XSD}integer> ; "
            f"<{PUBLISH_NS}source> <{graph.iri}> ; "
            f"<{PUBLISH_NS}publishedAt> \"{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}\"^^<{XSD}dateTime> }} }}"
        )
        try:
            sent = 0
            for index, data in enumerate(graph.chunks(self.chunk if self.use_gsp else min(self.chunk, UPDATE_CHUNK))):
                self._stage(staging, data, first=index == 0, action=f"sending graph <{target}>")
                sent += data.count(b"\n")
                self.say(f"{position} {target}: {sent}/{expected} triples")
            found = _count(self.client, staging, f"counting the staged copy of <{target}>")
            if found != expected:
                raise StoreError(
                    f"graph <{target}>: the store took {found} of its {expected} triples "
                    f"(check the store's log for refused triples); it was not replaced"
                )
            move = f"MOVE SILENT <{staging}> TO <{target}>" if expected else f"DROP SILENT GRAPH <{target}>"
            self.client.update(f"{move} ;\n{record}", f"moving the staged copy of <{target}> into place")
        except StoreError as error:
            self._drop_quietly(staging)
            message = str(error)
            if f"<{target}>" not in message:
                message += f" (publishing graph <{target}>)"
            raise StoreError(f"{message}; that graph keeps its previous version on the store") from None
        finally:
            if graph.path is not None:
                graph.path.unlink(missing_ok=True)  # sent or not, its copy is not needed again
        return time.perf_counter() - started

    def _stage(self, staging: str, data: bytes, *, first: bool, action: str) -> None:
        if self.use_gsp:
            status = self.client.gsp_send(staging, data, replace=first, action=action)
            if status < 400:
                return
            if not first:
                raise StoreError(f"{self.client.gsp_url} answered HTTP {status} while {action}")
            self.use_gsp = False  # no Graph Store service here: SPARQL Update from now on
            self.say(f"{self.client.gsp_url} answered HTTP {status}: loading with SPARQL Update at {self.client.update_url}")
            for piece in _split(data, UPDATE_CHUNK):
                self._insert(staging, piece, action)
            return
        self._insert(staging, data, action)

    def _insert(self, staging: str, data: bytes, action: str) -> None:
        self.client.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{data.decode('utf-8')}}} }}", action)

    def _drop_quietly(self, graph: str) -> None:
        try:
            self.client.update(f"DROP SILENT GRAPH <{graph}>", f"dropping the staging graph <{graph}>")
        except StoreError:
            pass  # the next publish drops what is left under {prefix}graph/staging/


def _split(data: bytes, lines: int) -> list[bytes]:
    rows = data.splitlines(keepends=True)
    return [b"".join(rows[i : i + lines]) for i in range(0, len(rows), lines)] or [b""]


def publish(
    endpoint: str,
    *,
    dataset: str | Path | None = None,
    store: str = "generic",
    graph_prefix: str | None = None,
    replace: bool = False,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    auth: str | None = None,
    gsp_url: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    timeout: float = 60.0,
    progress: Progress | None = None,
) -> PublishResult:
    """Publish every graph of the build ``dataset`` (default: the embedded plan's) to the store at ``endpoint``.

    ``store`` names the URL layout (:mod:`kg.publish.profiles`); ``graph_prefix``
    replaces the build's base in graph names (default: the names of the build);
    ``replace`` re-sends graphs the store already holds unchanged. Raises
    :class:`kg.errors.StoreError` on any failure, after which every graph on the
    store is either its previous or its new version.
    """
    if chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    profile = get_profile(store).with_urls(gsp=gsp_url, query=query_url, update=update_url)
    folder = resolve_dataset_dir(dataset)
    started = time.perf_counter()
    spool = spool_folder()
    try:
        build = read_build_graphs(folder)
        prefix = _check_prefix(graph_prefix) if graph_prefix else build.base
        with StoreClient(endpoint, profile, user=user, password=password, token=token, auth=auth, timeout=timeout) as client:
            publisher = _Publisher(client, build, prefix, chunk_size, progress)
            result = PublishResult(redact(client.base), client.query_url, publisher.method)
            on_store = _counts(client, "counting the graphs on the store")
            for leftover in sorted(g for g in on_store if g.startswith(publisher.staging)):
                client.update(f"DROP SILENT GRAPH <{leftover}>", f"dropping the staging graph <{leftover}> an earlier publish left")
            recorded = _recorded(client, publisher.record)
            names = {iri: store_graph_name(iri, build.base, prefix) for iri in build.graphs}
            todo = [
                iri
                for iri in build.graphs
                if replace
                or recorded.get(names[iri]) != build.graphs[iri].sha256
                or on_store.get(names[iri], 0) != build.expected(iri)
            ]
            for iri in build.graphs:
                graph = build.graphs[iri]
                report = GraphReport(names[iri], build.expected(iri), graph.sha256, "unchanged")
                if iri in todo:
                    position = f"[{todo.index(iri) + 1}/{len(todo)}]"
                    report.seconds = publisher.send(graph, names[iri], position, spool)
                    report.action = "sent"
                result.graphs.append(report)
            result.method = publisher.method
            wanted = set(names.values())
            for gone in sorted(set(recorded) - wanted):
                client.update(
                    f"DROP SILENT GRAPH <{gone}> ;\nDELETE WHERE {{ GRAPH <{publisher.record}> {{ <{gone}> ?p ?o }} }}",
                    f"dropping <{gone}>, which the build no longer has",
                )
                result.graphs.append(GraphReport(gone, 0, "", "dropped"))
            after = _counts(client, "verifying the graphs on the store")
            for report in result.graphs:
                report.store_triples = after.get(report.graph, 0)
                if report.store_triples != report.triples:
                    raise StoreError(
                        f"graph <{report.graph}> holds {report.store_triples} triples on {result.endpoint} where the build "
                        f"has {report.triples}: another writer changed it, or the store altered triples; run publish --replace"
                    )
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["DEFAULT_CHUNK", "PUBLISH_NS", "GraphReport", "PublishResult", "publish", "store_graph_name"]
