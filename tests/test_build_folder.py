"""The build folder as a store: opened (not re-loaded) by every reader, checksummed,
locked while a build writes it, recovered after a killed build, and changed plan by plan.

Kills and concurrent builds are real: `plankg build` runs in child processes,
killed with SIGKILL at the point named, or racing another build for one folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import DatasetError
from kg.pipeline import build, open_store, update, verify
from support import LEAGUE_SIMPLIFIED, REPO, SEED_FILE, XILINHOT_SIMPLIFIED

LEAGUE_PLAN = "01166700-3-2022-00114"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith("store/")
    }


def same_dumps(one: Path, other: Path) -> None:
    first, second = files_of(one), files_of(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == ["build-log.json", "store.json"]


def lead_load(folder: Path) -> str:
    result = CliRunner().invoke(cli, ["query", "lead-load", "--dataset", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.output


def child_build(args: list[str], kill_at: str | None = None, nth: int = 1) -> subprocess.Popen[str]:
    """`plankg build ARGS` in a child process; with ``kill_at`` it SIGKILLs itself there:
    "replace", before the nth os.replace (the second is the swap's second rename);
    "store", when the store is created."""
    code = ["import os, signal, sys"]
    if kill_at == "replace":
        code += [
            "real = os.replace; calls = []",
            "def replace(a, b):",
            "    calls.append(a)",
            f"    if len(calls) == {nth}: os.kill(os.getpid(), signal.SIGKILL)",
            "    return real(a, b)",
            "os.replace = replace",
        ]
    elif kill_at == "store":
        code += [
            "import pyoxigraph",
            "class Killer:",
            "    def __init__(self, *args, **kwargs): os.kill(os.getpid(), signal.SIGKILL)",
            "pyoxigraph.Store = Killer",
        ]
    code += ["from kg.cli import cli", f"sys.argv = ['plankg', 'build', *{args!r}]", "cli()"]
    return subprocess.Popen([sys.executable, "-c", "\n".join(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)


@pytest.fixture
def built(seed_build, tmp_path: Path) -> Path:
    folder = tmp_path / "build"
    shutil.copytree(seed_build.out, folder)
    return folder


# -- the store --------------------------------------------------------------------------------------


def test_readers_open_the_store_and_never_read_the_dumps(built: Path) -> None:
    """dataset.nq and dataset.trig overwritten with junk of the same size: query, analyze and
    viz answer as before (they open the store), and only `plankg verify` notices."""
    before = lead_load(built)
    for name in ("dataset.nq", "dataset.trig"):
        path = built / name
        path.write_bytes(b"#" * path.stat().st_size)
    assert lead_load(built) == before
    analyze = CliRunner().invoke(cli, ["analyze", "--dataset", str(built), "--format", "json"])
    assert analyze.exit_code == 0 and "政務服務局" in analyze.output
    page = built.parent / "network.html"
    viz = CliRunner().invoke(cli, ["viz", "--dataset", str(built), "-o", str(page)])
    assert viz.exit_code == 0 and page.stat().st_size > 10_000
    result = CliRunner().invoke(cli, ["verify", str(built)])
    assert result.exit_code == 1 and "dataset.nq does not have the sha256" in result.output


def test_opening_the_store_checks_it_against_the_manifest(built: Path) -> None:
    store = open_store(built)
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert len(store) == sum(manifest["graphs"].values())
    assert {graph.value for graph in store.named_graphs()} == set(manifest["graphs"])
    del store
    authority = next(graph for graph in manifest["graphs"] if graph.endswith("/graph/authority"))
    manifest["graphs"][authority] += 1  # a count that disagrees with the store
    (built / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DatasetError, match="damaged"):
        open_store(built)


def test_verify_finds_an_edit_that_keeps_every_size(built: Path) -> None:
    assert verify(built)["graphs"] == 5  # the plan, authority, shared, inferred and ontology graphs
    path = built / "plans" / "01166760-1-2022-00759.ttl"
    text = path.read_bytes()
    path.write_bytes(text.replace("政務服務局".encode(), "政務服務處".encode(), 1))
    assert path.stat().st_size == len(text)
    result = CliRunner().invoke(cli, ["verify", str(built)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "plans/01166760-1-2022-00759.ttl does not have the sha256" in result.output


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m.pop("graphs"),
        lambda m: m["graphs"].update({next(iter(m["graphs"])): "many"}),
        lambda m: m.pop("file_sha256"),
        lambda m: m["file_bytes"].pop("dataset.nq"),
    ],
    ids=["no-graphs", "mistyped-count", "no-checksums", "a-file-missing-from-a-table"],
)
def test_a_malformed_manifest_is_damage(built: Path, damage: object) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    damage(manifest)  # type: ignore[operator]
    (built / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DatasetError, match="manifest.json .*damaged"):
        open_store(built)


def test_the_manifest_carries_each_graphs_hash_for_publishing(seed_build) -> None:
    manifest = json.loads((seed_build.out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["graph_sha256"]) == set(manifest["graphs"])
    assert all(isinstance(count, int) for count in manifest["graphs"].values())
    assert len(set(manifest["graph_sha256"].values())) == len(manifest["graphs"])


# -- killed builds and simultaneous builds ---------------------------------------------------------


def test_a_build_killed_between_its_two_renames_is_restored_on_the_next_run(built: Path) -> None:
    before = lead_load(built)
    child = child_build([str(LEAGUE_SIMPLIFIED), "-o", str(built)], kill_at="replace", nth=2)
    child.communicate(timeout=300)
    assert child.returncode == -signal.SIGKILL
    assert not built.exists()  # the old folder is set aside, the new one not yet in place
    assert list(built.parent.glob(".build.old.*"))
    result = CliRunner().invoke(cli, ["query", "lead-load", "--dataset", str(built), "--format", "csv"])
    assert result.exit_code == 0
    assert "restored" in result.stderr
    assert lead_load(built) == before
    assert not list(built.parent.glob(".build.*[!k]"))  # nothing left aside but the lock


def test_a_build_killed_between_its_renames_is_reported_by_the_next_build(built: Path) -> None:
    child = child_build([str(LEAGUE_SIMPLIFIED), "-o", str(built)], kill_at="replace", nth=2)
    child.communicate(timeout=300)
    again = subprocess.run([sys.executable, "-m", "kg", "build", str(SEED_FILE), "-o", str(built)], capture_output=True, text=True, cwd=REPO)
    assert again.returncode == 0, again.stderr
    assert "restored" in again.stderr
    assert [path.name for path in built.parent.iterdir() if path.name.startswith(".build.")] == [".build.lock"]


def test_a_build_killed_while_writing_the_store_leaves_the_previous_folder(built: Path) -> None:
    before = lead_load(built)
    child = child_build([str(LEAGUE_SIMPLIFIED), "-o", str(built)], kill_at="store")
    child.communicate(timeout=300)
    assert child.returncode == -signal.SIGKILL
    assert lead_load(built) == before
    assert verify(built)["graphs"] == 5  # the plan, authority, shared, inferred and ontology graphs


def test_a_second_simultaneous_build_of_one_folder_fails_with_a_message(tmp_path: Path) -> None:
    out = tmp_path / "build"
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import generate

    plans = [str(path) for path in generate(8, tmp_path / "corpus")]
    first = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", *plans, "-o", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    lock = tmp_path / ".build.lock"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until the first build holds the lock
        if lock.exists():
            with open(lock) as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except OSError:
                    break
        time.sleep(0.05)
    second = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEED_FILE), "-o", str(out)], capture_output=True, text=True, cwd=REPO
    )
    _, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert second.stderr.count("\n") == 1 and "another plankg build is writing this folder now" in second.stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["plans"] == 8


# -- adding, replacing and removing plans ------------------------------------------------------------


def test_an_incremental_add_equals_a_full_build(tmp_path: Path) -> None:
    full = build([str(SEED_FILE), str(XILINHOT_SIMPLIFIED), str(LEAGUE_SIMPLIFIED)], tmp_path / "full", jobs=2)
    step = tmp_path / "step"
    build([str(SEED_FILE), str(XILINHOT_SIMPLIFIED)], step, jobs=1)
    added = update(step, [str(LEAGUE_SIMPLIFIED)])
    assert [plan.id for plan in added.plans] == [LEAGUE_PLAN] and added.reused == 2
    same_dumps(full.out, step)
    assert lead_load(full.out) == lead_load(step)


def test_replacing_and_removing_a_plan_rebuild_nothing_else(seed_build, tmp_path: Path) -> None:
    folder = tmp_path / "build"
    build([str(SEED_FILE), str(LEAGUE_SIMPLIFIED)], folder)
    replaced = update(folder, [str(LEAGUE_SIMPLIFIED)])
    assert [plan.id for plan in replaced.plans] == [LEAGUE_PLAN] and replaced.reused == 1
    assert replaced.counts["plans"] == 2
    removed = CliRunner().invoke(cli, ["build", "-o", str(folder), "--remove", LEAGUE_PLAN])
    assert removed.exit_code == 0, removed.output
    assert "0 built; 1 kept as they were; removed 01166700-3-2022-00114" in removed.output
    same_dumps(seed_build.out, folder)
    unknown = CliRunner().invoke(cli, ["build", "-o", str(folder), "--remove", "no-such-plan"])
    assert unknown.exit_code == 2 and "holds no plan 'no-such-plan'" in unknown.output


def test_the_progress_bar_stays_off_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import generate

    plans = [str(path) for path in generate(6, tmp_path / "corpus")]
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", *plans, "-o", str(tmp_path / "out"), "--jobs", "2"],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("built ") and "plans" not in result.stderr.split("\n")[0][:6]
    assert "6 plan(s), 282 tasks" in result.stderr


def test_the_progress_bar_shows_on_a_terminal_and_not_with_quiet(tmp_path: Path) -> None:
    import pty

    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import generate

    plans = [str(path) for path in generate(6, tmp_path / "corpus")]

    def stderr_on_a_terminal(*extra: str) -> str:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", *plans, "-o", str(tmp_path / "out"), "--jobs", "2", *extra],
            stdout=subprocess.DEVNULL, stderr=follower, cwd=REPO,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=600)
        os.close(leader)
        assert process.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_on_a_terminal()
    assert "plans" in shown and "6/6" in shown and "built " in shown
    quiet = stderr_on_a_terminal("--quiet")
    assert "6/6" not in quiet and "built " in quiet


def test_a_plan_that_fails_shacl_leaves_the_previous_folder_and_nothing_beside_it(built: Path) -> None:
    from test_sources_on_the_fly import plan_with_an_unassigned_task

    before = lead_load(built)
    source = plan_with_an_unassigned_task(built.parent)
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(built)])
    assert result.exit_code == 1 and "at least one department" in result.output
    assert lead_load(built) == before
    assert [path.name for path in built.parent.iterdir() if path.name.startswith(".build.")] == [".build.lock"]


def alive(pid: str) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_a_killed_parallel_build_leaves_no_worker_running(built: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import generate

    plans = [str(path) for path in generate(8, tmp_path / "corpus")]
    build_process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", *plans, "-o", str(built), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
    )
    children: list[str] = []
    deadline = time.monotonic() + 120
    while not children and time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            children = Path(f"/proc/{build_process.pid}/task/{build_process.pid}/children").read_text().split()
        except OSError:
            break
    assert children, "the build started no worker"
    build_process.send_signal(signal.SIGKILL)
    build_process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if alive(pid)]
    assert verify(built)["graphs"] == 5  # the previous folder is intact
