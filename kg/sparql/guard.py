"""What a local query may not do: reach another server, or change anything.

The embedded store would follow ``SERVICE <http://…>`` (also ``SERVICE SILENT``
and a ``SERVICE ?var`` whose IRI a parameter chooses) with an HTTP request, and a
``FROM <iri>`` naming no graph of the dataset silently reads nothing. So before
a query runs on the local dataset, :func:`check_local_query` refuses, in one
line that says what to do:

* ``SERVICE`` in any form;
* ``FROM`` / ``FROM NAMED`` naming anything but a graph of the dataset;
* updates (``LOAD``, ``INSERT``, ``DELETE``, ``CLEAR`` …): plankg only reads.

The check reads the query's tokens (:mod:`kg.sparql.lexer`), so the words count
only where they are syntax, never inside a string, an IRI or a comment. The
planned server uses the same check as its first line of defence.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from kg.errors import QueryError
from kg.sparql.lexer import UPDATE_FORMS, dataset_clauses, first_form, words


class OutboundQueryError(QueryError):
    """A query would send a request to another server, read a graph from elsewhere, or write."""


def check_local_query(text: str, name: str, graphs: Callable[[], Collection[str]] | None = None) -> None:
    """Refuse ``SERVICE``, a ``FROM`` of a graph not in ``graphs()``, and updates (see the module docstring)."""
    form = first_form(text)
    if form in UPDATE_FORMS:
        raise OutboundQueryError(
            f"query {name} is an update ({form}): plankg only reads; LOAD, INSERT, DELETE and the like are refused"
        )
    if "SERVICE" in set(words(text)):
        raise OutboundQueryError(
            f"query {name} uses SERVICE, which would send a request to another server; "
            "local queries read the local dataset only (query a remote endpoint with --endpoint URL)"
        )
    named = dataset_clauses(text)
    if named:
        local = set(graphs()) if graphs is not None else set()
        for graph in named:
            if graph not in local:
                raise OutboundQueryError(
                    f"query {name} reads FROM <{graph}>, which is not a graph of this dataset; plankg never fetches "
                    "graphs from elsewhere (drop the FROM: the default graph is the union of all graphs)"
                )


__all__ = ["OutboundQueryError", "check_local_query"]
