"""Real SPARQL clients against `plankg serve`: SPARQLWrapper, rdflib's SPARQLStore and `plankg query --endpoint`.

Every saved query, bound as the CLI binds it for an endpoint (a VALUES block),
must give the rows the CLI gives on the same dataset.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
import kg
from kg.sparql.binding import bind_parameters, with_values_block
from kg.sparql.registry import load_queries
from support import EXAMPLE_PARAMS, QUERY_FILES
from server_support import Running, http, running_server

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@pytest.fixture(scope="module")
def dataset() -> Path:
    from kg.pipeline import resolve_dataset_dir

    return resolve_dataset_dir()


@pytest.fixture(scope="module")
def server(dataset: Path) -> Iterator[Running]:
    with running_server(dataset) as running:
        yield running


def endpoint_text(name: str, lang: str) -> str:
    """The query text the CLI sends to an endpoint for NAME (parameters in a VALUES block)."""
    query = load_queries()[name]
    return with_values_block(query.text, bind_parameters(query, EXAMPLE_PARAMS.get(name, {}), lang))


def local_rows(store: Any, text: str) -> list[tuple[Any, ...]]:
    """The solutions of the local store, as (variable, kind, value, language or datatype) tuples."""
    solutions = store.query(text, use_default_graph_as_union=True)
    variables = [variable.value for variable in solutions.variables]
    rows = []
    for solution in solutions:
        row = []
        for index, variable in enumerate(variables):
            term = solution[index]
            if term is None:
                continue
            kind = type(term).__name__
            if kind == "Literal":
                extra = term.language.lower() if term.language else term.datatype.value
                row.append((variable, "literal", term.value, extra))
            else:
                row.append((variable, "uri" if kind == "NamedNode" else "bnode", term.value, None))
        rows.append(tuple(sorted(row)))
    return rows


def wrapper_rows(endpoint: str, text: str) -> list[tuple[Any, ...]]:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    # SPARQLWrapper 2.0 guesses the query type by searching for keywords in the whole text, comments
    # included, and takes the header's "workload" for LOAD (then posts update=, which the server refuses)
    client.queryType = "SELECT"
    client.setReturnFormat(JSON)
    client.setMethod("POST")
    document = client.queryAndConvert()
    rows = []
    for binding in document["results"]["bindings"]:
        row = []
        for variable, value in binding.items():
            if value["type"] == "literal" or value["type"] == "typed-literal":
                extra = value.get("xml:lang", "").lower() or value.get("datatype", XSD_STRING)
                row.append((variable, "literal", value["value"], extra))
            else:
                row.append((variable, value["type"], value["value"], None))
        rows.append(tuple(sorted(row)))
    return rows


def rdflib_rows(endpoint: str, text: str) -> list[tuple[Any, ...]]:
    from rdflib import BNode, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=endpoint, returnFormat="xml", method="POST_FORM")
    result = store.query(text, initNs={}, initBindings={}, queryGraph="__UNION__")
    rows = []
    for solution in result:
        row = []
        for variable in result.vars:
            term = solution[variable]
            if term is None:
                continue
            if isinstance(term, Literal):
                extra = term.language.lower() if term.language else str(term.datatype or XSD_STRING)
                row.append((str(variable), "literal", str(term), extra))
            elif isinstance(term, URIRef):
                row.append((str(variable), "uri", str(term), None))
            elif isinstance(term, BNode):
                row.append((str(variable), "bnode", str(term), None))
        rows.append(tuple(sorted(row)))
    store.close()
    return rows


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_sparqlwrapper_gets_the_local_answer(seed_store: Any, server: Running, path: Path) -> None:
    text = endpoint_text(path.stem, "zh-Hant")
    expected = local_rows(seed_store, text)
    assert expected, f"{path.stem} finds nothing in the seed"
    assert wrapper_rows(server.endpoint, text) == expected


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_rdflib_sparqlstore_gets_the_local_answer(seed_store: Any, server: Running, path: Path) -> None:
    text = endpoint_text(path.stem, "en")
    assert rdflib_rows(server.endpoint, text) == local_rows(seed_store, text)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_plankg_query_endpoint_agrees_with_the_local_dataset(server: Running, dataset: Path, path: Path) -> None:
    runner = CliRunner()
    params = [option for key, value in EXAMPLE_PARAMS.get(path.stem, {}).items() for option in ("-p", f"{key}={value}")]
    local = runner.invoke(cli, ["query", path.stem, "--dataset", str(dataset), "--format", "json", *params])
    remote = runner.invoke(cli, ["query", path.stem, "--endpoint", server.endpoint, "--format", "json", *params])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output)
    assert json.loads(local.output)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_the_web_api_gives_the_cli_rows(seed_store, server: Running, path: Path) -> None:
    params = EXAMPLE_PARAMS.get(path.stem, {})
    reply = http(server.url + f"api/{path.stem}?" + urllib.parse.urlencode({**params, "lang": "zh-Hans"}))
    assert reply.status == 200 and reply.media_type == "application/json", reply.text
    assert json.loads(reply.body) == kg.query(path.stem, params=params, store=seed_store, lang="zh-Hans")
