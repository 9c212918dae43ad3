"""SOURCES… given to query / analyze / viz are built on the fly; when that build fails its SHACL
check, the message says how to go on, with options those commands have."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SEED_FILE

from kg.cli import cli


def plan_with_an_unassigned_task(tmp_path: Path) -> Path:
    """The seed up to task 1, then its task 14 with the annotation (牽頭部門:發改委;…) left off."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    first_task = next(index for index, line in enumerate(lines) if line.startswith("1.按照國務院辦公廳"))
    task14 = next(line for line in lines if line.startswith("14.推廣全盟統一"))
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([*lines[: first_task + 1], task14.split("(牽頭部門")[0]]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["query", "lead-load"], ["analyze"], ["viz"]])
def test_a_shacl_failure_on_the_fly_points_to_build_no_validate_and_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = plan_with_an_unassigned_task(tmp_path)
    out = ["-o", str(tmp_path / "view.html")] if command == ["viz"] else []
    result = CliRunner().invoke(cli, [*command, *out, str(source)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert "task/14" in result.output and "at least one department" in result.output
    assert "plankg build --no-validate" in result.output and "--dataset" in result.output
