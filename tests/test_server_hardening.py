"""`plankg serve` is read-only, makes no outbound requests, and keeps answering under its limits.

A local listener stands in for a remote server: every refused query names it,
and it must receive nothing. A control shows that the store itself *would*
call it for a SERVICE clause, so the listener can see a request when one is made.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from server_support import Running, http, running_server

SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/plankg/ontology#Task> }"
SEED_TASKS = 47
SLOW = "SELECT ?a ?d WHERE { ?a a ?t . ?d a ?u } ORDER BY DESC(STR(?a)) STR(?d) LIMIT 1"


class Listener:
    """A TCP listener on a free loopback port that records every connection it gets."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (socket.timeout, OSError):
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(4096) or b"(connected)")
                    connection.sendall(b"HTTP/1.1 500 Nothing\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    from kg.pipeline import resolve_dataset_dir

    with running_server(
        resolve_dataset_dir(), "--timeout", "0.3", "--max-results", "100", "--max-body", "4096", "--workers", "2"
    ) as running:
        yield running


def get(server: Running, query: str, **extra: str):
    return http(server.endpoint + "?" + urllib.parse.urlencode({"query": query, **extra}))


def still_answers(server: Running) -> None:
    reply = get(server, SIMPLE)
    assert reply.status == 200, reply.text
    assert int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"]) == SEED_TASKS


def test_the_listener_sees_a_service_call_the_store_makes_itself(listener: Listener) -> None:
    """Control: unguarded, the store's engine would call the remote endpoint."""
    import pyoxigraph

    before = len(listener.received)
    store = pyoxigraph.Store()
    with pytest.raises(OSError):
        list(store.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"))
    deadline = time.monotonic() + 3
    while len(listener.received) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(listener.received) > before
    listener.received.clear()


def refused_queries(port: int) -> list[str]:
    remote = f"http://127.0.0.1:{port}"
    return [
        f"SELECT * WHERE {{ SERVICE <{remote}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{remote}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{remote}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{remote}/>\nSELECT * WHERE {{ # a comment\r SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{remote}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{remote}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{remote}/>\nSELECT * FROM r:data WHERE {{ ?s ?p ?o }}",
        f"LOAD <{remote}/data.ttl>",
        f"LOAD <{remote}/data.ttl> INTO GRAPH <urn:x>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/plankg/plan/01166760-1-2022-00759/inferred>",
    ]


@pytest.mark.parametrize("index", range(13))
def test_refused_and_nothing_leaves_the_machine(server: Running, listener: Listener, index: int) -> None:
    query = refused_queries(listener.port)[index]
    reply = get(server, query)
    assert reply.status == 403, (query, reply.status, reply.text)
    posted = http(server.endpoint, data=query.encode(), content_type="application/sparql-query")
    assert posted.status == 403
    time.sleep(0.1)
    assert listener.received == []
    still_answers(server)


def test_update_routes_are_refused(server: Running, listener: Listener) -> None:
    update = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    form = http(server.endpoint, data=urllib.parse.urlencode({"update": update}).encode(), content_type="application/x-www-form-urlencoded")
    body = http(server.endpoint, data=update.encode(), content_type="application/sparql-update")
    in_url = http(server.endpoint + "?" + urllib.parse.urlencode({"update": update}))
    assert form.status == body.status == in_url.status == 403
    assert "read-only" in form.text
    remote_graph = get(server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": f"http://127.0.0.1:{listener.port}/g"})
    assert remote_graph.status == 403
    assert listener.received == []
    still_answers(server)


def test_words_in_strings_comments_and_names_are_data(server: Running) -> None:
    query = (
        "PREFIX ex: <http://example.org/>\n"
        "# SERVICE, LOAD and INSERT in a comment\n"
        'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1:9/>" ex:load ex:insert } }'
    )
    reply = get(server, query)
    assert reply.status == 200, reply.text
    assert len(json.loads(reply.body)["results"]["bindings"]) == 3


def test_from_a_graph_the_dataset_holds_is_allowed(server: Running) -> None:
    reply = get(server, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/plankg/ontology> WHERE { ?s ?p ?o }")
    assert reply.status == 200, reply.text


def test_time_limit(server: Running) -> None:
    started = time.monotonic()
    reply = get(server, SLOW)
    assert reply.status == 503 and "time limit" in reply.text
    assert time.monotonic() - started < 2.0
    still_answers(server)


def test_result_size_limit(server: Running) -> None:
    reply = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert reply.status == 400 and "more than 100" in reply.text
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 100").status == 200
    construct = get(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert construct.status == 400 and "more than 100" in construct.text
    still_answers(server)


def test_request_body_limit(server: Running) -> None:
    padding = "#" + "x" * 5000 + "\n"
    reply = http(server.endpoint, data=(padding + SIMPLE).encode(), content_type="application/sparql-query")
    assert reply.status == 413
    small = http(server.endpoint, data=SIMPLE.encode(), content_type="application/sparql-query")
    assert small.status == 200
    still_answers(server)


def test_malformed_and_unknown(server: Running) -> None:
    assert get(server, "SELECT WHERE").status == 400
    assert http(server.url + "plan/no-such-plan").status == 404
    assert http(server.url + "api/no-such-query").status == 404
    still_answers(server)
