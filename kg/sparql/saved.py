"""Saved SPARQL queries: the registry, their headers, safe parameter binding, and running them.

A saved query is a ``.rq`` file whose first lines are a grlc-style header::

    #+ summary: Departments ranked by the number of tasks they lead
    #+ tags: [responsibility]
    #+ parameters:
    #+   - dept: a department as a person types it, in either script
    #+ columns:
    #+   - department: the department's name, in the --lang language
    #+   - tasks [list:int]: the numbers of the tasks it leads

``columns`` documents every result variable; ``[list]`` / ``[list:int]`` marks a
``GROUP_CONCAT(…; separator="|")`` that is split into a list (of strings / of
integers, sorted). ``defaults`` gives values for optional parameters.

Parameters follow grlc's convention: ``?_name`` is required, ``?__name`` optional;
a type suffix changes how the typed value becomes an RDF term:

* no suffix: a *match key* — the value is normalised with
  :func:`kg.normalize.match_key` (script, width, spaces, brackets) and compared
  with ``plan:matchKey``, so ``发改委``, ``發改委`` and `` 發 改 委 `` are one value;
* ``_iri``: an IRI; ``_integer`` / ``_decimal``: a number; ``_xsd_date``: a date
  (``2022-03-31``, ``2022/3/31``, ``2022年3月31日``); ``_xsd_string``: a plain
  string, as typed.

``?__lang`` is reserved: it carries the label language (``--lang``). Queries pick
labels with the idiom "the asked language, else zh-Hant, else zh-Hans" in one
``OPTIONAL { … FILTER(…) }`` at the top level of the WHERE clause.

Values are *bound*, never pasted into the query text. Locally they are
pyoxigraph ``substitutions`` (SEP-0007), which need each parameter variable in
the ``SELECT`` clause (and in ``GROUP BY`` when the query aggregates); variables
whose names start with ``_`` are dropped from the result rows. Against a remote
endpoint they travel as a ``VALUES`` block of serialised RDF terms placed at the
start of the WHERE clause (see :func:`with_values_block`), which binds them the
same way.
"""

from __future__ import annotations

import datetime as _datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import EndpointError, QueryError
from kg.normalize import match_key

LANGUAGES = ("zh-Hant", "zh-Hans", "en")
DEFAULT_LANGUAGE = "zh-Hant"
LIST_SEPARATOR = "|"
DEFAULT_TIMEOUT = 30.0
LANG_PARAMETER = "lang"

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
_KIND_DATATYPES = {"date": XSD + "date", "integer": XSD + "integer", "decimal": XSD + "decimal"}


# -- the records --------------------------------------------------------------------------------


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


# -- lexing: find variables and the WHERE brace outside strings, IRIs and comments -------------

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<brace>\{)
  | (?P<paren>[()])
  | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE,
)
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKENS.finditer(text)


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first query keyword outside strings."""
    for token in _tokens(text):
        if token.lastgroup == "word" and token.group().upper() in _QUERY_FORMS:
            return token.group().upper()
    return None


def query_variables(text: str) -> list[str]:
    """Every variable named in the query (without ``?``), in order of first use."""
    seen: dict[str, None] = {}
    for token in _tokens(text):
        if token.lastgroup == "variable":
            seen.setdefault(token.group()[1:], None)
    return list(seen)


def _where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the WHERE clause of a SELECT or ASK query.

    It is the first brace outside parentheses: a brace before it can only sit in a
    projected expression such as ``(EXISTS { … } AS ?x)``.
    """
    depth = 0
    for token in _tokens(text):
        if token.lastgroup == "paren":
            depth += 1 if token.group() == "(" else -1
        elif token.lastgroup == "brace" and depth <= 0:
            return token.end()
    raise QueryError("malformed query: no WHERE clause ({ … }) found")


# -- the header ---------------------------------------------------------------------------------

