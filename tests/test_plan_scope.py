"""`plankg query --plan`: a build's store seen through some of its plans answers as a build of those plans alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from support import EXAMPLE_PARAMS, LEAGUE_SIMPLIFIED, SEED_FILE, XILINHOT_SIMPLIFIED
from kg.cli import cli
from kg.pipeline import BuildResult, build, read_manifest
from kg.sparql.registry import list_queries
from kg.sparql.run import query

SEED_ID = "01166760-1-2022-00759"  # the 索引号 in the seed's header


def _ids(folder: Path) -> dict[str, str]:
    """Source file name → plan id, from the manifest."""
    return {str(entry["file"]): str(entry["plan"]) for entry in read_manifest(folder)["sources"]}


@pytest.fixture(scope="module")
def two_plan_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([str(XILINHOT_SIMPLIFIED), str(LEAGUE_SIMPLIFIED)], tmp_path_factory.mktemp("two") / "build")


# What plans say of a node they share (a cited document's title as each writes it) is stated once
# for all of them in the shared graph, so a scope sees every plan's wording of a shared document.
SHARED_WORDING = {"cited-documents": ("title", "issuer"), "tasks-citing": ("document",)}


def _answers(folder: Path, plans: list[str] | None = None) -> dict[str, Any]:
    answers = {}
    for saved in list_queries():
        rows = query(saved.name, dataset=folder, params=EXAMPLE_PARAMS.get(saved.name, {}), plans=plans)
        dropped = SHARED_WORDING.get(saved.name, ())
        answers[saved.name] = [{key: value for key, value in row.items() if key not in dropped} for row in rows]
    return answers


def test_one_plan_of_three_answers_as_its_own_build(three_plan_build: BuildResult, seed_build: BuildResult) -> None:
    assert _ids(three_plan_build.out)[SEED_FILE.name] == SEED_ID
    scoped = _answers(three_plan_build.out, [SEED_ID])
    alone = _answers(seed_build.out)
    assert scoped == alone
    # and the scope does narrow: the three plans together have more leads than the seed alone
    everything = query("lead-load", dataset=three_plan_build.out)
    assert sum(row["led"] for row in everything) > sum(row["led"] for row in alone["lead-load"])


def test_two_plans_of_three_by_file_name_answer_as_their_own_build(three_plan_build: BuildResult, two_plan_build: BuildResult) -> None:
    scoped = _answers(three_plan_build.out, [XILINHOT_SIMPLIFIED.name, LEAGUE_SIMPLIFIED.name])
    assert scoped == _answers(two_plan_build.out)
    assert scoped["department-load"], "the two plans lead tasks"


def test_the_cli_scopes_a_saved_query_to_a_plan(three_plan_build: BuildResult, seed_build: BuildResult) -> None:
    def rows(*arguments: str) -> list[dict[str, Any]]:
        result = CliRunner().invoke(cli, ["query", "lead-load", "--format", "json", *arguments])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    scoped = rows("--dataset", str(three_plan_build.out), "--plan", SEED_ID)
    assert scoped == rows("--dataset", str(seed_build.out))
    # 政务服务局 leads 36 of the seed's tasks (counted by hand in its notes)
    assert [row["led"] for row in scoped if row["department"] == "政務服務局"] == [36]


@pytest.mark.parametrize(
    "arguments, words",
    [
        (["--plan", "no-such-plan"], ["'no-such-plan' is no plan of this build", SEED_ID]),
        (["--plan", SEED_ID, "--endpoint", "http://127.0.0.1:9/sparql"], ["--plan reads a build folder"]),
    ],
)
def test_a_plan_the_build_does_not_hold_is_a_one_line_error(three_plan_build: BuildResult, arguments: list[str], words: list[str]) -> None:
    extra = [] if "--endpoint" in arguments else ["--dataset", str(three_plan_build.out)]
    result = CliRunner().invoke(cli, ["query", "lead-load", *extra, *arguments])
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("Error: "), message
    assert all(word in message for word in words), message


def test_analyze_and_viz_read_one_plan_of_three_as_its_own_build(
    three_plan_build: BuildResult, seed_build: BuildResult, tmp_path: Path
) -> None:
    def output(*arguments: str) -> str:
        result = CliRunner().invoke(cli, list(arguments))
        assert result.exit_code == 0, result.output
        return result.stdout

    scoped = json.loads(output("analyze", "--dataset", str(three_plan_build.out), "--plan", SEED_ID, "--format", "json"))
    assert scoped == json.loads(output("analyze", "--dataset", str(seed_build.out), "--format", "json"))
    pages = []
    for name, arguments in (("scoped", ["--dataset", str(three_plan_build.out), "--plan", SEED_ID]), ("alone", ["--dataset", str(seed_build.out)])):
        page = tmp_path / f"{name}.html"
        output("viz", *arguments, "--kind", "dependency", "-o", str(page))
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]
