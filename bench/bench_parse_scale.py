"""Extraction and page reading grow linearly with their input: seconds per size, and per unit of size.

    .venv/bin/python bench/bench_parse_scale.py [--max-tasks N] [--max-depth D]

Parses generated plans of 4,000 … N numbered tasks (each with a labelled note) and reads HTML pages
nested 1,000 … D levels deep; prints seconds and seconds per thousand tasks or levels. Linear growth shows
as a flat last column. Each figure is also given as a ratio to a fresh ``python -c "import rdflib"``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from kg.model import Source
from kg.text.parse import extract
from kg.text.read import html_to_text


def rdflib_import_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import rdflib"], check=True)
    return time.perf_counter() - start


def plan_text(tasks: int) -> str:
    return "某市工作方案\n一、重点任务\n" + "".join(
        f"{number}.推进第{number}项工作，建成平台。（牵头单位：市数据局；责任单位：各区县政府）\n" for number in range(1, tasks + 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-tasks", type=int, default=32_000)
    parser.add_argument("--max-depth", type=int, default=8_000)
    args = parser.parse_args()
    unit = rdflib_import_seconds()
    print(f"python -c 'import rdflib': {unit:.2f} s")
    print("tasks  seconds  per 1,000 tasks  × import rdflib")
    tasks = 4_000
    while tasks <= args.max_tasks:
        source = Source(path="<bench>", sha256="", encoding="utf-8", media_type="text/plain", text=plan_text(tasks))
        start = time.perf_counter()
        plan = extract(source)
        seconds = time.perf_counter() - start
        assert len(plan.tasks) == tasks
        print(f"{tasks:>6} {seconds:8.2f} {seconds / tasks * 1000:16.3f} {seconds / unit:16.1f}")
        tasks *= 2
    print("depth  seconds  per 1,000 levels")
    depth = 1_000
    while depth <= args.max_depth:
        html = "<html><body>" + "<div>" * depth + "1.推进工作。（牵头单位：市数据局）" + "</div>" * depth + "</body></html>"
        start = time.perf_counter()
        html_to_text(html)
        seconds = time.perf_counter() - start
        print(f"{depth:>6} {seconds:8.2f} {seconds / depth * 1000:16.3f}")
        depth *= 2


if __name__ == "__main__":
    main()