_COLUMN_ENTRY = re.compile(r"^(?P<name>[A-Za-z_][\w]*)\s*(?:\[(?:(?P<list>list(?::int)?)|(?P<bool>bool))\])?\s*:\s*(?P<text>.*)$")


def parse_header(text: str) -> dict[str, Any]:
    """The ``#+`` lines at the top of a query: ``key: value``, ``key: [a, b]`` and ``key:`` with ``- item`` lines."""
    header: dict[str, Any] = {}
    current: str | None = None
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if not line.startswith("#+"):
            if line.startswith("#"):
                continue  # plain comments may sit among the header lines
            break
        body = line[2:].strip()
        if body.startswith("- "):
            if current is None:
                raise QueryError(f"malformed query header: list item {body!r} before any key")
            header.setdefault(current, [])
            if not isinstance(header[current], list):
                raise QueryError(f"malformed query header: {current!r} mixes a value and a list")
            header[current].append(body[2:].strip())
            continue
        key, colon, value = body.partition(":")
        if not colon or not key.strip():
            raise QueryError(f"malformed query header line: {raw_line.strip()!r} (expected '#+ key: value')")
        current = key.strip()
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            header[current] = [item.strip() for item in value[1:-1].split(",") if item.strip()]
        elif value:
            header[current] = value
        else:
            header[current] = []
    return header


def _entries(items: Any) -> dict[str, str]:
    """``- name: text`` items as a dict (grlc's ``defaults`` and our ``parameters``)."""
    result: dict[str, str] = {}
    if isinstance(items, str):
        items = [items]
    for item in items or []:
        name, _, text = str(item).partition(":")
        result[name.strip()] = text.strip()
    return result


def _columns(items: Any) -> list[Column]:
    columns = []
    for item in items or []:
        match = _COLUMN_ENTRY.match(str(item))
        if not match:
            raise QueryError(f"malformed column line in query header: {item!r} (expected 'name: description')")
        list_spec = match["list"]
        list_of = None if list_spec is None else ("int" if list_spec.endswith(":int") else "str")
        columns.append(Column(match["name"], match["text"], list_of, boolean=match["bool"] is not None))
    return columns


def _parameter_from_variable(variable: str, descriptions: Mapping[str, str], defaults: Mapping[str, str]) -> Parameter:
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
    descriptions = _entries(header.get("parameters"))
    defaults = _entries(header.get("defaults"))
    parameters: list[Parameter] = []
    for variable in query_variables(text):
        if variable.startswith("_") and variable.strip("_"):
            parameter = _parameter_from_variable(variable, descriptions, defaults)
            if any(existing.name == parameter.name for existing in parameters):
                raise QueryError(f"query {name}: two variables give the parameter {parameter.name!r}")
            parameters.append(parameter)
    tags = header.get("tags", [])
    return SavedQuery(
        name=name,
        text=text,
        origin=origin,
        summary=str(header.get("summary", "")),
        tags=[tags] if isinstance(tags, str) else list(tags),
        parameters=parameters,
        columns=_columns(header.get("columns")),
    )


# -- the registry ---------------------------------------------------------------------------------

QueriesDir = str | Path | Sequence[str | Path] | None


def _folders(queries_dir: QueriesDir) -> list[Path]:
    if queries_dir is None:
        return []
    if isinstance(queries_dir, (str, Path)):
        return [Path(queries_dir)]
    return [Path(folder) for folder in queries_dir]


