"""``viz.render``: one call from a dataset (or source files) to a written view or chart."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from kg.analysis.collector import collector_paused
from kg.errors import PlanKGError, UsageError
from kg.normalize import match_key
from kg.pipeline import open_store
from kg.sparql.language import default_language
from kg.sparql.remote import EndpointStore
from viz.chart import workload_chart
from viz.data import ViewData, load_view_data
from viz.html import write_network_html
from viz.i18n import check_language, pick, text
from viz.views import KINDS, build_view

CHART_KIND = "workload-chart"
ALL_KINDS = (*KINDS, CHART_KIND)

DEFAULT_OUTPUTS = {
    "responsibility": Path("out/network.html"),
    "dependency": Path("out/dependency.html"),
    "citation": Path("out/citation.html"),
    CHART_KIND: Path("out/workload.png"),
}


def find_departments(data: ViewData, name: str) -> set[str]:
    """IRIs of the departments ``name`` denotes, in either script, short or full (``plan:matchKey``)."""
    key = match_key(name)
    found = {
        iri
        for iri, department in data.departments.items()
        if key in department.match_keys or key in {match_key(label) for label in (*department.names.values(), *department.short_names)}
    }
    if not found:
        known = {pick(department.names, "zh-Hant") for department in data.departments.values() if not department.collective}
        sample = "、".join(sorted(known)[:6])
        raise UsageError(f"no department in the dataset matches {name!r}; try a name as the plan writes it, e.g. {sample}")
    return found


def heading_for(data: ViewData, lang: str) -> str:
    """The plan's title when there is one plan, else how many plans the view covers."""
    if len(data.plans) == 1:
        plan = next(iter(data.plans.values()))
        return pick(plan.titles, lang)
    return f"{len(data.plans)} {text('plan', lang)}" if lang != "en" else f"{len(data.plans)} plans"


def render_data(
    kind: str,
    data: ViewData,
    out: str | PathLike[str] | None = None,
    dept: str | None = None,
    lang: str = "zh-Hant",
) -> Path:
    """Render already loaded :class:`ViewData` (what :func:`render` does after reading the dataset)."""
    if kind not in ALL_KINDS:
        raise UsageError(f"unknown view {kind!r}: use one of {', '.join(ALL_KINDS)}")
    check_language(lang)
    path = Path(out) if out is not None else DEFAULT_OUTPUTS[kind]
    focus = find_departments(data, dept) if dept else None
    heading = heading_for(data, lang)
    try:
        if kind == CHART_KIND:
            return workload_chart(data, path, lang=lang, heading=heading, focus=focus)
        if path.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"a network view is written as HTML: name the output *.html, not {path.name!r}")
        view = build_view(kind, data, lang=lang, focus=focus)
        if focus:
            names = "、".join(sorted(pick(data.departments[iri].names, lang) for iri in focus))
            view.subtitle = text("focus", lang, name=names)  # a focused view is never aggregated
        return write_network_html(view, path, heading=heading)
    except OSError as error:
        raise PlanKGError(f"cannot write {path}: {error.strerror or error}; choose another path with -o") from error


def render(
    kind: str = "responsibility",
    dataset: str | PathLike[str] | None = None,
    sources: Sequence[str | PathLike[str]] | None = None,
    out: str | PathLike[str] | None = None,
    dept: str | None = None,
    lang: str | None = None,
    endpoint: str | None = None,
    plans: Sequence[str] | None = None,
) -> Path:
    """Write one view of a dataset and return the path written.

    ``kind`` is ``responsibility`` (default), ``dependency``, ``citation`` or
    ``workload-chart``; the data come from a built dataset folder
    (``dataset``), from source files built on the fly (``sources``), or by
    default from the embedded plan. ``dept`` focuses on one department and
    its neighbourhood (any script, short or full name); ``lang`` is
    ``zh-Hant``, ``zh-Hans`` or ``en``, by default the plans' own script
    (:func:`kg.sparql.language.default_language`). ``endpoint``: read the graph
    from this SPARQL endpoint instead (its default graph the union of all graphs).
    ``plans``: draw only these plans of the build (plan ids or source file names).
    """
    if kind not in ALL_KINDS:
        raise UsageError(f"unknown view {kind!r}: use one of {', '.join(ALL_KINDS)}")
    if lang is not None:
        check_language(lang)
    if endpoint:
        if dataset is not None or sources:
            raise UsageError("give either --endpoint or a dataset (SOURCES or --dataset), not both")
        if plans:
            raise UsageError("--plan reads a build folder, not --endpoint")
        store: Any = EndpointStore(endpoint)
    else:
        store = open_dataset_store(dataset, sources, plans)
    with collector_paused():
        data = load_view_data(store, kind)  # only what this view draws
        return render_data(kind, data, out=out, dept=dept, lang=lang or default_language(store))


def open_dataset_store(
    dataset: str | PathLike[str] | None = None,
    sources: Sequence[str | PathLike[str]] | None = None,
    plans: Sequence[str] | None = None,
) -> Any:
    """The pyoxigraph store of a dataset (the build's own entry point, kg.pipeline.open_store), seen
    through ``plans`` when they are given."""
    return open_store(dataset=dataset, sources=sources, plans=plans)


__all__ = ["ALL_KINDS", "CHART_KIND", "DEFAULT_OUTPUTS", "find_departments", "heading_for", "render", "render_data"]
