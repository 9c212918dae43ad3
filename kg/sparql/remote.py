"""A SPARQL 1.1 endpoint that answers ``query`` the way an in-memory pyoxigraph store does.

``plankg analyze --endpoint URL`` and ``plankg viz --endpoint URL`` read the
graph through the same queries as they do locally; :class:`EndpointStore`
sends each one to the endpoint over the SPARQL protocol and parses the JSON
results into pyoxigraph's own solution objects, so the code that reads them is
the same for a build folder and for a triple store. Bound values travel as a
``VALUES`` block of serialised terms (:func:`kg.sparql.binding.with_values_block`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kg.errors import EndpointError
from kg.sparql.binding import values_block_at_each_where
from kg.sparql.endpoint import DEFAULT_MAX_REPLY_BYTES, DEFAULT_TIMEOUT, post_query
from kg.sparql.lexer import query_form


class EndpointStore:
    """The endpoint at ``url`` (its default graph the union of all graphs) in the role of a pyoxigraph ``Store``."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_REPLY_BYTES) -> None:
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes

    def __repr__(self) -> str:
        return f"EndpointStore({self.url!r})"

    def query(self, text: str, *, use_default_graph_as_union: bool = True, substitutions: Mapping[Any, Any] | None = None, **_: Any) -> Any:
        """Run ``text`` at the endpoint; SELECT solutions as ``pyoxigraph.QuerySolutions``, ASK as a ``QueryBoolean``."""
        import pyoxigraph  # parses the SPARQL JSON results into the terms local runs give

        if substitutions:
            names = " ".join(f"?{variable.value}" for variable in substitutions)
            values = " ".join(str(term) for term in substitutions.values())  # pyoxigraph terms print as SPARQL terms
            text = values_block_at_each_where(text, f"\n  VALUES ({names}) {{ ({values}) }}\n")
        if query_form(text) not in ("SELECT", "ASK"):
            raise EndpointError("only SELECT and ASK queries can be sent to an endpoint")
        document = post_query(self.url, text, self.timeout, self.max_bytes)
        try:
            return pyoxigraph.parse_query_results(json.dumps(document).encode(), format=pyoxigraph.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(f"endpoint {self.url} answered results that cannot be read ({error})") from None


__all__ = ["EndpointStore"]
