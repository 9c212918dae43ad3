"""kg.graph.pinyin reads pypinyin's tables in place: the same readings, so the same slugs and IRIs.

The reference is pypinyin itself (its phrase table loaded, as IRIs were minted
before): every name of the authority files, every name the real plans of
../shared/plans, the fixtures and the embedded plan mint a slug from, and a
spread of the table's own phrases and characters read the same both ways.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib.resources import as_file
from importlib.util import find_spec
from pathlib import Path

import pytest

import kg.graph.iri as iri
from kg.errors import PlanKGError
from kg.graph import pinyin
from kg.graph.authority import Authority
from kg.graph.triples import plan_graph
from kg.resources import ontology_file
from kg.store.dataset import default_sources
from kg.text.parse import extract

PLANS = Path(os.environ.get("PLANKG_PLANS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "plans")
REAL_PLANS = sorted(PLANS.glob("*.txt")) if PLANS.is_dir() else []
FIXTURES = Path(__file__).parent / "fixtures"
PYPINYIN = Path(next(iter(find_spec("pypinyin").submodule_search_locations)))  # type: ignore[union-attr]
HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _pypinyin() -> Callable[[str], list[str]]:
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    load_phrases_dict(pinyin.PLACE_READINGS)
    return lambda text: list(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


def reference_readings(text: str) -> list[str]:
    """What slugs were made of before: pypinyin's own lazy_pinyin, its phrase table loaded."""
    return _pypinyin()(text)


def reference_slugify(text: str) -> str:
    """kg.graph.iri.slugify as it was, on pypinyin itself."""
    key = iri.match_key(text)
    pieces: list[str] = []
    han_run: list[str] = []
    other: list[str] = []
    for char in key + "\0":
        if char != "\0" and iri._is_han(char):
            if other:
                pieces.append("".join(other))
                other.clear()
            han_run.append(char)
        else:
            if han_run:
                pieces.append("".join(reference_readings("".join(han_run))))
                han_run.clear()
            if char != "\0":
                other.append(char)
    if other:
        pieces.append("".join(other))
    slug = "-".join(re.findall(r"[a-z0-9]+", "-".join(pieces).lower()))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    if not slug:
        return f"x-{digest[:10]}"
    return f"{slug[:60].rstrip('-')}-{digest[:8]}" if len(slug) > 60 else slug


def test_slugify_as_known_from_the_readme() -> None:
    assert iri.slugify("锡林郭勒盟") == reference_slugify("锡林郭勒盟") == "xilinguolemeng"
    assert iri.slugify("国办发〔2022〕2号") == "guobanfa-2022-2-hao"


def _authority_names() -> set[str]:
    names: set[str] = set()
    for name in ("departments.ttl", "systems.ttl"):
        text = ontology_file(name).read_text(encoding="utf-8")
        names.update(found for found in re.findall(r'"([^"\n]+)"', text) if HAN.search(found))
    return names


def test_every_authority_name_keeps_its_slug() -> None:
    names = _authority_names()
    assert len(names) > 100  # every label and alias of departments.ttl and systems.ttl
    assert {name: iri.slugify(name) for name in names} == {name: reference_slugify(name) for name in names}


def _sources() -> Iterator[Path]:
    yield from REAL_PLANS
    yield from sorted(FIXTURES.glob("*.txt"))


