"""Department workload: the one place the load of a department is counted.

Per department (and collective unit), the distinct tasks it leads, is
responsible for, or carries jointly, and a *weighted load* (:data:`WEIGHTS`):
a lead carries the task and answers for it (1); a joint unit carries its own
part with no lead above it (0.5); a responsible unit cooperates under a lead
(0.25). ``plankg analyze`` prints these figures; the network pages size their
department nodes and the workload chart draws its bars from the same records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.analysis.records import ROLES

WEIGHTS: dict[str, float] = {"lead": 1.0, "joint": 0.5, "responsible": 0.25}


@dataclass
class Load:
    """One department's tasks by role and its weighted load."""

    iri: str
    tasks: dict[str, set[str]] = field(default_factory=lambda: {role: set() for role in ROLES})

    @property
    def counts(self) -> dict[str, int]:
        return {role: len(self.tasks[role]) for role in ROLES}

    @property
    def total(self) -> int:
        return len(set().union(*self.tasks.values()))

    @property
    def weighted(self) -> float:
        return weighted_load(self.counts)


def weighted_load(counts: dict[str, int]) -> float:
    """The weighted load of task counts by role."""
    return round(sum(WEIGHTS[role] * counts.get(role, 0) for role in ROLES), 4)


def department_loads(involvements: Iterable[tuple[str, str, str]]) -> dict[str, Load]:
    """Department IRI → its :class:`Load`, from (task, role, department) triples."""
    loads: dict[str, Load] = {}
    for task, role, department in involvements:
        load = loads.get(department)
        if load is None:
            load = loads[department] = Load(department)
        load.tasks[role].add(task)
    return loads


def ranked(loads: dict[str, Load], names: dict[str, str]) -> list[Load]:
    """Heaviest first; then most leads; then by printed name."""
    return sorted(loads.values(), key=lambda load: (-load.weighted, -len(load.tasks["lead"]), names.get(load.iri, load.iri), load.iri))


def workload_records(loads: dict[str, Load], names: dict[str, str], collective: set[str]) -> list[dict[str, object]]:
    """The report's rows: department, lead, responsible, joint, total, weighted_load, collective, iri."""
    return [
        {
            "department": names.get(load.iri, load.iri),
            **load.counts,
            "total": load.total,
            "weighted_load": load.weighted,
            "collective": load.iri in collective,
            "iri": load.iri,
        }
        for load in ranked(loads, names)
    ]


def collective_burden(loads: dict[str, Load], names: dict[str, str], collective: set[str], all_tasks: int) -> list[dict[str, object]]:
    """Per collective unit: its tasks by role and their share of all tasks with a named unit."""
    records = []
    for record in workload_records({iri: load for iri, load in loads.items() if iri in collective}, names, collective):
        del record["collective"]
        record["share"] = round(int(record["total"]) / all_tasks, 4) if all_tasks else 0.0  # type: ignore[call-overload]
        records.append(record)
    records.sort(key=lambda record: (-int(record["total"]), str(record["department"])))  # type: ignore[call-overload]
    return records


__all__ = ["WEIGHTS", "Load", "collective_burden", "department_loads", "ranked", "weighted_load", "workload_records"]
