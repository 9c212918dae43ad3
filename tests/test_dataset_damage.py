"""A damaged build folder is reported, never read as a smaller (or empty) plan graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import load_dataset, open_store
from kg.errors import DatasetError


def damaged_copy(build: Path, tmp_path: Path, keep_lines: int | None) -> Path:
    folder = tmp_path / "build"
    shutil.copytree(build, folder)
    dataset = folder / "dataset.nq"
    lines = dataset.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset.write_text("".join(lines[:keep_lines] if keep_lines is not None else []), encoding="utf-8")
    return folder


@pytest.mark.parametrize("keep_lines", [0, 1000], ids=["emptied", "cut-at-a-line-end"])
def test_a_dataset_shorter_than_its_manifest_is_refused(seed_build, tmp_path: Path, keep_lines: int) -> None:
    folder = damaged_copy(seed_build.out, tmp_path, keep_lines)
    with pytest.raises(DatasetError, match=r"damaged.*plankg build -o"):
        open_store(folder)
    with pytest.raises(DatasetError, match="damaged"):
        load_dataset(folder)


@pytest.mark.parametrize("command", [["query", "lead-load"], ["analyze"], ["viz"]])
def test_every_reading_command_says_so_in_one_line(seed_build, tmp_path: Path, command: list[str]) -> None:
    folder = damaged_copy(seed_build.out, tmp_path, 1000)
    out = ["-o", str(tmp_path / "view.html")] if command == ["viz"] else []
    result = CliRunner().invoke(cli, [*command, *out, "--dataset", str(folder)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "damaged" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "view.html").exists()
