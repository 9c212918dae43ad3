"""The ``#+`` header of a saved query, read exactly as grlc reads it.

Every line that starts with ``#+`` belongs to the header; with the ``#`` and
``+`` signs stripped, the lines together are one YAML document::

    #+ summary: Departments that share lead responsibility with a department
    #+ tags:
    #+   - responsibility
    #+ parameters:
    #+   dept: a department as a person types it, in either script
    #+ columns:
    #+   co_lead: a department that co-leads tasks with the one asked for
    #+   tasks: the numbers of the tasks they lead together, ascending
    #+ lists:
    #+   tasks: int

``summary``, ``description``, ``tags``, ``defaults`` and ``enumerate`` are
grlc's decorators; ``parameters`` (what to type for each parameter),
``columns`` (what each result variable holds) and ``lists`` (the columns that
are ``GROUP_CONCAT(…; separator="|")`` lists, split into lists of ``int`` or
``str``) and ``booleans`` (computed true/false columns, which some stores such
as Virtuoso answer as 1/0) are plankg's own keys, which grlc ignores.
"""

from __future__ import annotations

import datetime as _datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.errors import QueryError

HEADER_MARK = "#+"
LIST_KINDS = ("int", "str")
_LEGACY_MARK = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\[(?:(?P<list>list(?::int)?)|(?P<bool>bool))\]$")


@dataclass
class Header:
    """What a query's header says about it."""

    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)  # name -> what to type
    defaults: dict[str, str] = field(default_factory=dict)  # name -> value used when not given
    columns: dict[str, str] = field(default_factory=dict)  # result variable -> what it holds
    lists: dict[str, str] = field(default_factory=dict)  # result variable -> "int" or "str"
    booleans: set[str] = field(default_factory=set)  # result variables that are computed true/false


def header_text(text: str) -> str:
    """The YAML document of the header: every ``#+`` line, marks stripped (grlc's ``lstrip('#+')``)."""
    return "\n".join(line.lstrip("#+") for line in text.split("\n") if line.startswith(HEADER_MARK))


def read_yaml(text: str) -> dict[str, Any]:
    """The header as the YAML mapping grlc sees; a header that is not a YAML mapping is a QueryError."""
    document = header_text(text)
    if not document.strip():
        return {}
    import yaml  # PyYAML, imported only when a header is read

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(document, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"header line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise QueryError(
            f"malformed query header: {where}{problem} (the #+ lines are YAML, as grlc reads them; see docs/queries.md)"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise QueryError("malformed query header: the #+ lines must hold 'key: value' lines (see docs/queries.md)")
    return data


def _text(value: Any) -> str:
    """A scalar as text; a list or mapping where text belongs is a QueryError (and is never
    turned into text, which a header of nested YAML aliases could make enormous)."""
    if isinstance(value, (list, dict)):
        raise QueryError("malformed query header: a list or mapping stands where text belongs (see docs/queries.md)")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return value.isoformat()
    return str(value)


def _mapping(key: str, value: Any) -> dict[str, str]:
    """``name: text`` pairs given as a mapping or as grlc's list of one-key mappings."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(name): _text(text) for name, text in value.items()}
    if isinstance(value, list):
        pairs: dict[str, str] = {}
        for item in value:
            if not isinstance(item, Mapping):
                raise QueryError(f"malformed query header: each item of {key!r} must be 'name: text', not {item!r}")
            pairs.update({str(name): _text(text) for name, text in item.items()})
        return pairs
    raise QueryError(f"malformed query header: {key!r} must hold 'name: text' lines, not {value!r}")


def parse_header(text: str) -> Header:
    """The header of a query text (see the module docstring)."""
    data = read_yaml(text)
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list):
        raise QueryError(f"malformed query header: 'tags' must be a list, not {tags!r}")
    columns: dict[str, str] = {}
    lists: dict[str, str] = {}
    booleans: set[str] = set()
    for name, description in _mapping("columns", data.get("columns")).items():
        legacy = _LEGACY_MARK.match(name)
        if legacy:  # the former "tasks [list:int]: …" and "flag [bool]: …" forms
            name = legacy["name"]
            if legacy["bool"]:
                booleans.add(name)
            else:
                lists[name] = "int" if legacy["list"].endswith(":int") else "str"
        columns[name] = description
    named = data.get("booleans") or []
    if not isinstance(named, list) or not all(isinstance(name, str) for name in named):
        raise QueryError(f"malformed query header: 'booleans' must be a list of column names, not {named!r}")
    booleans.update(named)
    for name, kind in _mapping("lists", data.get("lists")).items():
        if kind not in LIST_KINDS:
            raise QueryError(f"malformed query header: list column {name!r} must be 'int' or 'str', not {kind!r}")
        lists[name] = kind
    return Header(
        summary=_text(data.get("summary")),
        description=_text(data.get("description")),
        tags=[_text(tag) for tag in tags],
        parameters=_mapping("parameters", data.get("parameters")),
        defaults=_mapping("defaults", data.get("defaults")),
        columns=columns,
        lists=lists,
        booleans=booleans,
    )


__all__ = ["HEADER_MARK", "Header", "header_text", "parse_header", "read_yaml"]
