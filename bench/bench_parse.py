"""Time to parse the seed, against the time Python takes to import rdflib on this machine.

    .venv/bin/python bench/bench_parse.py [--runs N]

Prints the median of N in-process parses of the embedded plan (read, structure, entities), the
median time of a fresh ``python -c "import rdflib"``, and the ratio between the two, so the figure
means the same on a fast and a slow machine. Also prints a fresh process running the whole
``plankg extract --format json`` for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_process(args: list[str]) -> None:
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median is reported)")
    options = parser.parse_args()

    from kg.text.parse import extract
    from kg.text.read import read_source

    start = time.perf_counter()
    plan = extract()
    first = time.perf_counter() - start
    source = read_source()
    parse = median_seconds(lambda: extract(source), options.runs)
    read_and_parse = median_seconds(extract, options.runs)
    rdflib_import = median_seconds(lambda: fresh_process(["-c", "import rdflib"]), max(3, options.runs // 3))
    cli = median_seconds(lambda: fresh_process(["-m", "kg", "extract", "--format", "json"]), max(3, options.runs // 3))

    print(f"seed: {len(plan.tasks)} tasks, {len(source.text)} characters")
    print(f"first parse in this process (imports, vocabularies): {first * 1000:8.1f} ms")
    print(f"parse, median of {options.runs} (structure + entities):   {parse * 1000:8.1f} ms")
    print(f"read + parse, median of {options.runs}:                   {read_and_parse * 1000:8.1f} ms")
    print(f"python -c 'import rdflib', fresh process:          {rdflib_import * 1000:8.1f} ms")
    print(f"ratio parse / import rdflib:                       {parse / rdflib_import:8.2f}")
    print(f"plankg extract --format json, fresh process:       {cli * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
