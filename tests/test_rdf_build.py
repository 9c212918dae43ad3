"""The asserted graph of the seed (and of two more plans), checked against what the source says.

Quoted lines are from corpus/xilinhot-2022-government-services.txt unless said otherwise.
"""

from __future__ import annotations

import hashlib

import pytest

from support import BASE, SEED_FILE, SEED_PLAN, XILINHOT, graph_triples, select
from kg.normalize import to_simplified

SEED_GRAPH = f"{SEED_PLAN}/graph"
TASK = f"{SEED_PLAN}/task/"


def lead_count(folder, key: str) -> int:  # type: ignore[no-untyped-def]
    rows = select(
        folder,
        f"""SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {{
              ?dept plan:matchKey "{key}" . ?task plan:leadDepartment ?dept ; schema:position ?p .
              FILTER(STRSTARTS(STR(?task), "{TASK}")) }}""",
    )
    return rows[0]["n"]


def test_the_seed_graph_holds_its_47_tasks(seed_build) -> None:
    rows = select(seed_build.out, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a plan:Task ; p-plan:isStepOfPlan <{SEED_PLAN}> }}")
    assert rows == [{"n": 47}]
    numbers = select(seed_build.out, "SELECT DISTINCT ?n WHERE { ?t a plan:Task ; schema:position ?n } ORDER BY ?n")
    assert [row["n"] for row in numbers] == list(range(1, 48))


@pytest.mark.parametrize(
    ("department", "led"),
    # e.g. 1.…(牽頭部門:政務服務局;…)  14.…(牽頭部門:發改委;…)  6.…(牽頭部門:司法局;…)
    [("政务服务局", 36), ("智慧城市指挥中心", 8), ("发改委", 5), ("司法局", 3), ("工信局", 1)],
)
def test_lead_counts_per_department(seed_build, department: str, led: int) -> None:
    assert lead_count(seed_build.out, department) == led


