"""The published files: deterministic, complete, and readable back by RDF parsers."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from support import BASE, SEED_FILE
from kg.cli import cli


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(seed_build, tmp_path: Path) -> None:
    """The second build runs `plankg build` in another process, with another hash seed (set order)."""
    environment = {**os.environ, "PYTHONHASHSEED": "4242"}
    environment.pop("PLANKG_BASE", None)
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEED_FILE), "-o", str(tmp_path / "again")],
        capture_output=True, text=True, env=environment, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the summary goes to stderr
    assert "1 plan(s), 47 tasks" in result.stderr and "SHACL: conforms" in result.stderr
    first, second = files_of(seed_build.out), files_of(tmp_path / "again")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name] and not name.startswith("store/")]
    assert differing == ["build-log.json", "store.json"]  # timings, and the store's own files (RocksDB ids and logs)
    manifest = json.loads(first["manifest.json"])
    assert set(manifest["file_sha256"]) == {name for name in first if name not in differing and not name.startswith("store/") and name != "manifest.json"}
    log = json.loads(second["build-log.json"])
    assert set(log["timings"]) == {"parse", "build", "reason", "validate", "write"}


def test_the_folder_holds_every_format(seed_build) -> None:
    folder = seed_build.out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(name for name in files_of(folder) if not name.startswith("store/"))
    store = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    assert sorted(store["files"]) == sorted(name[len("store/") :] for name in files_of(folder) if name.startswith("store/"))
    assert {"dataset.nq", "dataset.trig", "void.ttl", "manifest.json", "build-log.json"} <= set(manifest["files"])
    for extension in ("ttl", "nt", "jsonld"):
        assert f"plans/01166760-1-2022-00759.{extension}" in manifest["files"]


def test_the_manifest_names_each_source_with_its_hash(seed_build) -> None:
    manifest = json.loads((seed_build.out / "manifest.json").read_text(encoding="utf-8"))
    (source,) = manifest["sources"]
    assert source["file"] == "xilinhot-2022-government-services.txt"
    assert source["sha256"] == hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
    assert source["tasks"] == 47
    counts = manifest["counts"]
    assert counts["plans"] == 1 and counts["asserted"] > 2000 and counts["inferred"] > 800
    assert manifest["graphs"][f"{BASE}plan/01166760-1-2022-00759/inferred"] == counts["inferred"]  # one plan: all that is inferred
    assert "timings" not in manifest


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib's JSON-LD parser
@pytest.mark.parametrize("extension,fmt", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_per_plan_files_round_trip_to_isomorphic_graphs(three_plan_build, extension: str, fmt: str) -> None:
    for plan_files in json.loads((three_plan_build.out / "manifest.json").read_text(encoding="utf-8"))["sources"]:
        stem = three_plan_build.out / Path(plan_files["files"][0]).with_suffix("")
        reference = Graph().parse(stem.with_suffix(".nt"), format="nt")
        other = Graph().parse(stem.with_suffix(f".{extension}"), format=fmt)
        assert len(reference) > 50
        assert isomorphic(reference, other), stem.name


def test_the_jsonld_has_a_compact_context(seed_build) -> None:
    document = json.loads((seed_build.out / "plans/01166760-1-2022-00759.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["plan"] == "https://w3id.org/plankg/ontology#"
    task = next(node for node in document["@graph"] if node["@id"].endswith("/task/1"))
    assert sorted(task["@type"]) == ["p-plan:Step", "plan:Task"]
    assert {"@value": "1", "@type": "xsd:integer"} in task["schema:position"]


def test_trig_and_nquads_hold_the_same_graphs(three_plan_build) -> None:
    folder = three_plan_build.out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        quads = Dataset()
        quads.parse(folder / "dataset.nq", format="nquads")
        trig = Dataset()
        trig.parse(folder / "dataset.trig", format="trig")
    by_graph = lambda dataset: {str(g.identifier): g for g in dataset.graphs() if len(g)}  # noqa: E731
    a, b = by_graph(quads), by_graph(trig)
    assert sorted(a) == sorted(b) and len(a) == 9  # three plans and what each entails, authority, shared, ontology
    for name in a:
        assert isomorphic(a[name], b[name]), name


def test_void_describes_the_dataset(seed_build) -> None:
    folder = seed_build.out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    void = Graph().parse(folder / "void.ttl", format="turtle", publicID=folder.as_uri() + "/")
    dataset = URIRef(f"{BASE}dataset")
    assert int(void.value(dataset, VOID.triples)) == manifest["counts"]["total"]
    assert void.value(dataset, VOID.uriSpace) == Literal(BASE)
    assert int(void.value(dataset, VOID.classes)) >= 15
    assert int(void.value(dataset, VOID.entities)) > 200  # 47 tasks, their sections, units, documents, lists, targets …
    examples = set(void.objects(dataset, VOID.exampleResource))
    assert URIRef(f"{BASE}plan/01166760-1-2022-00759") in examples
    assert void.value(dataset, URIRef("http://purl.org/dc/terms/license")) == URIRef("https://opensource.org/licenses/MIT")
    assert void.value(dataset, URIRef("http://purl.org/dc/terms/source")) == URIRef(f"{BASE}source/{manifest['sources'][0]['sha256']}")
    subsets = {str(s): int(void.value(s, VOID.triples)) for s in void.objects(dataset, VOID.subset)}
    assert subsets == manifest["graphs"]


def test_another_base_moves_every_minted_iri(seed_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.graph.triples import build_graphs

    built = build_graphs(seed_build.plans, base="https://data.example.org/plans/")
    subjects = {str(s) for s, _, _ in built.asserted()}
    assert subjects and all(s.startswith("https://data.example.org/plans/") for s in subjects)
    monkeypatch.setenv("PLANKG_BASE", "http://localhost:8080/kg/")
    assert build_graphs(seed_build.plans).plan_iris["01166760-1-2022-00759"] == "http://localhost:8080/kg/plan/01166760-1-2022-00759"


def test_build_command_help_names_its_options() -> None:
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    for option in ("-o, --out", "--base", "--reasoner [fast|owlrl]", "--no-validate"):
        assert option in result.output
