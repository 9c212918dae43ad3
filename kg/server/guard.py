"""What the endpoint refuses before a query reaches the store: updates and outbound requests.

The query text is read the way a SPARQL parser reads it: ``\\uXXXX`` and
``\\UXXXXXXXX`` escapes are decoded first (SPARQL 1.1 §19.2: they are
processed before parsing, so ``\\u0053ERVICE`` is ``SERVICE``), then it is
split into comments, strings, IRIs, prefixed names, variables and bare words.
Only bare words are keywords, so a label or a comment that says "service" is
data, while a ``SERVICE`` keyword in any letter case is refused.

Then the query passes the check every local query passes
(:func:`kg.sparql.guard.check_local_query`). Refused, with
:class:`kg.errors.RequestRefused` (HTTP 403):

* any SPARQL Update keyword (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …):
  the endpoint is read-only;
* ``SERVICE``: the endpoint makes no outbound requests (the store's query
  engine would otherwise fetch the remote endpoint);
* ``FROM`` / ``FROM NAMED`` and the protocol's ``default-graph-uri`` /
  ``named-graph-uri`` naming a graph this dataset does not hold: nothing is
  ever fetched to make a dataset, and a graph the store lacks can only be
  remote.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from kg.errors import RequestRefused
from kg.sparql.guard import OutboundQueryError, check_local_query

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_CHARS = r"A-Za-z0-9_\-\u00B7\u00C0-\U000EFFFF"
_TOKENS = re.compile(
    rf"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$][{_PN_CHARS}]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][{_PN_CHARS}.]*)?:(?:[{_PN_CHARS}:.%]|\\.)*)
  | (?P<word>[A-Za-z][A-Za-z_0-9]*)
    """,
    re.VERBOSE,
)


@dataclass
class QueryCheck:
    """What the guard learnt of a query it let through."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)


def decode_codepoint_escapes(text: str) -> str:
    """The query text with ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced by their characters."""

    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT.sub(replace, text)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(token.lastgroup or "", token.group()) for token in _TOKENS.finditer(text)]


def check_query(text: str, graphs: Collection[str]) -> QueryCheck:
    """Refuse updates, ``SERVICE`` and ``FROM`` of a graph not in ``graphs``; say what the query is."""
    tokens = _tokens(decode_codepoint_escapes(text))
    prefixes: dict[str, str] = {}
    base = ""
    check = QueryCheck(form=None)
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "word":
            word = value.upper()
            if word in UPDATE_KEYWORDS:
                raise RequestRefused(f"this endpoint is read-only: SPARQL Update ({word}) is refused", status=403)
            if word == "SERVICE":
                raise RequestRefused("SERVICE is refused: this endpoint makes no requests to other servers", status=403)
            if word in QUERY_FORMS and check.form is None:
                check.form = word
            elif word == "PREFIX" and index + 2 < len(tokens) and tokens[index + 1][0] == "pname" and tokens[index + 2][0] == "iri":
                prefixes[tokens[index + 1][1][:-1]] = urljoin(base, tokens[index + 2][1][1:-1])
                index += 2
            elif word == "BASE" and index + 1 < len(tokens) and tokens[index + 1][0] == "iri":
                base = urljoin(base, tokens[index + 1][1][1:-1])
                index += 1
            elif word == "FROM":
                named = index + 1 < len(tokens) and tokens[index + 1][0] == "word" and tokens[index + 1][1].upper() == "NAMED"
                target_index = index + (2 if named else 1)
                target = _graph_iri(tokens[target_index] if target_index < len(tokens) else None, prefixes, base)
                (check.from_named_graphs if named else check.from_graphs).append(target)
                index = target_index
        index += 1
    check_graphs([*check.from_graphs, *check.from_named_graphs], graphs, "FROM")
    try:  # the check every local query passes (kg.sparql.guard), as a second line of defence
        check_local_query(text, "the request", lambda: graphs)
    except OutboundQueryError as error:
        raise RequestRefused(str(error), status=403) from None
    return check


def _graph_iri(token: tuple[str, str] | None, prefixes: dict[str, str], base: str) -> str:
    if token is None:
        raise RequestRefused("malformed query: FROM without a graph IRI", status=400)
    kind, value = token
    if kind == "iri":
        return urljoin(base, value[1:-1])
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        raise RequestRefused(f"malformed query: the prefix {prefix!r} of FROM {value} is not declared", status=400)
    raise RequestRefused(f"malformed query: FROM must name a graph IRI, not {value!r}", status=400)


def check_graphs(requested: Iterable[str], graphs: Collection[str], where: str) -> None:
    """Refuse any graph IRI the dataset does not hold (it could only be fetched from elsewhere)."""
    for iri in requested:
        if iri not in graphs:
            raise RequestRefused(
                f"{where} <{iri}> is refused: this endpoint queries only the graphs it holds and fetches nothing "
                "(see /void for their IRIs)",
                status=403,
            )


def check_update_request() -> None:
    """An ``update=`` form field or an ``application/sparql-update`` body."""
    raise RequestRefused("this endpoint is read-only: SPARQL Update is refused", status=403)


__all__ = ["QueryCheck", "check_graphs", "check_query", "check_update_request", "decode_codepoint_escapes"]