def test_task_text_is_kept_as_written_with_its_span_and_converted_to_simplified(seed_build) -> None:
    source = SEED_FILE.read_text(encoding="utf-8")
    rows = select(
        seed_build.out,
        f"""SELECT ?text ?start ?end ?line WHERE {{ <{TASK}1> dct:description ?text ; plan:charStart ?start ;
              plan:charEnd ?end ; plan:lineNumber ?line . FILTER(LANGMATCHES(LANG(?text), "zh-Hant")) }}""",
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["text"].startswith("1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求")
    assert source[row["start"] : row["end"]] == row["text"]
    assert row["line"] == 27
    hans = select(seed_build.out, f'SELECT ?t WHERE {{ <{TASK}1> dct:description ?t FILTER(LANGMATCHES(LANG(?t), "zh-Hans")) }}')
    assert hans == [{"t": to_simplified(row["text"])}]
    assert hans[0]["t"].startswith("1.按照国务院办公厅《关于全面实行行政许可事项清单管理的通知》")


def test_the_plan_node(seed_build) -> None:
    rows = select(
        seed_build.out,
        f"""SELECT ?title ?date ?id ?gov ?govname ?issuer WHERE {{
              <{SEED_PLAN}> a plan:Plan, eli:LegalResource, prov:Plan ; dct:title ?title ; eli:date_document ?date ;
                  eli:id_local ?id ; plan:jurisdiction ?gov ; eli:passed_by ?issuer .
              ?gov skos:prefLabel ?govname .
              FILTER(LANGMATCHES(LANG(?title), "zh-Hant") && LANGMATCHES(LANG(?govname), "zh-Hant")) }}""",
    )
    assert rows == [
        {
            "title": "錫林浩特市 2022 年政務服務重點工作實施方案",
            "date": "2022-03-18",
            "id": "01166760-1/2022-00759",
            "gov": XILINHOT,
            "govname": "錫林浩特市人民政府",
            "issuer": f"{XILINHOT}/xilinhaoteshirenminzhengfubangongshi",
        }
    ]


def test_task_1_cites_the_state_council_notice_by_its_normalised_number(seed_build) -> None:
    # 1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求
    rows = select(
        seed_build.out,
        f"""SELECT DISTINCT ?doc ?number ?creator WHERE {{ <{TASK}1> eli:cites ?doc . ?doc eli:id_local ?number ;
              dct:creator ?creator . FILTER(LANGMATCHES(LANG(?creator), "zh-Hant")) }}""",
    )
    assert rows == [{"doc": f"{BASE}doc/guobanfa-2022-2-hao", "number": "国办发〔2022〕2号", "creator": "國務院辦公廳"}]


def test_the_preamble_citations_belong_to_the_plan(seed_build) -> None:
    # 根據《自治區以更優營商環境服務市場主體行動方案》《錫林郭勒盟數字政府建設行動方案(2021-2023 年)》… 等文件精神
    rows = select(seed_build.out, f"SELECT DISTINCT ?key WHERE {{ <{SEED_PLAN}> eli:cites ?doc . ?doc plan:matchKey ?key }}")
    keys = {row["key"] for row in rows}
    assert "自治区以更优营商环境服务市场主体行动方案" in keys
    assert "办字〔2022〕14号" in keys
    assert "国办发〔2022〕2号" not in keys  # cited by task 1, not by the preamble


def test_joint_departments_and_short_forms(seed_build) -> None:
    # 29.…(住建局、供電局按職責分工負責)
    rows = select(
        seed_build.out,
        f"""SELECT DISTINCT ?dept ?name ?kind WHERE {{ <{TASK}29> plan:jointDepartment ?dept .
              ?dept skos:prefLabel ?name ; plan:kind ?kind . FILTER(LANGMATCHES(LANG(?name), "zh-Hant")) }} ORDER BY ?name""",
    )
    assert [(row["name"], row["kind"]) for row in rows] == [("住房和城鄉建設局", "bureau"), ("供電局", "company")]
    labels = select(seed_build.out, f'SELECT ?label WHERE {{ <{rows[0]["dept"]}> rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "zh-Hant")) }}')
    assert {row["label"] for row in labels} == {"住建局"}  # as the plan writes it


def test_collective_units_are_their_own_nodes(seed_build) -> None:
    # 1.…(牽頭部門:政務服務局;責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門)
    rows = select(
        seed_build.out,
        f"""SELECT DISTINCT ?name WHERE {{ <{TASK}1> plan:responsibleDepartment ?unit . ?unit a plan:CollectiveUnit ;
              plan:kind "collective" ; skos:prefLabel ?name . FILTER(LANGMATCHES(LANG(?name), "zh-Hant")) }} ORDER BY ?name""",
    )
    assert sorted(row["name"] for row in rows) == sorted(["各蘇木鎮", "國有農牧場", "街道辦事處", "市直各相關部門"])
    named = select(seed_build.out, "SELECT DISTINCT ?u WHERE { ?u a plan:CollectiveUnit, org:OrganizationalUnit }")
    assert named == []


def test_every_department_of_the_seed_has_three_names_and_belongs_to_xilinhot(seed_build) -> None:
    rows = select(
        seed_build.out,
        """SELECT ?dept (COUNT(DISTINCT LANG(?name)) AS ?langs) (SAMPLE(?gov) AS ?g) WHERE {
             ?task plan:leadDepartment|plan:responsibleDepartment|plan:jointDepartment ?dept .
             ?dept skos:prefLabel ?name ; org:subOrganizationOf ?gov ; plan:inAuthorityFile true } GROUP BY ?dept""",
    )
    assert len(rows) >= 24
    assert all(row["langs"] == 3 and row["g"] == XILINHOT for row in rows)
    english = select(seed_build.out, 'SELECT ?en WHERE { ?d plan:matchKey "卫健委" ; skos:prefLabel ?en FILTER(LANGMATCHES(LANG(?en), "en")) }')
    assert {row["en"] for row in english} == {"Health Commission"}


def test_open_lists_indicators_deadlines_and_cadences(seed_build) -> None:
    folder = seed_build.out
    # 3.…(牽頭部門:政務服務局、工信局、自然資源局;責任部門:水利局、農科局、生態環境局、住建局等)
    assert select(folder, f"SELECT ?o WHERE {{ <{TASK}3> plan:openList ?o }}") == [{"o": "true"}]
    # 8.制定“承諾改即辦”事項清單,爭取市本級政務服務事項即辦件占比達到 85%以上。
    rows = select(folder, f"SELECT ?op ?v ?unit WHERE {{ <{TASK}8> plan:hasIndicator ?i . ?i plan:comparator ?op ; schema:value ?v ; schema:unitText ?unit }}")
    assert [(row["op"], float(row["v"]), row["unit"]) for row in rows] == [(">=", 85.0, "%")]
    # 25.…2022 年 3 月底前完成掃碼設備配備工作
    rows = select(folder, f"SELECT ?date ?raw WHERE {{ <{TASK}25> plan:hasDeadline ?d . ?d a time:Instant ; time:inXSDDate ?date ; plan:sourceText ?raw }}")
    assert rows == [{"date": "2022-03-31", "raw": "2022 年 3 月底前"}]
    # 46.…實行“月督辦、季通報”工作制度  — cadences, not deadlines
    rows = select(folder, f"SELECT ?period WHERE {{ <{TASK}46> plan:hasCadence ?c . ?c plan:period ?period }} ORDER BY ?period")
    assert [row["period"] for row in rows] == ["P1M", "P3M"]
    assert select(folder, f"SELECT ?d WHERE {{ <{TASK}46> plan:hasDeadline ?d }}") == []


def test_repaired_headings_and_structure(seed_build) -> None:
    folder = seed_build.out
    # ?。ㄒ唬┩七M政務服務事項標準化,… — a heading garbled by an encoding accident, recovered by the parser
    rows = select(folder, f"SELECT ?ordinal ?r WHERE {{ <{SEED_PLAN}/section/2.1> a plan:Area ; plan:ordinal ?ordinal ; plan:repaired ?r }}")
    assert rows == [{"ordinal": "一", "r": "true"}]
    rows = select(folder, f"SELECT ?s WHERE {{ GRAPH <{SEED_GRAPH}> {{ <{TASK}1> dct:isPartOf ?s }} }}")
    assert {row["s"] for row in rows} == {f"{SEED_PLAN}/section/2.1.1"}
    # part-of is transitive: the task is part of its area, its part and the plan
    rows = select(folder, f"SELECT DISTINCT ?s WHERE {{ <{TASK}1> dct:isPartOf ?s }}")
    assert {row["s"] for row in rows} == {f"{SEED_PLAN}/section/{p}" for p in ("2.1.1", "2.1", "2")} | {SEED_PLAN}
    parts = select(folder, f"SELECT ?p WHERE {{ <{SEED_PLAN}> eli:has_part ?p }} ORDER BY ?p")
    assert [row["p"] for row in parts] == [f"{SEED_PLAN}/section/{n}" for n in ("1", "2", "3")]


def test_provenance_names_the_source_file_and_its_hash(seed_build) -> None:
    digest = hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
    rows = select(
        seed_build.out,
        f"""SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {{ ?task a plan:Task ; prov:wasDerivedFrom ?src ;
              dct:source "xilinhot-2022-government-services.txt" . ?src dct:identifier "sha256:{digest}" }}""",
    )
    assert rows == [{"n": 47}]


def test_systems_and_who_provides_them(seed_build) -> None:
    # 21.…納入自治區電子證照庫統一制作、匯聚和發放 — fills the library;  22.實現跨部門電子證照互認互信 — relies on it
    triples = graph_triples(seed_build.out, SEED_GRAPH)
    library = f"{BASE}system/dianzizhengzhaoku"
    plan = "https://w3id.org/plankg/ontology#"
    assert (f"{TASK}21", f"{plan}provides", library) in triples
    assert {s for s, p, o in triples if p == f"{plan}reliesOn" and o == library} == {f"{TASK}{n}" for n in (22, 23, 24, 25)}


def test_match_keys_find_nodes_in_either_script(seed_build) -> None:
    for key in ["发改委", "发展和改革委员会", "政务服务局", "国办发〔2022〕2号", "电子证照库", "电子证照"]:
        assert select(seed_build.out, f'SELECT DISTINCT ?n WHERE {{ ?n plan:matchKey "{key}" }}'), key


# -- a second and a third plan, in simplified script -------------------------------------------------

OTHER = f"{BASE}plan/01166760-1-2022-00901"  # tests/fixtures/xilinhot-2022-open-government-simplified.txt
LEAGUE = f"{BASE}plan/01166700-3-2022-00114"  # tests/fixtures/league-2022-government-services-simplified.txt


def test_plans_citing_the_same_number_share_the_document_node(three_plan_build) -> None:
    # seed: (國辦發〔2022〕2 號); Xilinhot fixture: （国办发[2022]2号）; league fixture: （国办发〔2022〕2 号）
    rows = select(three_plan_build.out, "SELECT DISTINCT ?task ?doc WHERE { ?task eli:cites ?doc . ?doc eli:id_local \"国办发〔2022〕2号\" }")
    assert {row["doc"] for row in rows} == {f"{BASE}doc/guobanfa-2022-2-hao"}
    assert {row["task"] for row in rows} == {f"{SEED_PLAN}/task/1", f"{OTHER}/task/1", f"{LEAGUE}/task/1"}


def test_a_plan_of_the_same_jurisdiction_shares_department_nodes(three_plan_build) -> None:
    folder = three_plan_build.out
    # seed 2.(牽頭部門:發改委、政務服務局;…)  fixture 2.（牵头单位：发展和改革委员会；…）
    rows = select(folder, f"SELECT DISTINCT ?t ?d WHERE {{ VALUES ?t {{ <{SEED_PLAN}/task/2> <{OTHER}/task/2> }} ?t plan:leadDepartment ?d . ?d plan:matchKey \"发改委\" }}")
    assert {row["d"] for row in rows} == {f"{XILINHOT}/fazhanhegaigeweiyuanhui"} and len(rows) == 2
    # fixture 1.（牵头单位：市政务服务局；…） — 市 is the city's own prefix
    rows = select(folder, f"SELECT DISTINCT ?d WHERE {{ <{OTHER}/task/1> plan:leadDepartment ?d }}")
    assert rows == [{"d": f"{XILINHOT}/zhengwufuwuju"}]


def test_a_plan_of_another_jurisdiction_does_not(three_plan_build) -> None:
    folder = three_plan_build.out
    # league fixture 1.（牵头部门：盟政务服务局；…）
    rows = select(
        folder,
        f"""SELECT DISTINCT ?d ?en ?in ?gov WHERE {{ <{LEAGUE}/task/1> plan:leadDepartment ?d . ?d skos:prefLabel ?en ;
              plan:inAuthorityFile ?in ; org:subOrganizationOf ?gov . FILTER(LANGMATCHES(LANG(?en), "en")) }}""",
    )
    assert rows == [
        {"d": f"{BASE}org/xilinguolemeng/zhengwufuwuju", "en": "Government Services Bureau", "in": "false", "gov": f"{BASE}org/xilinguolemeng"}
    ]


def test_unknown_units_get_a_node_labelled_as_written(three_plan_build) -> None:
    # Xilinhot fixture 4.（牵头单位：市大数据中心；责任单位：市政务服务局）
    rows = select(
        three_plan_build.out,
        f"""SELECT DISTINCT ?d ?label ?kind ?in WHERE {{ <{OTHER}/task/4> plan:leadDepartment ?d . ?d rdfs:label ?label ;
              plan:kind ?kind ; plan:inAuthorityFile ?in . FILTER(LANGMATCHES(LANG(?label), "zh-Hans")) }}""",
    )
    assert rows == [{"d": f"{XILINHOT}/dashujuzhongxin", "label": "市大数据中心", "kind": "centre", "in": "false"}]


def test_no_unit_named_in_any_plan_is_dropped(three_plan_build) -> None:
    from kg.text.parse import extract

    from support import LEAGUE_SIMPLIFIED, XILINHOT_SIMPLIFIED

    expected = set()
    for path, plan_iri in [(SEED_FILE, SEED_PLAN), (XILINHOT_SIMPLIFIED, OTHER), (LEAGUE_SIMPLIFIED, LEAGUE)]:
        plan = extract(path)
        expected |= {(f"{plan_iri}/task/{task.number}", unit.role, unit.name) for task in plan.tasks for unit in task.units}
    rows = select(
        three_plan_build.out,
        """SELECT DISTINCT ?task ?role ?name WHERE {
             VALUES (?p ?role) { (plan:leadDepartment "lead") (plan:responsibleDepartment "responsible") (plan:jointDepartment "joint") }
             ?task ?p ?unit . ?unit rdfs:label ?name }""",
    )
    found = {(row["task"], row["role"], row["name"]) for row in rows}
    assert expected - found == set()


def test_systems_are_shared_across_plans(three_plan_build) -> None:
    # seed 21.…自治區電子證照庫…; league fixture 3.依托自治区电子证照库…
    rows = select(three_plan_build.out, f"SELECT DISTINCT ?t WHERE {{ ?t plan:reliesOn|plan:provides <{BASE}system/dianzizhengzhaoku> }}")
    tasks = {row["t"] for row in rows}
    assert f"{LEAGUE}/task/3" in tasks and f"{SEED_PLAN}/task/21" in tasks and f"{OTHER}/task/4" in tasks
