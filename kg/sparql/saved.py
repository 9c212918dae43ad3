"""A saved query: its text, what its header says, and the parameters its variables ask for.

Parameters follow grlc's convention: ``?_name`` is required, ``?__name`` optional;
a type suffix says how the typed value becomes an RDF term (see
:mod:`kg.sparql.binding`):

* no suffix: a *match key* (:func:`kg.normalize.match_key`) compared with ``plan:matchKey``;
* ``_iri``: an IRI; ``_integer`` / ``_xsd_integer``, ``_decimal`` / ``_xsd_decimal``: a
  number; ``_xsd_date``: a date; ``_xsd_string``: a plain string, as typed.

``?__lang`` is reserved: it carries the label language (``--lang``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import QueryError
from kg.sparql.header import parse_header
from kg.sparql.lexer import query_variables

LANG_PARAMETER = "lang"

# parameter type suffixes (grlc's convention) -> kind of value
_SUFFIXES = {
    "_xsd_string": "string",
    "_xsd_date": "date",
    "_xsd_integer": "integer",
    "_xsd_decimal": "decimal",
    "_integer": "integer",
    "_decimal": "decimal",
    "_iri": "iri",
}


@dataclass(frozen=True)
class Parameter:
    """A query parameter: ``?_name`` (required) or ``?__name`` (optional)."""

    name: str  # what the user types: -p name=value
    variable: str  # the SPARQL variable without "?": _name_xsd_date
    required: bool
    kind: str = "key"  # key, string, iri, integer, decimal, date, lang
    description: str = ""
    default: str | None = None


@dataclass(frozen=True)
class Column:
    """A result variable, documented in the header."""

    name: str
    description: str = ""
    list_of: str | None = None  # None, "str" or "int": a GROUP_CONCAT split into a list
    boolean: bool = False  # a computed true/false (some stores, such as Virtuoso, answer 1/0)


@dataclass
class SavedQuery:
    name: str
    text: str
    origin: str  # "packaged", a file path, or "<text>" for an ad-hoc query
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    description: str = ""

    def parameter(self, name: str) -> Parameter | None:
        return next((parameter for parameter in self.parameters if parameter.name == name), None)

    @property
    def user_parameters(self) -> list[Parameter]:
        """The parameters a user passes with ``-p`` (the label language is ``--lang``)."""
        return [parameter for parameter in self.parameters if parameter.kind != "lang"]

    def describe(self) -> dict[str, Any]:
        """Plain data for ``plankg queries``."""
        return {
            "name": self.name,
            "summary": self.summary,
            "parameters": [
                parameter.name + ("" if parameter.required else "?") for parameter in self.user_parameters
            ],
            "tags": list(self.tags),
            "columns": [column.name for column in self.columns],
            "origin": self.origin,
        }


def parameter_from_variable(variable: str, descriptions: dict[str, str], defaults: dict[str, str]) -> Parameter:
    """The parameter a ``?_name…`` variable (given without ``?``) stands for."""
    required = not variable.startswith("__")
    bare = variable.lstrip("_")
    kind = "key"
    for suffix, suffix_kind in _SUFFIXES.items():
        if bare.endswith(suffix) and len(bare) > len(suffix):
            bare, kind = bare[: -len(suffix)], suffix_kind
            break
    if bare == LANG_PARAMETER and kind == "key":
        kind = "lang"
    return Parameter(
        name=bare,
        variable=variable,
        required=required,
        kind=kind,
        description=descriptions.get(bare, ""),
        default=defaults.get(bare),
    )


def parse_query(text: str, name: str = "<query>", origin: str = "<text>") -> SavedQuery:
    """Read the header and the parameters of a query text."""
    header = parse_header(text)
    parameters: list[Parameter] = []
    for variable in query_variables(text):
        if variable.startswith("_") and variable.strip("_"):
            parameter = parameter_from_variable(variable, header.parameters, header.defaults)
            if any(existing.name == parameter.name for existing in parameters):
                raise QueryError(f"query {name}: two variables give the parameter {parameter.name!r}")
            parameters.append(parameter)
    return SavedQuery(
        name=name,
        text=text,
        origin=origin,
        summary=header.summary,
        description=header.description,
        tags=header.tags,
        parameters=parameters,
        columns=[
            Column(column, text, header.lists.get(column), boolean=column in header.booleans)
            for column, text in header.columns.items()
        ],
    )


__all__ = ["LANG_PARAMETER", "Column", "Parameter", "SavedQuery", "parameter_from_variable", "parse_query"]
