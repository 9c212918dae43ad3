"""The saved queries run unchanged in grlc (pip ``grlc``, the test extra) with the rows ``plankg query`` prints.

grlc serves ``queries/`` as a web API (its local mode, ``/api-local/NAME``) and
sends each query, its ``?_name`` variables replaced by the values of the request,
to a live ``oxigraph serve`` holding the seed (default graph: the union of all
graphs). grlc reads the ``#+`` header as YAML and the parameters from the
variable names; the rows it returns, shaped by the header as plankg shapes
an endpoint's answer, must equal ``plankg query --format json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.sparql.endpoint import select_results
from kg.sparql.registry import resolve_query
from kg.sparql.results import shape_rows
from server_support import free_port, seed_endpoint, wait_until_answering
from support import QUERY_FILES, REPO, stop

pytestmark = pytest.mark.endpoint

grlc = pytest.importorskip("grlc", reason="grlc is not installed: pip install -e '.[test]'")

# values typed as grlc passes them on: as written, matched against plan:matchKey
# (simplified script, no spaces)
PARAMS = {
    "department-tasks": {"dept": "发改委"},
    "co-leads": {"dept": "政务服务局"},
    "tasks-depending-on": {"system": "电子证照库"},
    "tasks-citing": {"doc": "国办发〔2022〕2号"},
    "deadlines": {"asof": "2022-06-30"},
}


@pytest.fixture(scope="module")
def grlc_api(seed_store: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """grlc's own Flask app on a free loopback port, its queries the repository's queries/."""
    folder = tmp_path_factory.mktemp("grlc")
    endpoint, oxigraph = seed_endpoint(folder, seed_store)
    (folder / "config.ini").write_text(
        f"[defaults]\nsparql_endpoint = {endpoint}\ndebug = False\n\n[local]\nlocal_sparql_dir = {REPO / 'queries'}\n",
        encoding="utf-8",
    )
    port = free_port()
    environment = {
        **os.environ,
        "PYTHONUTF8": "1",  # grlc opens .rq files in the locale's encoding
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", f"from grlc.server import app; app.run(host='127.0.0.1', port={port})"],
        cwd=folder,  # grlc reads config.ini from the working directory
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api-local"
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/", process, seconds=60, probe="")
        yield url
    finally:
        stop(process)
        stop(oxigraph)


def grlc_rows(api: str, name: str, params: dict[str, str]) -> list[dict]:
    request = urllib.request.Request(
        f"{api}/{name}?{urllib.parse.urlencode(params)}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        document = json.loads(response.read().decode("utf-8"))
    variables, rows = select_results(document, api)
    return shape_rows(resolve_query(name), variables, rows)


def plankg_rows(name: str, params: dict[str, str], lang: str | None) -> list[dict]:
    args = ["query", name, "--format", "json", *(f"-p{key}={value}" for key, value in params.items())]
    result = CliRunner().invoke(cli, args + (["--lang", lang] if lang else []))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("lang", [None, "en"], ids=["default-language", "en"])
def test_grlc_gives_the_rows_of_plankg_query(grlc_api: str, path: Path, lang: str | None) -> None:
    params = dict(PARAMS.get(path.stem, {}))
    expected = plankg_rows(path.stem, params, lang)
    assert expected, f"{path.stem} finds nothing in the seed"
    if lang:
        params["lang"] = lang
    assert grlc_rows(grlc_api, path.stem, params) == expected


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_grlc_reads_the_header_and_the_parameters_as_plankg_does(path: Path) -> None:
    from grlc.gquery import get_parameters, get_yaml_decorators

    text = path.read_text(encoding="utf-8")
    decorators = get_yaml_decorators(text)
    saved = resolve_query(path.stem)
    assert decorators["summary"] == saved.summary and decorators["tags"] == saved.tags
    found = get_parameters(text, "http://127.0.0.1:9/unused", decorators)
    assert {(name, p["required"]) for name, p in found.items()} == {(p.name, p.required) for p in saved.parameters}
