"""The parser's invariant on generated plans and on the real plans of ../shared/plans.

Every responsibility note in the body ends up on exactly one task or a warning names its line; every
numbered item is a task or a heading (tests/invariant_support.py checks both, by patterns of its own).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invariant_support import breaches
from kg.errors import PlanKGError
from kg.model import Source
from kg.text.parse import extract
from support import examples

# beside the checkout, as CI has it; PLANKG_PLANS_DIR names another folder (a worktree elsewhere)
PLANS = Path(os.environ.get("PLANKG_PLANS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "plans")
REAL_PLANS = sorted(PLANS.glob("*.txt")) if PLANS.is_dir() else []

# -- generated plans --------------------------------------------------------------------------------------

_POOL = "甲乙丙丁戊己庚辛壬癸金木水火土东南西北中春夏秋冬"
NOTE_FORMS = (
    "（牵头单位：{u}；责任单位：{v}）",
    "（{u}牵头，{v}配合）",
    "（{u}、{v}按职责分工负责）",
    "（9月底前完成，牵头考核单位：{u}）",
    "（{u}负责）",
    "（主办单位：{u}；协办单位：{v}）",
    "（责任处室：{u}）",
    "（{u}、{v}等和各有关部门负责）",
    BARE := "（{u}）",  # a bare note: a note only where the plan's other notes are full ones
    "（牵头单位：{u}",  # never closed: read as far as it goes, or a warning names its line
)
SENTENCES = ("推进政务数据共享。", "完善工作机制，强化督促检查。", "建设公共服务平台，提升服务能力。", "开展业务培训。")
PARTS = "一二三四"
AREAS = "一二三四五"


def unit(index: int) -> str:
    return "市" + _POOL[index // len(_POOL) % len(_POOL)] + _POOL[index % len(_POOL)] + "局"


@dataclass
class Generated:
    lines: list[str] = field(default_factory=lambda: ["某市2024年重点工作实施方案"])
    notes: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, its first unit, bare?)
    full_notes: int = 0  # notes that say their role (not bare, not left open)
    units: int = 0

    def note(self, form: int) -> str:
        first, second = unit(self.units), unit(self.units + 1)
        self.units += 2
        self.notes.append((len(self.lines) + 1, first, NOTE_FORMS[form] == BARE))
        self.full_notes += form < len(NOTE_FORMS) - 2
        return NOTE_FORMS[form].format(u=first, v=second)


item = st.tuples(
    st.sampled_from(("dotted", "bracketed", "area")),
    st.lists(st.tuples(st.sampled_from(SENTENCES), st.integers(0, len(NOTE_FORMS) - 1) | st.none()), min_size=1, max_size=3),
    st.booleans(),  # a further paragraph with a note of its own under the item
)
part = st.tuples(st.booleans(), st.lists(item, min_size=1, max_size=4))  # run together with its first item?


@st.composite
def plans(draw: st.DrawFn) -> Generated:
    plan = Generated()
    number = 0
    for part_index, (run_together, items) in enumerate(draw(st.lists(part, min_size=1, max_size=3))):
        heading = f"{PARTS[part_index]}、重点任务{'甲乙丙'[part_index]}"
        for item_index, (style, clauses, paragraph) in enumerate(items):
            number += 1
            label = {"dotted": f"{number}.", "bracketed": f"（{number}）", "area": f"（{AREAS[item_index]}）"}[style]
            if run_together and item_index == 0:
                label, heading = heading + label, None
            if heading is not None:
                plan.lines.append(heading)
                heading = None
            body = "".join(sentence + (plan.note(form) if form is not None else "") for sentence, form in clauses)
            plan.lines.append(label + body)
            if paragraph:
                plan.lines.append("加强统筹协调，" + plan.note(draw(st.integers(0, len(NOTE_FORMS) - 1))))
    return plan


def parse(text: str):
    return extract(Source(path="<generated>", sha256="", encoding="utf-8", media_type="text/plain", text=text))


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_keep_every_note_and_every_item(generated: Generated) -> None:
    text = "\n".join(generated.lines) + "\n"
    try:
        plan = parse(text)
    except PlanKGError as error:
        # a note left open at the very end is an error that names its line; "no tasks found" only without notes
        assert "never closes" in str(error) or not generated.full_notes, f"{error} with {generated.full_notes} notes"
        return
    assert breaches(plan, text, body_from=2) == []
    warned = {warning.line for warning in plan.warnings}
    for line, first, bare in generated.notes:
        if bare and not generated.full_notes:
            continue  # a bracket of names in a plan with no full note is no note
        holders = [task for task in plan.tasks if first in [unit.name for unit in task.units]]
        assert len(holders) == 1 or line in warned, f"line {line}: {first} is on {len(holders)} tasks"
    notations = [task.notation for task in plan.tasks]
    assert len(set(notations)) == len(notations)  # the names the IRIs are made of never repeat


# -- the real plans ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_PLANS, reason=f"no real plans at {PLANS} (a clone without ../shared/plans)")
@pytest.mark.parametrize("path", REAL_PLANS, ids=[path.stem for path in REAL_PLANS])
def test_real_plans_keep_every_note_and_every_item(path: Path) -> None:
    plan = extract(path)
    text = plan.source.text
    body_from = min([task.line for task in plan.tasks] + [section.line for section in plan.sections])
    assert breaches(plan, text, body_from=body_from) == []
    assert sum(1 for task in plan.tasks if task.units) >= 1
    notations = [task.notation for task in plan.tasks]
    assert len(set(notations)) == len(notations)
