"""plankg publish on real stores: the seed and a 10-plan synthetic corpus, into Oxigraph and Virtuoso.

    .venv/bin/python bench/bench_publish.py            # prints a Markdown report

Starts each store as the tests do (tests/store_support.py: a throw-away
database on free loopback ports), then for each store: publishes the seed's
build (first push, again with nothing changed, again with --replace), then the
10-plan build over it, with the per-graph counts the store holds afterwards,
and compares every saved query's rows (zh-Hant and en) with the local build's;
then a 100-plan build, and the same folder after ``--add`` of one more plan:
what an incremental publish sends (each plan's entailments sit in a graph of
the plan's own, so only the new plan's two graphs and the shared graph go).
Times are also given as multiples of ``python -c "import rdflib"`` measured in
the same run; the machine is shared, so absolute times are noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from kg.pipeline import build, resolve_dataset_dir, update  # noqa: E402
from kg.publish import publish  # noqa: E402
from kg.sparql.run import query  # noqa: E402
from kg.store.dataset import open_folder_store  # noqa: E402
from store_support import oxigraph_server, virtuoso_server  # noqa: E402
from support import EXAMPLE_PARAMS, QUERY_FILES  # noqa: E402
from synthetic import generate  # noqa: E402


def rdflib_import_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import rdflib"], check=True)
    return time.perf_counter() - started


def compare(folder: Path, endpoint: str) -> tuple[int, int]:
    local = open_folder_store(folder)
    same = total = 0
    for path in QUERY_FILES:
        for lang in ("zh-Hant", "en"):
            params = EXAMPLE_PARAMS.get(path.stem, {})
            mine = json.dumps(query(path.stem, params=params, lang=lang, store=local), ensure_ascii=False)
            theirs = json.dumps(query(path.stem, params=params, lang=lang, endpoint=endpoint), ensure_ascii=False)
            total += 1
            same += mine == theirs
    return same, total


def main() -> None:
    unit = rdflib_import_seconds()
    scratch = Path(tempfile.mkdtemp(prefix="plankg-bench-publish-"))
    seed = resolve_dataset_dir()
    corpus = build([str(p) for p in generate(10, scratch / "plans")], scratch / "corpus", validate=False).out
    hundred_plans = generate(101, scratch / "plans-101")
    hundred = build([str(p) for p in hundred_plans[:100]], scratch / "hundred", validate=False).out
    added = scratch / "hundred-and-one"
    build([str(p) for p in hundred_plans[:100]], added, validate=False)
    update(added, [str(hundred_plans[100])])
    lines = [f"`python -c \"import rdflib\"`: {unit:.3f} s in this run.", ""]
    for name, starter in (("oxigraph", oxigraph_server), ("virtuoso", virtuoso_server)):
        folder = scratch / name
        folder.mkdir()
        started = time.perf_counter()
        with starter(folder) as store:
            start_up = time.perf_counter() - started
            lines += [f"## {name} (started in {start_up:.1f} s)", ""]
            for label, dataset, options in (
                ("seed, first push", seed, {}),
                ("seed, again (nothing changed)", seed, {}),
                ("seed, --replace", seed, {"replace": True}),
                ("10 plans over the seed", corpus, {}),
                ("10 plans, again (nothing changed)", corpus, {}),
                ("100 plans over the 10", hundred, {}),
                ("the 100 and one more added with --add", added, {}),
            ):
                result = publish(store.url, dataset=dataset, store=name, user=store.user, password=store.password, **options)
                sent = sum(g.triples for g in result.graphs if g.action == "sent")
                actions = {action: sum(1 for g in result.graphs if g.action == action) for action in ("sent", "unchanged", "dropped")}
                lines.append(
                    f"- {label}: {result.seconds:.2f} s ({result.seconds / unit:.1f}×), {sent:,} triples sent; "
                    + ", ".join(f"{n} {action}" for action, n in actions.items())
                )
                if label in ("seed, first push", "10 plans over the seed"):
                    same, total = compare(dataset, store.query_url)
                    lines.append(f"  - saved queries against the store: {same} of {total} runs give the local rows")
                    lines.append("  - triples per graph on the store (= the build's):")
                    lines += [f"    - `{g.graph}` {g.store_triples:,}" for g in result.graphs if g.action != "dropped"]
            lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
