"""The plan parser, one job a module.

``forms`` (what a line opens with: numbering, label lines), ``state`` (the open task, loose text, an
unclosed bracket), ``base`` (the source, its lines, records and warnings), ``headings`` (parts, areas,
groups, garbled headings, headings over measures), ``tables`` (task tables), ``tasks`` (closing tasks
at annotations, numbering them), ``walker`` (:class:`PlanParser`: the line-by-line walk).
"""

from kg.text.plan_parser.walker import PlanParser

__all__ = ["PlanParser"]
