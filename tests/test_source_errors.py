"""A missing or unreadable source is reported the same way by every command that takes SOURCES."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli


@pytest.mark.parametrize("command", [["build"], ["query", "lead-load"], ["analyze"], ["viz"]])
def test_a_missing_source_is_one_line_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    missing = tmp_path / "no-such-plan.txt"
    out = ["-o", str(tmp_path / "out")] if command == ["build"] else []
    result = CliRunner().invoke(cli, [*command, *out, str(missing)])
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {missing}: no such file; check the path, or omit it to read the embedded plan\n"
