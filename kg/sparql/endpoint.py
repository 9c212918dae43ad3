"""A SPARQL 1.1 Protocol client with a deadline for the whole request and a cap on the reply.

:func:`post_query` sends a query as an HTML form POST and reads the reply:

* the time limit bounds the whole exchange (connect, send, headers, body), not
  each read: a watchdog cuts the connection when it passes, so a server that
  drips one byte a second is stopped like one that never answers;
* the reply may not exceed ``max_bytes`` (``--max-reply-mb``): a declared
  ``Content-Length`` above it is refused before reading, a longer body when
  the cap is crossed;
* a reply must be a SPARQL JSON results document of the right shape
  (:func:`select_results`); anything else is one :class:`EndpointError` line
  naming the endpoint;
* a proxy named by ``http_proxy`` / ``https_proxy`` (and not bypassed by
  ``no_proxy``) is used as urllib would use it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from kg.errors import EndpointError
from kg.sparql.results import json_value

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REPLY_BYTES = 100 * 1024 * 1024
_CHUNK = 1 << 16
_TERM_TYPES = {"uri", "literal", "typed-literal", "bnode", "triple"}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class _Watchdog:
    """Shuts a connection's socket down when the deadline passes, which ends any blocked read."""

    def __init__(self, connection: Any, seconds: float) -> None:
        self.connection = connection
        self.sock: Any = None  # kept here: http.client forgets it once a reply that closes the connection begins
        self.fired = threading.Event()
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        import socket

        self.fired.set()
        sock = self.sock or getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def _read_body(response: Any, max_bytes: int, endpoint: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise EndpointError(
            f"endpoint {endpoint} announced a reply of {_megabytes(int(declared))}, more than the limit of "
            f"{_megabytes(max_bytes)} (raise --max-reply-mb, or narrow the query)"
        )
    chunks = []
    total = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise EndpointError(
                f"endpoint {endpoint} sent a reply larger than the limit of {_megabytes(max_bytes)} "
                "(raise --max-reply-mb, or narrow the query)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _proxy_for(parts: Any) -> tuple[str, int, dict[str, str]] | None:
    """The proxy the environment names for this URL (``http_proxy``, ``https_proxy``, ``no_proxy``), as
    urllib would choose it: its host, port and the ``Proxy-Authorization`` header its URL's user gives."""
    import base64
    import urllib.parse
    import urllib.request

    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname):
        return None
    if "://" not in proxy:
        proxy = "http://" + proxy
    proxy_parts = urllib.parse.urlsplit(proxy)
    if not proxy_parts.hostname:
        return None
    headers = {}
    if proxy_parts.username is not None:
        user = urllib.parse.unquote(proxy_parts.username) + ":" + urllib.parse.unquote(proxy_parts.password or "")
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(user.encode("utf-8")).decode("ascii")
    try:
        port = proxy_parts.port or 80
    except ValueError:
        raise EndpointError(f"the proxy {proxy!r} named by the environment has an invalid port") from None
    return proxy_parts.hostname, port, headers


def post_query(
    endpoint: str, text: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_REPLY_BYTES
) -> dict[str, Any]:
    """POST a query to a SPARQL 1.1 protocol endpoint and return its JSON results document."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"endpoint must be an http(s) URL, not {endpoint!r}")
    try:
        port = parts.port
    except ValueError:
        raise EndpointError(f"endpoint {endpoint!r} has an invalid port") from None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    body = urllib.parse.urlencode({"query": text}).encode("utf-8")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    headers = {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": "application/sparql-results+json",
        "User-Agent": "plankg",
    }
    proxy = _proxy_for(parts)
    if proxy is None:
        connection = connection_class(parts.hostname, port, timeout=timeout)
    else:
        proxy_host, proxy_port, proxy_headers = proxy
        connection = connection_class(proxy_host, proxy_port, timeout=timeout)
        if parts.scheme == "https":
            connection.set_tunnel(parts.hostname, port, headers=proxy_headers)
        else:
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
            headers.update(proxy_headers)
    watchdog = _Watchdog(connection, timeout)
    try:
        with watchdog:
            connection.connect()
            watchdog.sock = connection.sock
            if watchdog.fired.is_set():  # the deadline passed while connecting, before there was a socket to cut
                raise TimeoutError
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            status, reason, location = response.status, response.reason, response.getheader("Location")
            if status >= 300:
                detail = response.read(500).decode("utf-8", "replace").strip().splitlines()
            else:
                payload = _read_body(response, max_bytes, endpoint)
        if watchdog.fired.is_set():
            raise TimeoutError
    except EndpointError:
        raise
    except (OSError, http.client.HTTPException) as error:
        if watchdog.fired.is_set() or isinstance(error, TimeoutError):
            raise EndpointError(
                f"endpoint {endpoint} did not answer in full within {timeout:g} s (raise --timeout)"
            ) from None
        reason_text = getattr(error, "reason", None) or getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise EndpointError(f"cannot reach endpoint {endpoint}: {reason_text} (is it running? check the URL)") from None
    finally:
        connection.close()
    if 300 <= status < 400:
        raise EndpointError(f"endpoint {endpoint} answered HTTP {status} (redirect to {location}); give that URL")
    if status >= 400:
        raise EndpointError(f"endpoint {endpoint} answered HTTP {status}: {detail[0] if detail else reason}")
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(f"endpoint {endpoint} did not answer with SPARQL JSON results") from None
    if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
        raise EndpointError(f"endpoint {endpoint} did not answer with SPARQL JSON results (no 'head' object)")
    return document


def _wrong_shape(endpoint: str, what: str) -> EndpointError:
    return EndpointError(f"endpoint {endpoint} answered SPARQL JSON of the wrong shape: {what}")


def _check_term(endpoint: str, where: str, term: Any) -> None:
    if not isinstance(term, Mapping):
        raise _wrong_shape(endpoint, f"{where} is not an object")
    if term.get("type") not in _TERM_TYPES:
        raise _wrong_shape(endpoint, f"{where} has no known 'type' ({term.get('type')!r})")
    if term.get("type") != "triple" and not isinstance(term.get("value"), str):
        raise _wrong_shape(endpoint, f"{where} has no string 'value'")
    for key in ("datatype", "xml:lang"):
        if key in term and not isinstance(term[key], str):
            raise _wrong_shape(endpoint, f"{where} has a {key!r} that is not a string")


def is_boolean_result(document: Mapping[str, Any]) -> bool:
    """Whether the document answers an ASK query."""
    return "boolean" in document


def select_results(document: Mapping[str, Any], endpoint: str) -> tuple[list[str], list[list[Any]]]:
    """Variables and rows (Python values) of a SELECT results document, its shape checked."""
    variables = document["head"].get("vars", [])
    if not isinstance(variables, list) or not all(isinstance(name, str) for name in variables):
        raise _wrong_shape(endpoint, "head.vars is not a list of names")
    results = document.get("results")
    if not isinstance(results, Mapping):
        raise _wrong_shape(endpoint, "'results' is not an object")
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise _wrong_shape(endpoint, "results.bindings is not a list")
    rows = []
    for index, solution in enumerate(bindings):
        if not isinstance(solution, Mapping):
            raise _wrong_shape(endpoint, f"results.bindings[{index}] is not an object")
        for name, term in solution.items():
            _check_term(endpoint, f"results.bindings[{index}].{name}", term)
        rows.append([json_value(solution.get(name)) for name in variables])
    return list(variables), rows


__all__ = ["DEFAULT_MAX_REPLY_BYTES", "DEFAULT_TIMEOUT", "is_boolean_result", "post_query", "select_results"]
