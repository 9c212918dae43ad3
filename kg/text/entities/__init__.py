"""Entities inside a task's text: cited documents, lists, numeric targets, deadlines, cadences, systems.

Pure functions on one task's text (its responsibility annotation already
removed); vocabularies are loaded once per process. ::

    from kg.text.entities import extract_task_entities
    entities = extract_task_entities("8.制定“承諾改即辦”事項清單,爭取…即辦件占比達到 85%以上。", 2022)
    entities.lists       # [ListRef(name='“承諾改即辦”事項清單', role='creates', …)]
    entities.indicators  # [Indicator(name='市本級政務服務事項即辦件占比', op='>=', value=85.0, unit='%', …)]

Everything written inside a cited 《title》 belongs to the citation: a 清單,
a system, a number or a date there is not an entity of the task. Deadlines are
resolved in ``year`` (the plan's year); cadences (每月, 月督辦, 季通報) are kept
apart from deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.normalize import TextView
from kg.text.entities.citations import (
    extract_citations,
    find_citations,
    normalize_document_number,
)
from kg.text.entities.deadlines import find_cadences, find_deadlines
from kg.text.entities.lists import find_lists
from kg.text.entities.systems import (
    extract_systems,
    find_systems,
    system_iri,
    system_vocabulary,
)
from kg.text.entities.targets import find_indicators
from kg.model import Cadence, Citation, Deadline, Indicator, ListRef


@dataclass
class TaskEntities:
    cites: list[Citation] = field(default_factory=list)
    lists: list[ListRef] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    cadences: list[Cadence] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)


def extract_task_entities(text: str, year: int | None) -> TaskEntities:
    """All entities of one task's text; ``year`` resolves deadlines (None: dates stay None unless written)."""
    view = TextView.of(text)
    cites, cited_spans = find_citations(view)
    outside_titles = view.masked(cited_spans)
    cadences, cadence_spans = find_cadences(outside_titles)
    return TaskEntities(
        cites=cites,
        lists=find_lists(outside_titles),
        indicators=find_indicators(outside_titles),
        deadlines=find_deadlines(outside_titles.masked(cadence_spans), year),
        cadences=cadences,
        systems=find_systems(outside_titles),
    )


__all__ = [
    "TaskEntities",
    "extract_citations",
    "extract_systems",
    "extract_task_entities",
    "normalize_document_number",
    "system_iri",
    "system_vocabulary",
]
