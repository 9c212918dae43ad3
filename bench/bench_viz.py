"""How fast the network pages are written, and how fast a browser settles them.

    .venv/bin/python bench/bench_viz.py                 # write times: seed, 10 plans, 100 plans
    .venv/bin/python bench/bench_viz.py --browser       # and Chromium's time to a stable layout
    .venv/bin/python bench/bench_viz.py --browser --screenshot docs/responsibility-network.png

The corpus is synthetic but shaped like the real thing: the seed's own view
data (built from the embedded plan) copied N times as N cities, each with its
own plan, tasks and departments (departments are scoped by jurisdiction),
sharing the information systems and the cited superior documents, as plans of
one province do. Targets (issue 5): ten plans written in under 2 s, a
hundred-plan network in under 5 s.
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


def seed_view_data() -> ViewData:
    from kg.dataset import open_store

    return load_view_data(open_store())


def replicate(base: ViewData, count: int) -> ViewData:
    """``count`` cities, each with a copy of ``base``'s plans, tasks and departments under its own IRIs."""
    shared = {**base.systems, **base.documents}
    result = ViewData(systems=dict(base.systems), documents=dict(base.documents))

    for index in range(1, count + 1):
        suffix = f"-s{index}"

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
            clone.jurisdiction_labels = {lang: f"{label}{index}" for lang, label in department.jurisdiction_labels.items()} or {"zh-Hant": f"城市{index}"}
            result.departments[clone.iri] = clone
        for iri, thing in base.lists.items():
            result.lists[local(iri)] = type(thing)(local(iri), dict(thing.labels))
        result.involvements += [(local(task), role, local(dept)) for task, role, dept in base.involvements]
        for name in ("relies_on", "provides", "creates", "uses", "depends_on", "cites"):
            getattr(result, name).extend((local(a), local(b)) for a, b in getattr(base, name))
    return result


def time_write(data: ViewData, kind: str, out: Path) -> tuple[float, int, int, int]:
    started = time.perf_counter()
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
    parser.add_argument("--screenshot", type=Path, default=None, help="save the seed's settled responsibility network here (with --browser)")
    arguments = parser.parse_args()
    folder = arguments.out or Path(tempfile.mkdtemp(prefix="plankg-bench-viz-"))
    folder.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    seed = seed_view_data()
    print(f"seed view data loaded in {time.perf_counter() - started:.2f} s "
          f"({len(seed.tasks)} tasks, {len(seed.departments)} departments, {len(seed.involvements)} assignments)")
    corpora = {"seed": seed, "10 plans": replicate(seed, 10), "100 plans": replicate(seed, 100)}
    targets = {"10 plans": 2.0, "100 plans": 5.0}
    print(f"{'corpus':<10} {'view':<15} {'nodes':>6} {'edges':>7} {'size':>9} {'write s':>8}  target")
    pages: dict[str, Path] = {}
    failed = False
    for name, data in corpora.items():
        for kind in KINDS:
            out = folder / f"{name.replace(' ', '-')}-{kind}.html"
            seconds, nodes, edges, size = time_write(data, kind, out)
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
