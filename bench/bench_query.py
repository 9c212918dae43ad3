"""How long an analyst waits for a saved query from a cold shell, compared with `import rdflib`.

Runs each command as a fresh process (median of --runs, after one warm-up run
that builds and caches the dataset of the embedded plan if needed):

* ``python -c "import rdflib"`` — the yardstick;
* ``plankg query lead-load --format json`` — target: within 2× the yardstick;
* ``plankg analyze --format json``.

Usage: python bench/bench_query.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PLANKG = [sys.executable, "-m", "kg"]
TARGET_RATIO = 2.0


def plankg_command() -> list[str]:
    script = Path(sys.executable).with_name("plankg")
    return [str(script)] if script.exists() else PLANKG


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_time(command: list[str], runs: int) -> float:
    wall_time(command)  # warm-up: file cache, and the dataset cache for plankg
    return statistics.median(wall_time(command) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (the median is reported)")
    arguments = parser.parse_args()
    plankg = plankg_command()
    yardstick = median_time([sys.executable, "-c", "import rdflib"], arguments.runs)
    query = median_time([*plankg, "query", "lead-load", "--format", "json"], arguments.runs)
    analyze = median_time([*plankg, "analyze", "--format", "json"], arguments.runs)
    ratio = query / yardstick
    print(f'python -c "import rdflib"       {yardstick:6.3f} s')
    print(f"plankg query lead-load          {query:6.3f} s   ratio {ratio:.2f}× (target ≤ {TARGET_RATIO:g}×)")
    print(f"plankg analyze                  {analyze:6.3f} s")
    if ratio > TARGET_RATIO:
        sys.exit(1)


if __name__ == "__main__":
    main()
