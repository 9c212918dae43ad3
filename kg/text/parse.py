"""Parse a work plan's text into :class:`kg.model.Plan` records.

:func:`extract` is the library call behind ``plankg extract``. It reads the
source (:mod:`kg.text.read`), takes the front matter apart (:mod:`kg.text.header`),
then walks the body line by line:

* parts ``一、``, areas ``（一）`` / ``(一)``, groups ``一是`` (also when a group
  opens at the end of an area's heading line), and headings garbled by a
  one-byte GBK shift (:mod:`kg.text.repair`);
* numbered tasks ``1.`` ``1、`` ``1．`` ``（1）``; a task runs on over the
  following lines until its responsibility annotation closes;
* a heading line that carries exactly one annotation at its end is a task
  numbered by its ordinal (plans that number tasks ``（一）`` or ``一、``),
  unless a lower heading, a task or unannotated prose follows it: then it is
  a heading whose annotation its unannotated measures inherit
  (``一、强化科技创新（区科技局牵头）`` over ``（一）…。…``);
* task tables flattened to text (:mod:`kg.text.task_tables`): a header row naming
  牵头单位/责任单位 columns, then one task a row;
* an annotation in running prose closes one unnumbered task: the text since
  the previous annotation or heading (numbered in document order,
  ``numbered=False``);
* a plan with numbered headings and no responsibility note at all: each heading
  with nothing under it is a task without departments (its text the heading and
  its prose), and a warning says the plan carries no notes; "no tasks found"
  only for a text with neither numbered items nor notes;
* notes that set a rule: ``排在第一位的部门为牵头部门`` (the first-listed unit
  of ``（X、Y负责）`` or of a 责任单位 list leads) and ``以下均需各地区落实，不再列出``
  / ``具体任务均涉及…，不再做分工，下同`` (every later task also falls to those
  units), alone or inside an annotation.

The parser itself lives in :mod:`kg.text.plan_parser`, one job a module.

All keyword matching happens on the width-folded, simplified copy of the text
(:func:`kg.normalize.matching_copy`); task text and names are kept as written,
with character spans into :attr:`kg.model.Source.text`. What cannot be placed
becomes a :class:`kg.model.ParseWarning` with its line number, never silently
dropped; ``strict=True`` turns warnings into :class:`kg.errors.StrictModeError`.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from kg.errors import SourceError, StrictModeError
from kg.model import Citation, Plan, Source, SystemUse, Task
from kg.text.entities import extract_citations, extract_task_entities, normalize_document_number
from kg.text.entities.system_roles import system_roles
from kg.text.lines import Line
from kg.text.plan_ids import plan_id
from kg.text.plan_parser import PlanParser
from kg.text.read import printable_path, read_source

__all__ = ["extract", "plan_id"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def extract(source: str | os.PathLike[str] | Source | None = None, *, strict: bool = False) -> Plan:
    """Parse one plan (a path, a :class:`Source`, or by default the embedded corpus) into records.

    Raises :class:`kg.errors.SourceError` if the source cannot be read,
    :class:`kg.errors.ParseError` if it holds no task or ends inside an open
    annotation, and with ``strict=True`` :class:`kg.errors.StrictModeError`
    if anything had to be reported as a warning.
    """
    if isinstance(source, Source):
        read = source
        if _LONE_SURROGATE.search(read.text):
            raise SourceError(
                f"{printable_path(read.path)} holds text that is not valid Unicode (a lone surrogate): "
                "decode the plan's bytes with its real encoding"
            )
    else:
        read = read_source(source)
    plan = _parse(read)
    if strict and plan.warnings:
        first = plan.warnings[0]
        raise StrictModeError(
            f"{len(plan.warnings)} warning(s) in {read.path}, first at line {first.line}: {first.message}; "
            "fix the source or run without --strict"
        )
    return plan


def _parse(source: Source) -> Plan:
    parser = PlanParser(source)
    plan = parser.parse()
    _attach_entities(plan, parser.preamble)
    return plan


# -- entities -------------------------------------------------------------------------------


def _attach_entities(plan: Plan, preamble: list[Line]) -> None:
    """Citations, lists, targets, deadlines, cadences and systems of each task (kg.text.entities)."""
    year = plan.document.year
    citations: list[Citation] = []
    for line in preamble:
        citations.extend(extract_citations(line.text))
    for section in plan.sections:
        if section.text:
            citations.extend(extract_citations(section.text))
            section.cadences = list(extract_task_entities(section.text, year).cadences)
    for task in plan.tasks:
        entities = extract_task_entities(_without_annotation(task), year)
        task.cites = list(entities.cites)
        task.lists = list(entities.lists)
        task.indicators = list(entities.indicators)
        task.deadlines = list(entities.deadlines)
        if task.annotation:
            # an annotation may say when as well as who: （国务院各部门分别负责，年内持续推进）
            task.deadlines += extract_task_entities(task.annotation, year).deadlines
        task.cadences = list(entities.cadences)
        roles = system_roles(task.text, entities.systems)
        task.systems = [SystemUse(name, roles[name]) for name in entities.systems]
        citations.extend(task.cites)
    own = plan.document.document_number
    if own:
        # the notice's own 文号 (a line of its own above the addressees) names this plan, not a cited one
        own_key = normalize_document_number(own)
        citations = [citation for citation in citations if citation.number_normalized != own_key]
    plan.citations = _deduplicated(citations)


def _without_annotation(task: Task) -> str:
    if not task.annotation:
        return task.text
    index = task.text.rfind(task.annotation)
    if index < 0:
        return task.text
    return task.text[:index] + task.text[index + len(task.annotation) :]


def _deduplicated(citations: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for citation in citations:
        key = citation.key
        if not key:
            continue
        known = seen.get(key)
        if known is None:
            seen[key] = replace(citation)
            continue
        # keep the fullest record: the same document may be cited with and without its title or issuer
        for name in ("title", "issuer", "number", "number_normalized", "title_normalized"):
            if getattr(known, name) is None and getattr(citation, name) is not None:
                setattr(known, name, getattr(citation, name))
    return list(seen.values())
