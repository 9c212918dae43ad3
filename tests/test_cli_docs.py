"""Every command has help, and the README's command reference is what --help prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_documented(name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.help.strip(), f"`plankg {name}` has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"### `plankg {name}`" in README.read_text(encoding="utf-8"), f"README lacks `plankg {name}`"


def test_readme_command_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(README)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, "README's command reference is stale: run `cog -r README.md`\n" + result.stdout


def test_readme_quick_start_has_exactly_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in quick_start.splitlines() if line.strip()]
    assert [command.split("#")[0].strip() for command in commands] == ["make demo", "make test"]


def test_python_dash_m_kg_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "0.1.0" in result.stdout
