"""Saved queries against a real SPARQL 1.1 endpoint give the same rows as the local dataset.

The server is the ``oxigraph`` binary of the ``oxigraph`` PyPI package (test
extra), loaded with the seed build and serving read-only on a free loopback
port, its default graph the union of all graphs (docs/graph-shape.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import EndpointError, QueryError
import kg
from query_support import QUERY_FILES, seed_store

pytestmark = pytest.mark.endpoint

PARAMS = {
    "department-tasks": {"dept": "發改委"},
    "co-leads": {"dept": "政务服务局"},
    "tasks-depending-on": {"system": "电子证照库"},
    "tasks-citing": {"doc": "国办发〔2022〕2号"},
    "deadlines": {"asof": "2022-06-30"},
}


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not answer within 20 s")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is missing: pip install oxigraph (the test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("endpoint")
    data = folder / "dataset.nq"
    import pyoxigraph

    seed_store().dump(str(data), format=pyoxigraph.RdfFormat.N_QUADS)
    location = folder / "db"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(data)], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_endpoint_gives_the_local_answer(endpoint: str, path: Path, lang: str) -> None:
    params = PARAMS.get(path.stem, {})
    local = kg.query(path.stem, params=params, store=seed_store(), lang=lang)
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


def test_the_cli_takes_an_endpoint(endpoint: str) -> None:
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    args = ["query", "co-leads", "-p", "dept=發改委", "--format", "json"]
    remote = CliRunner().invoke(cli, [*args, "--endpoint", endpoint])
    assert remote.exit_code == 0, remote.stderr
    # 2. and 33.(牽頭部門:發改委、政務服務局…)
    assert json.loads(remote.stdout)[0]["tasks"] == [2, 33]
    assert json.loads(remote.stdout) == kg.query("co-leads", params={"dept": "發改委"}, store=seed_store())
