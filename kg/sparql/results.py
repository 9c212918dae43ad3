"""Result shaping: RDF terms become plain Python values, rows become dicts, lists are split.

A term from pyoxigraph (:func:`local_value`) and a term of a SPARQL JSON
results document (:func:`json_value`) become the same value: an IRI or a
string as ``str``, integers as ``int``, decimals as ``float``, booleans as
``bool``, a blank node as ``"_:id"``, unbound as ``None``. Columns the header
marks as lists (``GROUP_CONCAT(…; separator="|")``) become sorted lists, and
columns it marks as booleans become ``bool`` whichever way the store writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kg.sparql.saved import SavedQuery

LIST_SEPARATOR = "|"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_BOOLEAN_TYPE = XSD + "boolean"


def literal_value(value: str, datatype: str | None) -> Any:
    """A literal's lexical form and datatype as a Python value (kept as text when it does not parse)."""
    if datatype in _INTEGER_TYPES:
        try:
            return int(value)
        except ValueError:
            return value
    if datatype in _FLOAT_TYPES:
        try:
            return float(value)
        except ValueError:
            return value
    if datatype == _BOOLEAN_TYPE:
        return value in ("true", "1")
    return value


def local_value(term: Any) -> Any:
    """A pyoxigraph term (or None) as a Python value."""
    if term is None:
        return None
    import pyoxigraph  # the store's own library; loaded by whoever opened the store

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return literal_value(term.value, term.datatype.value if term.language is None else None)
    return str(term)


def json_value(binding: Mapping[str, Any] | None) -> Any:
    """A term of a SPARQL JSON results document (already checked for shape) as a Python value."""
    if binding is None:
        return None
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    if binding.get("xml:lang"):
        return value
    return literal_value(value, binding.get("datatype", XSD + "string"))


def split_list(value: Any, list_of: str) -> list[Any]:
    """A ``|``-joined GROUP_CONCAT as a sorted list without duplicates or empty items."""
    if value is None or value == "":
        return []
    items = [item for item in str(value).split(LIST_SEPARATOR) if item != ""]
    if list_of == "int":
        numbers: list[Any] = []
        for item in items:
            try:
                numbers.append(int(item))
            except ValueError:
                numbers.append(item)  # not a number after all: kept as written
        return sorted(set(numbers), key=lambda item: (isinstance(item, str), item))
    return sorted(set(items))


def result_columns(variables: Sequence[str]) -> list[str]:
    """The columns a user sees: the result variables without the ``_``-prefixed parameters."""
    return [name for name in variables if not name.startswith("_")]


def shape_rows(query: SavedQuery, variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows keyed by the result variables, without the ``_``-prefixed parameter variables, lists split."""
    kept = [(index, name) for index, name in enumerate(variables) if not name.startswith("_")]
    list_columns = {column.name: column.list_of for column in query.columns if column.list_of}
    boolean_columns = {column.name for column in query.columns if column.boolean}
    shaped = []
    for row in rows:
        record = {}
        for index, name in kept:
            value = row[index]
            if name in list_columns:
                value = split_list(value, list_columns[name])
            elif name in boolean_columns and value is not None:
                value = value in (True, 1, "1", "true")
            record[name] = value
        shaped.append(record)
    return shaped


__all__ = ["LIST_SEPARATOR", "json_value", "literal_value", "local_value", "result_columns", "shape_rows", "split_list"]
