"""plankg ends at once when a command is done, yet loses nothing: output flushed, exit codes kept,
atexit handlers run, and a profiler or tracer around it still gets to write its results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_output_and_exit_codes_are_kept(tmp_path: Path) -> None:
    done = _run("-m", "kg", "--version", cwd=tmp_path)
    assert done.returncode == 0 and "plankg" in done.stdout
    wrong = _run("-m", "kg", "build", "--jobs", "several", cwd=tmp_path)
    assert wrong.returncode == 2 and "several" in wrong.stderr


def test_atexit_handlers_run_before_the_process_ends(tmp_path: Path) -> None:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', flush=True))\n"
        "sys.argv = ['plankg', '--version']\n"
        "from kg.cli import main\n"
        "main()\n"
    )
    done = _run("-c", code, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "handler ran"


def test_a_profiler_around_the_command_writes_its_profile(tmp_path: Path) -> None:
    profile = tmp_path / "plankg.prof"
    done = _run("-m", "cProfile", "-o", str(profile), "-m", "kg", "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0
