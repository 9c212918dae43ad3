"""A SPARQL lexer just precise enough to read a query's shape without running it.

It tells strings, IRIs, comments, variables, prefixed names and bare words
apart, so that the rest of the package finds the query form, the ``?_name``
parameters, the brace that opens the WHERE clause and the keywords that would
reach outside the dataset (``SERVICE``, ``FROM``, ``LOAD``) only where they are
syntax, never inside a literal or a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import QueryError

# Name characters as negated ASCII classes (every non-ASCII character counts): ranges such as
# \u00C0-\uFFFF would make the pattern take tens of milliseconds to compile on each start.
_VARIABLE_CHAR = r"[^\x00-\x2f:-@\[-^`{-\x7f]"  # A-Z a-z 0-9 _ and non-ASCII
_NAME_START = r"[^\x00-\x40\[-^`{-\x7f]"  # A-Z a-z _ and non-ASCII
_NAME_CHAR = r"[^\x00-\x2c/:-@\[-^`{-\x7f]"  # the above, digits, - and .
_LOCAL_CHAR = r"[^\x00-\x24&-,/;-@\[\]^`{-\x7f]"  # the above, : % and \ (escapes)
_TOKENS = re.compile(
    rf"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]{_VARIABLE_CHAR}+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<brace>[{{}}])
  | (?P<paren>[()])
  | (?P<pname>(?:{_NAME_START}{_NAME_CHAR}*)?:{_LOCAL_CHAR}*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset({"LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The tokens of ``text`` that matter for its shape (numbers and punctuation are skipped)."""
    return _TOKENS.finditer(text)


def words(text: str) -> Iterator[str]:
    """The bare words (keywords, function names) outside strings, IRIs and comments, upper-cased."""
    for token in tokens(text):
        if token.lastgroup == "word":
            yield token.group().upper()


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first query keyword outside strings."""
    return next((word for word in words(text) if word in QUERY_FORMS), None)


def first_form(text: str) -> str | None:
    """The first query or update keyword (``SELECT`` … ``LOAD``, ``INSERT`` …), or None."""
    return next((word for word in words(text) if word in QUERY_FORMS or word in UPDATE_FORMS), None)


def query_variables(text: str) -> list[str]:
    """Every variable named in the query (without ``?``), in order of first use."""
    seen: dict[str, None] = {}
    for token in tokens(text):
        if token.lastgroup == "variable":
            seen.setdefault(token.group()[1:], None)
    return list(seen)


def prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX p: <iri>`` declarations of a query: prefix (with its colon) → namespace IRI."""
    declared: dict[str, str] = {}
    found = [token for token in tokens(text) if token.lastgroup != "comment"]
    for index, token in enumerate(found[:-2]):
        if token.lastgroup == "word" and token.group().upper() == "PREFIX":
            name, iri = found[index + 1], found[index + 2]
            if name.lastgroup == "pname" and iri.lastgroup == "iri":
                declared[name.group()] = iri.group()[1:-1]
    return declared


def dataset_clauses(text: str) -> list[str]:
    """The graphs named by ``FROM`` and ``FROM NAMED``: full IRIs, or the token as written when it is not one."""
    declared = prefixes(text)
    found = [token for token in tokens(text) if token.lastgroup != "comment"]
    graphs = []
    for index, token in enumerate(found):
        if token.lastgroup != "word" or token.group().upper() != "FROM":
            continue
        following = found[index + 1 : index + 3]
        if following and following[0].lastgroup == "word" and following[0].group().upper() == "NAMED":
            following = following[1:]
        if not following:
            graphs.append("")
            continue
        target = following[0]
        if target.lastgroup == "iri":
            graphs.append(target.group()[1:-1])
        elif target.lastgroup == "pname":
            prefix, _, local = target.group().partition(":")
            namespace = declared.get(prefix + ":")
            graphs.append(namespace + local if namespace is not None else target.group())
        else:
            graphs.append(target.group())
    return graphs


def where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the WHERE clause of a SELECT or ASK query.

    It is the first brace outside parentheses: a brace before it can only sit in a
    projected expression such as ``(EXISTS { … } AS ?x)``.
    """
    depth = 0
    for token in tokens(text):
        if token.lastgroup == "paren":
            depth += 1 if token.group() == "(" else -1
        elif token.lastgroup == "brace" and token.group() == "{" and depth <= 0:
            return token.end()
    raise QueryError("malformed query: no WHERE clause ({ … }) found")


def where_braces(text: str) -> list[int]:
    """Offsets just after the ``{`` that opens the WHERE clause of the query and of each sub-SELECT in it.

    The query's own is :func:`where_brace`; a sub-SELECT's is the first brace after
    its SELECT word at the same depth of parentheses (a brace inside parentheses
    sits in a projected expression).
    """
    found = [where_brace(text)]
    parentheses = 0
    waiting: list[int] = []  # the depths of parentheses at which SELECT words wait for their brace
    for token in tokens(text):
        kind, value = token.lastgroup, token.group()
        if kind == "paren":
            parentheses += 1 if value == "(" else -1
        elif kind == "word" and value.upper() == "SELECT" and token.start() > found[0]:
            waiting.append(parentheses)
        elif kind == "brace" and value == "{" and waiting and waiting[-1] == parentheses:
            waiting.pop()
            found.append(token.end())
    return found


__all__ = [
    "QUERY_FORMS",
    "UPDATE_FORMS",
    "dataset_clauses",
    "first_form",
    "prefixes",
    "query_form",
    "query_variables",
    "tokens",
    "where_brace",
    "where_braces",
    "words",
]
