"""`plankg publish` against real triple stores: Oxigraph's server and Virtuoso, started here on loopback.

For each store: the seed's build and a 10-plan synthetic build are published,
the per-graph counts on the store are checked against the build's manifest,
every saved query, `analyze` and the views are run with --endpoint and
compared with the answers of the local build folder, publishing again must
not double anything, and a push cut midway must leave every graph whole.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import StoreError
from kg.publish import publish
from kg.publish.graphs import read_build_graphs, spool_folder, spool_graph
from kg.publish.push import PUBLISH_NS, store_graph_name
from kg.store.dataset import open_folder_store
from support import EXAMPLE_PARAMS, QUERY_FILES
from store_support import BreakingProxy, RunningStore, oxigraph_server, virtuoso_server

pytestmark = pytest.mark.endpoint

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/plankg/"
SEED_PLAN_GRAPH = BASE + "plan/01166760-1-2022-00759/graph"
SEED_INFERRED_GRAPH = BASE + "plan/01166760-1-2022-00759/inferred"
PARAMS = EXAMPLE_PARAMS


# -- the stores and the builds, once per session ----------------------------------------------------


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStore]:
    starter = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with starter(tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStore]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-alone")) as running:
        yield running


@pytest.fixture(scope="session")
def seed_folder() -> Path:
    from kg.pipeline import resolve_dataset_dir

    return resolve_dataset_dir()


def _synthetic_build(count: int, folder: Path, change: str | None = None) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    from kg.pipeline import build

    plans = generate(count, folder / "plans")
    if change:  # one plan edited by hand: its second task loses a sentence
        text = plans[1].read_text(encoding="utf-8")
        plans[1].write_text(text.replace(change, "", 1), encoding="utf-8")
    return build([str(path) for path in plans], folder / "build", validate=False).out


@pytest.fixture(scope="session")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthetic_build(10, tmp_path_factory.mktemp("corpus-10"))


@pytest.fixture()
def fresh(store: RunningStore) -> RunningStore:
    """The store without any graph an earlier test published."""
    _clear(store)
    return store


def _select(store: RunningStore, query: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        store.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(json.loads(response.read())["results"]["bindings"])


def store_counts(store: RunningStore) -> dict[str, int]:
    """Triples per graph on the store, plankg's graphs only (Virtuoso keeps system graphs of its own)."""
    rows = _select(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    return {graph: n for graph, n in counts.items() if graph.startswith(("https://w3id.org/plankg", "https://example.org/"))}


def _clear(store: RunningStore) -> None:
    from kg.publish.client import StoreClient
    from kg.publish.profiles import get_profile

    with StoreClient(store.url, get_profile(store.name), user=store.user, password=store.password) as client:
        for graph in store_counts(store):
            client.update(f"DROP SILENT GRAPH <{graph}>", "clearing the store for a test")
    assert store_counts(store) == {}


def build_counts(folder: Path) -> dict[str, int]:
    """What the build holds per graph: the manifest's counts and the triples of void.ttl."""
    import pyoxigraph

    counts = {graph: int(n) for graph, n in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["graphs"].items()}
    counts[BASE + "graph/void"] = len(list(pyoxigraph.parse(path=str(folder / "void.ttl"), format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE)))
    return counts


def push(store: RunningStore, folder: Path, **options: Any) -> Any:
    options.setdefault("store", store.name)
    return publish(store.url, dataset=folder, user=store.user, password=store.password, **options)


def published(store: RunningStore) -> dict[str, int]:
    """The store's plankg graphs, without the publish record."""
    return {graph: n for graph, n in store_counts(store).items() if not graph.endswith("graph/publish")}


def answers(languages: tuple[str, ...] = ("zh-Hant", "en"), **where: Any) -> dict[str, str]:
    """Every saved query's rows in the given languages, as JSON text (so 1 and true are told apart)."""
    from kg.sparql.run import query

    found = {}
    for path in QUERY_FILES:
        for lang in languages:
            rows = query(path.stem, params=PARAMS.get(path.stem, {}), lang=lang, **where)
            found[f"{path.stem} {lang}"] = json.dumps(rows, ensure_ascii=False)
    return found


@lru_cache(maxsize=4)
def local_answers(folder: Path, languages: tuple[str, ...] = ("zh-Hant", "en")) -> dict[str, str]:
    return answers(languages, store=open_folder_store(folder))


def remote_answers(store: RunningStore, languages: tuple[str, ...] = ("zh-Hant", "en")) -> dict[str, str]:
    return answers(languages, endpoint=store.query_url)


@lru_cache(maxsize=4)
def local_analysis(folder: Path) -> str:
    return cli_output("analyze", "--dataset", str(folder), "--format", "json")


def cli_output(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# -- publish, verify, query back ------------------------------------------------------------------


def test_the_seed_is_published_whole_and_answers_as_the_build_does(fresh: RunningStore, seed_folder: Path, tmp_path: Path) -> None:
    result = push(fresh, seed_folder)
    expected = build_counts(seed_folder)
    # the seed's five graphs of dataset.nq and its VoID description
    assert set(expected) == {
        SEED_PLAN_GRAPH, SEED_INFERRED_GRAPH, BASE + "graph/authority", BASE + "graph/shared", "https://w3id.org/plankg/ontology", BASE + "graph/void"
    }
    assert published(fresh) == expected
    assert {report.graph: report.store_triples for report in result.graphs} == expected
    assert all(report.action == "sent" for report in result.graphs)
    local = local_answers(seed_folder)
    assert remote_answers(fresh) == local
    # 2. and 33.(牽頭部門:發改委、政務服務局…)
    assert [row["tasks"] for row in json.loads(local["co-leads zh-Hant"]) if row["co_lead"] == "發展和改革委員會"] == [[2, 33]]
    assert cli_output("analyze", "--endpoint", fresh.query_url, "--format", "json") == local_analysis(seed_folder)
    for kind in ("responsibility", "dependency", "citation"):
        cli_output("viz", "--kind", kind, "--endpoint", fresh.query_url, "-o", str(tmp_path / f"{kind}-store.html"))
        cli_output("viz", "--kind", kind, "--dataset", str(seed_folder), "-o", str(tmp_path / f"{kind}-local.html"))
        assert (tmp_path / f"{kind}-store.html").read_bytes() == (tmp_path / f"{kind}-local.html").read_bytes(), kind


def test_publishing_again_sends_nothing_and_replace_doubles_nothing(fresh: RunningStore, seed_folder: Path) -> None:
    push(fresh, seed_folder)
    first = store_counts(fresh)
    again = push(fresh, seed_folder)
    assert [report.action for report in again.graphs] == ["unchanged"] * 6
    replaced = push(fresh, seed_folder, replace=True)
    assert [report.action for report in replaced.graphs] == ["sent"] * 6
    assert store_counts(fresh) == first
    assert published(fresh) == build_counts(seed_folder)


def test_the_ten_plan_corpus_follows_the_seed_and_answers_as_its_build_does(
    fresh: RunningStore, seed_folder: Path, corpus_folder: Path
) -> None:
    push(fresh, seed_folder)
    result = push(fresh, corpus_folder)
    actions = {report.graph: report.action for report in result.graphs}
    assert actions[SEED_PLAN_GRAPH] == "dropped"  # the corpus has no plan of the seed's index number
    assert actions["https://w3id.org/plankg/ontology"] == "unchanged"
    # each plan's graph and the graph of what it entails
    assert sum(1 for graph, action in actions.items() if "/plan/" in graph and action == "sent") == 20
    assert published(fresh) == build_counts(corpus_folder)
    # one language here (the seed's test has both): cited-documents alone takes seconds over ten plans
    assert remote_answers(fresh, ("zh-Hant",)) == local_answers(corpus_folder, ("zh-Hant",))
    assert cli_output("analyze", "--endpoint", fresh.query_url, "--format", "json") == local_analysis(corpus_folder)


def test_a_connection_cut_midway_leaves_every_graph_whole(fresh: RunningStore, seed_folder: Path, corpus_folder: Path) -> None:
    push(fresh, seed_folder)
    before, after = build_counts(seed_folder), build_counts(corpus_folder)
    port = int(urllib.parse.urlsplit(fresh.url).port or 0)
    with BreakingProxy(port, budget=400_000) as proxy:
        result = CliRunner().invoke(
            cli,
            ["publish", "--endpoint", proxy.url, "--store", fresh.name, "--dataset", str(corpus_folder), "--chunk-size", "1000"],
            env={"PLANKG_STORE_USER": fresh.user or "", "PLANKG_STORE_PASSWORD": fresh.password or ""},
        )
        assert proxy.cut.is_set()
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("Error: ")
    assert proxy.url in message and "connection failed" in message and "keeps its previous version" in message
    if fresh.password:
        assert fresh.password not in result.output
    on_store = published(fresh)
    assert on_store, "the proxy cut the first request: raise its budget"
    assert not [graph for graph in on_store if "/graph/staging/" in graph]
    for graph, count in on_store.items():
        assert count in (before.get(graph), after.get(graph)), f"{graph} holds {count} triples: half written"
    assert set(on_store) - set(before) or any(on_store[g] != before[g] for g in on_store), "the cut came after the last graph"
    push(fresh, corpus_folder)
    assert published(fresh) == after


# -- failures a store reports, and stores without a Graph Store service --------------------------------


class _Refusing(BaseHTTPRequestHandler):
    def do_PUT(self) -> None:  # noqa: N802 - http.server's names
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT

    def log_message(self, *args: Any) -> None:
        pass


def test_a_5xx_midway_is_one_line_and_the_graph_stays(oxigraph: RunningStore, seed_folder: Path, corpus_folder: Path) -> None:
    _clear(oxigraph)
    push(oxigraph, seed_folder)
    before = store_counts(oxigraph)
    stub = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    gsp = f"http://127.0.0.1:{stub.server_address[1]}/store"
    try:
        with pytest.raises(StoreError) as error:
            push(oxigraph, corpus_folder, gsp_url=gsp)
    finally:
        stub.shutdown()
        stub.server_close()
    assert f"{gsp} answered HTTP 503 (Service Unavailable)" in str(error.value)
    assert "\n" not in str(error.value)
    assert store_counts(oxigraph) == before


@pytest.mark.parametrize("store", ["virtuoso"], indirect=True)  # the Oxigraph server has no users
def test_a_wrong_password_is_a_401_naming_the_endpoint_and_never_the_password(store: RunningStore, seed_folder: Path) -> None:
    assert store.user is not None
    _clear(store)
    result = CliRunner().invoke(
        cli,
        ["publish", "--endpoint", store.url, "--store", store.name, "--dataset", str(seed_folder), "--user", store.user],
        env={"PLANKG_STORE_PASSWORD": "not-" + (store.password or "")},
    )
    assert result.exit_code == 1
    assert "answered HTTP 401 (Unauthorized)" in result.stderr and store.url in result.stderr
    assert "not-" + (store.password or "") not in result.output
    assert store_counts(store) == {}


def test_without_a_graph_store_service_publish_loads_with_sparql_update(oxigraph: RunningStore, seed_folder: Path) -> None:
    _clear(oxigraph)
    result = publish(oxigraph.query_url, dataset=seed_folder, store="generic", update_url=oxigraph.url + "/update")
    assert result.method.startswith("SPARQL Update")
    assert published(oxigraph) == build_counts(seed_folder)
    _clear(oxigraph)  # a Graph Store URL that is not one (404): the same, by fallback
    result = push(oxigraph, seed_folder, gsp_url=oxigraph.url + "/no-graph-store-here", chunk_size=400)
    assert result.method.startswith("SPARQL Update")
    assert published(oxigraph) == build_counts(seed_folder)
    assert remote_answers(oxigraph) == local_answers(seed_folder)


def test_blank_nodes_reach_the_store_as_one_node_each(oxigraph: RunningStore, seed_folder: Path) -> None:
    _clear(oxigraph)
    push(oxigraph, seed_folder, chunk_size=5)
    query = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH <https://w3id.org/plankg/ontology> { { ?b ?p ?o } UNION { ?s ?p ?b } FILTER(isBlank(?b)) } }"
    local = open_folder_store(seed_folder).query(query)
    assert int(_select(oxigraph, query)[0]["n"]["value"]) == int(next(iter(local))["n"].value) > 0


def test_only_the_graphs_that_changed_are_sent(oxigraph: RunningStore, tmp_path: Path) -> None:
    first = _synthetic_build(3, tmp_path / "a")
    sentence = "每月抽查事項不低于"  # in task 37 of the seed, so in every synthetic plan
    second = _synthetic_build(3, tmp_path / "b", change=sentence)
    _clear(oxigraph)
    push(oxigraph, first)
    result = push(oxigraph, second)
    sent = {report.graph for report in result.graphs if report.action == "sent"}
    plan_graphs = {report.graph for report in result.graphs if "/plan/" in report.graph}
    assert len(plan_graphs) == 6  # each plan's graph and the graph of what it entails
    edited = {graph.rsplit("/", 1)[0] for graph in sent & plan_graphs}
    assert len(edited) == 1 and f"{edited.pop()}/graph" in sent  # the edited plan alone; no other plan's entailments
    assert "https://w3id.org/plankg/ontology" not in sent
    assert published(oxigraph) == build_counts(second)


def test_graphs_go_under_the_graph_prefix(oxigraph: RunningStore, seed_folder: Path) -> None:
    _clear(oxigraph)
    result = push(oxigraph, seed_folder, graph_prefix="https://example.org/kg")
    expected = {store_graph_name(graph, BASE, "https://example.org/kg/"): n for graph, n in build_counts(seed_folder).items()}
    assert "https://example.org/kg/plan/01166760-1-2022-00759/graph" in expected
    assert "https://example.org/kg/ontology" in expected
    assert published(oxigraph) == expected
    assert {report.graph for report in result.graphs} == set(expected)
    record = _select(oxigraph, f"SELECT ?g WHERE {{ GRAPH <https://example.org/kg/graph/publish> {{ ?g <{PUBLISH_NS}sha256> ?h }} }}")
    assert {row["g"]["value"] for row in record} == set(expected)


# -- the build's graphs as publish reads them ----------------------------------------------------------


def test_publish_knows_each_graph_by_the_manifests_hash_and_reads_it_from_the_store(seed_folder: Path) -> None:
    """What to send is decided from the manifest alone; a graph sent is read from the build's store, and holds
    the triples of that graph in dataset.nq."""
    import shutil

    import pyoxigraph

    manifest = json.loads((seed_folder / "manifest.json").read_text(encoding="utf-8"))
    build = read_build_graphs(seed_folder)
    assert {iri: graph.sha256 for iri, graph in build.graphs.items() if iri in manifest["graphs"]} == manifest["graph_sha256"]
    assert len({graph.sha256 for graph in build.graphs.values()}) == len(build.graphs) == len(manifest["graphs"]) + 1  # and VoID
    dumped: dict[str, set[Any]] = {}
    loaded = pyoxigraph.Store()  # dataset.nq as any store holds it (numbers in canonical form, language tags lower-cased)
    loaded.load(path=str(seed_folder / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    for quad in loaded:
        dumped.setdefault(quad.graph_name.value, set()).add(quad.triple)
    spool = spool_folder()
    try:
        for iri, graph in build.graphs.items():
            spool_graph(build, iri, spool)
            assert graph.path is not None
            spooled = pyoxigraph.Store()
            spooled.load(graph.path.read_bytes(), format=pyoxigraph.RdfFormat.N_TRIPLES)
            sent = [quad.triple for quad in spooled]
            assert len(sent) == graph.triples
            if iri in dumped and not graph.blank_nodes:  # (a store names blank nodes its own way)
                assert set(sent) == dumped[iri], iri
    finally:
        shutil.rmtree(spool)


def test_a_cut_dataset_is_refused_before_anything_is_sent(seed_folder: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "build"
    shutil.copytree(seed_folder, copy)
    lines = (copy / "dataset.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / "dataset.nq").write_text("".join(lines[:-10]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", "--endpoint", "http://127.0.0.1:9/", "--dataset", str(copy)])
    assert result.exit_code == 1
    assert "the folder is damaged" in result.stderr


def test_an_endpoint_that_is_not_http_is_a_usage_error(seed_folder: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", "--endpoint", "file:///etc/passwd", "--dataset", str(seed_folder)])
    assert result.exit_code == 2
    assert "http(s) URL" in result.stderr


def test_a_password_in_the_url_is_never_printed(seed_folder: Path) -> None:
    from store_support import free_port

    url = f"http://publisher:s3cret-word@127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["publish", "--endpoint", url, "--store", "virtuoso", "--dataset", str(seed_folder), "--timeout", "5"])
    assert result.exit_code == 1
    assert "connection failed" in result.stderr and "127.0.0.1" in result.stderr
    assert "s3cret-word" not in result.output
