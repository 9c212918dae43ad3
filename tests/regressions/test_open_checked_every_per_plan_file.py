"""Opening a build folder stat-ed every per-plan file: 4,000 files on 1,000 plans.

A reader (query, analyze, viz, serve) never opens ``plans/`` or ``parts/``, yet each
open checked their sizes against the manifest: opening a 1,000-plan folder took
107 ms where a 100-plan one took 31 ms. Readers now skip them; ``--add`` and
``plankg verify`` still check them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import DatasetError
from kg.pipeline import BuildResult, open_store, update, verify


@pytest.fixture
def folder(three_plan_build: BuildResult, tmp_path: Path) -> Path:
    copy = tmp_path / "build"
    shutil.copytree(three_plan_build.out, copy)
    return copy


def test_a_reader_opens_a_folder_whose_per_plan_dump_was_cut(folder: Path) -> None:
    dump = next((folder / "plans").glob("*.ttl"))
    dump.write_bytes(dump.read_bytes()[:-10])
    assert len(list(open_store(folder).named_graphs())) >= 6
    with pytest.raises(DatasetError, match="damaged"):
        verify(folder)


def test_a_cut_part_is_refused_before_it_is_reused(folder: Path) -> None:
    part = next((folder / "parts").glob("*.nq"))
    part.write_bytes(part.read_bytes()[:-10])
    with pytest.raises(DatasetError, match=f"{part.relative_to(folder).as_posix()} holds"):
        update(folder, remove=[])
