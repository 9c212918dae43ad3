"""The queries / query commands: formats, errors and exit codes, --file and --queries-dir.

The dataset here is the hand-written excerpt of the seed (tests/fixtures/query-graph.trig);
the end-to-end answers on the real seed build are in test_queries.py.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kg.sparql.run
from kg.cli import cli
from support import QUERY_FILES


@pytest.fixture(autouse=True)
def excerpt_dataset(fixture_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = fixture_store
    monkeypatch.setattr(kg.sparql.run, "open_query_store", lambda dataset=None, sources=None, plans=None: store)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_queries_lists_every_saved_query_with_its_parameters() -> None:
    code, out, _ = invoke("queries", "--format", "json")
    assert code == 0
    listed = {row["name"]: row for row in json.loads(out)}
    assert set(listed) == {path.stem for path in QUERY_FILES}
    assert listed["co-leads"]["parameters"] == ["dept"]
    assert listed["deadlines"]["parameters"] == ["asof?"]
    assert listed["lead-load"]["summary"].startswith("Departments ranked")


def test_query_json_is_an_array_of_objects_keyed_by_variable() -> None:
    code, out, _ = invoke("query", "co-leads", "-p", "dept=發改委", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    # 2.…(牽頭部門:發改委、政務服務局…) and 33.…(牽頭部門:發改委、政務服務局、區域經濟合作服務中心…)
    assert rows[0] == {
        "co_lead": "政務服務局",
        "shared": 2,
        "tasks": [2, 33],
        "department": "發展和改革委員會",
        "co_lead_iri": "https://w3id.org/plankg/org/xilinhot/zhengwufuwuju",
        "department_iri": "https://w3id.org/plankg/org/xilinhot/fagaiwei",
    }


def test_query_csv_and_markdown_and_table() -> None:
    _, out, _ = invoke("query", "lead-load", "--format", "csv", "--lang", "zh-Hans")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table[0]["department"] == "政务服务局" and table[0]["led"] == "6"
    _, out, _ = invoke("query", "lead-load", "--format", "md", "--lang", "en")
    assert out.splitlines()[0] == "| department | led | tasks | department_iri |"
    assert "| Government Services Bureau | 6 | 1, 2, 8, 21, 25, 33 |" in out
    _, out, _ = invoke("query", "lead-load", "--format", "table")
    assert out.splitlines()[0].split() == ["department", "led", "tasks"], "a terminal table leaves IRI columns out"


def test_an_empty_answer_still_prints_the_columns() -> None:
    code, out, _ = invoke("query", "department-tasks", "-p", "dept=不存在的局", "--format", "csv")
    assert code == 0 and out == "task,role,department,text,task_iri,department_iri\n"


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("query", "lead-lod"), 1, "did you mean lead-load"),
        (("query", "co-leads"), 1, "add -p dept=VALUE"),
        (("query", "co-leads", "-p", "dept"), 2, "-p takes key=value"),
        (("query", "co-leads", "-p", "dept=发改委", "-p", "year=2022"), 1, "has no parameter 'year'"),
        (("query",), 2, "give a query NAME or --file"),
        (("query", "deadlines", "-p", "asof=soon"), 1, "needs a date"),
        (("query", "lead-load", "--lang", "fr"), 2, "Invalid value for '--lang'"),
        (("queries", "--queries-dir", "/nonexistent/folder"), 2, "does not exist"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(args: tuple[str, ...], exit_code: int, message: str) -> None:
    code, out, err = invoke(*args)
    assert code == exit_code
    assert message in err
    assert "Traceback" not in err and out == ""


def test_file_runs_an_ad_hoc_query(tmp_path: Path) -> None:
    query = tmp_path / "joint.rq"
    query.write_text(
        "PREFIX plan: <https://w3id.org/plankg/ontology#>\nPREFIX schema: <https://schema.org/>\n"
        "SELECT ?task WHERE { ?t plan:jointDepartment ?d ; schema:position ?task } ORDER BY ?task\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("query", "--file", str(query), "--format", "json")
    # 29.…(住建局、供電局按職責分工負責): two joint units, one task
    assert code == 0 and json.loads(out) == [{"task": 29}, {"task": 29}]


def test_a_malformed_file_is_a_one_line_error(tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    code, _, err = invoke("query", "--file", str(query))
    assert code == 1 and err.startswith("Error: malformed query broken:") and err.count("\n") == 1


def test_queries_dir_adds_the_users_own_queries(tmp_path: Path) -> None:
    (tmp_path / "units-of-task.rq").write_text(
        "#+ summary: The units named in one task\n#+ tags: [mine]\n#+ columns:\n#+   - unit: a unit's IRI\n"
        "PREFIX schema: <https://schema.org/>\nPREFIX plan: <https://w3id.org/plankg/ontology#>\n"
        "SELECT ?unit ?_n_integer WHERE { ?t schema:position ?_n_integer ; plan:involvedDepartment|plan:leadDepartment ?unit }"
        " ORDER BY ?unit\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("queries", "--queries-dir", str(tmp_path), "--format", "json")
    mine = [row for row in json.loads(out) if row["name"] == "units-of-task"]
    assert code == 0 and mine[0]["parameters"] == ["n"] and mine[0]["origin"].endswith("units-of-task.rq")
    code, out, _ = invoke("query", "units-of-task", "--queries-dir", str(tmp_path), "-p", "n=14", "--format", "json")
    # 14.…(牽頭部門:發改委;責任部門:市直各相關部門): the lead of the excerpt (only leads are asserted there)
    assert code == 0 and json.loads(out) == [{"unit": "https://w3id.org/plankg/org/xilinhot/fagaiwei"}]
    code, _, err = invoke("query", "units-of-task", "--queries-dir", str(tmp_path), "-p", "n=fourteen")
    assert code == 1 and "whole number" in err


@pytest.mark.parametrize("command", ["queries", "query", "analyze"])
def test_every_command_has_help(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0 and "Usage: " in out and "--format" in out


# -- end to end, in a fresh process, on the cached build of the seed ----------------------------

HEAVY_MODULES = ("rdflib", "networkx", "pyvis", "owlrl", "pyshacl", "matplotlib", "pandas")


def run_plankg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


# the seed_store fixture builds and caches the embedded plan's dataset first, as `plankg build` would


def test_a_saved_query_from_a_cold_shell(seed_store: Any) -> None:
    result = run_plankg("query", "tasks-citing", "-p", "doc=国办发〔2022〕2号", "--format", "json")
    assert result.returncode == 0, result.stderr
    # 1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求…
    assert [row["task"] for row in json.loads(result.stdout)] == [1]


def test_an_unknown_query_from_a_cold_shell_fails_in_one_line(seed_store: Any) -> None:
    result = run_plankg("query", "co-lead", "-p", "dept=發改委")
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: unknown query 'co-lead'; did you mean co-leads")


def test_the_query_path_imports_nothing_heavy(seed_store: Any) -> None:
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom kg.cli import cli\n"
        "result = CliRunner().invoke(cli, ['query', 'lead-load', '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(','.join(name for name in {HEAVY_MODULES!r} if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"plankg query imported {result.stdout.strip()}"
