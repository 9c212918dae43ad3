"""No local query reaches another server: SERVICE, FROM/FROM NAMED of graphs from elsewhere and LOAD are refused.

A real TCP listener on a free loopback port stands for the remote server; it
must receive no connection at all, whichever path the query takes (a saved
query of --queries-dir, --file, text given as NAME, the library).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
import kg.sparql.run
from kg.cli import cli
from kg.errors import QueryError


class Listener:
    """A loopback TCP server that records every connection it is offered."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.1)
        self.port = int(self.server.getsockname()[1])
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except (TimeoutError, socket.timeout, OSError):
                continue
            self.connections += 1
            connection.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def close(self) -> int:
        time.sleep(0.3)  # a request sent at the end of the run still arrives
        self.stopped.set()
        self.thread.join()
        self.server.close()
        return self.connections


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def excerpt_dataset(fixture_store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = fixture_store
    monkeypatch.setattr(kg.sparql.run, "open_query_store", lambda dataset=None, sources=None, plans=None: store)


def one_line_failure(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "Traceback" not in result.output
    return result.output


SERVICE_FORMS = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ ?s a ?type . SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "lower-case": "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "inside-optional": "SELECT ?s WHERE {{ ?s a ?t OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
}


@pytest.mark.parametrize("form", sorted(SERVICE_FORMS))
def test_service_in_a_file_is_refused_and_nothing_is_sent(tmp_path: Path, listener: Listener, form: str) -> None:
    query = tmp_path / "remote.rq"
    query.write_text(SERVICE_FORMS[form].format(url=listener.url), encoding="utf-8")
    assert "SERVICE" in one_line_failure(["query", "--file", str(query)])
    assert listener.close() == 0


def test_service_in_a_saved_query_of_queries_dir(tmp_path: Path, listener: Listener) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "elsewhere.rq").write_text(
        "#+ summary: reaches out\n" + SERVICE_FORMS["silent"].format(url=listener.url), encoding="utf-8"
    )
    assert "SERVICE" in one_line_failure(["query", "elsewhere", "--queries-dir", str(folder)])
    assert listener.close() == 0


def test_service_whose_iri_a_parameter_chooses(tmp_path: Path, listener: Listener) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "chosen.rq").write_text(
        "#+ summary: the caller picks the server\nSELECT * WHERE { SERVICE ?_where_iri { ?s ?p ?o } }\n", encoding="utf-8"
    )
    output = one_line_failure(["query", "chosen", "--queries-dir", str(folder), "-p", f"where={listener.url}"])
    assert "SERVICE" in output
    assert listener.close() == 0


def test_service_given_as_query_text_through_the_library(listener: Listener) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        kg.query(SERVICE_FORMS["plain"].format(url=listener.url))
    assert listener.close() == 0


def test_the_word_service_in_a_string_or_comment_is_not_refused() -> None:
    text = 'SELECT ?s WHERE { ?s ?p ?o FILTER(?o != "SERVICE <http://127.0.0.1:9/>") } # SERVICE\nLIMIT 1'
    assert len(kg.query(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "PREFIX far: <http://127.0.0.1:{port}/> SELECT * FROM far:graph WHERE {{ ?s ?p ?o }}",
    ],
    ids=["from", "from-named", "from-prefixed"],
)
def test_from_a_graph_that_is_not_in_the_dataset_is_refused(tmp_path: Path, listener: Listener, text: str) -> None:
    query = tmp_path / "from.rq"
    query.write_text(text.format(url=listener.url, port=listener.port), encoding="utf-8")
    output = one_line_failure(["query", "--file", str(query)])
    assert "not a graph of this dataset" in output and f"127.0.0.1:{listener.port}" in output
    assert listener.close() == 0


def test_from_a_graph_of_the_dataset_still_reads_it(fixture_store) -> None:
    (graph,) = [g.value for g in fixture_store.named_graphs()][:1]
    rows = kg.query(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert rows[0]["n"] > 0


@pytest.mark.parametrize(
    "text",
    ["LOAD <{url}>", "LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>", "INSERT DATA {{ <http://a> <http://b> <http://c> }}"],
    ids=["load", "load-silent", "insert"],
)
def test_load_and_updates_are_refused(tmp_path: Path, listener: Listener, text: str) -> None:
    query = tmp_path / "update.rq"
    query.write_text(text.format(url=listener.url), encoding="utf-8")
    assert "only reads" in one_line_failure(["query", "--file", str(query)])
    assert listener.close() == 0


def test_a_prefixed_name_ending_in_service_is_not_the_keyword() -> None:
    text = "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ex:SERVICE ?x } } LIMIT 1"
    assert len(kg.query(text)) == 1
