"""How analysis and views name things: a label in the reader's script, departments by their full
name (with their place when two jurisdictions share the name), tasks by number or ``k·n``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from kg.analysis.records import DepartmentRecord, Labels, PlanRecord
from kg.normalize import guess_script, to_simplified, to_traditional


def in_script(value: str, lang: str) -> str:
    """A name written in either script, shown in the reader's script (English readers get it as is).

    Text already in the reader's script is left as written: converting traditional text
    "to traditional" again can change characters (于 → 於).
    """
    if lang == "zh-Hans":
        return to_simplified(value)
    if lang == "zh-Hant" and guess_script(value) == "Hans":
        return to_traditional(value)
    return value


def pick(labels: Labels, lang: str) -> str:
    """The label in ``lang``; else the other script converted; else any label there is."""
    if labels.get(lang):
        return labels[lang]
    if lang in ("zh-Hant", "zh-Hans"):
        other = "zh-Hans" if lang == "zh-Hant" else "zh-Hant"
        source = labels.get(other) or labels.get("zh") or labels.get("")
        if source:
            return in_script(source, lang)
    for fallback in ("zh-Hant", "zh-Hans", "zh", "", "en"):
        if labels.get(fallback):
            return labels[fallback]
    return next(iter(labels.values()), "")


def department_display_name(department: DepartmentRecord, lang: str) -> str:
    """The name to print: the department's full name in the reader's language (發展和改革委員會),
    as `plankg query` prints it. How the plans write it (發改委) is for tooltips and search."""
    if department.names:
        return department.names.get(lang) or pick(department.names, lang)
    if department.written:
        return pick(department.written, lang)
    return min((in_script(name, lang) for name in department.short_names if name), key=len, default="")


_GOVERNMENT_SUFFIXES = ("人民政府办公室", "人民政府辦公室", "人民政府", " Municipal People's Government", " People's Government")


def government_short(labels: Labels, lang: str) -> str:
    """錫林浩特市人民政府 → 錫林浩特市."""
    name = pick(labels, lang)
    for suffix in _GOVERNMENT_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def department_place(department: DepartmentRecord, lang: str) -> str:
    """Where the department sits: its government's place (錫林浩特市), else its government's short name."""
    if department.place_labels:
        return pick(department.place_labels, lang)
    return government_short(department.jurisdiction_labels, lang) if department.jurisdiction_labels else ""


def department_names(departments: Iterable[DepartmentRecord], lang: str) -> dict[str, str]:
    """IRI → printed name; units of two jurisdictions that share a name get their place added
    (政務服務局 (錫林浩特市), 政務服務局 (錫林郭勒盟))."""
    names = {department.iri: department_display_name(department, lang) or department.iri for department in departments}
    sharing: dict[str, list[str]] = defaultdict(list)
    for iri, name in names.items():
        sharing[name].append(iri)
    by_iri = {department.iri: department for department in departments}
    for name, iris in sharing.items():
        if len(iris) > 1:
            for iri in iris:
                place = department_place(by_iri[iri], lang)
                if place:
                    names[iri] = f"{name} ({place})"
    return names


class TaskNames:
    """Task labels: the number alone for one plan, ``k·n`` (plan k, ordered by IRI) for several."""

    def __init__(self, plans: Iterable[str]) -> None:
        self.index = {iri: position for position, iri in enumerate(sorted(plans), start=1)}
        self.many = len(self.index) > 1

    def label(self, number: Any, plan: str | None) -> Any:
        return f"{self.index.get(plan or '', 0)}·{number}" if self.many else number

    def order(self, number: Any, plan: str | None) -> tuple[int, int, str]:
        return (self.index.get(plan or "", 0) if self.many else 0, as_int(number), str(number))


def as_int(number: Any) -> int:
    try:
        return int(number)
    except (TypeError, ValueError):
        return 0


def plan_rows(plans: Mapping[str, PlanRecord], lang: str) -> list[dict[str, Any]]:
    """The plans as the report lists them: k (by IRI, as tasks are named k·n), title, index number, IRI."""
    return [
        {"plan": position, "title": pick(plans[iri].titles, lang), "identifier": plans[iri].id_local or "", "iri": iri}
        for position, iri in enumerate(sorted(plans), start=1)
    ]


__all__ = [
    "TaskNames",
    "as_int",
    "department_display_name",
    "department_names",
    "department_place",
    "government_short",
    "in_script",
    "pick",
    "plan_rows",
]
