"""Every saved query from a cold CLI on a build folder and on Virtuoso holding the same build.

    .venv/bin/python bench/bench_endpoint_queries.py BUILD_DIR     # prints a Markdown table

Starts Virtuoso as the tests do (tests/store_support.py: a throw-away database
on free loopback ports) but with 2 GB of buffers (170,000 pages, as Virtuoso's
own guidance gives for 2 GB of memory), publishes the build with
``plankg publish``, then runs every saved query twice from a fresh process:
``plankg query NAME --dataset BUILD_DIR`` and ``plankg query NAME --endpoint
URL``, each answer as CSV, and prints the seconds and the answer's rows. A
saved query's cost follows the size of its answer on both stores; this says
whether a real SPARQL server answers the corpus-wide questions faster than the
build folder's on-disk Oxigraph store.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import store_support  # noqa: E402
from kg.publish import publish  # noqa: E402
from scale import PARAMETERS, csv_rows  # noqa: E402

BARE_PAIRS = ROOT / "bench" / "collective-pairs.rq"  # the pairs collective-assignments groups, nothing else
BUFFERS = ("NumberOfBuffers     = 10000", "NumberOfBuffers     = 170000")
DIRTY = ("MaxDirtyBuffers     = 6000", "MaxDirtyBuffers     = 130000")


def cold(arguments: list[str]) -> tuple[float, int, int]:
    """Seconds, exit code and CSV rows of one ``plankg`` command in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", *arguments, "--format", "csv"], capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    return seconds, done.returncode, csv_rows(done.stdout)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: bench_endpoint_queries.py BUILD_DIR")
    build = Path(sys.argv[1]).resolve()
    store_support.VIRTUOSO_INI = store_support.VIRTUOSO_INI.replace(*BUFFERS).replace(*DIRTY)
    names = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    with store_support.virtuoso_server(Path(tempfile.mkdtemp(prefix="plankg-bench-endpoint-"))) as store:
        started = time.perf_counter()
        published = publish(store.url, dataset=build, store="virtuoso", user=store.user, password=store.password)
        sent = sum(graph.triples for graph in published.graphs if graph.action == "sent")
        lines = [
            f"Build: `{build.name}`; published to Virtuoso in {time.perf_counter() - started:.0f} s ({sent:,} triples).",
            "",
            "| query | rows | build folder (cold CLI) | Virtuoso, `--endpoint` (cold CLI) |",
            "| --- | --: | --: | --: |",
        ]
        for name in names:
            params = [item for value in PARAMETERS.get(name, []) for item in ("-p", value)]
            local, local_code, rows = cold(["query", name, *params, "--dataset", str(build)])
            remote, remote_code, remote_rows = cold(["query", name, *params, "--endpoint", store.query_url])
            note = "" if (local_code, remote_code) == (0, 0) and rows == remote_rows else f" (exit {local_code}/{remote_code}, rows {rows}/{remote_rows})"
            lines.append(f"| {name} | {rows:,} | {local:.2f} s | {remote:.2f} s{note} |")
        bare = BARE_PAIRS
        local, _, rows = cold(["query", "--file", str(bare), "--dataset", str(build)])
        remote, _, _ = cold(["query", "--file", str(bare), "--endpoint", store.query_url])
        lines.append(f"| *(the bare task–collective unit pairs of collective-assignments)* | {rows:,} | {local:.2f} s | {remote:.2f} s |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
