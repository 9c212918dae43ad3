"""`plankg serve` for people and for the web: pages, the API's description, VoID, dumps, the ontology.

The hostile fixture (tests/fixtures/hostile-names.txt) names a department
``市<img src=x onerror=alert(1)>局`` and a task that writes a script element:
both must reach the page as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.sparql.registry import list_queries
from server_support import REPO, Running, http, running_server

HOSTILE_SOURCE = REPO / "tests" / "fixtures" / "hostile-names.txt"
HOSTILE_LABEL = "市<img src=x onerror=alert(1)>局"


@pytest.fixture(scope="module")
def seed() -> Iterator[Running]:
    from kg.pipeline import resolve_dataset_dir

    with running_server(resolve_dataset_dir()) as running:
        yield running


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile") / "build"
    build([str(HOSTILE_SOURCE)], folder)
    with running_server(folder) as running:
        yield running


def hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def test_a_hostile_label_renders_as_text(hostile: Running) -> None:
    department = http(hostile.url + "org/moushi/imgsrc-xonerror-alert-1-ju", accept="text/html")
    assert department.status == 200, department.text
    assert "<img" not in department.text
    assert "市&lt;img src=x onerror=alert(1)&gt;局" in department.text
    task = http(hostile.url + "plan/" + _plan_slug(hostile) + "/task/1", accept="text/html")
    assert task.status == 200
    assert "<script>window.__pwned" not in task.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in task.text
    assert "<script" not in task.text


def _plan_slug(running: Running) -> str:
    index = http(running.url, accept="text/html").text
    return next(link.split("/plan/")[1] for link in hrefs(index) if "/plan/" in link)


def test_pages_carry_a_content_security_policy_and_no_script(seed: Running) -> None:
    for path in ("", "org/xilinhaoteshi/fazhanhegaigeweiyuanhui", "queries", "ontology", "dumps/", "queries/lead-load"):
        reply = http(seed.url + path, accept="text/html")
        assert reply.status == 200 and reply.media_type == "text/html", path
        policy = reply.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert "<script" not in reply.text.lower()
        assert not [link for link in hrefs(reply.text) if link.startswith("//") or "cdn" in link.lower()]


def test_links_on_pages_stay_on_the_server(seed: Running) -> None:
    page = http(seed.url + "plan/01166760-1-2022-00759", accept="text/html").text
    local = [link for link in hrefs(page) if link.startswith("/")]
    assert "/plan/01166760-1-2022-00759/task/21" in local
    assert not [link for link in hrefs(page) if link.startswith("https://w3id.org/plankg/")]
    for link in local[:40]:
        target = link.split("#")[0]
        assert http(seed.url.rstrip("/") + target, accept="text/html").status == 200, link


def test_a_task_page_shows_its_source_text_and_links(seed: Running) -> None:
    page = http(seed.url + "plan/01166760-1-2022-00759/task/21", accept="text/html").text
    assert "21.按照國家標準將存量證照、新增證照電子化" in page
    assert "21.按照国家标准将存量证照、新增证照电子化" in page
    assert 'href="/org/xilinhaoteshi/zhengwufuwuju"' in page
    assert 'href="/ontology#leadDepartment"' in page
    assert 'id="incoming"' in page and 'href="/plan/01166760-1-2022-00759/task/22"' in page


def test_a_department_page_lists_its_tasks_by_role(seed: Running) -> None:
    page = http(seed.url + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui?lang=en", accept="text/html").text
    lead = page.split('id="role-lead"')[1].split('id="role-responsible"')[0]
    assert re.findall(r'/task/(\d+)"', lead) == ["2", "14", "15", "32", "33"]
    assert "Development and Reform Commission" in page


def test_a_plan_page_shows_its_outline(seed: Running) -> None:
    page = http(seed.url + "plan/01166760-1-2022-00759", accept="text/html").text
    outline = page.split('id="outline"')[1].split("</section>")[0]
    tasks = [int(n) for n in re.findall(r'/task/(\d+)"', outline)]
    assert sorted(tasks) == list(range(1, 48))
    assert tasks == sorted(tasks)


def test_openapi_describes_every_saved_query(seed: Running) -> None:
    document = json.loads(http(seed.url + "api/openapi.json").body)
    assert document["openapi"].startswith("3.")
    for query in list_queries():
        operation = document["paths"][f"/api/{query.name}"]["get"]
        assert operation["summary"] == query.summary
        names = {parameter["name"]: parameter for parameter in operation["parameters"]}
        for parameter in query.user_parameters:
            assert names[parameter.name]["required"] == parameter.required
        assert "format" in names


def test_the_api_answers_csv_and_says_what_is_missing(seed: Running) -> None:
    reply = http(seed.url + "api/co-leads?" + urllib.parse.urlencode({"dept": "發改委", "format": "csv", "lang": "zh-Hans"}))
    assert reply.status == 200 and reply.media_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert {row["co_lead"] for row in rows} == {"政务服务局", "区域经济合作服务中心"}
    by_accept = http(seed.url + "api/co-leads?" + urllib.parse.urlencode({"dept": "发改委"}), accept="text/csv")
    assert by_accept.media_type == "text/csv"
    missing = http(seed.url + "api/co-leads")
    assert missing.status == 400 and "dept" in missing.text
    wrong = http(seed.url + "api/deadlines?asof=yesterday")
    assert wrong.status == 400 and "date" in wrong.text


def test_void_and_well_known_void(seed: Running) -> None:
    import pyoxigraph

    for path in ("void", ".well-known/void"):
        reply = http(seed.url + path, accept="text/turtle")
        assert reply.status == 200 and reply.media_type == "text/turtle"
        triples = list(pyoxigraph.parse(reply.body, format=pyoxigraph.RdfFormat.TURTLE))
        endpoint = [t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint"]
        assert endpoint == [seed.endpoint]
        dumps = [t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#dataDump"]
        assert dumps == [seed.url + "dumps/dataset.nq"]
        assert http(dumps[0]).status == 200


def test_dumps_are_the_build_files(seed: Running) -> None:
    from kg.pipeline import resolve_dataset_dir

    folder = resolve_dataset_dir()
    listing = http(seed.url + "dumps/", accept="text/html").text
    for name in ("dataset.nq", "dataset.trig", "void.ttl"):
        assert f'href="/dumps/{name}"' in listing
        assert http(seed.url + "dumps/" + name).body == (folder / name).read_bytes()
    turtle = next(Path(link).name for link in hrefs(listing) if link.endswith(".ttl") and "/plans/" in link)
    assert http(seed.url + "dumps/plans/" + turtle).media_type == "text/turtle"
    assert http(seed.url + "dumps/manifest.json/../../etc/passwd").status == 404
    assert http(seed.url + "dumps/build-log.json").status == 200


def test_the_ontology_page(seed: Running) -> None:
    page = http(seed.url + "ontology", accept="text/html").text
    term = page.split('id="leadDepartment"')[1].split("</article>")[0]
    assert "牵头部门" in term and "牽頭部門" in term and "lead department" in term
    assert 'href="#leadDepartment"' in page and 'id="Task"' in page
    assert "plan:involvedDepartment" in term
    from kg.resources import ontology_file

    assert http(seed.url + "ontology?format=ttl").body == ontology_file("plan.ttl").read_bytes()
    assert http(seed.url + "ontology", accept="text/turtle").media_type == "text/turtle"


def test_queries_page_has_a_form_per_saved_query(seed: Running) -> None:
    page = http(seed.url + "queries", accept="text/html").text
    for query in list_queries():
        assert f'id="query-{query.name}"' in page
        for parameter in query.user_parameters:
            assert f'name="{parameter.name}"' in page
    answer = http(seed.url + "queries/co-leads?" + urllib.parse.urlencode({"dept": "發改委", "lang": "zh-Hant"}), accept="text/html")
    assert answer.status == 200 and "區域經濟合作服務中心" in answer.text
    editor = http(seed.url + "queries/run", data=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(), content_type="application/x-www-form-urlencoded")
    assert editor.status == 200 and '<p id="boolean">true</p>' in editor.text
    refused = http(seed.url + "queries/run", data=urllib.parse.urlencode({"query": "CLEAR ALL"}).encode(), content_type="application/x-www-form-urlencoded")
    assert refused.status == 403 and "read-only" in refused.text


def test_the_dataset_iri_leads_to_void(seed: Running) -> None:
    reply = http(seed.url + "dataset", accept="text/turtle")
    assert reply.status == 200 and reply.media_type == "text/turtle"


def test_binds_loopback_unless_told(seed: Running) -> None:
    assert seed.url.startswith("http://127.0.0.1:")


def test_behind_a_proxy_under_a_sub_path() -> None:
    """With --root-path /plankg (a proxy strips the prefix), links and published addresses carry it."""
    import pyoxigraph
    from kg.pipeline import resolve_dataset_dir

    with running_server(resolve_dataset_dir(), "--root-path", "/plankg") as server:
        origin = server.url.removesuffix("plankg/")
        page = http(origin + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui", accept="text/html").text
        assert 'href="/plankg/plan/01166760-1-2022-00759/task/14"' in page
        assert 'href="/plankg/static/style.css"' in page
        void = http(origin + "void", accept="text/turtle")
        triples = list(pyoxigraph.parse(void.body, format=pyoxigraph.RdfFormat.TURTLE))
        endpoint = [t.object.value for t in triples if t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint"]
        assert endpoint == [server.url + "sparql"]
