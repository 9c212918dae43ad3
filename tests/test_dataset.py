"""The build folder and the loading API later commands use (kg.store.dataset)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import LEAGUE_SIMPLIFIED, SEED_FILE
from kg.pipeline import load_dataset, open_store, read_manifest, resolve_dataset_dir
from kg.store.dataset import cache_key
from kg.errors import DatasetError, SourceError, UsageError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PLANKG_BASE", raising=False)
    return tmp_path / "cache" / "plankg"


def forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    def no_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the cached dataset should have been loaded, not rebuilt")

    monkeypatch.setattr(kg.pipeline, "build", no_build)


def test_the_embedded_corpus_is_built_on_first_use_then_loaded_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store()
    folders = [folder for folder in cache.iterdir() if not folder.name.startswith(".")]  # beside each: its build lock
    assert len(folders) == 1 and (folders[0] / "manifest.json").is_file()
    assert json.loads((folders[0] / "manifest.json").read_text())["counts"]["tasks"] == 47
    forbid_building(monkeypatch)
    again = open_store()
    assert len(again) == len(store) > 3000
    assert resolve_dataset_dir() == folders[0]


def test_sources_are_built_on_the_fly_and_cached_the_same_way(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = resolve_dataset_dir(sources=[str(LEAGUE_SIMPLIFIED)])
    assert folder.parent == cache
    assert read_manifest(folder)["sources"][0]["plan"] == "01166700-3-2022-00114"
    forbid_building(monkeypatch)
    assert resolve_dataset_dir(sources=[str(LEAGUE_SIMPLIFIED)]) == folder


def test_the_cache_key_follows_the_inputs(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed = cache_key([str(SEED_FILE)])
    assert cache_key() == seed  # the embedded corpus is the seed
    assert cache_key([str(LEAGUE_SIMPLIFIED)]) != seed
    monkeypatch.setenv("PLANKG_BASE", "https://example.org/kg/")
    assert cache_key([str(SEED_FILE)]) != seed


def test_a_build_folder_loads_into_pyoxigraph_and_rdflib(seed_build) -> None:
    folder = seed_build.out
    manifest = read_manifest(folder)
    store = open_store(folder)
    assert len(store) == sum(manifest["graphs"].values())
    dataset = load_dataset(folder)
    sizes = {str(graph.identifier): len(graph) for graph in dataset.graphs() if len(graph)}
    assert sizes == manifest["graphs"]


def test_loading_a_build_imports_neither_rdflib_nor_owlrl(seed_build) -> None:
    code = (
        "import sys; from kg.pipeline import open_store; store = open_store(sys.argv[1]); "
        "print(len(store), sorted(m for m in ('rdflib', 'owlrl', 'pyshacl', 'networkx', 'pypinyin') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code, str(seed_build.out)], capture_output=True, text=True, check=True).stdout
    count, modules = output.strip().split(" ", 1)
    assert int(count) > 3000 and modules == "[]"


def test_a_missing_folder_says_to_run_plankg_build(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"run `plankg build -o .*nowhere` first"):
        open_store(tmp_path / "nowhere")


def test_an_incomplete_folder_says_to_build_again(tmp_path: Path) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "dataset.nq").write_text("")
    with pytest.raises(DatasetError, match="incomplete"):
        open_store(folder)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DatasetError, match="not a plankg build folder"):
        resolve_dataset_dir(empty)


def test_both_a_folder_and_sources_is_a_usage_error(seed_build) -> None:
    with pytest.raises(UsageError, match="not both"):
        resolve_dataset_dir(seed_build.out, [str(SEED_FILE)])


def test_a_missing_source_is_a_source_error_as_in_plankg_build(cache: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        resolve_dataset_dir(sources=["/no/such/plan.txt"])


def test_a_folder_that_is_not_a_build_is_never_overwritten(tmp_path: Path) -> None:
    from kg.store.dataset import write_folder

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not a plankg build"):
        write_folder({"dataset.nq": b"", "manifest.json": b"{}"}, folder)
    assert (folder / "notes.txt").read_text() == "keep me"


def test_kg_build_and_kg_query_stay_functions_after_their_modules_are_imported() -> None:
    import kg
    import kg.pipeline
    import kg.sparql.saved  # no stage package shares a name with a function of the API

    assert callable(kg.build) and callable(kg.query)
    with pytest.raises(UsageError, match="unknown reasoner"):
        kg.build(reasoner="hermit")  # reaches kg.pipeline.build, which checks its arguments first
    assert kg.open_store is open_store and kg.load_dataset is load_dataset
