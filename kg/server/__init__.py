"""``plankg serve``: the built graph on the web — a SPARQL 1.1 endpoint, a page per IRI, saved queries as an API.

In: a build folder (``--dataset``, else the build of SOURCES or the embedded
plan), opened once at start-up with :func:`kg.pipeline.open_store`. Out: an
ASGI application (Starlette) run by uvicorn, read-only, bound to 127.0.0.1
unless told otherwise.

Modules: ``app`` (routes and responses), ``guard`` (what a query may not do),
``engine`` (queries in a bounded pool under time and size limits), ``results``
(answer formats and content negotiation), ``describe`` (what the store says
about an IRI), ``pages`` and ``templates/`` (HTML), ``ontology`` (the
ontology page), ``api`` (saved queries as a web API, OpenAPI).
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Sequence
from typing import Any

from kg.errors import PlanKGError, UsageError
from kg.graph.iri import resolve_base
from kg.pipeline import open_store, resolve_dataset_dir
from kg.server.app import create_app
from kg.server.engine import Limits

DEFAULT_HOST = "127.0.0.1"


class ServeError(PlanKGError):
    """The web server stopped before it could answer."""

DEFAULT_PORT = 8000


def open_app(
    dataset: str | os.PathLike[str] | None = None,
    sources: Sequence[str] | None = None,
    *,
    base: str | None = None,
    limits: Limits | None = None,
    queries_dir: Any = None,
) -> Any:
    """The application over a build folder: the store opened once, here, for every request."""
    folder = resolve_dataset_dir(dataset, list(sources) if sources else None)
    store = open_store(folder)
    return create_app(store, folder, base=resolve_base(base) if base else None, limits=limits, queries_dir=queries_dir)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a one-line error."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise UsageError(f"--host {host!r} is not an address this machine knows ({error.strerror})") from None
    listener = socket.socket(info[0], socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(info[4])
    except OSError as error:
        listener.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}; choose another --port (0 picks a free one)") from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


def serve(
    dataset: str | os.PathLike[str] | None = None,
    sources: Sequence[str] | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    base: str | None = None,
    limits: Limits | None = None,
    queries_dir: Any = None,
    root_path: str = "",
    log_level: str = "warning",
) -> None:
    """Open the dataset, listen on ``host:port`` and answer until interrupted."""
    import uvicorn  # the web server is loaded when a server starts, not by the other commands

    listener = bind(host, port)
    app = open_app(dataset, sources, base=base, limits=limits, queries_dir=queries_dir)
    address = listener.getsockname()
    shown = f"[{address[0]}]" if ":" in address[0] else address[0]
    url = f"http://{shown}:{address[1]}{root_path.rstrip('/')}/"
    print(f"plankg serves {url} (SPARQL endpoint {url}sparql); Ctrl-C stops it", file=sys.stderr, flush=True)
    config = uvicorn.Config(
        app,
        log_level=log_level,
        root_path=root_path.rstrip("/"),
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
        access_log=log_level in ("info", "debug"),
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    server.run(sockets=[listener])
    if not server.started:
        raise ServeError("the server could not start (see the messages above)")
    # a query still running in the pool (one long step inside the store) would hold the exit until it
    # ends: the store is opened read-only, so there is nothing to save and the process ends now
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Limits", "bind", "create_app", "open_app", "serve"]
