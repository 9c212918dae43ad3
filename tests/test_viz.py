"""The network views and the workload chart, checked against what the seed plan says.

Facts are read from corpus/xilinhot-2022-government-services.txt (quoted
where used); counts are checked against independent SPARQL over the same
built dataset the views read.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.errors import PlanKGError, UsageError
from kg.resources import default_corpus_file
from support import HOSTILE_NAME, HOSTILE_TEXT, SEED_TEXT
from viz.data import ViewData, load_view_data
from viz.html import find_remote_loads, page_html, script_json, write_network_html
from viz.rendering import find_departments, render_data
from viz.views import build_view, citation_view, dependency_view, responsibility_view


@pytest.fixture
def store(seed_store):
    return seed_store


@pytest.fixture
def data(seed_view_data: ViewData) -> ViewData:
    return seed_view_data


def count(store, query: str) -> int:
    from kg.graph.namespace import PREFIXES

    prefixes = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())
    rows = list(store.query(prefixes + query, use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


def node_by(view, **fields):
    matches = [node for node in view.nodes if all(node.get(key) == value for key, value in fields.items())]
    assert len(matches) == 1, (fields, len(matches))
    return matches[0]


def task_node(view, number: int):
    return node_by(view, group="task", number=number)


def department_node(view, label: str):
    return node_by(view, group="department", label=label)


def linked(view, node, relation: str) -> set[str]:
    ids = {edge["to"] if edge["from"] == node["id"] else edge["from"] for edge in view.edges
           if edge["relation"] == relation and node["id"] in (edge["from"], edge["to"])}
    return {view.nodes[i]["label"] for i in ids}


def leads_written(name: str) -> int:
    """How many responsibility annotations of the seed name ``name`` after 牽頭部門:."""
    return sum(name in leads.split("、") for leads in re.findall(r"牽頭部門:([^;)]*)", SEED_TEXT))


# -- responsibility ---------------------------------------------------------------------------------


def test_government_services_bureau_is_the_largest_department(data):
    view = responsibility_view(data)
    departments = [node for node in view.nodes if node["group"] == "department"]
    largest = max(departments, key=lambda node: node["size"])
    assert largest["label"] == "政務服務局"
    # "(牽頭部門:政務服務局;責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門)" and 35 more
    assert largest["counts"]["lead"] == leads_written("政務服務局") == 36
    # "18.落實《自治區企業電子印章管理辦法》…(政務服務局、市場監督管理局、智慧城市指揮中心、公共資源交易中心按職責分工負責)"
    # "30.持續深化“二手房交易”…(政務服務局、公安局、衛健委…等部門單位按職責分工)"
    assert largest["counts"]["joint"] == 2
    assert all(node["size"] < largest["size"] for node in departments if node is not largest)


def test_counts_equal_the_graph(store, data):
    view = responsibility_view(data)
    tasks = count(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a plan:Task }")
    departments = count(store, """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
        VALUES ?p { plan:leadDepartment plan:responsibleDepartment plan:jointDepartment } ?t a plan:Task ; ?p ?o }""")
    assignments = count(store, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?p ?o WHERE {
        VALUES ?p { plan:leadDepartment plan:responsibleDepartment plan:jointDepartment } ?t a plan:Task ; ?p ?o } }""")
    assert tasks == 47  # "47." is the seed's last task
    assert sum(node["group"] == "task" for node in view.nodes) == tasks
    assert sum(node["group"] == "department" for node in view.nodes) == departments
    assert len(view.nodes) == tasks + departments
    assert len(view.edges) == assignments
    assert len({node["id"] for node in view.nodes}) == len(view.nodes)


