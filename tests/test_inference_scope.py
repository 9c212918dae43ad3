"""Inference stays inside each plan: a corpus of plans that share systems, departments and
documents entails nothing that links a task of one plan to a task of another.

The corpus is three synthetic plans made by bench/synthetic.py from the seed: each is
the seed's text under another banner of the league, so every plan has the task that
fills the electronic licence library (电子证照库) and the tasks that rely on it — the
shared system through which the old chain made every plan's tasks depend on every
other plan's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from support import REPO
from kg.pipeline import build, load_ontology
from kg.graph.reason import reason
from kg.graph.triples import build_graphs

PLANS = "https://w3id.org/plankg/plan/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import generate

    return [str(path) for path in generate(3, tmp_path_factory.mktemp("synthetic-3"))]


@pytest.fixture(scope="module")
def corpus_build(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build(corpus, tmp_path_factory.mktemp("synthetic-3-build") / "build")


def plan_of(term: Any) -> str | None:
    """The plan slug of a plan-scoped node (task, section, list, system use …), else None."""
    text = str(term)
    if not isinstance(term, URIRef) or not text.startswith(PLANS):
        return None
    return text[len(PLANS) :].split("/", 1)[0].split(">", 1)[0]


def test_no_inferred_triple_links_nodes_of_two_plans(corpus_build) -> None:
    """Each plan's entailments sit in its own graph ({plan IRI}/inferred) and name no node of another plan."""
    result = corpus_build
    assert result.counts["plans"] == 3
    crossing = []
    by_graph: dict[str, int] = {}
    for line in (result.out / "dataset.nq").read_text(encoding="utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        if not graph.endswith("/inferred>"):
            continue
        owner = plan_of(URIRef(graph[1:-1]))
        by_graph[graph] = by_graph.get(graph, 0) + 1
        subject, _predicate, rest = line.split(" ", 2)
        obj = rest.rsplit(" ", 2)[0]
        for term in (subject, obj):
            if term.startswith("<") and plan_of(URIRef(term[1:-1])) not in (None, owner):
                crossing.append(line)
    assert len(by_graph) == 3 and all(count > 700 for count in by_graph.values())
    assert sum(by_graph.values()) == result.counts["inferred"]
    assert crossing == []


def test_tasks_still_depend_on_the_task_of_their_own_plan_that_fills_the_library(corpus_build) -> None:
    result = corpus_build
    text = (result.out / "dataset.nq").read_text(encoding="utf-8")
    depends = [line.split(" ", 3) for line in text.splitlines() if " <https://w3id.org/plankg/ontology#dependsOn> " in line and line.startswith(f"<{PLANS}")]
    assert depends, "no task depends on another"
    by_plan: dict[str, int] = {}
    for subject, _p, obj, _g in depends:
        assert plan_of(URIRef(subject[1:-1])) == plan_of(URIRef(obj[1:-1]))
        by_plan[plan_of(URIRef(subject[1:-1])) or ""] = by_plan.get(plan_of(URIRef(subject[1:-1])) or "", 0) + 1
    assert len(by_plan) == 3  # every plan keeps its own dependencies


def test_inferred_triples_per_plan_stay_those_of_one_plan(corpus_build, seed_build) -> None:
    seed = seed_build.counts["inferred"]
    per_plan = corpus_build.counts["inferred"] / 3
    assert per_plan <= 1.1 * seed, (per_plan, seed)


def test_fast_reasoner_gives_the_same_inferred_triples_as_owlrl_on_three_plans(corpus) -> None:
    from kg.pipeline import _parse

    ontology = load_ontology()
    asserted = build_graphs(_parse(corpus)).asserted()
    fast = reason(asserted, ontology, "fast").triples
    reference = reason(asserted, ontology, "owlrl").triples
    assert fast == reference
    assert not [t for t in fast if plan_of(t[0]) and plan_of(t[2]) and plan_of(t[0]) != plan_of(t[2])]
