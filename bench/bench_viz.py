"""How fast the network pages are written, and how fast a browser settles them.

    .venv/bin/python bench/bench_viz.py                 # write times: seed, 10 plans, 100 plans
    .venv/bin/python bench/bench_viz.py --browser       # and Chromium's time to a stable layout
    .venv/bin/python bench/bench_viz.py --browser --screenshot docs/responsibility-network.png

The corpora are bench/synthetic.py's: N plans made of the seed's own parts,
each for another banner or city of the league (so with its own departments),
built by the real pipeline (kg.pipeline.open_store; the build is cached, so
only a first run pays for it, and its time is shown apart). The measured
write is what `plankg viz` does after reading the store: SPARQL into view
data, node and edge lists, the page with vis-network inlined, the file.
Targets (issue 5): ten plans written in under 2 s, a hundred plans in under
5 s. ``--hundred replicate`` stands in for the 100-plan build (about two
minutes on a first run) with ten copies of the ten-plan data under new IRIs.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viz.data import ViewData, load_view_data  # noqa: E402
from viz.html import write_network_html  # noqa: E402
from viz.rendering import heading_for  # noqa: E402
from viz.views import KINDS, build_view  # noqa: E402


def synthetic_store(count: int, folder: Path):
    """The store of ``count`` synthetic plans (bench/synthetic.py), built or taken from the build cache."""
    from kg.pipeline import open_store

    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    paths = generate(count, folder / f"corpus-{count}")
    return open_store(sources=[str(path) for path in paths])


def replicate(base: ViewData, count: int) -> ViewData:
    """``count`` copies of ``base``'s plans, tasks and departments under their own IRIs (systems, documents shared)."""
    shared = {**base.systems, **base.documents}
    result = ViewData(systems=dict(base.systems), documents=dict(base.documents))

    for index in range(1, count + 1):
        suffix = f"-r{index}"

        def local(iri: str, suffix: str = suffix) -> str:
            if iri in shared:
                return iri
            for marker in ("/plan/", "/org/"):
                if marker in iri:
                    head, _, tail = iri.partition(marker)
                    first, slash, rest = tail.partition("/")
                    return f"{head}{marker}{first}{suffix}{slash}{rest}"
            return iri + suffix

        for iri, plan in base.plans.items():
            clone = copy.deepcopy(plan)
            clone.iri = local(iri)
            clone.titles = {lang: f"{title} ({index})" for lang, title in plan.titles.items()}
            result.plans[clone.iri] = clone
        for iri, task in base.tasks.items():
            clone = copy.deepcopy(task)
            clone.iri, clone.plan = local(iri), local(task.plan)
            clone.area = local(task.area) if task.area else None
            result.tasks[clone.iri] = clone
        for iri, area in base.areas.items():
            result.areas[local(iri)] = type(area)(local(iri), dict(area.labels))
        for iri, department in base.departments.items():
            clone = copy.deepcopy(department)
            clone.iri = local(iri)
            clone.jurisdiction_labels = {lang: f"{label}{index}" for lang, label in department.jurisdiction_labels.items()}
            result.departments[clone.iri] = clone
        for iri, thing in base.lists.items():
            result.lists[local(iri)] = type(thing)(local(iri), dict(thing.labels))
        result.involvements += [(local(task), role, local(dept)) for task, role, dept in base.involvements]
        for name in ("relies_on", "provides", "creates", "uses", "depends_on", "cites"):
            getattr(result, name).extend((local(a), local(b)) for a, b in getattr(base, name))
    return result


def time_write(source, kind: str, out: Path) -> tuple[float, int, int, int]:
    """Seconds from the store (or ready view data) to the written page; nodes, edges, bytes."""
    started = time.perf_counter()
    data = source if isinstance(source, ViewData) else load_view_data(source)
    view = build_view(kind, data)
    write_network_html(view, out, heading=heading_for(data, "zh-Hant"))
    return time.perf_counter() - started, len(view.nodes), len(view.edges), out.stat().st_size


def browser_settle(path: Path, screenshot: Path | None = None) -> tuple[float, int]:
    """Chromium's time from creating the network to stabilizationIterationsDone, and the iterations run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            viewport={"width": 1400, "height": 900},
        )
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        deadline = time.monotonic() + 120
        # polled from outside: the page's policy forbids the string evaluation wait_for_function uses
        while not page.evaluate("!!(window.plankg && window.plankg.stabilized)") and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        result = page.evaluate("[window.plankg.stabilizedMs, window.plankg.iterations]")
        context.close()
    return float(result[0]) / 1000, int(result[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browser", action="store_true", help="also time Chromium's layout (needs /usr/bin/chromium)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the pages (default: a temporary folder)")
    parser.add_argument("--hundred", choices=["build", "replicate"], default="build", help="how to get 100 plans (default: build them)")
    parser.add_argument("--screenshot", type=Path, default=None, help="save the seed's settled responsibility network here (with --browser)")
    arguments = parser.parse_args()
    folder = arguments.out or Path(tempfile.mkdtemp(prefix="plankg-bench-viz-"))
    folder.mkdir(parents=True, exist_ok=True)

    from kg.pipeline import open_store

    stores = {}
    for name, make in (
        ("seed", lambda: open_store()),
        ("10 plans", lambda: synthetic_store(10, folder)),
        ("100 plans", lambda: synthetic_store(100, folder) if arguments.hundred == "build" else replicate(load_view_data(stores["10 plans"]), 10)),
    ):
        started = time.perf_counter()
        stores[name] = make()
        print(f"{name}: store ready in {time.perf_counter() - started:.1f} s (build or cache; not part of the write)")
    targets = {"10 plans": 2.0, "100 plans": 5.0}
    print(f"\n{'corpus':<10} {'view':<15} {'nodes':>6} {'edges':>7} {'size':>9} {'write s':>8}  target")
    pages: dict[str, Path] = {}
    failed = False
    for name, source in stores.items():
        for kind in KINDS:
            out = folder / f"{name.replace(' ', '-')}-{kind}.html"
            seconds, nodes, edges, size = time_write(source, kind, out)
            pages[f"{name}/{kind}"] = out
            target = targets.get(name)
            verdict = "" if target is None else (f"< {target:.0f} s ok" if seconds < target else f"< {target:.0f} s MISSED")
            failed |= "MISSED" in verdict
            print(f"{name:<10} {kind:<15} {nodes:>6} {edges:>7} {size / 1024:>7.0f}kB {seconds:>8.3f}  {verdict}")
    if arguments.browser:
        print("\nChromium, time to a stable layout (stabilizationIterationsDone):")
        for key in ("seed/responsibility", "seed/dependency", "seed/citation", "10 plans/responsibility"):
            shot = folder / f"{key.replace(' ', '-').replace('/', '-')}.png"
            if key == "seed/responsibility" and arguments.screenshot:
                shot = arguments.screenshot
            seconds, iterations = browser_settle(pages[key], shot)
            print(f"  {key:<26} {seconds:6.2f} s  ({iterations} iterations)")
    print(f"\npages in {folder}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
