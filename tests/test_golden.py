"""The seed's records against tests/golden/xilinhot-2022.json, reviewed by hand against the source text.

See tests/golden/README.md for how the file was reviewed and the judgment calls it records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.model import Plan

GOLDEN = Path(__file__).parent / "golden" / "xilinhot-2022.json"


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text("utf-8"))


@pytest.fixture(scope="module")
def actual(seed_plan: Plan) -> dict[str, Any]:
    # through JSON, as `plankg extract --format json` prints it
    return json.loads(json.dumps(seed_plan.to_dict(), ensure_ascii=False))


def test_golden_holds_all_47_tasks(golden: dict[str, Any]) -> None:
    assert [task["number"] for task in golden["tasks"]] == list(range(1, 48))


@pytest.mark.parametrize("number", range(1, 48))
def test_task_matches_golden(number: int, golden: dict[str, Any], actual: dict[str, Any]) -> None:
    expected = golden["tasks"][number - 1]
    got = actual["tasks"][number - 1]
    for key in ("lead", "responsible", "joint", "open_list", "cites", "lists", "indicators", "deadlines", "systems"):
        assert got[key] == expected[key], f"task {number}: {key}"
    assert got == expected


@pytest.mark.parametrize("key", ["id", "source", "document", "sections", "citations", "warnings"])
def test_plan_matches_golden(key: str, golden: dict[str, Any], actual: dict[str, Any]) -> None:
    assert actual[key] == golden[key]
