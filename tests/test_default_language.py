"""Without --lang, labels come in the script the plans are written in.

The embedded plan is traditional (錫林浩特市…), so its answers stay in zh-Hant; a plan
written in simplified script (tests/fixtures/xilinhot-2022-open-government-simplified.txt:
"2.公开中介服务事项清单和网上中介服务超市入驻情况。（牵头单位：发展和改革委员会；…）")
answers in zh-Hans, and so does a dataset that mixes the two scripts. --lang still wins.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import SEED_FILE, XILINHOT_SIMPLIFIED, open_folder

from kg.cli import cli
from kg.pipeline import build
import kg
from kg.sparql.language import default_language


@pytest.fixture(scope="module")
def simplified_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build([str(XILINHOT_SIMPLIFIED)], tmp_path_factory.mktemp("simplified") / "build").out


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build([str(SEED_FILE), str(XILINHOT_SIMPLIFIED)], tmp_path_factory.mktemp("mixed") / "build").out


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_plans_language_is_recorded_on_each_plan(mixed_build, simplified_build, seed_build) -> None:
    assert default_language(store=open_folder(str(seed_build.out))) == "zh-Hant"
    assert default_language(store=open_folder(str(simplified_build))) == "zh-Hans"
    assert default_language(store=open_folder(str(mixed_build))) == "zh-Hans"


def test_a_simplified_plan_answers_in_simplified_script(simplified_build) -> None:
    rows = cli_json("query", "department-tasks", "-p", "dept=發改委", "--dataset", str(simplified_build))
    assert [(row["task"], row["department"]) for row in rows] == [(2, "发展和改革委员会")]
    assert rows[0]["text"].startswith("2.公开中介服务事项清单和网上中介服务超市入驻情况")


def test_the_embedded_plan_still_answers_in_traditional_script(seed_build) -> None:
    rows = cli_json("query", "lead-load", "--dataset", str(seed_build.out))
    assert rows[0]["department"] == "政務服務局" and rows[0]["led"] == 36


def test_a_mixed_dataset_answers_in_simplified_script_and_lang_still_wins(mixed_build) -> None:
    folder = str(mixed_build)
    assert cli_json("query", "lead-load", "--dataset", folder)[0]["department"] == "政务服务局"
    assert cli_json("query", "lead-load", "--dataset", folder, "--lang", "zh-Hant")[0]["department"] == "政務服務局"
    assert cli_json("query", "lead-load", "--dataset", folder, "--lang", "en")[0]["department"] == "Government Services Bureau"


def test_analyze_and_viz_follow_the_same_default(simplified_build, tmp_path: Path) -> None:
    report = cli_json("analyze", "--dataset", str(simplified_build))
    assert {row["department"] for row in report["workload"]} >= {"发展和改革委员会", "司法局", "政务服务局"}
    result = CliRunner().invoke(cli, ["viz", "--dataset", str(simplified_build), "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "责任网络" in page and "責任網絡" not in page
    assert "锡林浩特市2022年政务公开工作要点" in page


def test_python_callers_get_the_same_default(simplified_build) -> None:
    import kg

    assert kg.query("lead-load", str(simplified_build))[0]["department"] in {"发展和改革委员会", "司法局", "政务服务局", "大数据中心"}
    assert {row["department"] for row in kg.analyze(str(simplified_build))["workload"]} >= {"发展和改革委员会"}


def test_an_endpoint_is_asked_which_script_its_plans_are_in(simplified_build, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.sparql.language
    import kg.sparql.run

    local = open_folder(str(simplified_build))

    def answer(endpoint: str, text: str, timeout: float = 30.0, max_bytes: int = 0) -> dict:
        solutions = local.query(text, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        bindings = [
            {name: {"type": "literal", "value": solution[name].value} for name in names if solution[name] is not None}
            for solution in solutions
        ]
        return {"head": {"vars": names}, "results": {"bindings": bindings}}

    monkeypatch.setattr(kg.sparql.language, "post_query", answer)
    monkeypatch.setattr(kg.sparql.run, "post_query", answer)
    assert default_language(endpoint="http://example.invalid/sparql") == "zh-Hans"
    rows = kg.query("department-tasks", params={"dept": "发改委"}, endpoint="http://example.invalid/sparql")
    assert rows[0]["department"] == "发展和改革委员会"


def test_help_says_what_the_default_is() -> None:
    for command in ("query", "analyze", "viz"):
        text = " ".join(CliRunner().invoke(cli, [command, "--help"]).output.split())
        assert "--lang [zh-Hant|zh-Hans|en] Language of labels" in text, command
        assert "(default: the plans' own script: zh-Hant when every plan is in traditional script" in text, command
