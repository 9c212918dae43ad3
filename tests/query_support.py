"""Shared helpers of the query, endpoint and analysis tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURE_GRAPH = REPO / "tests" / "fixtures" / "query-graph.trig"
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))


def fixture_store() -> Any:
    """The hand-written excerpt of the seed's graph (tests/fixtures/query-graph.trig)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE_GRAPH), format=pyoxigraph.RdfFormat.TRIG)
    return store


@lru_cache(maxsize=1)
def seed_store() -> Any:
    """The build of the embedded seed plan, as the CLI reads it (cached by kg.store.dataset)."""
    from kg.pipeline import open_store

    return open_store()


# -- a live Oxigraph server holding the seed (the ``oxigraph`` binary of the test extra) -------


def oxigraph_binary() -> str | None:
    import shutil
    import sys

    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("oxigraph")


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: Any, seconds: float = 20.0, probe: str = "?query=ASK%7B%7D") -> None:
    """Poll ``url + probe`` until it answers 200, or fail when ``process`` exits or time runs out."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url + probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def stop(process: Any) -> None:
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def seed_endpoint(folder: Path) -> tuple[str, Any]:
    """Start ``oxigraph serve-read-only`` on a free loopback port with the seed build, its default
    graph the union of all graphs; return its query URL and the process (stop it with :func:`stop`).
    Skips the test when the binary is missing (fails in CI)."""
    import os
    import subprocess

    import pyoxigraph
    import pytest

    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is missing: pip install oxigraph (the test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    data = folder / "dataset.nq"
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
    except RuntimeError:
        stop(process)
        raise
    return url, process
