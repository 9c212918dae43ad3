"""Errors in a user's own .rq files name the file; a timeout must be positive."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli


def test_a_malformed_header_names_the_file_it_is_in(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.rq").write_text("#+ summary\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["queries", "--queries-dir", str(folder)])
    assert result.exit_code == 1
    assert str(folder / "broken.rq") in result.output and "malformed query header" in result.output
    assert result.output.count("\n") == 1


def test_timeout_must_be_positive() -> None:
    result = CliRunner().invoke(cli, ["query", "lead-load", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "0"])
    assert result.exit_code == 2 and "--timeout" in result.output
