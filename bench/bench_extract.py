"""How fast the in-task extractors run (kg.text.entities.extract_task_entities).

    .venv/bin/python bench/bench_extract.py            # the seed's tasks, both scripts, 20 rounds

Reports the one-off cost of the first call (OpenCC and the rdflib parse of the
system vocabulary) apart from the steady cost per task. The tasks are the
seed's 47, cut by the parser (kg.text.parse), in traditional script and converted
to simplified. Target: extraction adds well under 100 ms to parsing one plan.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    from kg.text.entities import extract_task_entities

    extract_task_entities("21.納入自治區電子證照庫統一制作、匯聚和發放,2022 年底前全面實現涉企證照電子化。", 2022)
    first = time.perf_counter() - started

    from kg.normalize import to_simplified
    from kg.text.parse import extract

    texts = [task.text for task in extract().tasks]
    texts += [to_simplified(text) for text in texts]

    rounds = []
    counts: dict[str, int] = {}
    for _ in range(args.rounds):
        started = time.perf_counter()
        results = [extract_task_entities(text, 2022) for text in texts]
        rounds.append(time.perf_counter() - started)
    for entities in results:
        for kind in ("cites", "lists", "indicators", "deadlines", "cadences", "systems"):
            counts[kind] = counts.get(kind, 0) + len(getattr(entities, kind))
    best, median = min(rounds), statistics.median(rounds)
    print(f"first call (imports, vocabulary): {first * 1000:.0f} ms")
    print(f"{len(texts)} task texts per round: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms, "
          f"{median / len(texts) * 1e6:.0f} µs per task")
    print("entities per round (both scripts):", ", ".join(f"{kind} {count}" for kind, count in counts.items()))


if __name__ == "__main__":
    main()
