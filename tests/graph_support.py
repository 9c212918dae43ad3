"""Builds shared by the graph tests: each is made once per test session.

* :func:`seed_build` — the embedded seed plan (錫林浩特市2022年政務服務重點工作實施方案).
* :func:`three_plan_build` — the seed plus two simplified-script plans in
  tests/fixtures: another Xilinhot plan (same jurisdiction) and a Xilingol
  League plan (another jurisdiction), both citing 国办发〔2022〕2号.

The build folders live in one temporary folder removed at exit; the cache is
never touched (every build here names its ``out``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "xilinhot-2022-government-services.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
XILINHOT_SIMPLIFIED = FIXTURES / "xilinhot-2022-open-government-simplified.txt"
LEAGUE_SIMPLIFIED = FIXTURES / "league-2022-government-services-simplified.txt"

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


@lru_cache(maxsize=1)
def scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="plankg-graph-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@lru_cache(maxsize=1)
def seed_build() -> Any:
    from kg.pipeline import build

    return build([str(SEED)], scratch() / "seed")


@lru_cache(maxsize=1)
def three_plan_build() -> Any:
    from kg.pipeline import build

    return build([str(SEED), str(XILINHOT_SIMPLIFIED), str(LEAGUE_SIMPLIFIED)], scratch() / "three")


@lru_cache(maxsize=2)
def store(folder: str) -> Any:
    from kg.pipeline import open_store

    return open_store(folder)


def select(folder: Path, query: str) -> list[dict[str, Any]]:
    """Rows of a SPARQL SELECT over the union of all graphs of a build folder, values as Python strings/ints.

    Oxigraph lower-cases language tags: compare them with LANGMATCHES, not ``=``.
    """
    import pyoxigraph

    rows = []
    solutions = store(str(folder)).query(PREFIXES + query, use_default_graph_as_union=True)
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
    import pyoxigraph

    return {
        (quad.subject.value, quad.predicate.value, quad.object.value)
        for quad in store(str(folder)).quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))
    }
