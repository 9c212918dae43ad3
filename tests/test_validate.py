"""SHACL validation (ontology/shapes.ttl): the seed conforms; broken graphs fail with a clear message."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from support import SEED_PLAN, XILINHOT
from kg.pipeline import load_ontology
from kg.errors import ValidationError
from kg.graph.namespace import PLAN
from kg.graph.triples import build_graphs
from kg.graph.reason import reason
from kg.graph.validate import check, validate_graph

TASK = f"{SEED_PLAN}/task/"


@pytest.fixture(scope="module")
def seed_triples(seed_build) -> set:
    """The seed's asserted and inferred triples, as the build validates them."""
    asserted = build_graphs(seed_build.plans).asserted()
    return asserted | reason(asserted, load_ontology()).triples


def without(triples: set, predicate=None, subject=None, obj=None) -> set:  # type: ignore[no-untyped-def]
    return {
        (s, p, o)
        for s, p, o in triples
        if not ((predicate is None or p == predicate) and (subject is None or s == subject) and (obj is None or o == obj))
    }


def test_the_seed_conforms(seed_build, seed_triples: set) -> None:
    assert seed_build.validated
    report = validate_graph(seed_triples)
    assert report.conforms, report.text()
    assert report.violations == []


def test_a_task_without_any_department_fails_with_a_clear_message(seed_triples: set) -> None:
    # 5.進一步規范辦事指南,…(牽頭部門:政務服務局;責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門)
    task = URIRef(f"{TASK}5")
    broken = seed_triples
    for role in (PLAN.leadDepartment, PLAN.responsibleDepartment, PLAN.jointDepartment, PLAN.involvedDepartment):
        broken = without(broken, predicate=role, subject=task)
    with pytest.raises(ValidationError) as raised:
        check(broken, base="https://w3id.org/plankg/")
    message = str(raised.value)
    assert "\n" not in message
    assert "1 SHACL constraint" in message
    assert "plan/01166760-1-2022-00759/task/5" in message
    assert "at least one department" in message
    assert "--no-validate" in message
    assert "plan:involvedDepartment" in raised.value.report


def test_a_curated_department_without_its_english_name_fails(seed_triples: set) -> None:
    justice = URIRef(f"{XILINHOT}/sifaju")
    broken = {t for t in seed_triples if not (t[0] == justice and t[1] == SKOS.prefLabel and t[2].language == "en")}
    report = validate_graph(broken)
    assert not report.conforms
    assert [v.focus for v in report.violations] == [str(justice)]
    assert "English name" in report.violations[0].message


def test_an_indicator_without_comparator_or_value_fails(seed_triples: set) -> None:
    # 8.…即辦件占比達到 85%以上
    indicator = URIRef(f"{TASK}8/indicator/1")
    broken = without(without(seed_triples, predicate=PLAN.comparator, subject=indicator), predicate=URIRef("https://schema.org/value"), subject=indicator)
    report = validate_graph(broken)
    messages = sorted(v.message for v in report.violations if v.focus == str(indicator))
    assert messages == ["An indicator needs one comparator: >=, >, <=, < or =.", "An indicator needs one decimal value (schema:value)."]


def test_a_department_with_two_simplified_names_fails(seed_triples: set) -> None:
    office = URIRef(f"{XILINHOT}/zhengwufuwuju")
    broken = seed_triples | {(office, SKOS.prefLabel, Literal("政务服务管理局", lang="zh-Hans"))}
    report = validate_graph(broken)
    assert any(v.focus == str(office) and "simplified script" in v.message for v in report.violations)


def test_the_build_command_prints_the_report_and_fails_without_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kg.cli
    from kg.cli import cli

    def failing_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError("the built graph violates 1 SHACL constraint(s) of ontology/shapes.ttl, first: x", report="SHACL: 1 violation(s):\n  - task/5: …")

    monkeypatch.setattr(kg.cli, "build", failing_build)  # the library call the command makes
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "SHACL: 1 violation(s)" in result.output
    assert "Error: the built graph violates 1 SHACL constraint" in result.output
    assert "Traceback" not in result.output