def test_roles_are_drawn_apart(data):
    view = responsibility_view(data)
    # "14.推廣全盟統一的網上中介服務超市…(牽頭部門:發改委;責任部門:市直各相關部門)"
    task14 = task_node(view, 14)
    assert linked(view, task14, "lead") == {"發展和改革委員會"}  # its full name, as query and analyze print it
    assert linked(view, task14, "responsible") == {"市直各相關部門"}
    # "18.…(政務服務局、市場監督管理局、智慧城市指揮中心、公共資源交易中心按職責分工負責)"
    assert linked(view, task_node(view, 18), "joint") == {"政務服務局", "市場監督管理局", "智慧城市指揮中心", "公共資源交易中心"}
    styles = {edge["relation"]: (edge["color"]["color"], json.dumps(edge["dashes"])) for edge in view.edges}
    assert len(set(styles.values())) == 3
    assert {entry.get("relation") for entry in view.legend if entry["type"] == "edge"} == {"lead", "responsible", "joint"}


def test_collective_units_are_their_own_kind(data):
    view = responsibility_view(data)
    # "責任部門:各蘇木鎮、國有農牧場、街道辦事處、市直各相關部門": units that stand for many
    for label in ("各蘇木鎮", "國有農牧場", "街道辦事處", "市直各相關部門"):
        node = department_node(view, label)
        assert node["kind"] == "collective" and node["shape"] == "diamond"
    assert department_node(view, "發展和改革委員會")["kind"] == "commission"


def test_task_tooltip_holds_text_leads_and_target(data):
    view = responsibility_view(data)
    # "8.制定“承諾改即辦”事項清單,爭取市本級政務服務事項即辦件占比達到 85%以上。(牽頭部門:政務服務局;…)"
    tip = task_node(view, 8)["tip"]
    assert tip["heading"] == "任務 8"
    assert "制定“承諾改即辦”事項清單,爭取市本級政務服務事項即辦件占比達到 85%以上" in tip["text"]  # as written
    rows = dict(tip["rows"])
    assert rows["牽頭部門"] == "政務服務局"
    assert "85%" in rows["目標"]
    # "25.…2022 年 3 月底前完成掃碼設備配備工作" : a deadline resolved in the plan's year
    assert "2022-03-31" in dict(task_node(view, 25)["tip"]["rows"])["期限"]


def test_department_tooltip_names_it_in_three_languages(data):
    view = responsibility_view(data, lang="en")
    node = next(node for node in view.nodes if node["group"] == "department" and "發改委" in node["search"])
    rows = dict(node["tip"]["rows"])
    assert rows["Traditional"] == "發展和改革委員會"
    assert rows["Simplified"] == "发展和改革委员会"
    assert rows["English"] == node["label"] == "Development and Reform Commission"
    # 發改委 leads tasks 2, 14, 15, 32 and 33
    assert rows["Tasks led"] == str(leads_written("發改委")) == "5"


@pytest.mark.parametrize(("lang", "label"), [("zh-Hant", "政務服務局"), ("zh-Hans", "政务服务局"), ("en", "Government Services Bureau")])
def test_labels_follow_the_reading_language(data, lang, label):
    view = responsibility_view(data, lang=lang)
    assert max((node for node in view.nodes if node["group"] == "department"), key=lambda node: node["size"])["label"] == label


@pytest.mark.parametrize("name", ["發改委", "发改委", "發展和改革委員會", "发展和改革委员会"])
def test_dept_focus_any_script_short_or_full(data, name):
    focus = find_departments(data, name)
    view = responsibility_view(data, focus=focus)
    tasks = {node["number"] for node in view.nodes if node["group"] == "task"}
    # 2.(牽頭部門:發改委、政務服務局…) 14. 15. 32.(牽頭部門:發改委…) 33.(牽頭部門:發改委、政務服務局、區域經濟合作服務中心…)
    assert tasks == {2, 14, 15, 32, 33}
    labels = {node["label"] for node in view.nodes if node["group"] == "department"}
    assert labels == {"發展和改革委員會", "政務服務局", "區域經濟合作服務中心", "市直各相關部門"}
    assert department_node(view, "發展和改革委員會")["borderWidth"] == 5


def test_unknown_dept_is_a_usage_error(data):
    with pytest.raises(UsageError, match="no department"):
        find_departments(data, "外交部")


# -- dependency and citation ------------------------------------------------------------------------


