"""Two documents whose numbers read alike in pinyin, cited by two plans, keep two IRIs.

国办发〔2022〕2号 and 国半发〔2022〕2号 both slug to ``guobanfa-2022-2-hao``. Each plan of a
build is minted in its own worker, so before the fix the seed's 国办发 and a second
plan's 国半发 became one document node, with both numbers: two documents merged,
silently. The build now decides across plans (the smallest key keeps the plain slug,
whatever the order of the plans or of the workers) and mints the other plan again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import BuildError, DatasetError
from kg.pipeline import build, open_store, update
from support import SEED_FILE

BASE = "https://w3id.org/plankg/"
ELI = "http://data.europa.eu/eli/ontology#"


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed under another index number, citing 國半發〔2022〕2號 where the seed cites 國辦發〔2022〕2號."""
    text = SEED_FILE.read_text(encoding="utf-8")
    assert text.count("國辦發〔2022〕2 號") == 1
    path = tmp_path_factory.mktemp("homophone") / "twin.txt"
    path.write_text(text.replace("01166760-1/2022-00759", "01166760-1/2022-00760").replace("國辦發〔2022〕2 號", "國半發〔2022〕2 號"), encoding="utf-8")
    return path


def documents(folder: Path) -> dict[str, list[str]]:
    """Each document IRI with its numbers."""
    found: dict[str, list[str]] = {}
    query = f"SELECT DISTINCT ?doc ?id WHERE {{ ?doc <{ELI}id_local> ?id }} ORDER BY ?doc ?id"
    for solution in open_store(folder).query(query, use_default_graph_as_union=True):
        found.setdefault(solution["doc"].value, []).append(solution["id"].value)
    return found


def citing(folder: Path, number: str) -> list[str]:
    query = f'SELECT DISTINCT ?citer WHERE {{ ?doc <{ELI}id_local> "{number}" . ?citer <{ELI}cites> ?doc }} ORDER BY ?citer'
    return [solution["citer"].value for solution in open_store(folder).query(query, use_default_graph_as_union=True)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_plans_citing_homophone_numbers_keep_two_documents(twin: Path, tmp_path: Path, jobs: int) -> None:
    folder = build([str(SEED_FILE), str(twin)], tmp_path / "build", validate=False, jobs=jobs).out
    found = documents(folder)
    assert found[BASE + "doc/guobanfa-2022-2-hao"] == ["国办发〔2022〕2号"]  # 办 (U+529E) sorts before 半 (U+534A)
    (other,) = [iri for iri, numbers in found.items() if numbers == ["国半发〔2022〕2号"]]
    assert other.startswith(BASE + "doc/guobanfa-2022-2-hao-") and other != BASE + "doc/guobanfa-2022-2-hao"
    # task 1 of each plan cites its own document, and only that one
    assert citing(folder, "国办发〔2022〕2号") == [BASE + "plan/01166760-1-2022-00759/task/1"]
    assert citing(folder, "国半发〔2022〕2号") == [BASE + "plan/01166760-1-2022-00760/task/1"]


def test_adding_the_second_plan_gives_the_full_build(twin: Path, tmp_path: Path) -> None:
    full = build([str(SEED_FILE), str(twin)], tmp_path / "full", validate=False, jobs=2).out
    grown = tmp_path / "grown"
    build([str(SEED_FILE)], grown, validate=False)
    update(grown, [str(twin)])
    assert (grown / "dataset.nq").read_bytes() == (full / "dataset.nq").read_bytes()


def test_a_kept_plan_that_must_change_its_iris_asks_for_a_full_build(twin: Path, tmp_path: Path) -> None:
    # built alone, the twin's 国半发 takes the plain slug; the seed's 国办发, added later, owns it
    folder = tmp_path / "twin-first"
    build([str(twin)], folder, validate=False)
    assert BASE + "doc/guobanfa-2022-2-hao" in documents(folder)
    with pytest.raises(BuildError, match="build the folder from all its sources again"):
        update(folder, [str(SEED_FILE)])
    assert documents(folder)[BASE + "doc/guobanfa-2022-2-hao"] == ["国半发〔2022〕2号"]  # the folder is left as it was


@pytest.mark.parametrize("damage", ["{not json", '["a list"]', '{"doc\\tkey": ["plain", "slug"]}', '{"no tab": ["a", "b", false]}'])
def test_a_damaged_slug_record_of_a_kept_plan_is_one_line_and_leaves_the_folder(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "build"
    build([str(SEED_FILE)], folder, validate=False)
    (record,) = (folder / "parts").glob("*.slugs.json")
    size = record.stat().st_size
    record.write_bytes(damage.encode().ljust(size))  # the size the manifest lists: only reading it can tell
    before = (folder / "dataset.nq").read_bytes()
    with pytest.raises(DatasetError, match="build the folder from all its sources again") as raised:
        update(folder, remove=[])
    assert "\n" not in str(raised.value)
    assert (folder / "dataset.nq").read_bytes() == before
