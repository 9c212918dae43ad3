"""Every SPARQL query of the package is a .rq file: saved ones in queries/, the package's own in
queries/internal/ (read by analysis and views, never listed by `plankg queries`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.resources import internal_query, internal_query_files, query_files
from kg.sparql.registry import list_queries

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "viz", "queries", "ontology", "bench", "docs")

# what a query looks like at the start of a string: a prologue, or a query form followed by its body
QUERY_START = re.compile(
    r"""(?isx)^\s*(?:\#[^\n]*\n\s*)*(?:
        PREFIX\s+[\w-]*:\s*<
      | BASE\s*<
      | SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:\?|\$|\(|\*)
      | CONSTRUCT\s*(?:\{|WHERE)
      | ASK\s*(?:\{|WHERE|FROM)
      | DESCRIBE\s+(?:\?|<|\*)
    )"""
)


def string_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Each string literal's text, an f-string whole with ``?`` standing for what it formats in."""
    found = []
    pieces = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "?" for part in node.values)
            found.append((node.lineno, str(text)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces:
            found.append((node.lineno, node.value))
    return found


# Text that is SPARQL by form but is not a query the package runs: each entry says why.
GENERATED = {
    # Rule.sparql() prints each entailment rule generated from the ontology's axioms as CONSTRUCT text
    # for a reader; the reasoner runs the rules in Python, never this text.
    "kg/graph/reason.py",
}


def python_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "__pycache__" not in path.parts and str(path.relative_to(REPO)) not in GENERATED
    )


def test_the_pattern_finds_queries_and_leaves_prose_alone() -> None:
    assert QUERY_START.search("PREFIX plan: <https://w3id.org/plankg/ontology#>\nSELECT ?x WHERE { ?x ?p ?o }")
    assert QUERY_START.search("SELECT DISTINCT ?task WHERE { ?task a plan:Task }")
    assert QUERY_START.search("\n  CONSTRUCT { ?x <p> ?y } WHERE { ?x <q> ?y }")
    assert QUERY_START.search("ASK { ?s ?p ?o }")
    assert not QUERY_START.search("Run the SELECT query in this .rq file instead of a saved one.")
    assert not QUERY_START.search("only SELECT queries can be run with parameters")
    module = ast.parse('QUERY = f"SELECT ?x WHERE {{ ?x a {kind} }}"\nHELP = "select a view"')
    assert [line for line, text in string_texts(module) if QUERY_START.search(text)] == [1]


@pytest.mark.parametrize("path", python_files(), ids=lambda path: str(path.relative_to(REPO)))
def test_no_python_file_holds_a_query(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    queries = [line for line, text in string_texts(tree) if QUERY_START.search(text)]
    assert not queries, f"{path.relative_to(REPO)} holds SPARQL at line(s) {queries}: move it to a .rq file"


def test_internal_queries_are_packaged_and_not_listed() -> None:
    internal = {entry.name.removesuffix(".rq") for entry in internal_query_files()}
    assert {"involvements", "tasks", "plans", "departments", "relations", "stated-dependencies"} <= internal
    listed = {query.name for query in list_queries()}
    assert not internal & listed, "internal queries are not saved queries"
    assert {entry.name.removesuffix(".rq") for entry in query_files()} == listed


@pytest.mark.parametrize("name", sorted(entry.name.removesuffix(".rq") for entry in internal_query_files()))
def test_each_internal_query_runs_on_the_seed(seed_store, name: str) -> None:

    solutions = seed_store.query(internal_query(name), use_default_graph_as_union=True)
    assert [variable.value for variable in solutions.variables], name
    if name not in STATES_NOTHING_IN_THE_SEED:
        assert list(solutions), f"{name} finds nothing in the seed's build"


STATES_NOTHING_IN_THE_SEED = {
    "stated-dependencies",  # the seed says no "depends on task n" in words
    "publish-record",  # a store's record of what plankg publish sent; no build holds one
}