def test_task_21_relies_on_the_electronic_licence_library(data):
    view = dependency_view(data)
    # "21.按照國家標準將存量證照、新增證照電子化,納入自治區電子證照庫統一制作、匯聚和發放…"
    task21 = task_node(view, 21)
    assert "電子證照庫" in linked(view, task21, "relies_on") | linked(view, task21, "provides")
    system = node_by(view, group="system", label="電子證照庫")
    assert all(edge.get("arrows") == "to" for edge in view.edges if edge["to"] == system["id"])
    # "22.實現跨部門電子證照互認互信…" and the other tasks that rely on the library the task builds hang on it
    if "電子證照庫" in linked(view, task21, "provides"):
        users = {view.nodes[edge["from"]]["label"] for edge in view.edges if edge["to"] == system["id"] and edge["relation"] == "relies_on"}
        assert users and linked(view, task21, "depends_on") >= users - {"21"}


def test_dependency_counts_equal_the_graph(store, data):
    view = dependency_view(data)
    relations = {
        "relies_on": "plan:reliesOn", "provides": "plan:provides", "creates": "plan:creates", "uses": "plan:uses",
    }
    for relation, prop in relations.items():
        expected = count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?t ?x WHERE {{ ?t a plan:Task ; {prop} ?x }} }}")
        assert sum(edge["relation"] == relation for edge in view.edges) == expected, relation
    things = count(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?t a plan:Task . { ?t plan:reliesOn|plan:provides ?x } UNION { ?t plan:creates|plan:uses ?x } }")
    assert sum(node["group"] in ("system", "list") for node in view.nodes) == things


def test_citation_view_groups_documents_by_issuer(data):
    view = citation_view(data)
    # "1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求"
    cited = linked(view, task_node(view, 1), "cites")
    assert len(cited) == 1
    document = node_by(view, group="document", label=next(iter(cited)))
    assert "2022" in document["label"] and "2" in document["label"]
    assert linked(view, document, "issued_by") == {"國務院辦公廳"}
    # the preamble: "…的通知》(辦字〔2022〕14 號)等文件精神和要求"
    plan = node_by(view, group="plan")
    assert any("14" in label for label in linked(view, plan, "cites"))


# -- the page: safe, offline ------------------------------------------------------------------------


def data_element(html: str) -> str:
    match = re.search(r'<script type="application/json" id="plankg-data">(.*?)</script>', html, re.DOTALL)
    assert match
    return match.group(1)


def test_hostile_text_stays_text_in_the_file(hostile_view_data, tmp_path):
    # the heading (a plan's title) is printed by the template itself: autoescaped
    page = write_network_html(responsibility_view(hostile_view_data), tmp_path / "evil.html", heading=HOSTILE_TEXT)
    html = page.read_text(encoding="utf-8")
    assert "window.__pwned" in html  # it is there, as data …
    assert "<script>window.__pwned" not in html and "<img src=x" not in html  # … never as markup
    assert html.count("</script>") == 3  # the data, vis-network and the page script: nothing closed early
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1" in html  # the heading, as text
    assert "\u2028" not in data_element(html)
    payload = json.loads(data_element(html))
    assert HOSTILE_TEXT in [node["tip"]["text"] for node in payload["nodes"]]
    assert HOSTILE_NAME in [node["label"] for node in payload["nodes"]]


