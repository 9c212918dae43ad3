"""The store the server opened once, and queries run on it in a bounded thread pool under limits.

Every query runs in one of ``workers`` threads (pyoxigraph releases the
interpreter lock while it evaluates, so they run side by side with the web
loop). Limits:

* **time**: the answer is abandoned when ``timeout`` seconds have passed
  (HTTP 503). A query whose solutions stream is stopped between two
  solutions; a single evaluation step (a sort, a group) cannot be interrupted
  inside the store, so its thread finishes that step in the background and
  its answer is dropped. The pool bounds how many such threads exist at once;
  pages and IRI lookups do not wait on it.
* **size**: an answer of more than ``max_results`` solutions or triples is
  refused (HTTP 400, "add a LIMIT"); it is never cut short silently.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.errors import PlanKGError, QueryError, RequestRefused
from kg.server.guard import QueryCheck, check_graphs, check_query

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 100_000
DEFAULT_MAX_BODY = 256 * 1024
DEFAULT_WORKERS = 4


@dataclass(frozen=True)
class Limits:
    """How long a query may run, how big an answer and a request body may be, how many run at once."""

    timeout: float = DEFAULT_TIMEOUT
    max_results: int = DEFAULT_MAX_RESULTS
    max_body: int = DEFAULT_MAX_BODY
    workers: int = DEFAULT_WORKERS


@dataclass
class Answer:
    """A query's answer: solutions (``variables``, ``rows`` of pyoxigraph terms), a boolean, or triples."""

    form: str  # "solutions", "boolean" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[Any] = field(default_factory=list)


class Cancelled(Exception):
    """The time limit passed while the answer was being read."""


class QueryEngine:
    """One opened store, its named graphs, and the pool its queries run in."""

    def __init__(self, store: Any, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        self.graphs = frozenset(graph.value for graph in store.named_graphs())
        self._pool = ThreadPoolExecutor(max_workers=self.limits.workers, thread_name_prefix="plankg-query")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args, cancelled)`` in the query pool, abandoned after the time limit (503)."""
        cancelled = threading.Event()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, function, *args, cancelled)
        try:
            return await asyncio.wait_for(future, self.limits.timeout)
        except (asyncio.TimeoutError, Cancelled):
            cancelled.set()
            raise RequestRefused(
                f"the query ran longer than the time limit of {self.limits.timeout:g} s and was stopped; "
                "narrow it or add a LIMIT",
                status=503,
            ) from None

    async def query(
        self, text: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> tuple[QueryCheck, Answer]:
        """Check ``text`` (:mod:`kg.server.guard`), run it, read its answer within the limits."""
        check = check_query(text, self.graphs)
        check_graphs(default_graphs, self.graphs, "default-graph-uri")
        check_graphs(named_graphs, self.graphs, "named-graph-uri")
        answer = await self.call(self._evaluate, text, list(default_graphs), list(named_graphs))
        return check, answer

    def _evaluate(self, text: str, default_graphs: list[str], named_graphs: list[str], cancelled: threading.Event) -> Answer:
        import pyoxigraph

        options: dict[str, Any] = {}
        if default_graphs:
            options["default_graph"] = [pyoxigraph.NamedNode(iri) for iri in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [pyoxigraph.NamedNode(iri) for iri in named_graphs]
        try:
            result = self.store.query(text, **options)
        except SyntaxError as error:
            raise RequestRefused(f"malformed query: {_first_line(error)}", status=400) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise RequestRefused(f"the query failed: {_first_line(error)}", status=400) from None
        if isinstance(result, pyoxigraph.QueryBoolean):
            return Answer("boolean", boolean=bool(result))
        limit = self.limits.max_results
        deadline = time.monotonic() + self.limits.timeout
        collected: list[Any] = []
        try:
            for item in result:
                collected.append(item)
                if len(collected) > limit:
                    raise RequestRefused(
                        f"the answer has more than {limit} results, the server's limit; add a LIMIT "
                        "(or take the whole dataset from /dumps/)",
                        status=400,
                    )
                if cancelled.is_set() or time.monotonic() > deadline:
                    raise Cancelled()
        except (OSError, RuntimeError, ValueError) as error:
            raise RequestRefused(f"the query failed: {_first_line(error)}", status=400) from None
        if isinstance(result, pyoxigraph.QuerySolutions):
            variables = [variable.value for variable in result.variables]
            rows = [tuple(solution[index] for index in range(len(variables))) for solution in collected]
            return Answer("solutions", variables=variables, rows=rows)
        return Answer("graph", triples=collected)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def as_refusal(error: PlanKGError) -> RequestRefused:
    """A library error as the refusal the web layer answers with (400 unless it says otherwise)."""
    if isinstance(error, RequestRefused):
        return error
    return RequestRefused(str(error), status=400 if isinstance(error, QueryError) else 500)


__all__ = ["Answer", "Limits", "QueryEngine", "as_refusal"]
