"""Real triple stores for the publish tests, started on free loopback ports with throw-away folders.

* Oxigraph: the ``oxigraph`` binary of the ``oxigraph`` PyPI package (test extra),
  ``oxigraph serve --location DIR --bind 127.0.0.1:PORT --union-default-graph``.
* Virtuoso Open Source: Debian's ``virtuoso-opensource`` (installed by ``make test``),
  ``virtuoso-t +foreground +configfile INI`` with its database, log and ini in a
  temporary folder and its SQL and HTTP ports on loopback; a user with the
  SPARQL_UPDATE role and a random password is made with ``isql-vt``.

:class:`BreakingProxy` stands on loopback in front of a real store and cuts the
connection once a given number of request bytes has passed through it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import stop


@dataclass
class RunningStore:
    """A store the tests publish to: its profile name, base URL, query URL and the publisher's credentials."""

    name: str
    url: str
    query_url: str
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing(message: str) -> None:
    """Skip, except in CI, where a store that cannot start is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _wait(url: str, process: subprocess.Popen[bytes], name: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "?query=" + urllib.parse.quote("ASK {}"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer within {seconds:.0f} s")


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[RunningStore]:
    binary = oxigraph_binary()
    if binary is None:
        missing("the oxigraph server binary is missing: pip install oxigraph (the test extra)")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + "/query", process, "oxigraph")
        yield RunningStore("oxigraph", url, url + "/query")
    finally:
        stop(process, seconds=30)  # a triple store may take a while to checkpoint


VIRTUOSO_INI = """[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0
[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
MaxClientConnections = 8
CheckpointInterval  = 0
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
ThreadsPerQuery     = 2
DirsAllowed         = {db}
[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {db}
MaxClientConnections = 8
ServerThreads        = 8
Charset              = UTF-8
EnabledGzipContent   = 0
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[RunningStore]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        missing("Virtuoso is missing: `make test` installs Debian's virtuoso-opensource as root")
    db = folder / "virtuoso"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen(
        [str(server), "+foreground", "+configfile", str(ini)], cwd=db, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        _wait(url + "/sparql", process, "virtuoso-t")
        password, dba = secrets.token_hex(8), secrets.token_hex(8)
        script = (
            f"DB.DBA.USER_CREATE('publisher', '{password}'); "
            'GRANT SPARQL_UPDATE TO "publisher"; '
            f"DB.DBA.USER_SET_PASSWORD('dba', '{dba}');"
        )
        subprocess.run([str(isql), f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={script}"], check=True, capture_output=True, timeout=60)
        yield RunningStore("virtuoso", url, url + "/sparql", "publisher", password)
    finally:
        stop(process, seconds=30)  # a triple store may take a while to checkpoint


class BreakingProxy:
    """A loopback TCP proxy to ``target`` that cuts every connection once ``budget`` request bytes have passed.

    The budget counts across connections; once it is spent the connection in
    flight is closed, and later connections are forwarded whole (``then`` is
    ``"forward"``) or refused (``"refuse"``).
    """

    def __init__(self, target_port: int, budget: int, then: str = "forward") -> None:
        self.target_port = target_port
        self.budget = budget
        self.then = then
        self.cut = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = int(self._server.getsockname()[1])
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closing.set()
        self._server.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> BreakingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self.cut.is_set() and self.then == "refuse":
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _take(self, size: int) -> int:
        """How many of ``size`` bytes may pass (0 once the budget is spent, when not forwarding after the cut)."""
        with self._lock:
            if self.cut.is_set():
                return size if self.then == "forward" else 0
            if size < self.budget:
                self.budget -= size
                return size
            allowed, self.budget = self.budget, 0
            self.cut.set()
            return -1 - allowed  # cut after `allowed` bytes

    def _serve(self, client: socket.socket) -> None:
        forwarding_whole = self.cut.is_set()
        upstream = socket.create_connection(("127.0.0.1", self.target_port))

        def back() -> None:
            try:
                while chunk := upstream.recv(65536):
                    client.sendall(chunk)
            except OSError:
                pass
            finally:
                try:
                    client.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        threading.Thread(target=back, daemon=True).start()
        try:
            while chunk := client.recv(65536):
                allowed = len(chunk) if forwarding_whole else self._take(len(chunk))
                if allowed < 0:
                    upstream.sendall(chunk[: -1 - allowed])
                    break
                upstream.sendall(chunk[:allowed])
        except OSError:
            pass
        finally:
            for end in (client, upstream):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()


__all__ = ["BreakingProxy", "RunningStore", "free_port", "oxigraph_server", "virtuoso_server"]