def _minted_names(plan: object, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every name a plan's graph mints a slug from."""
    names: list[str] = []
    original = iri.slugify

    def recording(text: str) -> str:
        names.append(text)
        return original(text)

    with monkeypatch.context() as patch:
        patch.setattr(iri, "slugify", recording)
        plan_graph(plan, iri.DEFAULT_BASE, Authority.load())  # type: ignore[arg-type]
    return names


def test_the_embedded_plan_mints_the_same_slugs(monkeypatch: pytest.MonkeyPatch) -> None:
    with as_file(default_sources()[0]) as path:
        plan = extract(path)
    names = _minted_names(plan, monkeypatch)
    assert len(names) > 50
    assert [iri.slugify(name) for name in names] == [reference_slugify(name) for name in names]


@pytest.mark.skipif(not REAL_PLANS, reason=f"no real plans at {PLANS} (a clone without ../shared/plans)")
def test_the_real_plans_and_the_fixtures_mint_the_same_slugs(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = 0
    for path in _sources():
        try:
            plan = extract(path)
        except PlanKGError:  # a fixture that is meant to fail extraction mints nothing
            continue
        names = _minted_names(plan, monkeypatch)
        mine = {name: iri.slugify(name) for name in names}
        theirs = {name: reference_slugify(name) for name in names}
        assert mine == theirs, path.name
        checked += len(names)
    assert checked > 500


def test_a_spread_of_the_table_reads_as_pypinyin_reads_it() -> None:
    """Every 25th phrase and character of pypinyin's tables, and phrases run together (segmentation)."""
    phrases = list(json.loads((PYPINYIN / "phrases_dict.json").read_text(encoding="utf-8")))
    characters = [chr(int(key)) for key in json.loads((PYPINYIN / "pinyin_dict.json").read_text(encoding="utf-8"))]
    texts = phrases[::25] + characters[::25]
    texts += [phrases[i] + phrases[i + 11] + characters[i % len(characters)] for i in range(0, len(phrases) - 11, 150)]
    texts += ["锡林郭勒盟", "郭勒", "〇一二", "abc中文def", "䷀乾", "𠀀𠀁", "重庆重要", "", "A1"]
    differing = {text: (pinyin.lazy_pinyin(text), reference_readings(text)) for text in texts}
    differing = {text: pair for text, pair in differing.items() if pair[0] != pair[1]}
    assert differing == {}


def test_the_tables_are_sorted_as_the_bisection_needs() -> None:
    phrases = re.findall(r'^"([^"\n]+)": ', (PYPINYIN / "phrases_dict.json").read_text(encoding="utf-8"), re.M)
    characters = re.findall(r'^"([^"\n]+)": ', (PYPINYIN / "pinyin_dict.json").read_text(encoding="utf-8"), re.M)
    assert phrases == sorted(phrases, key=lambda key: key.encode("utf-8")) and len(phrases) > 40000
    assert characters == sorted(characters, key=int) and len(characters) > 40000


def test_a_table_out_of_order_is_refused(tmp_path: Path) -> None:
    """A table whose keys are not sorted (another pypinyin's layout) is not bisected: pypinyin is used."""
    keys = [f"{n:05d}" for n in range(400)]
    keys[100], keys[300] = keys[300], keys[100]
    path = tmp_path / "table.json"
    path.write_text("{\n" + ",\n".join(f'"{key}": "x"' for key in keys) + "\n}\n", encoding="utf-8")
    with pytest.raises(pinyin.TableError, match="not in order"):
        pinyin.SortedTable(path, int)
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(pinyin.TableError, match="key line"):
        pinyin.SortedTable(path, int)


def test_a_sorted_table_answers_lookups(tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    entries = {"乙": [["yǐ"]], "甲乙": [["jiǎ"], ["yǐ"]], "甲乙丙": [["jiǎ"], ["yǐ"], ["bǐng"]], "丁": [["dīng"]]}
    body = ",\n".join(f'"{key}": {json.dumps(entries[key], ensure_ascii=False, indent=0)}' for key in sorted(entries))
    path.write_text("{\n" + body + "\n}\n", encoding="utf-8")
    table = pinyin.SortedTable(path, bytes)
    assert "甲乙" in table and "甲" not in table and "丙" not in table
    assert table.has_prefix("甲") and table.has_prefix("甲乙丙") and not table.has_prefix("甲丙")
    assert table.get("甲乙丙") == [["jiǎ"], ["yǐ"], ["bǐng"]] and table.get("丁") == [["dīng"]] and table.get("戊") is None


def test_a_build_never_loads_the_phrase_table(tmp_path: Path) -> None:
    code = (
        "import sys, kg; kg.build(out=sys.argv[1], jobs=1); "
        "print(sorted(m for m in ('pypinyin', 'pypinyin.phrases_dict') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True, text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == "[]"


def test_without_readable_tables_pypinyin_itself_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another pypinyin whose files are elsewhere or laid out otherwise: the readings come from pypinyin."""

    def unreadable() -> None:
        raise pinyin.TableError("pypinyin's tables are not where they were")

    monkeypatch.setattr(pinyin, "_tables", unreadable)
    for text in ("锡林郭勒盟", "国办发", "重庆重要"):
        assert pinyin.lazy_pinyin(text) == reference_readings(text)
    assert pinyin.lazy_pinyin("锡林郭勒盟") == ["xi", "lin", "guo", "le", "meng"]
