"""Running a saved query: the library's ``query`` and ``query_frame``, and the one function under them.

``kg.query("co-leads", dept="发改委")`` and ``kg.query_frame(…)`` take the
query's parameters and the run's options as keywords; the options are the
fields of :class:`QueryOptions` (where the data is, the label language, the
time limit …), every other keyword is a parameter (``params=`` takes them as a
mapping, for names that clash with an option). Both call :func:`run`, as the
CLI does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.languages import FALLBACK_LANGUAGE
from kg.pipeline import open_store
from kg.sparql.binding import Term, bind_parameters, with_terms_in_place
from kg.sparql.endpoint import (
    DEFAULT_MAX_REPLY_BYTES,
    DEFAULT_TIMEOUT,
    is_boolean_result,
    post_query,
    select_results,
)
from kg.sparql.language import default_language
from kg.sparql.lexer import query_form
from kg.sparql.local import run_local
from kg.sparql.registry import QueriesDir, resolve_query
from kg.sparql.results import result_columns, shape_rows
from kg.sparql.saved import LANG_PARAMETER, SavedQuery
from kg.store.scope import PlanScope


@dataclass(frozen=True)
class QueryOptions:
    """Where and how a query runs.

    ``dataset`` / ``sources``: the local data (default: the embedded plan);
    ``store``: an open pyoxigraph store instead; ``endpoint``: a SPARQL 1.1
    endpoint instead of local data; ``lang``: the label language (None: the
    plans' own script); ``queries_dir``: folders of the user's ``.rq`` files;
    ``timeout``: seconds the whole run may take, locally or on the endpoint
    (None: unbounded, local only); ``max_reply_bytes``: the largest endpoint
    reply read; ``plans``: answer for these plans of the build folder only
    (plan ids or source file names; see :mod:`kg.store.scope`).
    """

    dataset: str | Path | None = None
    sources: Sequence[str] | None = None
    store: Any = None
    endpoint: str | None = None
    lang: str | None = None
    queries_dir: QueriesDir = None
    timeout: float | None = DEFAULT_TIMEOUT
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES
    plans: Sequence[str] | None = None


OPTION_NAMES = frozenset(option.name for option in fields(QueryOptions))


@dataclass
class QueryResult:
    """Rows of a query with the column order to print them in."""

    query: SavedQuery
    columns: list[str]
    rows: list[dict[str, Any]]


def open_query_store(
    dataset: str | Path | None = None, sources: Sequence[str] | None = None, plans: Sequence[str] | None = None
) -> Any:
    """The built dataset as a pyoxigraph store (the cached build; never re-parsed here), seen
    through ``plans`` only when they are given (a :class:`kg.store.scope.PlanScope`)."""
    return open_store(dataset, list(sources) if sources else None, plans)


def _run_remote(
    query: SavedQuery, bindings: Mapping[str, Term], options: QueryOptions, endpoint: str
) -> tuple[list[str], list[list[Any]]]:
    if query_form(query.text) != "SELECT":
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    timeout = options.timeout if options.timeout is not None else DEFAULT_TIMEOUT
    document = post_query(endpoint, with_terms_in_place(query.text, bindings), timeout, options.max_reply_bytes)
    if is_boolean_result(document):
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    return select_results(document, endpoint)


def run(query: SavedQuery, params: Mapping[str, Any] | None = None, options: QueryOptions | None = None) -> QueryResult:
    """Run a parsed query locally (a pyoxigraph store) or on ``options.endpoint``.

    ``params`` maps parameter names to values as a person types them. Bad values
    fail before any data is opened.
    """
    options = options or QueryOptions()
    values = dict(params or {})
    bind_parameters(query, values, options.lang or FALLBACK_LANGUAGE)
    lang = options.lang
    asks_language = query.parameter(LANG_PARAMETER) is not None
    if options.plans and options.endpoint:
        raise QueryError("--plan reads a build folder; on --endpoint, narrow the query itself (or publish a build of those plans)")
    if options.plans and options.store is not None and not isinstance(options.store, PlanScope):
        raise QueryError("plans= needs the build folder (dataset=), or a store from kg.store.scope.scope_to_plans")
    if options.endpoint:
        if lang is None and asks_language:
            timeout = options.timeout if options.timeout is not None else DEFAULT_TIMEOUT
            lang = default_language(endpoint=options.endpoint, timeout=timeout, max_bytes=options.max_reply_bytes)
        bindings = bind_parameters(query, values, lang or FALLBACK_LANGUAGE)
        variables, rows = _run_remote(query, bindings, options, options.endpoint)
    else:
        store = options.store if options.store is not None else open_query_store(options.dataset, options.sources, options.plans)
        if lang is None and asks_language:
            lang = default_language(store)
        bindings = bind_parameters(query, values, lang or FALLBACK_LANGUAGE)
        variables, rows = run_local(query, bindings, store, options.timeout)
    return QueryResult(query, result_columns(variables), shape_rows(query, variables, rows))


def _run_named(
    name: str | SavedQuery, dataset: str | Path | None, params: Mapping[str, Any] | None, keywords: Mapping[str, Any]
) -> QueryResult:
    options = QueryOptions(**{key: value for key, value in keywords.items() if key in OPTION_NAMES})
    if dataset is not None:
        options = replace(options, dataset=dataset)
    values = {**(params or {}), **{key: value for key, value in keywords.items() if key not in OPTION_NAMES}}
    saved = name if isinstance(name, SavedQuery) else resolve_query(name, options.queries_dir)
    return run(saved, values, options)


def query(
    name: str | SavedQuery, dataset: str | Path | None = None, *, params: Mapping[str, Any] | None = None, **keywords: Any
) -> list[dict[str, Any]]:
    """A saved query's rows (by name), or an ad-hoc SELECT's (as text), as plain dicts.

    ``kg.query("co-leads", dept="发改委", lang="zh-Hans")``: keywords named like a
    :class:`QueryOptions` field are options, the others parameters.
    """
    return _run_named(name, dataset, params, keywords).rows


def query_frame(
    name: str | SavedQuery, dataset: str | Path | None = None, *, params: Mapping[str, Any] | None = None, **keywords: Any
) -> Any:
    """The rows of :func:`query` as a pandas DataFrame (columns in the query's order)."""
    try:
        import pandas  # optional, and heavy
    except ImportError:
        raise QueryError("pandas is not installed: `pip install pandas`, or use kg.query() for plain rows") from None
    result = _run_named(name, dataset, params, keywords)
    return pandas.DataFrame(result.rows, columns=result.columns)


__all__ = ["OPTION_NAMES", "QueryOptions", "QueryResult", "open_query_store", "query", "query_frame", "run"]
