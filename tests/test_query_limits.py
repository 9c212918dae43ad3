"""--timeout bounds every query, locally and on an endpoint; an endpoint's reply is capped and its shape checked.

Local: a cross product of the seed with itself three times would run for hours;
with --timeout 2 the real CLI stops it after about two seconds. Endpoint: real
servers on loopback ports — one that drips its reply a byte at a time, one that
sends more than the cap, and ones that answer JSON of the wrong shape.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import EndpointError

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"


def test_a_local_query_stops_at_the_timeout(tmp_path: Path) -> None:
    query = tmp_path / "cross.rq"
    query.write_text(CROSS_PRODUCT, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", "--file", str(query), "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "time limit of 2 s" in result.stderr, result.stderr
    assert 2 <= elapsed < 12, f"took {elapsed:.1f} s"


def test_the_library_stops_a_local_query_too(seed_store) -> None:
    # the seed's graph, not the small excerpt: a cross product of the excerpt can finish within the limit
    started = time.monotonic()
    with pytest.raises(kg.QueryError, match="time limit of 1 s"):
        kg.query(CROSS_PRODUCT, store=seed_store, timeout=1)
    assert time.monotonic() - started < 8


# -- endpoints: real HTTP servers on loopback ---------------------------------------------------


class Replies(http.server.BaseHTTPRequestHandler):
    """Answers every POST with ``self.server.reply(handler)``."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.reply(self)  # type: ignore[attr-defined]

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[http.server.BaseHTTPRequestHandler], None]], str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(reply: Callable[[http.server.BaseHTTPRequestHandler], None]) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replies)
        server.daemon_threads = True
        server.reply = reply  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def json_reply(document: object, *, length: bool = True) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    body = json.dumps(document).encode("utf-8") if not isinstance(document, bytes) else document

    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        if length:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.close_connection = True
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return reply


def drip(handler: http.server.BaseHTTPRequestHandler) -> None:
    """A valid reply, one byte every 0.2 s: each read succeeds, the whole takes 30 s."""
    body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}, "padding": "x" * 100}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        for byte in body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


def cli_failure(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    return result.output


def test_a_dripping_endpoint_is_stopped_at_the_timeout(serve) -> None:
    url = serve(drip)
    started = time.monotonic()
    output = cli_failure(["query", "lead-load", "--lang", "en", "--endpoint", url, "--timeout", "2"])
    elapsed = time.monotonic() - started
    assert url in output and "within 2 s" in output
    assert elapsed < 6, f"took {elapsed:.1f} s"


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "until-close"])
def test_a_reply_larger_than_the_cap_is_refused(serve, length: bool) -> None:
    rows = [{"n": {"type": "literal", "value": "x" * 1000}}] * 3000  # about 3 MB
    url = serve(json_reply({"head": {"vars": ["n"]}, "results": {"bindings": rows}}, length=length))
    output = cli_failure(["query", "lead-load", "--lang", "en", "--endpoint", url, "--max-reply-mb", "1"])
    assert url in output and "1 MB" in output


def test_a_reply_under_the_cap_is_read() -> None:
    # the cap is a library option as well; the default leaves room for real answers
    assert kg.sparql.run.QueryOptions().max_reply_bytes >= 64 * 1024 * 1024


WRONG_SHAPES = {
    "vars-a-string": {"head": {"vars": "abc"}, "results": {"bindings": []}},
    "head-null": {"head": None, "results": {"bindings": []}},
    "results-null": {"head": {"vars": ["department"]}, "results": None},
    "bindings-not-a-list": {"head": {"vars": ["department"]}, "results": {"bindings": {"a": 1}}},
    "binding-not-an-object": {"head": {"vars": ["department"]}, "results": {"bindings": [1, "two"]}},
    "term-null": {"head": {"vars": ["department"]}, "results": {"bindings": [{"department": None}]}},
    "value-null": {"head": {"vars": ["department"]}, "results": {"bindings": [{"department": {"type": "literal", "value": None}}]}},
    "not-json": b"<html>busy</html>",
}


@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_json_of_the_wrong_shape_is_one_line_naming_the_endpoint(serve, shape: str) -> None:
    url = serve(json_reply(WRONG_SHAPES[shape]))
    output = cli_failure(["query", "lead-load", "--lang", "en", "--endpoint", url])
    assert url in output and "Traceback" not in output


def test_the_library_raises_an_endpoint_error_for_a_wrong_shape(serve) -> None:
    url = serve(json_reply(WRONG_SHAPES["binding-not-an-object"]))
    with pytest.raises(EndpointError, match="wrong shape"):
        kg.query("lead-load", endpoint=url, lang="en")


def test_an_endpoint_that_never_answers_is_stopped_too() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never reads or answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(EndpointError, match="within 1 s"):
            kg.query("lead-load", endpoint=url, lang="en", timeout=1)
        assert time.monotonic() - started < 5


def test_an_endpoint_is_reached_through_the_proxy_the_environment_names(serve, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def proxy(handler: http.server.BaseHTTPRequestHandler) -> None:
        seen.append(handler.path)  # a proxy is asked for the absolute URL
        json_reply({"head": {"vars": ["department"]}, "results": {"bindings": [{"department": {"type": "literal", "value": "司法局"}}]}})(handler)

    proxy_url = serve(proxy).removesuffix("/sparql")
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", proxy_url)
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    endpoint = "http://127.0.0.2:9/sparql"  # never contacted: the proxy answers
    assert kg.query("lead-load", endpoint=endpoint, lang="en") == [{"department": "司法局"}]
    assert seen == [endpoint]
