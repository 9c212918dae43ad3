"""The embedded plan's build from a fresh process, as a ratio to ``python -c "import rdflib"``.

    python bench/bench_seed_build.py                       # 15 rounds, this checkout's .venv
    python bench/bench_seed_build.py --runs 30 --also before=/path/to/other/.venv/bin/python

Each round runs, one after the other, ``python -c "import rdflib"`` and
``plankg build -o NEW_FOLDER`` (the embedded plan, the default options: SHACL
on, the machine's cores) with every interpreter given; the rounds interleave
them, so a change of the machine's load touches all alike. Before the first
round the package is compiled to bytecode (``compileall``), as an installed
package is, so no run pays for compiling a module that changed. Reported: the
median and the least wall time of each, the median CPU time (user + system,
the build's children included), the ratio of medians, the median stage times
of the build's own log (build-log.json; ``validate`` runs beside the others in
a forked child) and the load average before and after. Writes
``bench/results/seed-build.md`` and ``seed-build.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_PYTHON = ROOT / ".venv" / "bin" / "python"
GOAL = 6.0  # issue 9: the seed's build within 6× import rdflib


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one run of ``command`` in ``cwd``
    (not a checkout: ``python -m kg`` would import the package from the current folder)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compile_package(python: str) -> None:
    folder = subprocess.run(
        [python, "-c", "import kg, os; print(os.path.dirname(kg.__file__))"], capture_output=True, text=True, check=True, cwd="/"
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", folder], check=True, stdout=subprocess.DEVNULL)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(pythons: dict[str, str], runs: int) -> dict[str, Any]:
    reference = pythons[next(iter(pythons))]
    for python in pythons.values():
        compile_package(python)
    work = Path(tempfile.mkdtemp(prefix="plankg-seed-build-"))
    walls: dict[str, list[float]] = {"import rdflib": [], **{label: [] for label in pythons}}
    cpus: dict[str, list[float]] = {label: [] for label in walls}
    stages: dict[str, dict[str, list[float]]] = {label: {} for label in pythons}
    load_before = load_average()
    try:
        for k in range(runs + 1):  # the first round warms the file cache and is not counted
            figures = {"import rdflib": timed([reference, "-c", "import rdflib"], work)}
            for label, python in pythons.items():
                out = work / f"{label}-{k}"
                figures[label] = timed([python, "-m", "kg", "build", "-o", str(out)], work)
                log = json.loads((out / "build-log.json").read_text(encoding="utf-8"))
                if k:
                    for stage, seconds in log["timings"].items():
                        stages[label].setdefault(stage, []).append(seconds)
                shutil.rmtree(out)
            if k:
                for label, (wall, cpu) in figures.items():
                    walls[label].append(wall)
                    cpus[label].append(cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    unit = statistics.median(walls["import rdflib"])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "runs": runs,
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_average(),
        "pythons": pythons,
        "median": {label: statistics.median(values) for label, values in walls.items()},
        "least": {label: min(values) for label, values in walls.items()},
        "cpu": {label: statistics.median(values) for label, values in cpus.items()},
        "ratio": {label: statistics.median(values) / unit for label, values in walls.items()},
        "stages": {label: {stage: statistics.median(values) for stage, values in found.items()} for label, found in stages.items()},
        "walls": walls,
    }


def table(results: dict[str, Any]) -> str:
    lines = [
        "# The embedded plan's build from a fresh process",
        "",
        f"`python bench/bench_seed_build.py --runs {results['runs']}` on {results['date']}, {results['cores']} cores, "
        f"load average {results['load_before']} before and {results['load_after']} after (1, 5, 15 min; the machine is shared). "
        f"Median of {results['runs']} interleaved runs each; the goal (issue 9) is {GOAL:g}× `import rdflib`.",
        "",
        "| run | median wall | least wall | ratio (medians) | median CPU (user + sys) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label in results["median"]:
        name = "`python -c \"import rdflib\"`" if label == "import rdflib" else f"`plankg build -o DIR` ({label})"
        lines.append(
            f"| {name} | {results['median'][label]:.3f} s | {results['least'][label]:.3f} s | "
            f"{results['ratio'][label]:.2f}× | {results['cpu'][label]:.3f} s |"
        )
    lines += [
        "",
        "Median stage times from each build's build-log.json (validate runs in a forked child beside parse, build and "
        "write; a build before 4f687e8 wrote its log before its check ended, so its validate figure is the hand-over only):",
        "",
    ]
    for label, found in results["stages"].items():
        stages = ", ".join(f"{stage} {seconds:.3f} s" for stage, seconds in found.items())
        lines.append(f"- {label}: {stages}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds counted (after one warm-up round); at least 10")
    parser.add_argument("--python", default=str(DEFAULT_PYTHON), help="the interpreter whose plankg is timed (default: .venv)")
    parser.add_argument("--also", action="append", default=[], metavar="LABEL=PYTHON", help="another interpreter to interleave (e.g. an older checkout's)")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    options = parser.parse_args()
    if options.runs < 10:
        parser.error("--runs must be at least 10: the machine is noisy")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    pythons = {f"this checkout{f' ({commit})' if commit else ''}": options.python}
    for item in options.also:
        label, _, python = item.partition("=")
        if not python:
            parser.error(f"--also {item!r}: give LABEL=PYTHON")
        pythons[label] = python
    results = measure(pythons, options.runs)
    text = table(results)
    print(text)
    if not options.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "seed-build.md").write_text(text, encoding="utf-8")
        (RESULTS / "seed-build.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
