"""Running a query on the local store, never for longer than its time limit.

pyoxigraph (0.5) has no way to cancel a running query, so a query with a time
limit runs in a child process forked from this one: the child shares the open
store (copy on write, nothing is re-loaded), evaluates the query, and sends the
pickled rows back through a pipe; when the limit passes before the whole answer
has arrived, the child is killed and the caller gets :class:`QueryTimeoutError`.
Where ``fork`` is not available (Windows), the query runs in this process,
unbounded.

Every local query is checked by :func:`kg.sparql.guard.check_local_query`
first: no ``SERVICE``, no ``FROM`` of a graph from elsewhere, no updates.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Mapping
from typing import Any

from kg.errors import QueryError
from kg.sparql.binding import Term, with_terms_in_place
from kg.sparql.guard import check_local_query
from kg.sparql.results import local_value
from kg.sparql.saved import SavedQuery

Outcome = tuple[Any, ...]  # ("rows", variables, rows) or (error kind, message)


class QueryTimeoutError(QueryError):
    """A query ran longer than its time limit and was stopped."""


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def graph_names(store: Any) -> list[str]:
    """The IRIs of the named graphs of a pyoxigraph store."""
    return [graph.value for graph in store.named_graphs() if hasattr(graph, "value")]


def evaluate(store: Any, text: str) -> Outcome:
    """Run ``text`` on ``store`` (default graph: the union of all graphs) and convert every row."""
    import pyoxigraph  # the store's own library; loaded by whoever opened the store

    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        return ("syntax", first_line(error))
    except (RuntimeError, OSError, ValueError) as error:
        return ("failed", first_line(error))
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        return ("not-select", "")
    variables = [variable.value for variable in solutions.variables]
    try:
        rows = [[local_value(solution[index]) for index in range(len(variables))] for solution in solutions]
    except (OSError, RuntimeError, ValueError) as error:
        return ("failed", first_line(error))
    return ("rows", variables, rows)


def can_bound_time() -> bool:
    """Whether a local query can be stopped at its time limit here (``os.fork`` exists)."""
    return hasattr(os, "fork")


def _answer_in_child(store: Any, text: str, write_end: int) -> None:
    """In the forked child: evaluate, write the pickled outcome, and leave without any clean-up of the parent's."""
    code = 1
    try:
        with os.fdopen(write_end, "wb") as stream:
            stream.write(pickle.dumps(evaluate(store, text), protocol=pickle.HIGHEST_PROTOCOL))
        code = 0
    finally:
        os._exit(code)


_UNREAPED: list[int] = []  # children that answered and are exiting


def _reap_finished() -> None:
    """Collect the exit status of the children that have finished (no zombies pile up)."""
    for child in list(_UNREAPED):
        try:
            done, _ = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:
            done = child
        if done:
            _UNREAPED.remove(child)


def evaluate_within(store: Any, text: str, timeout: float, name: str) -> Outcome:
    """:func:`evaluate` in a forked child; the child is killed when ``timeout`` seconds have passed
    before its whole answer has arrived."""
    deadline = time.monotonic() + timeout
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which leaves with os._exit
        os.close(read_end)
        _answer_in_child(store, text, write_end)
    os.close(write_end)
    _reap_finished()
    chunks: list[bytes] = []
    answered = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            ready = select.select([read_end], [], [], remaining)[0] if remaining > 0 else []
            if not ready:
                raise QueryTimeoutError(
                    f"query {name} ran longer than the time limit of {timeout:g} s and was stopped "
                    "(raise --timeout, or narrow the query)"
                )
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                answered = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if answered:
            _UNREAPED.append(child)  # it is leaving: reaped later, not waited for here
            _reap_finished()
        else:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    if not chunks:
        return ("failed", "the query process ended without an answer")
    return tuple(pickle.loads(b"".join(chunks)))


def run_local(
    query: SavedQuery, bindings: Mapping[str, Term], store: Any, timeout: float | None
) -> tuple[list[str], list[list[Any]]]:
    """Variables and rows of a SELECT query on ``store``, bound by ``bindings``, stopped after ``timeout`` s."""
    check_local_query(query.text, query.name, lambda: graph_names(store))
    text = with_terms_in_place(query.text, bindings)
    if timeout is not None and can_bound_time():
        outcome = evaluate_within(store, text, timeout, query.name)
    else:
        outcome = evaluate(store, text)
    kind = outcome[0]
    if kind == "rows":
        return list(outcome[1]), list(outcome[2])
    if kind == "syntax":
        raise QueryError(f"malformed query {query.name}: {outcome[1]}")
    if kind == "not-select":
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    raise QueryError(f"query {query.name} failed: {outcome[1]}")


__all__ = ["QueryTimeoutError", "can_bound_time", "evaluate", "evaluate_within", "graph_names", "run_local"]
