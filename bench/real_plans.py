"""Measure the parser on a folder of real plans: numbered items, notes, tasks (with departments), warnings.

    python bench/real_plans.py [FOLDER]     (default: ../shared/plans beside the checkout)

*items* counts lines that open with a task or heading number (``1.``, ``（一）``, ``一、``), *notes* the
brackets that read as responsibility notes by a plain pattern independent of the parser (a role word
or a ``…单位：`` label inside a bracket of at most 160 characters).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kg.errors import PlanKGError
from kg.text.parse import extract

ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.、．]|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]+)\s*[)）]|[一二三四五六七八九十]+、)")
NOTE = re.compile(r"[（(〔][^（）()〔〕]{0,40}(负责|牵头|单位：|部门：|处室：|指导)[^（）()〔〕]{0,120}[）)〕]")


def measure(path: Path) -> tuple[int, int, str, int, int]:
    text = path.read_text("utf-8")
    items = sum(1 for line in text.splitlines() if ITEM.match(line))
    notes = len(NOTE.findall(text))
    try:
        plan = extract(path)
    except PlanKGError as error:
        return items, notes, f"failed: {str(error)[:40]}", 0, 0
    with_units = sum(1 for task in plan.tasks if task.units)
    return items, notes, str(len(plan.tasks)), with_units, len(plan.warnings)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "plans"
    print("| file | items | notes | tasks | with departments | warnings |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in sorted(folder.glob("*.txt")):
        if path.name == "README.md":
            continue
        items, notes, tasks, with_units, warnings = measure(path)
        print(f"| {path.name} | {items} | {notes} | {tasks} | {with_units} | {warnings} |")


if __name__ == "__main__":
    main()
