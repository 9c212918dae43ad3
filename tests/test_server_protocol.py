"""`plankg serve`: the SPARQL 1.1 Protocol, content negotiation and the service description, over plain HTTP.

The server runs as a real process on a free loopback port over the seed's build.
Facts checked are read from the seed: 發展和改革委員會 leads tasks 2, 14, 15, 32 and 33.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import pytest

from server_support import Running, http, running_server

DRC = "https://w3id.org/plankg/org/xilinhaoteshi/fazhanhegaigeweiyuanhui"
LED_BY_DRC = """PREFIX plan: <https://w3id.org/plankg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?n WHERE { ?task plan:leadDepartment <%s> ; schema:position ?n } ORDER BY ?n""" % DRC
DRC_NAMES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { <%s> skos:prefLabel ?name } WHERE { <%s> skos:prefLabel ?name }""" % (DRC, DRC)
SEED_LED = [2, 14, 15, 32, 33]


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    from kg.pipeline import resolve_dataset_dir

    with running_server(resolve_dataset_dir()) as running:
        yield running


def get(server: Running, query: str, accept: str | None = None, **extra: str):
    return http(server.endpoint + "?" + urllib.parse.urlencode({"query": query, **extra}), accept=accept)


def test_select_as_sparql_json_by_default(server: Running) -> None:
    reply = get(server, LED_BY_DRC)
    assert reply.status == 200 and reply.media_type == "application/sparql-results+json"
    document = json.loads(reply.body)
    assert document["head"]["vars"] == ["n"]
    assert [int(row["n"]["value"]) for row in document["results"]["bindings"]] == SEED_LED
    assert document["results"]["bindings"][0]["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_select_as_xml(server: Running) -> None:
    reply = get(server, LED_BY_DRC, "application/sparql-results+xml")
    assert reply.media_type == "application/sparql-results+xml"
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(reply.body)
    assert [int(node.text or "") for node in root.findall(".//s:binding[@name='n']/s:literal", ns)] == SEED_LED


def test_select_as_csv_and_tsv(server: Running) -> None:
    reply = get(server, LED_BY_DRC, "text/csv")
    assert reply.media_type == "text/csv"
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == ["n"] and [int(row[0]) for row in rows[1:]] == SEED_LED
    reply = get(server, LED_BY_DRC, "text/tab-separated-values")
    assert reply.media_type == "text/tab-separated-values"
    lines = reply.text.splitlines()
    assert lines[0] == "?n"
    assert lines[1] == '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_accept_with_quality_values_and_format_parameter(server: Running) -> None:
    assert get(server, LED_BY_DRC, "text/csv;q=0.5, application/sparql-results+xml").media_type == "application/sparql-results+xml"
    assert get(server, LED_BY_DRC, "text/html, */*;q=0.1").media_type == "application/sparql-results+json"
    assert get(server, LED_BY_DRC, "application/sparql-results+xml", format="csv").media_type == "text/csv"
    refused = get(server, LED_BY_DRC, "image/png")
    assert refused.status == 406 and "text/csv" in refused.text


def test_ask_in_json_and_xml(server: Running) -> None:
    ask = "ASK { <%s> ?p ?o }" % DRC
    assert json.loads(get(server, ask).body) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in get(server, ask, "application/sparql-results+xml").body
    assert json.loads(get(server, "ASK { <%s/nothing> ?p ?o }" % DRC).body)["boolean"] is False


@pytest.mark.parametrize(
    "media, rdf_format",
    [("text/turtle", "TURTLE"), ("application/n-triples", "N_TRIPLES"), ("application/ld+json", "JSON_LD"), ("application/rdf+xml", "RDF_XML")],
)
def test_construct_in_each_rdf_format(server: Running, media: str, rdf_format: str) -> None:
    import pyoxigraph

    reply = get(server, DRC_NAMES, media)
    assert reply.status == 200 and reply.media_type == media
    triples = {str(quad.object) for quad in pyoxigraph.parse(reply.body, format=getattr(pyoxigraph.RdfFormat, rdf_format))}
    assert '"发展和改革委员会"@zh-hans' in triples and '"發展和改革委員會"@zh-hant' in triples
    assert '"Development and Reform Commission"@en' in triples


def test_post_form_and_post_sparql_query(server: Running) -> None:
    form = http(server.endpoint, data=urllib.parse.urlencode({"query": LED_BY_DRC}).encode(), content_type="application/x-www-form-urlencoded")
    direct = http(server.endpoint, data=LED_BY_DRC.encode(), content_type="application/sparql-query")
    assert form.status == direct.status == 200
    assert json.loads(form.body) == json.loads(direct.body) == json.loads(get(server, LED_BY_DRC).body)
    other = http(server.endpoint, data=b"query", content_type="text/plain")
    assert other.status == 415


def test_graph_parameters_choose_named_graphs(server: Running) -> None:
    ontology_only = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": "https://w3id.org/plankg/ontology"})
    assert ontology_only.status == 200
    from kg.pipeline import read_manifest

    expected = read_manifest()["graphs"]["https://w3id.org/plankg/ontology"]
    assert int(json.loads(ontology_only.body)["results"]["bindings"][0]["n"]["value"]) == expected


def test_service_description(server: Running) -> None:
    import pyoxigraph

    reply = http(server.endpoint, accept="text/turtle")
    assert reply.status == 200 and reply.media_type == "text/turtle"
    triples = list(pyoxigraph.parse(reply.body, format=pyoxigraph.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint" and t.object.value == server.endpoint for t in triples)
    assert any(t.object.value == sd + "UnionDefaultGraph" for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert "https://w3id.org/plankg/plan/01166760-1-2022-00759/inferred" in names


def test_cors_lets_a_page_elsewhere_query(server: Running) -> None:
    origin = {"Origin": "https://example.org"}
    reply = http(server.endpoint + "?" + urllib.parse.urlencode({"query": LED_BY_DRC}), headers=origin)
    assert reply.headers.get("access-control-allow-origin") == "*"
    preflight = http(
        server.endpoint, method="OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status == 200
    assert "POST" in preflight.headers.get("access-control-allow-methods", "")


def test_malformed_query_gets_the_parsers_message(server: Running) -> None:
    reply = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert reply.status == 400
    assert reply.text.startswith("malformed query: error at 1:")
    assert get(server, LED_BY_DRC).status == 200


@pytest.mark.parametrize(
    "media, rdf_format",
    [("text/turtle", "TURTLE"), ("application/ld+json", "JSON_LD"), ("application/n-triples", "N_TRIPLES"), ("application/rdf+xml", "RDF_XML")],
)
def test_a_department_iri_dereferences_to_its_description(server: Running, media: str, rdf_format: str) -> None:
    import pyoxigraph

    reply = http(server.url + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui", accept=media)
    assert reply.status == 200 and reply.media_type == media
    assert "Accept" in reply.headers["vary"]
    triples = list(pyoxigraph.parse(reply.body, format=getattr(pyoxigraph.RdfFormat, rdf_format)))
    led = {t.subject.value for t in triples if t.predicate.value.endswith("#leadDepartment") and t.object.value == DRC}
    assert led == {f"https://w3id.org/plankg/plan/01166760-1-2022-00759/task/{n}" for n in SEED_LED}


def test_html_by_accept_and_format_overrides_accept(server: Running) -> None:
    url = server.url + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui"
    page = http(url, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status == 200 and page.media_type == "text/html"
    assert "發展和改革委員會" in page.text and "Development and Reform Commission" in page.text and "发展和改革委员会" in page.text
    turtle = http(url + "?format=ttl", accept="text/html")
    assert turtle.media_type == "text/turtle"
    assert turtle.headers["content-location"].endswith("/org/xilinhaoteshi/fazhanhegaigeweiyuanhui?format=ttl")
    jsonld = http(url + "?format=jsonld", accept="text/turtle")
    assert jsonld.media_type == "application/ld+json" and json.loads(jsonld.body)
    assert http(url, accept="image/png").status == 406


def test_unknown_iri_is_404_and_the_server_goes_on(server: Running) -> None:
    assert http(server.url + "org/xilinhaoteshi/no-such-bureau", accept="text/turtle").status == 404
    assert http(server.url + "org/xilinhaoteshi/no-such-bureau", accept="text/html").status == 404
    assert http(server.url + "org/xilinhaoteshi/fazhanhegaigeweiyuanhui", accept="text/turtle").status == 200


def test_a_named_graph_iri_gives_its_content(server: Running) -> None:
    import pyoxigraph
    from kg.pipeline import read_manifest

    reply = http(server.url + "plan/01166760-1-2022-00759/inferred", accept="application/n-triples")
    assert reply.status == 200
    triples = list(pyoxigraph.parse(reply.body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(triples) == read_manifest()["graphs"]["https://w3id.org/plankg/plan/01166760-1-2022-00759/inferred"]
