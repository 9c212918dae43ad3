"""Names and small helpers the test files share (the fixtures are in conftest.py).

What a test file needs when it is imported (parametrize lists, paths, IRIs)
lives here; what takes time to make (builds, stores, view data) is a fixture
of ``tests/conftest.py``, made once per session.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from hypothesis import settings

from kg.normalize import to_simplified
from kg.pipeline import open_store
from kg.resources import default_corpus_file

__all__ = [
    "BASE",
    "EXAMPLE_PARAMS",
    "FIXTURES",
    "FIXTURE_GRAPH",
    "HOSTILE_NAME",
    "HOSTILE_PARAMETER_VALUES",
    "HOSTILE_TEXT",
    "HYPOTHESIS_PROFILE",
    "LEAGUE_SIMPLIFIED",
    "PLAN",
    "PREFIXES",
    "QUERY_FILES",
    "REPO",
    "SCRIPTS",
    "SEED_FILE",
    "SEED_PLAN",
    "SEED_TEXT",
    "XILINHOT",
    "XILINHOT_SIMPLIFIED",
    "examples",
    "graph_triples",
    "in_script",
    "open_folder",
    "seed_clause",
    "select",
    "stop",
]

# the hypothesis profile (registered in conftest.py): "ci" runs each property test at its own size,
# "nightly" at 10,000 cases each (HYPOTHESIS_PROFILE=nightly; see the README's testing part)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"


def examples(ci: int) -> int:
    """How many cases a property test runs: ``ci`` in the ci profile, the chosen profile's figure otherwise."""
    return ci if HYPOTHESIS_PROFILE == "ci" else settings.default.max_examples


REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))

# -- the seed: 錫林浩特市2022年政務服務重點工作實施方案, the embedded plan --------------------------

SEED_FILE = REPO / "corpus" / "xilinhot-2022-government-services.txt"
SEED_TEXT = default_corpus_file().read_text(encoding="utf-8")
SCRIPTS = ["Hant", "Hans"]


def in_script(text: str, script: str) -> str:
    """``text`` as written (Hant, the seed's script) or converted to simplified script."""
    return to_simplified(text) if script == "Hans" else text


def seed_clause(clause: str) -> str:
    """``clause``, after checking that the seed really says it."""
    assert clause in SEED_TEXT, f"not in the seed: {clause}"
    return clause


# -- other plans: another Xilinhot plan (same jurisdiction), a Xilingol League plan (another one) ---

XILINHOT_SIMPLIFIED = FIXTURES / "xilinhot-2022-open-government-simplified.txt"
LEAGUE_SIMPLIFIED = FIXTURES / "league-2022-government-services-simplified.txt"
FIXTURE_GRAPH = FIXTURES / "query-graph.trig"  # a hand-written excerpt of the seed's graph

# -- IRIs of the built graph --------------------------------------------------------------------

PLAN = "https://w3id.org/plankg/ontology#"
BASE = "https://w3id.org/plankg/"
SEED_PLAN = f"{BASE}plan/01166760-1-2022-00759"
XILINHOT = f"{BASE}org/xilinhaoteshi"

PREFIXES = """
PREFIX plan: <https://w3id.org/plankg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX p-plan: <http://purl.org/net/p-plan#>
"""

# -- saved-query parameters ------------------------------------------------------------------------

# one value per parameter of each saved query that finds something in the seed and in the excerpt
EXAMPLE_PARAMS = {
    "department-tasks": {"dept": "發改委"},
    "co-leads": {"dept": "政务服务局"},
    "tasks-depending-on": {"system": "电子证照库"},
    "tasks-citing": {"doc": "国办发〔2022〕2号"},
    "deadlines": {"asof": "2022-06-30"},
}

# values typed to break out of a query: each may only make the answer empty
HOSTILE_PARAMETER_VALUES = [
    '发改"委',
    '发改委" } UNION { ?department_iri ?p ?o } #',
    "发改委' } UNION { ?x ?y ?z }",
    "發改委' . ?s ?p ?o",
    "} UNION {",
    '\\" } UNION { ?a ?b ?c } #',
    '\\" } #',
    "发改委\\u0022 } UNION {",
    '发改委""" . ?s ?p ?o',
    "<https://w3id.org/plankg/org/xilinhot/fagaiwei>",
    "发改委\n} UNION {",
    "?_dept",
]

# -- a hostile plan: markup where task text and a department's name should be -----------------------

HOSTILE_TEXT = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(2)"> \' " & \u2028 end'
HOSTILE_NAME = '司法局"><img src=x onerror="window.__pwned=3">'


# -- servers the tests start ------------------------------------------------------------------------


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str], seconds: float = 10.0) -> None:
    """Stop a server a test started, and wait for it (killed if it does not stop within ``seconds``)."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# -- reading a build folder --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def open_folder(folder: str) -> Any:
    """The store of a build folder, opened once."""
    return open_store(folder)


def select(folder: Path, query: str) -> list[dict[str, Any]]:
    """Rows of a SPARQL SELECT over the union of all graphs of a build folder, values as Python strings/ints.

    Oxigraph lower-cases language tags: compare them with LANGMATCHES, not ``=``.
    """
    rows = []
    solutions = open_folder(str(folder)).query(PREFIXES + query, use_default_graph_as_union=True)
    variables = [variable.value for variable in solutions.variables]
    for solution in solutions:
        row: dict[str, Any] = {}
        for name in variables:
            term = solution[name]
            if term is None:
                row[name] = None
            elif isinstance(term, pyoxigraph.Literal) and term.datatype.value.endswith("#integer"):
                row[name] = int(term.value)
            else:
                row[name] = term.value
        rows.append(row)
    return rows


def graph_triples(folder: Path, graph: str) -> set[tuple[str, str, str]]:
    """The triples of one named graph of a build folder, as (s, p, o) value strings."""
    return {
        (quad.subject.value, quad.predicate.value, quad.object.value)
        for quad in open_folder(str(folder)).quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))
    }
