"""Saved queries against a real SPARQL 1.1 endpoint give the same rows as the local dataset.

The server is the ``oxigraph`` binary of the ``oxigraph`` PyPI package (test
extra), loaded with the seed build and serving read-only on a free loopback
port, its default graph the union of all graphs (docs/graph-shape.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.errors import EndpointError, QueryError
from server_support import free_port, seed_endpoint
from support import EXAMPLE_PARAMS, QUERY_FILES, stop

pytestmark = pytest.mark.endpoint


@pytest.fixture(scope="module")
def endpoint(seed_store: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, process = seed_endpoint(tmp_path_factory.mktemp("endpoint"), seed_store)
    try:
        yield url
    finally:
        stop(process)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_endpoint_gives_the_local_answer(seed_store, endpoint: str, path: Path, lang: str) -> None:
    params = EXAMPLE_PARAMS.get(path.stem, {})
    local = kg.query(path.stem, params=params, store=seed_store, lang=lang)
    remote = kg.query(path.stem, params=params, endpoint=endpoint, lang=lang)
    assert remote == local
    assert local, f"{path.stem} found nothing in the seed build"


def test_hostile_value_is_only_empty_remotely(endpoint: str) -> None:
    assert kg.query("co-leads", params={"dept": '发改委" } UNION { ?co_lead_iri ?p ?o } #'}, endpoint=endpoint) == []


def test_a_malformed_query_is_reported_by_the_endpoint(endpoint: str) -> None:
    with pytest.raises(EndpointError, match="HTTP 400"):
        kg.query("SELECT ?x WHERE { ?x ?y }", params={}, endpoint=endpoint)


def test_an_unreachable_endpoint_is_an_endpoint_error() -> None:
    with pytest.raises(EndpointError, match="cannot reach endpoint"):
        kg.query("lead-load", params={}, endpoint=f"http://127.0.0.1:{free_port()}/query", timeout=2)


def test_only_http_endpoints() -> None:
    with pytest.raises(QueryError, match="http"):
        kg.query("lead-load", params={}, endpoint="file:///etc/passwd")


def test_the_cli_takes_an_endpoint(seed_store, endpoint: str) -> None:
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    args = ["query", "co-leads", "-p", "dept=發改委", "--format", "json"]
    remote = CliRunner().invoke(cli, [*args, "--endpoint", endpoint])
    assert remote.exit_code == 0, remote.stderr
    # 2. and 33.(牽頭部門:發改委、政務服務局…)
    assert json.loads(remote.stdout)[0]["tasks"] == [2, 33]
    assert json.loads(remote.stdout) == kg.query("co-leads", params={"dept": "發改委"}, store=seed_store)
