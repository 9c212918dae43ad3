"""Binding: values typed as a person types them become RDF terms, placed in a query as data.

Values are *bound*, never pasted into the query text: :func:`bind_parameters`
checks each value against its parameter's kind and makes an RDF term;
:func:`with_values_block` puts the terms in a ``VALUES`` block at the start of
the WHERE clause, written by :func:`serialize_term` (a serializer with SPARQL's
escaping, not a template). The same block binds locally and on an endpoint, so a
query never needs to project its ``?_parameters`` (grlc substitutes a value
wherever ``?_name`` occurs, and a literal in a SELECT list is a syntax error).
"""

from __future__ import annotations

import datetime as _datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.errors import QueryError
from kg.languages import FALLBACK_LANGUAGE, LANGUAGES
from kg.normalize import match_key
from kg.sparql.lexer import query_form, tokens, where_braces
from kg.sparql.saved import LANG_PARAMETER, Parameter, SavedQuery

XSD = "http://www.w3.org/2001/XMLSchema#"
_KIND_DATATYPES = {"date": XSD + "date", "integer": XSD + "integer", "decimal": XSD + "decimal"}



@dataclass(frozen=True)
class Term:
    """An RDF term, independent of any library: an IRI or a literal."""

    value: str
    is_iri: bool = False
    datatype: str | None = None  # None: xsd:string


_WRAPPING = "《》〈〉<>「」『』\"'“”‘’ "
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")


def _strip_wrapping(value: str) -> str:
    """``《关于…的通知》`` and ``"政务服务局"`` are typed as the name they wrap."""
    stripped = value.strip().strip(_WRAPPING).strip()
    return stripped or value.strip()


def to_term(parameter: Parameter, value: str) -> Term:
    """The RDF term a typed value binds to; a value that is not of the parameter's kind is a QueryError."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(
            f"parameter {parameter.name!r} holds bytes that are not UTF-8 text ({value!r}); type it in UTF-8"
        ) from None
    kind = parameter.kind
    if kind == "key":
        key = match_key(_strip_wrapping(value))
        if not key:
            raise QueryError(f"parameter {parameter.name!r} is empty; give a value, e.g. -p {parameter.name}=…")
        return Term(key)
    if kind in ("string", "lang"):
        return Term(value)
    if kind == "iri":
        iri = value.strip()
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRI_FORBIDDEN.search(iri):
            raise QueryError(f"parameter {parameter.name!r} needs an absolute IRI, not {value!r}")
        return Term(iri, is_iri=True)
    if kind == "integer":
        try:
            return Term(str(int(value.strip())), datatype=_KIND_DATATYPES[kind])
        except ValueError:
            raise QueryError(f"parameter {parameter.name!r} needs a whole number, not {value!r}") from None
    if kind == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise QueryError(f"parameter {parameter.name!r} needs a number, not {value!r}") from None
        if not number.is_finite():
            raise QueryError(f"parameter {parameter.name!r} needs a finite number, not {value!r}")
        return Term(format(number, "f"), datatype=_KIND_DATATYPES[kind])
    if kind == "date":
        match = _DATE.match(value)
        try:
            if not match:
                raise ValueError
            date = _datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise QueryError(
                f"parameter {parameter.name!r} needs a date like 2022-03-31 (or 2022/3/31, 2022年3月31日), not {value!r}"
            ) from None
        return Term(date.isoformat(), datatype=_KIND_DATATYPES[kind])
    raise QueryError(f"parameter {parameter.name!r} has an unknown kind {kind!r}")


def bind_parameters(query: SavedQuery, params: Mapping[str, Any], lang: str = FALLBACK_LANGUAGE) -> dict[str, Term]:
    """Check the user's values against the query's parameters; map each variable to its term."""
    if LANG_PARAMETER in params:
        raise QueryError("'lang' is not a query parameter; choose the label language with --lang (lang= in Python)")
    if lang not in LANGUAGES:
        raise QueryError(f"unknown label language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    known = {parameter.name for parameter in query.user_parameters}
    unknown = sorted(set(params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise QueryError(f"query {query.name} has no parameter {', '.join(map(repr, unknown))}; it takes: {takes}")
    bindings: dict[str, Term] = {}
    for parameter in query.parameters:
        if parameter.kind == "lang":
            bindings[parameter.variable] = Term(lang)
            continue
        value = params.get(parameter.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            value = parameter.default
        if value is None:
            if parameter.required:
                raise QueryError(
                    f"query {query.name} needs the parameter {parameter.name!r}: add -p {parameter.name}=VALUE"
                )
            continue
        bindings[parameter.variable] = to_term(parameter, str(value))
    return bindings


# -- the remote form: a VALUES block of serialised terms ---------------------------------------


def _escape_string(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
    )


def serialize_term(term: Term) -> str:
    """A term in SPARQL syntax: ``<iri>``, ``"text"`` or ``"2022-03-31"^^<…#date>``.

    This is a serializer, not a template: a literal's text is written between
    double quotes with every quote, backslash and line break escaped (SPARQL's
    ECHAR rules), so the parser reads it back as exactly one string token that
    ends where the value ends; IRIs are checked against the IRIREF character set
    and datatypes are fixed by the program. A value cannot add or remove syntax.
    """
    if term.is_iri:
        if _IRI_FORBIDDEN.search(term.value):
            raise QueryError(f"not a valid IRI: {term.value!r}")
        return f"<{term.value}>"
    literal = f'"{_escape_string(term.value)}"'
    if term.datatype and term.datatype != XSD + "string":
        literal += f"^^<{term.datatype}>"
    return literal


def with_values_block(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``VALUES (?v …) { (term …) }`` as the first element of its WHERE clause, and of each sub-SELECT's.

    A VALUES block at the start of the WHERE group joins one solution (the bound
    values) with the rest of the pattern, so filters, OPTIONALs and EXISTS see
    the parameters, locally and on an endpoint alike. A sub-SELECT's variables are
    its own (only what it projects is seen outside), so each sub-SELECT gets the
    block too: a parameter matched inside one is bound there. The block is
    inserted at a position found by lexing the query (outside strings, IRIs and
    comments); the values in it come from :func:`serialize_term`, so this is
    structure chosen by the program with data escaped as data, not splicing.
    """
    if not bindings:
        return text
    if query_form(text) not in ("SELECT", "ASK"):
        raise QueryError("only SELECT queries can be run with parameters")
    names = " ".join(f"?{variable}" for variable in bindings)
    values = " ".join(serialize_term(term) for term in bindings.values())
    return values_block_at_each_where(text, f"\n  VALUES ({names}) {{ ({values}) }}\n")


