"""Cited documents: issuer, 《title》, document number, normalisation and deduplication.

Clauses are quoted from the seed (corpus/xilinhot-2022-government-services.txt)
and checked to be in it; each runs as written (traditional) and in simplified script.
"""

from __future__ import annotations

import pytest

from kg.text.entities import (
    extract_citations,
    extract_task_entities,
    normalize_document_number,
)
from kg.normalize import match_key
from support import SCRIPTS, SEED_TEXT, in_script, seed_clause


# (clause, [(issuer, title, number as written, normalised number)])
SEED_CASES = [
    (
        "1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求,制定完成全市行政許可事項清單。",
        [("國務院辦公廳", "關于全面實行行政許可事項清單管理的通知", "國辦發〔2022〕2 號", "国办发〔2022〕2号")],
    ),
    (
        "2.按照自治區人民政府《關于印發自治區本級行政權力中介服務事項清單(2021 年)的通知》(內政發〔2021〕19 號)要求,"
        "制定市直部門中介服務事項清單。",
        [
            (
                "自治區人民政府",
                "關于印發自治區本級行政權力中介服務事項清單(2021 年)的通知",
                "內政發〔2021〕19 號",
                "内政发〔2021〕19号",
            )
        ],
    ),
    (
        "按照自治區政務服務局《關于開展區域評估成果互認共享工作的指導意見》(內政服發〔2021〕102 號)要求",
        [("自治區政務服務局", "關于開展區域評估成果互認共享工作的指導意見", "內政服發〔2021〕102 號", "内政服发〔2021〕102号")],
    ),
    (
        "16.按照自治區政府辦公廳《關于印發自治區政務數據共享責任等三張清單的通知》要求,梳理公布高頻事項供需清單",
        [("自治區政府辦公廳", "關于印發自治區政務數據共享責任等三張清單的通知", None, None)],
    ),
    (
        "46.根據國家、自治區《2022 年度政務公開工作要點》,堅持“以公開為常態、不公開為例外”“誰起草誰解讀”的原則",
        [("國家、自治區", "2022 年度政務公開工作要點", None, None)],
    ),
    (
        "18.落實《自治區企業電子印章管理辦法》,確保電子印章在政務服務、公共資源交易、商事領域等應用場景中的合法、規范運行",
        [(None, "自治區企業電子印章管理辦法", None, None)],
    ),
    (
        "按照《政府網站發展指引》《關于加強政務新媒體運用于監管機制建設的通知》要求,加強對政府網站與政務新媒體的管理",
        [(None, "政府網站發展指引", None, None), (None, "關于加強政務新媒體運用于監管機制建設的通知", None, None)],
    ),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("clause", "expected"), SEED_CASES, ids=[case[0][:12] for case in SEED_CASES])
def test_seed_citations(clause: str, expected: list[tuple[str | None, ...]], script: str) -> None:
    text = in_script(seed_clause(clause), script)
    found = [(c.issuer, c.title, c.number, c.number_normalized) for c in extract_citations(text)]
    assert found == [tuple(in_script(value, script) if value else value for value in row) for row in expected]


@pytest.mark.parametrize("script", SCRIPTS)
def test_preamble_run_of_titles_and_nested_title(script: str) -> None:
    # line 21 of the seed: four titles in a row, the last a notice whose title nests the plan's in <…>
    start = SEED_TEXT.index("根據《自治區以更優營商環境")
    preamble = in_script(SEED_TEXT[start : SEED_TEXT.index("等文件精神和要求", start)], script)
    citations = extract_citations(preamble)
    assert [c.title for c in citations] == [
        in_script(title, script)
        for title in (
            "自治區以更優營商環境服務市場主體行動方案",
            "錫林郭勒盟數字政府建設行動方案(2021-2023 年)",
            "錫林郭勒盟 2022年政務服務重點工作實施方案",
            "中共錫林郭勒盟委員會辦公室錫林郭勒盟行政公署辦公室關于印發<錫林郭勒盟 2022 年政務服務重點工作實施方案>的通知",
        )
    ]
    # the number follows the notice, not the titles before it; none of them has an issuer written before it
    assert [c.number_normalized for c in citations] == [None, None, None, "办字〔2022〕14号"]
    assert all(c.issuer is None for c in citations)
    assert citations[1].title_normalized == "锡林郭勒盟数字政府建设行动方案(2021-2023年)"


@pytest.mark.parametrize(
    "written",
    ["國辦發〔2022〕2 號", "国办发〔2022〕2号", "国办发[2022]2号", "国办发［2022］2号", "国办发【2022】2号", "国办发 〔 2022 〕 2 号"],
)
def test_document_numbers_share_one_normal_form(written: str) -> None:
    assert normalize_document_number(written) == "国办发〔2022〕2号"


def test_title_normalized_is_the_match_key() -> None:
    (citation,) = extract_citations(seed_clause("落實《自治區企業電子印章管理辦法》"))
    assert citation.title_normalized == match_key("自治区企业电子印章管理办法") == "自治区企业电子印章管理办法"


def test_state_council_wording_with_half_width_brackets_and_a_bare_number() -> None:
    text = (
        "贯彻落实《国务院关于加快推进政务服务标准化规范化便利化的指导意见》(国发〔2022〕5号)和"
        "国务院办公厅印发的《关于全面实行行政许可事项清单管理的通知》(国办发[2022]2号)，认真落实国办发〔2022〕2号文件要求"
    )
    citations = extract_citations(text)
    assert [(c.issuer, c.title, c.number_normalized) for c in citations] == [
        (None, "国务院关于加快推进政务服务标准化规范化便利化的指导意见", "国发〔2022〕5号"),
        ("国务院办公厅", "关于全面实行行政许可事项清单管理的通知", "国办发〔2022〕2号"),
    ]  # the bare 国办发〔2022〕2号 is the same document: deduplicated by key
    assert citations[1].number == "国办发[2022]2号"


def test_bare_number_without_title() -> None:
    (citation,) = extract_citations("按照内政办发〔2021〕35号要求，做好承接工作")
    assert (citation.title, citation.number, citation.number_normalized) == (None, "内政办发〔2021〕35号", "内政办发〔2021〕35号")


def test_same_title_twice_in_two_scripts_is_one_citation() -> None:
    citations = extract_citations("落實《自治區企業電子印章管理辦法》,按照《自治区企业电子印章管理办法》")
    assert len(citations) == 1


@pytest.mark.parametrize("text", ["《未闭合的标题 没有结束", "》《", "《》", ""])
def test_malformed_titles_do_not_raise(text: str) -> None:
    assert all(c.key for c in extract_citations(text))


def test_task_entities_carry_the_citations() -> None:
    clause = seed_clause("3.按照自治區政務服務局《關于開展區域評估成果互認共享工作的指導意見》(內政服發〔2021〕102 號)要求,")
    entities = extract_task_entities(clause, 2022)
    assert [c.key for c in entities.cites] == ["内政服发〔2021〕102号"]
    assert entities.indicators == []  # 〔2021〕102 is a document number, not a target
    assert entities.deadlines == []


def test_a_short_name_is_not_another_document() -> None:
    text = "按照《国务院办公厅关于全面实行行政许可事项清单管理的通知》（国办发〔2022〕2号，以下简称《通知》）要求"
    assert [c.key for c in extract_citations(text)] == ["国办发〔2022〕2号"]


def test_decree_numbers_have_no_year() -> None:
    citations = extract_citations("认真落实《优化营商环境条例》（国务院令第722号），严格执行国务院令第 722 号")
    assert [(c.title, c.number_normalized) for c in citations] == [("优化营商环境条例", "国务院令第722号")]
