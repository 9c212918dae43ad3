"""IRI minting (kg/iri.py): one base, readable slugs, one IRI per document and per department."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.graph.authority import Authority
from kg.errors import UsageError
from kg.graph.iri import BASE_ENV, DEFAULT_BASE, Minter, resolve_base, slugify


def test_base_is_the_option_else_the_environment_else_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BASE_ENV, raising=False)
    assert resolve_base() == DEFAULT_BASE == "https://w3id.org/plankg/"
    monkeypatch.setenv(BASE_ENV, "https://data.example.org/kg")
    assert resolve_base() == "https://data.example.org/kg/"
    assert resolve_base("http://localhost:8000/plans#") == "http://localhost:8000/plans#"
    assert Minter().task("p", 3) == "https://data.example.org/kg/plan/p/task/3"


@pytest.mark.parametrize("bad", ["w3id.org/plankg/", "not an iri", "ftp://example.org/", "https://exa mple.org/"])
def test_a_base_that_is_not_an_http_iri_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="absolute http"):
        resolve_base(bad)


def test_slugs_are_readable_pinyin() -> None:
    assert slugify("政務服務局") == "zhengwufuwuju"
    assert slugify("錫林浩特市") == slugify("锡林浩特市") == "xilinhaoteshi"
    assert slugify("锡林郭勒盟") == "xilinguolemeng"  # 勒 read lè in the place name
    assert slugify("“互聯網+監管”系統") == "hulianwang-jianguan-xitong"


def test_one_document_for_every_spelling_of_its_number() -> None:
    """國辦發〔2022〕2 號 (the seed's task 1), 国办发〔2022〕2号 and 国办发[2022]2号 are one document."""
    minter = Minter()
    iris = {minter.document(number) for number in ["國辦發〔2022〕2 號", "国办发〔2022〕2号", "国办发[2022]2号", "国办发［2022］2号"]}
    assert iris == {"https://w3id.org/plankg/doc/guobanfa-2022-2-hao"}
    assert minter.document("內政服發〔2021〕102 號") == "https://w3id.org/plankg/doc/neizhengfufa-2021-102-hao"


def test_aliases_resolve_to_one_department_iri_scoped_by_jurisdiction() -> None:
    authority = Authority.load()
    minter = Minter()
    city = authority.jurisdiction("錫林浩特市")
    league = authority.jurisdiction("锡林郭勒盟", "Hans")

    def iri(name: str, jurisdiction) -> str:  # type: ignore[no-untyped-def]
        unit = authority.resolve(name, jurisdiction)
        return minter.department(jurisdiction.place["zh-Hans"], unit.canonical["zh-Hans"])

    city_iris = {iri(name, city) for name in ["發改委", "发改委", "發展和改革委員會", "市发展和改革委员会"]}
    assert city_iris == {"https://w3id.org/plankg/org/xilinhaoteshi/fazhanhegaigeweiyuanhui"}
    assert iri("盟发改委", league) == "https://w3id.org/plankg/org/xilinguolemeng/fazhanhegaigeweiyuanhui"
    assert iri("政務服務局", city) != iri("盟政务服务局", league)


def test_homophones_in_one_scope_get_different_slugs() -> None:
    minter = Minter()
    first = minter.list("p", "公示清单")
    second = minter.list("p", "公事清单")
    assert first == "https://w3id.org/plankg/plan/p/list/gongshiqingdan"
    assert second.startswith("https://w3id.org/plankg/plan/p/list/gongshiqingdan-") and second != first
    assert minter.list("p", "公示清單") == first  # the same name in the other script


def test_a_curated_system_keeps_the_slug_of_its_vocabulary_record() -> None:
    minter = Minter("https://example.org/")
    record = "https://w3id.org/plankg/system/dianzizhengzhaoku"
    assert minter.system("电子证照库", record) == "https://example.org/system/dianzizhengzhaoku"
    assert minter.system("電子證照庫") == "https://example.org/system/dianzizhengzhaoku"
    assert minter.system("某某系统") == "https://example.org/system/moumouxitong"


def test_plan_parts_are_under_the_plan() -> None:
    minter = Minter()
    plan = "01166760-1/2022-00759"
    assert minter.plan(plan) == "https://w3id.org/plankg/plan/01166760-1-2022-00759"
    assert minter.section(plan, "2.1.1") == "https://w3id.org/plankg/plan/01166760-1-2022-00759/section/2.1.1"
    task = minter.task(plan, 8)
    assert minter.indicator(task, 1) == f"{task}/indicator/1"
    assert minter.plan_graph(plan) == f"{minter.plan(plan)}/graph"


def test_minting_imports_nothing_heavy() -> None:
    code = "import sys, kg.graph.iri; print(sorted(m for m in ('rdflib', 'pypinyin', 'owlrl') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
