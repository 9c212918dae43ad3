"""Information systems: the curated vocabulary (ontology/systems.ttl) and matching in task text.

Clauses are quoted from the seed and checked to be in it; each runs as written
(traditional, names reported in zh-Hant) and in simplified script (names in zh-Hans).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.text.entities import (
    extract_systems,
    extract_task_entities,
    system_iri,
    system_vocabulary,
)
from kg.normalize import label_key
from kg.text.entities.systems import ENV_VAR
from kg.graph.iri import Minter
from support import SCRIPTS, in_script, seed_clause


SEED_CASES = [
    ("12.加快推進全市各審批部門一體化平臺的推廣應用。", ["一體化政務服務平臺"]),
    ("13.推廣使用全區一體化政務服務平臺涉外服務專欄。", ["一體化政務服務平臺"]),
    ("14.推廣全盟統一的網上中介服務超市,實現“一網選中介”。", ["網上中介服務超市"]),
    ("全面推廣應用自治區“互聯網+監管”系 統,強化監管行為數據錄入", ["互聯網+監管系統"]),
    (
        "19.依托全區統一身份認證、電子印章等系統,年度企業辦事頻次前 20%的高頻事項,通過大數據共享平臺對所需身份證明類",
        ["統一身份認證", "電子印章", "大數據共享平臺"],
    ),
    ("應用電子印章、電子簽名。", ["電子印章", "電子簽名"]),
    ("納入自治區電子證照庫統一制作、匯聚和發放,", ["電子證照庫"]),
    (  # 電子證照 alone: a task built on electronic licences relies on the library
        "22.實現跨部門電子證照互認互信,",
        ["電子證照庫"],
    ),
    ("24.實現電子證照、電子印章、電子檔案跨部門應用,", ["電子證照庫", "電子印章", "電子檔案"]),
    (
        "依托“綜合一窗受理”系統,通過“蒙速辦”APP 亮證掃碼的方式全面開展“材料免提交”工作。",
        ["綜合一窗受理系統", "蒙速辦 APP"],
    ),
    ("27.依托“蒙速辦”蒙古文移動端,進一步拓展服務渠道,", ["蒙速辦 APP"]),
    ("43.依法依規完善“12345”熱線受理、派單、辦理、答復、督辦、辦結、回訪、評價等環節的工作流程,", ["12345熱線"]),
    (  # 政府網站 inside the cited title does not count; the two in the text are one system
        "按照《政府網站發展指引》《關于加強政務新媒體運用于監管機制建設的通知》要求,加強對政府網站與政務新媒體的管理,"
        "實行“周督辦、月調度、季通報”工作制度,通報結果通過政府門戶網站及時公布。",
        ["政府網站", "政務新媒體"],
    ),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_CASES, ids=[case[0][:10] for case in SEED_CASES])
def test_seed_systems(clause: str, expected: list[str], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    assert extract_task_entities(text, 2022).systems == [in_script(name, script) for name in expected]


@pytest.mark.parametrize(
    "clause",
    [
        "32.認真落實《錫林郭勒盟蒙速辦幫您辦提升方案》,持續提升工作基礎、運行效率、服務質量和人員素質。",
        "18.落實《自治區企業電子印章管理辦法》,",
        "6.制定高頻公證服務事項清單,申請受理、身份認證、材料提交、繳費等各個環節實現全程網上辦理,",  # not 統一身份認證
        "40.深入推行政務服務“好差評”,實現現場服務“一次一評”網上服務“一事一評”。",  # the rating regime, not its system
    ],
)
def test_mentions_that_are_not_systems_of_the_task(clause: str) -> None:
    assert extract_systems(seed_clause(clause)) == []


OTHER_PLANS = [
    ("依托全国一体化政务服务平台，推动高频事项跨省通办", ["全国一体化政务服务平台"]),  # longest label first
    ("通过国家政务服务平台和各省级政务服务平台实现电子证照互通互认", ["国家政务服务平台", "电子证照库"]),
    ("完善政务服务“好差评”系统，推进差评整改", ["好差评系统"]),
    ("依托全国信用信息共享平台和国家企业信用信息公示系统归集信息", ["信用信息共享平台", "国家企业信用信息公示系统"]),
    ("加快12345政务服务便民热线归并优化", ["12345热线"]),
    ("推动更多事项在“浙里办”APP掌上办理", ["浙里办"]),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_PLANS, ids=[case[0][:10] for case in OTHER_PLANS])
def test_systems_in_other_plans(text: str, expected: list[str]) -> None:
    assert extract_systems(text) == expected


def test_script_can_be_chosen() -> None:
    assert extract_systems("依托一体化平台", script="Hant") == ["一體化政務服務平臺"]
    assert extract_systems("依托一體化平臺", script="Hans") == ["一体化政务服务平台"]


# -- the vocabulary itself ----------------------------------------------------------------------


def test_every_system_has_three_labels_a_comment_and_a_minted_iri() -> None:
    vocabulary = system_vocabulary()
    assert len(vocabulary.systems) >= 14
    minter = Minter()
    for entry in vocabulary.systems:
        assert set(entry.labels) == {"zh-Hant", "zh-Hans", "en"}, entry.iri
        assert label_key(entry.labels["zh-Hant"]) == label_key(entry.labels["zh-Hans"]), entry.iri
        assert entry.comment, entry.iri
        assert entry.iri == minter.system(entry.labels["zh-Hans"]), entry.iri


def test_aliases_come_in_both_scripts() -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from kg.graph.namespace import PLAN
    from kg.resources import ontology_file

    graph = Graph().parse(data=ontology_file("systems.ttl").read_text(encoding="utf-8"), format="turtle")
    for system in graph.subjects(RDF.type, PLAN.System):
        aliases = list(graph.objects(system, SKOS.altLabel))
        hant = sorted(label_key(alias) for alias in aliases if alias.language == "zh-Hant")
        hans = sorted(label_key(alias) for alias in aliases if alias.language == "zh-Hans")
        assert hant == hans and len(aliases) == len(hant) + len(hans), system


def test_the_licence_library_says_why_electronic_licences_are_its_alias() -> None:
    entry = system_vocabulary().lookup("電子證照")
    assert entry is not None and entry.labels["zh-Hant"] == "電子證照庫"
    assert "relies on" in (entry.comment or "")


@pytest.mark.parametrize(
    ("name", "slug"),
    [("電子證照庫", "dianzizhengzhaoku"), ("“蒙速辦”APP", "mengsuban-app"), ("12345 热线", "12345-rexian")],
)
def test_system_iri_finds_labels_and_aliases_in_any_script(name: str, slug: str) -> None:
    assert system_iri(name) == f"https://w3id.org/plankg/system/{slug}"


def test_unknown_name_has_no_iri() -> None:
    assert system_iri("不存在的系统") is None


def test_users_extend_the_vocabulary_with_plankg_systems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "local.ttl"
    extra.write_text(
        "@prefix plan: <https://w3id.org/plankg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/plankg/system/xilinguolemengzhengwufuwuwang> a plan:System ;\n"
        '  skos:prefLabel "錫林郭勒盟政務服務網"@zh-Hant, "锡林郭勒盟政务服务网"@zh-Hans ;\n'
        '  skos:altLabel "盟政務服務網"@zh-Hant, "盟政务服务网"@zh-Hans .\n'
        "<https://w3id.org/plankg/system/12345-rexian> skos:altLabel \"市民热线\"@zh-Hans .\n",
        encoding="utf-8",
    )
    assert extract_systems("登录盟政务服务网，拨打市民热线") == []
    monkeypatch.setenv(ENV_VAR, str(extra))
    assert extract_systems("登录盟政务服务网，拨打市民热线") == ["锡林郭勒盟政务服务网", "12345热线"]


@pytest.mark.parametrize("content", [None, "this is not turtle {"])
def test_a_bad_plankg_systems_file_is_a_plankg_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    path = tmp_path / "bad.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    with pytest.raises(SourceError, match=ENV_VAR):
        extract_systems("依托一体化平台")


def test_an_alias_claimed_by_two_systems_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clash.ttl"
    path.write_text(
        "@prefix plan: <https://w3id.org/plankg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/system/other> a plan:System ; skos:prefLabel "另一平台"@zh-Hans ;'
        ' skos:altLabel "一体化平台"@zh-Hans .\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_VAR, str(path))
    with pytest.raises(SourceError, match="names two systems"):
        extract_systems("依托一体化平台")


# -- plankg systems -----------------------------------------------------------------------------


def test_cli_lists_the_vocabulary() -> None:
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["systems", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == len(system_vocabulary().systems)
    licence = next(row for row in rows if row["zh-Hans"] == "电子证照库")
    assert "電子證照" in licence["aliases"] and licence["iri"].endswith("/system/dianzizhengzhaoku")


def test_cli_finds_systems_in_a_task() -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    clause = seed_clause("依托“綜合一窗受理”系統,通過“蒙速辦”APP 亮證掃碼的方式全面開展“材料免提交”工作。")
    result = CliRunner().invoke(cli, ["systems", "--find", clause, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.output.splitlines()[1:]] == ["綜合一窗受理系統", "蒙速辦 APP"]


def test_cli_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    path = tmp_path / "bad.ttl"
    path.write_text("this is not turtle {\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["systems", "--file", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
