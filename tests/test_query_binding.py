"""Headers, parameters and binding of saved queries, on a hand-written excerpt of the seed's graph.

The excerpt (tests/fixtures/query-graph.trig) quotes seed tasks 1, 2, 8, 14, 21,
25, 29 and 33, e.g. task 2: “制定市直部門中介服務事項清單。(牽頭部門:發改委、政務服務局;
責任部門:市直各相關部門)”.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg.errors import QueryError
from kg.sparql.binding import Term, bind_parameters, serialize_term, to_term, with_terms_in_place, with_values_block
from kg.sparql.header import parse_header
from kg.sparql.lexer import query_variables
from kg.sparql.local import evaluate
from kg.sparql.registry import resolve_query
from kg.sparql.run import QueryOptions, run
from kg.sparql.saved import parse_query
from support import EXAMPLE_PARAMS, HOSTILE_PARAMETER_VALUES, QUERY_FILES, examples


def test_header_is_read_as_grlc_decorators() -> None:
    header = parse_header(
        "#+ summary: Departments ranked\n#+ tags: [a, b]\n#+ defaults:\n#+   - asof: 2022-12-31\n# a comment\nSELECT ?x WHERE {}"
    )
    assert (header.summary, header.tags, header.defaults) == ("Departments ranked", ["a", "b"], {"asof": "2022-12-31"})


def test_parameters_follow_grlc_names_and_suffixes() -> None:
    text = 'SELECT ?_dept ?__asof_xsd_date ?__lang ?_n_integer ?x WHERE { ?x ?p "?_not_a_variable" # ?_nor_this\n }'
    query = parse_query(text)
    found = {(p.name, p.required, p.kind) for p in query.parameters}
    assert found == {("dept", True, "key"), ("asof", False, "date"), ("lang", False, "lang"), ("n", True, "integer")}
    assert [p.name for p in query.user_parameters] == ["dept", "asof", "n"]
    assert "_not_a_variable" not in query_variables(text)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_every_saved_query_documents_its_columns(fixture_store: Any, path) -> None:
    query = resolve_query(path.stem)
    assert query.summary, f"{path.name} has no #+ summary"
    assert query.tags, f"{path.name} has no #+ tags"
    result = run(query, EXAMPLE_PARAMS.get(path.stem, {}), QueryOptions(store=fixture_store))
    assert result.columns == [column.name for column in query.columns], f"{path.name}: header columns differ from SELECT"
    assert all(column.description for column in query.columns)


@pytest.mark.parametrize("value", ["发改委", "發改委", " 發 改 委 ", "发展和改革委员会", "發展和改革委員會", "«發改委»".replace("«", "《").replace("»", "》")])
def test_a_department_is_found_however_it_is_typed(fixture_store: Any, value: str) -> None:
    rows = kg.query("department-tasks", params={"dept": value}, store=fixture_store)
    # 發改委 leads tasks 2, 14 and 33 of the excerpt
    assert [(row["task"], row["role"]) for row in rows] == [(2, "lead"), (14, "lead"), (33, "lead")]


@pytest.mark.parametrize("value", ["国办发〔2022〕2号", "國辦發〔2022〕2 號", "国办发[2022]2号", "《关于全面实行行政许可事项清单管理的通知》"])
def test_a_document_is_found_by_number_or_title(fixture_store: Any, value: str) -> None:
    rows = kg.query("tasks-citing", params={"doc": value}, store=fixture_store)
    assert [row["task"] for row in rows] == [1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-Hant", "發展和改革委員會"), ("zh-Hans", "发展和改革委员会"), ("en", "Development and Reform Commission")],
)
def test_labels_come_in_the_language_asked(fixture_store: Any, lang: str, expected: str) -> None:
    rows = kg.query("co-leads", params={"dept": "政务服务局"}, store=fixture_store, lang=lang)
    assert rows[0]["co_lead"] == expected and rows[0]["tasks"] == [2, 33]


def test_a_missing_label_falls_back_to_traditional_script(fixture_store: Any) -> None:
    # the excerpt has task descriptions in zh-Hant only
    rows = kg.query("department-tasks", params={"dept": "发改委"}, store=fixture_store, lang="en")
    assert rows[0]["text"].startswith("按照自治區人民政府")
    assert rows[0]["department"] == "Development and Reform Commission"


def test_result_values_are_plain_python(fixture_store: Any) -> None:
    (row,) = kg.query("indicators", params={}, store=fixture_store)
    # 8.…即辦件占比達到 85%以上
    assert row["task"] == 8 and row["value"] == 85 and isinstance(row["value"], float)
    assert row["comparator"] == ">=" and row["unit"] == "%"
    assert row["task_iri"].startswith("https://") and row["leads"] == ["政務服務局"]
    load = {row["department"]: row for row in kg.query("department-load", params={}, store=fixture_store)}
    assert load["市直各相關部門"]["collective"] is True and load["政務服務局"]["collective"] is False


@pytest.mark.parametrize(
    ("asof", "tasks"),
    [("2022-03-31", [25]), ("2022/3/31", [25]), ("2022年3月31日", [25]), ("2022-03-30", []), ("2022-12-31", [25, 21])],
)
def test_deadlines_as_of_a_date(fixture_store: Any, asof: str, tasks: list[int]) -> None:
    # 25: 2022 年 3 月底前完成掃碼設備配備工作; 21: 2022 年底前全面實現涉企證照電子化
    assert [row["task"] for row in kg.query("deadlines", params={"asof": asof}, store=fixture_store)] == tasks


def test_without_asof_every_deadline_in_date_order(fixture_store: Any) -> None:
    rows = kg.query("deadlines", params={}, store=fixture_store)
    assert [(row["date"], row["task"]) for row in rows] == [("2022-03-31", 25), ("2022-12-31", 21)]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("lead-lod", {}, "did you mean lead-load"),
        ("co-leads", {}, "needs the parameter 'dept'"),
        ("co-leads", {"dept": "发改委", "year": "2022"}, "has no parameter 'year'"),
        ("deadlines", {"asof": "March"}, "needs a date"),
        ("co-leads", {"dept": "   "}, "needs the parameter 'dept'"),
        ("SELECT ?x WHERE { ?x ?y }", {}, "malformed query"),
        ("CONSTRUCT WHERE { ?x ?y ?z }", {}, "only SELECT"),
    ],
)
def test_user_errors_are_one_line_query_errors(fixture_store: Any, name: str, params: dict, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        kg.query(name, params=params, store=fixture_store)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_lang_must_be_one_of_the_three(fixture_store: Any) -> None:
    with pytest.raises(QueryError, match="label language"):
        kg.query("lead-load", params={}, store=fixture_store, lang="fr")


def test_wrapping_marks_are_not_part_of_the_name(fixture_store: Any) -> None:
    # 《…》 around a title and quotes around a name are typed, not meant
    assert kg.query("department-tasks", params={"dept": '"發改委"'}, store=fixture_store) == kg.query(
        "department-tasks", params={"dept": "發改委"}, store=fixture_store
    )


@pytest.mark.parametrize("value", HOSTILE_PARAMETER_VALUES)
@pytest.mark.parametrize("name", ["department-tasks", "co-leads"])
def test_hostile_values_change_nothing_but_emptiness(fixture_store: Any, name: str, value: str) -> None:
    query = resolve_query(name)
    assert kg.query(name, params={"dept": value}, store=fixture_store) == []
    # the remote form (a VALUES block) on the same store: also empty, also no syntax error
    remote_text = with_values_block(query.text, bind_parameters(query, {"dept": value}))
    assert list(fixture_store.query(remote_text, use_default_graph_as_union=True)) == []


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_a_time_limited_run_gives_the_rows_of_an_unlimited_one(fixture_store: Any, path, lang: str) -> None:
    # the time-limited run evaluates in a forked child and sends its rows through a pipe
    query = resolve_query(path.stem)
    params = EXAMPLE_PARAMS.get(path.stem, {})
    limited = run(query, params, QueryOptions(store=fixture_store, lang=lang, timeout=60))
    unlimited = run(query, params, QueryOptions(store=fixture_store, lang=lang, timeout=None))
    assert limited.rows == unlimited.rows and limited.rows


def test_values_block_goes_into_the_where_clause_not_a_projected_exists(fixture_store: Any) -> None:
    text = "PREFIX plan: <https://w3id.org/plankg/ontology#>\nSELECT ?d (EXISTS { ?d a plan:CollectiveUnit } AS ?c) ?_dept\nWHERE { ?d plan:matchKey ?_dept }"
    query = parse_query(text)
    bound = with_values_block(text, bind_parameters(query, {"dept": "各苏木镇"}))
    assert bound.index("VALUES") > bound.index("WHERE {")
    (solution,) = list(fixture_store.query(bound, use_default_graph_as_union=True))
    assert solution["c"].value == "true"


@settings(max_examples=examples(200), deadline=None)
@given(st.text())
def test_serialised_literal_reads_back_as_the_same_string(value: str) -> None:
    text = f"SELECT ?x WHERE {{ VALUES ?x {{ {serialize_term(Term(value))} }} }}"
    (solution,) = list(pyoxigraph.Store().query(text))
    assert solution["x"].value == value


@pytest.mark.parametrize("value", ["http://e/a b", "http://e/<x>", "not an iri", 'http://e/"'])
def test_iri_parameters_must_be_iris(value: str) -> None:
    query = parse_query("SELECT ?x ?_node_iri WHERE { ?x ?p ?_node_iri }")
    with pytest.raises(QueryError, match="absolute IRI"):
        to_term(query.parameters[0], value)


# A parameter matched inside a sub-SELECT (co-leads counts inside one) must be bound there:
# a sub-SELECT's variables are its own, so a VALUES block at the top level does not reach it.
SUB_SELECT = """PREFIX plan: <https://w3id.org/plankg/ontology#>
SELECT ?department_iri ?led ?_dept WHERE {
  { SELECT ?department_iri (COUNT(DISTINCT ?task) AS ?led) WHERE {
      { SELECT DISTINCT ?department_iri WHERE { ?department_iri plan:matchKey ?_dept } }
      ?task plan:leadDepartment ?department_iri
    } GROUP BY ?department_iri }
}"""


def test_a_values_block_goes_into_every_sub_select(fixture_store: Any) -> None:
    bound = with_values_block(SUB_SELECT, bind_parameters(parse_query(SUB_SELECT), {"dept": "发改委"}))
    assert bound.count("VALUES (?_dept)") == 3
    solutions = list(fixture_store.query(bound, use_default_graph_as_union=True))
    assert [solution["department_iri"].value for solution in solutions] == ["https://w3id.org/plankg/org/xilinhot/fagaiwei"]


def test_terms_stand_in_place_inside_a_sub_select_after_its_group_by() -> None:
    text = SUB_SELECT.replace(" ?_dept WHERE {\n  { SELECT", " WHERE {\n  { SELECT", 1)
    bound = with_terms_in_place(text, bind_parameters(parse_query(text), {"dept": "發改委"}))
    assert "VALUES" not in bound and 'plan:matchKey "发改委" }' in bound
    # after the query's own GROUP BY a term cannot stand: the VALUES blocks are used instead
    grouped = text + "\nGROUP BY ?department_iri ?led HAVING(COUNT(?_dept) >= 0)"
    assert with_terms_in_place(grouped, bind_parameters(parse_query(grouped), {"dept": "發改委"})).count("VALUES") == 3


def test_co_leads_on_the_seed_counts_only_the_asked_department(seed_store: Any) -> None:
    # 2. and 33. are led by 發改委 with 政務服務局 (牽頭部門:發改委、政務服務局…); any other
    # department's co-leads would show if ?_dept were not bound inside the counting sub-SELECT
    rows = kg.query("co-leads", dept="發改委", store=seed_store)
    assert {row["department"] for row in rows} == {"發展和改革委員會"}
    assert [row["tasks"] for row in rows if row["co_lead"] == "政務服務局"] == [[2, 33]]
