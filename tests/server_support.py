"""Servers the tests start on free loopback ports: ``plankg serve`` (and plain HTTP against it), and
``oxigraph serve-read-only`` holding a store."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from support import REPO, stop

_ANNOUNCE = re.compile(r"plankg serves (http://\S+/) ")


@dataclass
class Running:
    url: str  # http://127.0.0.1:PORT/
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"


@contextmanager
def running_server(dataset: Path, *options: str, seconds: float = 60.0) -> Iterator[Running]:
    """``python -m kg serve --dataset DATASET --port 0 OPTIONS…``, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--dataset", str(dataset), "--port", "0", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    log: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            match = _ANNOUNCE.search(line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        if not ready.wait(seconds) or not found:
            raise RuntimeError("plankg serve did not start: " + "".join(log))
        running = Running(found[0], process, log)
        _wait_until_answering(running)
        yield running
    finally:
        stop(process)


def _wait_until_answering(running: Running, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(running.url + "api/openapi.json", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (behind a sub-path, the prefix is the proxy's to strip)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("plankg serve did not answer: " + "".join(running.log))


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def http(url: str, *, accept: str | None = None, data: bytes | None = None, content_type: str | None = None,
         method: str | None = None, headers: dict[str, str] | None = None, timeout: float = 30.0) -> Reply:
    """One plain HTTP request; any status comes back as a Reply (no exception for 4xx/5xx)."""
    sent = dict(headers or {})
    if accept is not None:
        sent["Accept"] = accept
    if content_type is not None:
        sent["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


# -- a live Oxigraph server holding a store (the ``oxigraph`` binary of the test extra) ----------


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: Any, seconds: float = 20.0, probe: str = "?query=ASK%7B%7D") -> None:
    """Poll ``url + probe`` until it answers 200, or fail when ``process`` exits or time runs out."""
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


def seed_endpoint(folder: Path, store: Any) -> tuple[str, Any]:
    """Start ``oxigraph serve-read-only`` on a free loopback port with ``store`` (the seed_store
    fixture), its default graph the union of all graphs; return its query URL and the process
    (stop it with :func:`support.stop`). Skips the test when the binary is missing (fails in CI)."""
    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is missing: pip install oxigraph (the test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    data = folder / "dataset.nq"
    store.dump(str(data), format=pyoxigraph.RdfFormat.N_QUADS)
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
