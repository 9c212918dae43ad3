"""Inputs that used to hang or crash the query commands: a FIFO named *.rq, bytes that are not UTF-8.

Both through the real CLI in a subprocess (argv as raw bytes, a real FIFO made
with os.mkfifo), each bounded so that a hang fails the test instead of the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import QueryError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")


def plankg(*args: str | bytes, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, timeout=timeout)


def assert_one_line(result: subprocess.CompletedProcess[bytes], code: int) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, stderr
    assert "Traceback" not in stderr and stderr.strip().count("\n") == 0, stderr
    return stderr


def test_a_fifo_named_rq_in_queries_dir_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    os.mkfifo(folder / "pipe.rq")
    result = plankg("query", "pipe", "--queries-dir", str(folder), timeout=30)
    assert "not a regular file" in assert_one_line(result, 1)


def test_queries_lists_nothing_from_a_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    os.mkfifo(folder / "pipe.rq")
    assert "not a regular file" in assert_one_line(plankg("queries", "--queries-dir", str(folder), timeout=30), 1)


def test_a_fifo_as_query_file_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.rq")
    result = plankg("query", "--file", str(tmp_path / "pipe.rq"), timeout=30)
    assert "not a regular file" in assert_one_line(result, 1)


@pytest.mark.parametrize(
    "args",
    [
        ("query", "co-leads", "-p", b"dept=\xff"),
        ("query", "co-leads", "-p", b"dept=\xe5\x8f"),  # a character cut in half
        ("viz", "--dept", b"\xff\xfe", "-o", "unused.html"),
        ("systems", "--find", b"\xff"),
    ],
    ids=["param", "half-character", "viz-dept", "systems-find"],
)
def test_argument_bytes_that_are_not_utf8_are_a_usage_error(tmp_path: Path, args: tuple[str | bytes, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, timeout=60, cwd=tmp_path
    )
    assert "UTF-8" in assert_one_line(result, 2)
    assert not (tmp_path / "unused.html").exists()


def test_a_lone_surrogate_through_the_library_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="not UTF-8"):
        kg.query("co-leads", dept="\udcff")
