"""Build and load times of the knowledge graph, as ratios to ``python -c "import rdflib"`` here.

    .venv/bin/python bench/bench_build.py                 # the seed, ten synthetic plans, load times
    .venv/bin/python bench/bench_build.py --owlrl-ten     # also owlrl on the ten plans (slow: minutes)

Reports, each with its ratio to a fresh ``import rdflib`` measured in the same run:

* the seed's build split by stage (parse, build, reason, validate, write), triples
  asserted and inferred, and a whole ``plankg build`` in a fresh process;
* the fast reasoner against owlrl on the seed (and on the ten plans with --owlrl-ten);
* the same build on ten synthetic plans of the seed's size (bench/synthetic.py);
* the load time of the built dataset from a fresh process: ``kg.pipeline.open_store``
  (pyoxigraph) and ``kg.pipeline.load_dataset`` (rdflib), imports included.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PYTHON = sys.executable


def fresh(code: str, runs: int) -> float:
    """Median wall time of ``python -c code`` in a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def line(label: str, seconds: float, unit: float, extra: str = "") -> None:
    print(f"  {label:<44} {seconds:8.3f} s  {seconds / unit:6.2f}× import rdflib{('  ' + extra) if extra else ''}")


def build_figures(title: str, sources: list[str], out: Path, unit: float) -> object:
    from kg.pipeline import build

    result = build(sources, out)
    counts = result.counts
    print(f"{title}: {counts['plans']} plan(s), {counts['tasks']} tasks, {counts['asserted']} asserted + "
          f"{counts['inferred']} inferred triples ({counts['total']} with the ontology)")
    for stage, seconds in result.timings.items():
        line(f"stage {stage}", seconds, unit)
    line("all stages", sum(result.timings.values()), unit)
    return result


def reasoner_figures(title: str, plans: list, unit: float) -> None:
    from kg.pipeline import load_ontology
    from kg.graph.triples import build_graphs
    from kg.graph.reason import reason

    asserted = build_graphs(plans).asserted()
    ontology = load_ontology()
    fast = reason(asserted, ontology, "fast")
    reference = reason(asserted, ontology, "owlrl")
    same = "same triples" if fast.triples == reference.triples else "DIFFERENT triples"
    print(f"{title}: {len(asserted)} asserted triples")
    line(f"fast reasoner ({fast.rules} rules)", fast.seconds, unit, f"{len(fast.triples)} inferred")
    line("owlrl (reference)", reference.seconds, unit, f"{len(reference.triples)} inferred, {same}")
    print(f"  owlrl / fast: {reference.seconds / max(fast.seconds, 1e-9):.0f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh-process runs per timing (median)")
    parser.add_argument("--plans", type=int, default=10, help="synthetic plans for the corpus figures")
    parser.add_argument("--owlrl-ten", action="store_true", help="also run owlrl on the synthetic corpus")
    args = parser.parse_args()

    unit = fresh("import rdflib", args.runs)
    print(f"python -c 'import rdflib': {unit:.3f} s (median of {args.runs}); every ratio below is to this\n")

    from synthetic import generate

    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as scratch:
        work = Path(scratch)
        seed = str(ROOT / "corpus" / "xilinhot-2022-government-services.txt")
        seed_result = build_figures("seed build", [seed], work / "seed", unit)
        started = time.perf_counter()
        subprocess.run([PYTHON, "-m", "kg", "build", seed, "-o", str(work / "cli")], check=True, capture_output=True, cwd=ROOT)
        line("`plankg build` in a fresh process", time.perf_counter() - started, unit)
        print()
        reasoner_figures("reasoners on the seed", seed_result.plans, unit)  # type: ignore[attr-defined]
        print()

        corpus = [str(path) for path in generate(args.plans, work / "corpus")]
        ten = build_figures(f"{args.plans} synthetic plans", corpus, work / "ten", unit)
        if args.owlrl_ten:
            print()
            reasoner_figures(f"reasoners on {args.plans} synthetic plans", ten.plans, unit)  # type: ignore[attr-defined]
        print()

        for title, folder in (("seed", work / "seed"), (f"{args.plans} plans", work / "ten")):
            print(f"loading the built dataset ({title}), fresh process, imports included")
            store = fresh(f"from kg.pipeline import open_store; open_store({str(folder)!r})", args.runs)
            line("open_store (pyoxigraph)", store, unit)
            dataset = fresh(f"from kg.pipeline import load_dataset; load_dataset({str(folder)!r})", max(1, args.runs // 2))
            line("load_dataset (rdflib)", dataset, unit)
            startup = fresh("import kg.store.dataset, pyoxigraph", args.runs)
            line("of which: python + import kg.store.dataset, pyoxigraph", startup, unit)


if __name__ == "__main__":
    main()
