"""Any text as a query, any JSON as an endpoint's reply: only plankg's own errors, never a traceback.

The lexer-based checks (parameters, the header, the SERVICE/FROM/update guard)
read every query before it runs, and the shape check reads every reply before
it becomes rows; random input must come out as a result or a QueryError.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import EndpointError, QueryError
from kg.sparql.endpoint import select_results
from kg.sparql.guard import check_local_query
from kg.sparql.lexer import dataset_clauses, query_form, query_variables
from kg.sparql.saved import parse_query
from support import examples

SPARQL_PIECES = st.sampled_from(
    [
        "SELECT", "ASK", "WHERE", "{", "}", "(", ")", "SERVICE", "SILENT", "FROM", "NAMED", "LOAD", "PREFIX",
        "ex:", "ex:a", "<http://127.0.0.1/x>", "?_dept", "?__lang", "?x", '"a"', "'b'", '"""c"""', "# c\n",
        "#+ summary: s\n", "#+ tags: [a]\n", "#+ columns:\n", "#+   x: y\n", "#+ - z\n", "\n", " ", ":", "@en",
    ]
)
QUERY_TEXT = st.one_of(st.text(max_size=200), st.lists(SPARQL_PIECES, max_size=40).map(" ".join))


@settings(max_examples=examples(400), deadline=None)
@given(QUERY_TEXT)
def test_reading_any_query_text_raises_only_query_errors(text: str) -> None:
    query_form(text)
    query_variables(text)
    dataset_clauses(text)
    for check in (lambda: parse_query(text), lambda: check_local_query(text, "q", lambda: ["http://g/"])):
        try:
            check()
        except QueryError:
            pass


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
REPLY = st.one_of(
    JSON,
    st.fixed_dictionaries(
        {"head": st.one_of(JSON, st.fixed_dictionaries({"vars": JSON})), "results": st.one_of(JSON, st.fixed_dictionaries({"bindings": JSON}))}
    ),
)


@settings(max_examples=examples(400), deadline=None)
@given(REPLY)
def test_any_json_reply_gives_rows_or_an_endpoint_error(document: object) -> None:
    if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
        return  # post_query refuses these before select_results sees them
    try:
        variables, rows = select_results(document, "http://127.0.0.1:9/sparql")
    except EndpointError as error:
        assert "http://127.0.0.1:9/sparql" in str(error)
    else:
        assert all(len(row) == len(variables) for row in rows)


def test_a_header_of_nested_yaml_aliases_is_refused_not_expanded() -> None:
    levels = ["#+ a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"#+ a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 9)]
    text = "\n".join([*levels, "#+ summary: *a8", "SELECT * WHERE { ?s ?p ?o }"])
    try:
        parse_query(text)
    except QueryError as error:
        assert "where text belongs" in str(error)
    else:
        raise AssertionError("a summary of 10^8 nested items was accepted")