def test_script_json_escapes_what_could_end_the_element():
    text = script_json({"t": "</script><!-- & \u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"t": "</script><!-- & \u2028\u2029"}


def test_page_loads_nothing_from_the_network(data, tmp_path):
    for kind in ("responsibility", "dependency", "citation"):
        html = page_html(build_view(kind, data))
        assert find_remote_loads(html) == []
        assert not re.search(r"<(?:link|script)[^>]+(?:src|href)=", html)
        assert "default-src 'none'" in html  # and the browser is told to refuse any load
    # the checker finds what pyvis's own templates would add (issues #228, #229)
    cdn = '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.0.0/dist/css/bootstrap.min.css">'
    assert find_remote_loads(cdn + '<script src="//unpkg.com/vis-network/standalone.js"></script>') != []
    assert find_remote_loads("<style>@import url(https://fonts.example/a.css);</style>") != []


def test_vis_network_is_inlined(data):
    html = page_html(responsibility_view(data))
    assert "vis-network" in html and "new vis.Network" in html
    assert "sourceMappingURL" not in html


# -- render, CLI, chart -----------------------------------------------------------------------------


def test_cli_writes_each_view_and_the_chart(tmp_path):
    from kg.cli import cli

    runner = CliRunner()
    for kind, name in (("responsibility", "r.html"), ("dependency", "d.html"), ("citation", "c.html"), ("workload-chart", "w.png")):
        result = runner.invoke(cli, ["viz", "--kind", kind, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert Path(result.output.strip()) == tmp_path / name
    assert (tmp_path / "w.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    focused = runner.invoke(cli, ["viz", "--dept", "发改委", "--lang", "zh-Hans", "-o", str(tmp_path / "f.html")])
    assert focused.exit_code == 0, focused.output
    assert "聚焦:发展和改革委员会" in (tmp_path / "f.html").read_text(encoding="utf-8")


def test_cli_errors_are_one_line(tmp_path):
    from kg.cli import cli

    runner = CliRunner()
    unknown = runner.invoke(cli, ["viz", "--dept", "外交部", "-o", str(tmp_path / "x.html")])
    assert unknown.exit_code == 2 and unknown.output.startswith("Error: no department") and "Traceback" not in unknown.output
    wrong = runner.invoke(cli, ["viz", "--kind", "workload-chart", "-o", str(tmp_path / "chart.html")])
    assert wrong.exit_code == 2 and "PNG or SVG" in wrong.output


def test_unwritable_output_is_a_plankg_error(data, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(PlanKGError, match="cannot write"):
        render_data("responsibility", data, out=blocker / "page.html")


def test_workload_chart_svg_names_the_heaviest_department(data, tmp_path):
    from viz.chart import workload_rows

    rows = workload_rows(data)
    assert rows[0][0].names["zh-Hant"] == "政務服務局"
    svg = render_data("workload-chart", data, out=tmp_path / "w.svg", lang="en").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


# -- other plans: a simplified league plan next to the seed -----------------------------------------

LEAGUE = Path(__file__).parent / "fixtures" / "league-2022-government-services-simplified.txt"


@pytest.fixture(scope="module")
def two_plans() -> ViewData:
    from kg.pipeline import open_store

    return load_view_data(open_store(sources=[str(default_corpus_file()), str(LEAGUE)]))


def test_two_plans_share_documents_and_systems_not_departments(two_plans):
    # league: "1.按照国务院办公厅《关于全面实行行政许可事项清单管理的通知》（国办发〔2022〕2 号）要求…"
    # seed:   "1.按照國務院辦公廳《關于全面實行行政許可事項清單管理的通知》(國辦發〔2022〕2 號)要求…"
    citation = citation_view(two_plans, lang="zh-Hans")
    document = next(node for node in citation.nodes if node["group"] == "document" and node["label"] == "国办发〔2022〕2号")
    citing = [edge for edge in citation.edges if edge["to"] == document["id"] and edge["relation"] == "cites"]
    assert len(citing) == 2
    assert {citation.nodes[edge["from"]]["label"].split("·")[1] for edge in citing} == {"1"}
    # league: "3.依托自治区电子证照库，2022年底前实现涉企证照电子化。" – the same system node as the seed's
    dependency = dependency_view(two_plans, lang="zh-Hans")
    system = node_by(dependency, group="system", label="电子证照库")
    plans_using = {dependency.nodes[edge["from"]]["label"].split("·")[0] for edge in dependency.edges if edge["to"] == system["id"]}
    assert len(plans_using) == 2
    # … but the league's task 3 does not wait for the city's task 21, which feeds the same regional library
    arrows = [(dependency.nodes[edge["from"]]["label"], dependency.nodes[edge["to"]]["label"]) for edge in dependency.edges if edge["relation"] == "depends_on"]
    assert arrows and all(source.split("·")[0] == target.split("·")[0] for source, target in arrows)
    # 盟政务服务局 (league) and 政務服務局 (city) are two departments, told apart on the page
    responsibility = responsibility_view(two_plans, lang="zh-Hans")
    bureaus = [node["label"] for node in responsibility.nodes if node["group"] == "department" and node["label"].split("\n")[0].endswith("政务服务局")]
    assert len(bureaus) == 2 and len(set(bureaus)) == 2 and all("\n" in label for label in bureaus)
    # --dept 政務服務局 names both jurisdictions' bureaus; 盟政务服务局 ("牵头部门：盟政务服务局") only the league's
    assert len(find_departments(two_plans, "政務服務局")) == 2
    (league_bureau,) = find_departments(two_plans, "盟政务服务局")
    focused = responsibility_view(two_plans, lang="zh-Hans", focus={league_bureau})
    # the league's bureau leads its tasks 1 and 3
    assert sorted(node["label"] for node in focused.nodes if node["group"] == "task") == ["1·1", "1·3"]


def test_chart_without_a_cjk_font_uses_english_names(data, tmp_path, monkeypatch, caplog):
    import viz.chart

    monkeypatch.setattr(viz.chart, "find_cjk_font", lambda: None)
    with caplog.at_level("WARNING", logger="viz.chart"):
        svg = render_data("workload-chart", data, out=tmp_path / "w.svg").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in caplog.text
    assert "<!-- Government Services Bureau -->" in svg
    assert "<!-- 政務服務局 -->" not in svg


def test_chart_names_departments_as_query_and_analyze_do(data, tmp_path):
    if viz_font() is None:
        pytest.skip("no CJK font installed (make browser installs fonts-noto-cjk)")
    svg = render_data("workload-chart", data, out=tmp_path / "w.svg", dept="發改委").read_text(encoding="utf-8")
    names = re.findall(r"<!-- (.+?) -->", svg)
    # the heaviest first; the plan's "發改委" under its full name, 發展和改革委員會
    assert names.index("政務服務局") < names.index("發展和改革委員會")
    assert "發改委" not in names


def viz_font():
    from viz.chart import find_cjk_font

    return find_cjk_font()


def test_seeded_layout_keeps_each_plan_apart(two_plans):
    from viz.layout import enlarge_labels, seed_positions

    view = responsibility_view(two_plans)
    components = seed_positions(view.nodes, [(edge["from"], edge["to"]) for edge in view.edges])
    assert all("x" in node and "y" in node for node in view.nodes)
    by_id = {node["id"]: node for node in view.nodes}
    boxes = []
    for members in components:
        xs, ys = [by_id[i]["x"] for i in members], [by_id[i]["y"] for i in members]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    # the league's and the city's departments are not shared, so their clusters never overlap
    assert len(components) >= 2
    for index, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[index + 1:]:
            assert ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0
    before = {node["id"]: node["font"]["size"] for node in view.nodes}
    enlarge_labels(view.nodes, components, 2.0)
    grown = [node for node in view.nodes if node["font"]["size"] != before[node["id"]]]
    assert len(grown) == len(components)
    # the city's cluster is named by its heaviest department: "(牽頭部門:政務服務局;…)" 36 times
    assert any(node["label"].startswith("政務服務局") for node in grown)


def test_chart_prints_names_literally(data, tmp_path):
    odd = copy.deepcopy(data)
    department = next(d for d in odd.departments.values() if d.names.get("zh-Hant") == "司法局")
    department.names = {**department.names, "zh-Hant": "司法局$x^$<b>", "zh-Hans": "司法局$x^$<b>"}
    svg = render_data("workload-chart", odd, out=tmp_path / "odd.svg").read_text(encoding="utf-8")
    assert "<!-- 司法局$x^$&lt;b&gt; -->" in svg  # printed as written: no mathtext, no markup
