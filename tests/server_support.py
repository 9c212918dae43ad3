"""Starting ``plankg serve`` as a real process on a free loopback port, and plain HTTP against it."""

from __future__ import annotations

import re
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

REPO = Path(__file__).resolve().parent.parent
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
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(running: Running, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(running.url + "api/openapi.json", timeout=2):
                return
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