def values_block_at_each_where(text: str, block: str) -> str:
    """``text`` with ``block`` just inside the WHERE brace of the query and of each sub-SELECT."""
    for position in sorted(where_braces(text), reverse=True):
        text = f"{text[:position]}{block}{text[position:]}"
    return text


def with_terms_in_place(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound parameter variable of its WHERE clause replaced by its value, as grlc binds.

    Virtuoso 7 loses a VALUES-bound variable that a query uses only inside its
    WHERE clause (an internal error, or filters in OPTIONALs that see it unbound),
    so queries sent to an endpoint carry their values in place. Variables are found
    by the lexer (outside strings, IRIs and comments) and each value is one term
    from :func:`serialize_term`, so a value cannot add or remove syntax. A query
    that also names a parameter where a value cannot stand (bare in a SELECT list,
    after AS, or after the GROUP, ORDER or HAVING of its own group: a sub-SELECT's
    GROUP BY ends with the braces around it) gets the VALUES block of
    :func:`with_values_block` instead.
    """
    if not bindings:
        return text
    if query_form(text) not in ("SELECT", "ASK"):
        raise QueryError("only SELECT queries can be run with parameters")
    pieces: list[str] = []
    cursor = 0
    previous = ""
    braces = 0  # how deep in { } the token is
    parentheses = 0  # how deep in ( ) the token is
    selecting = False  # between SELECT and the WHERE clause's brace: a bare variable is projected
    closing_depth: int | None = None  # the depth of the group whose GROUP, ORDER or HAVING came last
    for token in tokens(text):
        kind, value = token.lastgroup, token.group()
        if kind == "brace":
            if value == "{":
                braces += 1
                selecting = False
            else:
                braces -= 1
                if closing_depth is not None and braces < closing_depth:
                    closing_depth = None
        elif kind == "paren":
            parentheses += 1 if value == "(" else -1
        elif kind == "word" and value.upper() == "SELECT":
            selecting = True
        elif kind == "word" and value.upper() in ("GROUP", "ORDER", "HAVING"):
            closing_depth = braces
        if kind == "variable" and value[1:] in bindings:
            if (selecting and parentheses == 0) or previous == "AS" or closing_depth is not None:
                return with_values_block(text, bindings)
            pieces.append(text[cursor : token.start()])
            pieces.append(serialize_term(bindings[value[1:]]))
            cursor = token.end()
        previous = value.upper() if kind == "word" else ""
    pieces.append(text[cursor:])
    return "".join(pieces)


__all__ = ["XSD", "Term", "bind_parameters", "serialize_term", "to_term", "values_block_at_each_where", "with_terms_in_place", "with_values_block"]