def load_queries(queries_dir: QueriesDir = None) -> dict[str, SavedQuery]:
    """The packaged queries, then each user folder's ``*.rq`` (a user file overrides a packaged one of its name)."""
    from kg.resources import query_files

    registry: dict[str, SavedQuery] = {}
    for entry in query_files():
        name = entry.name.removesuffix(".rq")
        registry[name] = parse_query(entry.read_text(encoding="utf-8"), name, "packaged")
    for folder in _folders(queries_dir):
        if not folder.is_dir():
            raise QueryError(f"queries folder not found: {folder} (give a folder of .rq files)")
        for path in sorted(folder.glob("*.rq")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise QueryError(f"cannot read query file {path}: {error}") from None
            try:
                registry[path.stem] = parse_query(text, path.stem, str(path))
            except QueryError as error:
                raise QueryError(f"{path}: {error}") from None
    return registry


def list_queries(queries_dir: QueriesDir = None) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return [query for _, query in sorted(load_queries(queries_dir).items())]


def _looks_like_query_text(value: str) -> bool:
    return "{" in value or (query_form(value) is not None and len(value.split()) > 1)


def resolve_query(name_or_text: str, queries_dir: QueriesDir = None) -> SavedQuery:
    """A saved query by name, or an ad-hoc query given as text."""
    registry = load_queries(queries_dir)
    if name_or_text in registry:
        return registry[name_or_text]
    stem = name_or_text.removesuffix(".rq")
    if stem in registry:
        return registry[stem]
    if _looks_like_query_text(name_or_text):
        return parse_query(name_or_text)
    import difflib

    close = difflib.get_close_matches(stem, list(registry), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {name_or_text!r}{hint} (`plankg queries` lists them)")


def read_query_file(path: str | Path) -> SavedQuery:
    """An ad-hoc query from a ``.rq`` file (``plankg query --file``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"cannot read query file {path}: {error}") from None
    return parse_query(text, path.stem, str(path))


# -- binding: typed values become RDF terms ----------------------------------------------------


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


def bind_parameters(query: SavedQuery, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> dict[str, Term]:
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
    """The query with ``VALUES (?v …) { (term …) }`` as the first element of its WHERE clause.

    A VALUES block at the start of the WHERE group joins one solution (the bound
    values) with the rest of the pattern, so filters, OPTIONALs and EXISTS see
    the parameters exactly as pyoxigraph's substitutions do locally. The block is
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
    position = _where_brace(text)
    return f"{text[:position]}\n  VALUES ({names}) {{ ({values}) }}\n{text[position:]}"


# -- results: RDF terms become Python values ---------------------------------------------------


def _literal_value(value: str, datatype: str | None) -> Any:
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


def _local_value(term: Any) -> Any:
    if term is None:
        return None
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return _literal_value(term.value, term.datatype.value if term.language is None else None)
    return str(term)


def _json_value(binding: Mapping[str, Any] | None) -> Any:
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
    return _literal_value(value, binding.get("datatype", XSD + "string"))


def _split_list(value: Any, list_of: str) -> list[Any]:
    if value is None or value == "":
        return []
    items = [item for item in str(value).split(LIST_SEPARATOR) if item != ""]
    if list_of == "int":
        numbers = []
        for item in items:
            try:
                numbers.append(int(item))
            except ValueError:
                numbers.append(item)  # not a number after all: kept as written
        return sorted(set(numbers), key=lambda item: (isinstance(item, str), item))
    return sorted(set(items))


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
                value = _split_list(value, list_columns[name])
            elif name in boolean_columns and value is not None:
                value = value in (True, 1, "1", "true")
            record[name] = value
        shaped.append(record)
    return shaped


def result_columns(query: SavedQuery, variables: Sequence[str]) -> list[str]:
    return [name for name in variables if not name.startswith("_")]


# -- running --------------------------------------------------------------------------------------


def _run_local(query: SavedQuery, bindings: Mapping[str, Term], store: Any) -> tuple[list[str], list[list[Any]]]:
    import pyoxigraph

    substitutions = {}
    for variable, term in bindings.items():
        if term.is_iri:
            substitutions[pyoxigraph.Variable(variable)] = pyoxigraph.NamedNode(term.value)
        elif term.datatype:
            substitutions[pyoxigraph.Variable(variable)] = pyoxigraph.Literal(
                term.value, datatype=pyoxigraph.NamedNode(term.datatype)
            )
        else:
            substitutions[pyoxigraph.Variable(variable)] = pyoxigraph.Literal(term.value)
    try:
        solutions = store.query(query.text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as error:
        raise QueryError(f"malformed query {query.name}: {_first_line(error)}") from None
    except RuntimeError as error:
        message = _first_line(error)
        if "projection" in message:
            raise QueryError(
                f"query {query.name}: {message}; put each ?_parameter in the SELECT clause "
                "(and in GROUP BY when the query aggregates) so it can be bound"
            ) from None
        raise QueryError(f"query {query.name} failed: {message}") from None
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    variables = [variable.value for variable in solutions.variables]
    try:
        rows = [[_local_value(solution[index]) for index in range(len(variables))] for solution in solutions]
    except (OSError, RuntimeError) as error:
        raise QueryError(f"query {query.name} failed: {_first_line(error)}") from None
    return variables, rows


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def sparql_protocol_request(endpoint: str, text: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """POST a query to a SPARQL 1.1 protocol endpoint and return its JSON results document."""
    import json
    import socket
    import urllib.error
    import urllib.parse
    import urllib.request

    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise EndpointError(f"endpoint must be an http(s) URL, not {endpoint!r}")
    body = urllib.parse.urlencode({"query": text}).encode("utf-8")
    request = urllib.request.Request(
        endpoint,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/sparql-results+json",
            "User-Agent": "plankg",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip().splitlines()
        reason = detail[0] if detail else error.reason
        raise EndpointError(f"endpoint {endpoint} answered HTTP {error.code}: {reason}") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise EndpointError(f"cannot reach endpoint {endpoint}: {reason} (is it running? check the URL)") from None
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(f"endpoint {endpoint} did not answer with SPARQL JSON results") from None
    if not isinstance(document, dict) or "head" not in document:
        raise EndpointError(f"endpoint {endpoint} did not answer with SPARQL JSON results")
    return document


def _run_remote(
    query: SavedQuery, bindings: Mapping[str, Term], endpoint: str, timeout: float
) -> tuple[list[str], list[list[Any]]]:
    if query_form(query.text) != "SELECT":
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    document = sparql_protocol_request(endpoint, with_values_block(query.text, bindings), timeout)
    if "boolean" in document:
        raise QueryError(f"query {query.name} is not a SELECT query; only SELECT queries give rows")
    variables = list(document.get("head", {}).get("vars", []))
    bindings_list = document.get("results", {}).get("bindings", [])
    rows = [[_json_value(solution.get(name)) for name in variables] for solution in bindings_list]
    return variables, rows


def open_query_store(dataset: str | Path | None = None, sources: Sequence[str] | None = None) -> Any:
    """The built dataset as a pyoxigraph store (the cached build; never re-parsed here)."""
    from kg.pipeline import open_store

    return open_store(dataset, list(sources) if sources else None)


PLAN_LANGUAGES_QUERY = """PREFIX plan: <https://w3id.org/plankg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT (STR(?language) AS ?script) WHERE { ?plan a plan:Plan ; dct:language ?language }"""


def choose_language(scripts: Iterable[str]) -> str:
    """The label language for plans written in ``scripts`` (``zh-Hant`` / ``zh-Hans`` tags).

    zh-Hant when every plan is written in traditional script (the embedded plan is), zh-Hans
    when any is simplified (the script plans are issued in), zh-Hant when nothing is known.
    """
    found = {script.lower() for script in scripts if script}
    if not found or found == {"zh-hant"}:
        return DEFAULT_LANGUAGE
    return "zh-Hans"


def default_language(
    store: Any = None, *, endpoint: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """The label language when none is asked for: the plans' own script (:func:`choose_language`),
    read from each plan's ``dct:language`` in ``store`` or at ``endpoint``."""
    if endpoint:
        document = sparql_protocol_request(endpoint, PLAN_LANGUAGES_QUERY, timeout)
        bindings = document.get("results", {}).get("bindings", [])
        return choose_language(str(row.get("script", {}).get("value", "")) for row in bindings)
    solutions = store.query(PLAN_LANGUAGES_QUERY, use_default_graph_as_union=True)
    return choose_language(str(solution["script"].value) for solution in solutions if solution["script"] is not None)


@dataclass
class QueryResult:
    """Rows of a query with the column order to print them in."""

    query: SavedQuery
    columns: list[str]
    rows: list[dict[str, Any]]


def execute(
    query: SavedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    endpoint: str | None = None,
    lang: str | None = None,
    store: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Run a parsed query locally (a pyoxigraph store) or against ``endpoint``.

    ``lang`` None: labels in the plans' own script (:func:`default_language`).
    """
    bind_parameters(query, dict(params or {}), lang or DEFAULT_LANGUAGE)  # bad values fail before any loading
    if endpoint:
        if lang is None and query.parameter(LANG_PARAMETER) is not None:
            lang = default_language(endpoint=endpoint, timeout=timeout)
        bindings = bind_parameters(query, dict(params or {}), lang or DEFAULT_LANGUAGE)
        variables, rows = _run_remote(query, bindings, endpoint, timeout)
    else:
        if store is None:
            store = open_query_store(dataset, sources)
        if lang is None and query.parameter(LANG_PARAMETER) is not None:
            lang = default_language(store)
        bindings = bind_parameters(query, dict(params or {}), lang or DEFAULT_LANGUAGE)
        variables, rows = _run_local(query, bindings, store)
    return QueryResult(query, result_columns(query, variables), shape_rows(query, variables, rows))


def run_query(
    name_or_text: str,
    params: Mapping[str, Any] | None = None,
    *,
    dataset: str | Path | None = None,
    sources: Sequence[str] | None = None,
    endpoint: str | None = None,
    lang: str | None = None,
    queries_dir: QueriesDir = None,
    store: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[dict[str, Any]]:
    """Run a saved query (by name) or an ad-hoc SELECT (as text); rows as plain dicts.

    ``params`` maps parameter names to values as a person types them;
    ``store`` (a pyoxigraph Store) skips opening the dataset.
    """
    query = resolve_query(name_or_text, queries_dir)
    return execute(
        query, params, dataset=dataset, sources=sources, endpoint=endpoint, lang=lang, store=store, timeout=timeout
    ).rows


def query(
    name: str,
    dataset: str | Path | None = None,
    *,
    sources: Sequence[str] | None = None,
    endpoint: str | None = None,
    lang: str | None = None,
    queries_dir: QueriesDir = None,
    **params: Any,
) -> list[dict[str, Any]]:
    """``kg.query("co-leads", dept="发改委")``: a saved query's rows, for notebooks."""
    return run_query(
        name, params, dataset=dataset, sources=sources, endpoint=endpoint, lang=lang, queries_dir=queries_dir
    )


def query_frame(
    name: str,
    dataset: str | Path | None = None,
    *,
    sources: Sequence[str] | None = None,
    endpoint: str | None = None,
    lang: str | None = None,
    queries_dir: QueriesDir = None,
    **params: Any,
) -> Any:
    """The rows of :func:`query` as a pandas DataFrame (columns in the query's order)."""
    try:
        import pandas
    except ImportError:
        raise QueryError("pandas is not installed: `pip install pandas`, or use kg.query() for plain rows") from None
    saved = resolve_query(name, queries_dir)
    result = execute(saved, params, dataset=dataset, sources=sources, endpoint=endpoint, lang=lang)
    return pandas.DataFrame(result.rows, columns=result.columns)


__all__ = [
    "LANGUAGES",
    "Column",
    "Parameter",
    "QueryResult",
    "SavedQuery",
    "bind_parameters",
    "choose_language",
    "default_language",
    "execute",
    "list_queries",
    "load_queries",
    "parse_header",
    "parse_query",
    "query",
    "query_frame",
    "read_query_file",
    "resolve_query",
    "run_query",
    "serialize_term",
    "with_values_block",
]
