"""Arbitrary and mutated task text: the extractors never raise and every record stays well formed."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.entities import extract_citations, extract_task_entities
from kg.resources import default_corpus_file
from support import examples

SEED = default_corpus_file().read_text(encoding="utf-8")
SEED_TASKS = [line for line in SEED.splitlines() if re.match(r"\d+\.", line)]
# the characters the extractors react to, so that random text often looks like a plan
PLAN_CHARS = list("《》<>〔〕[]()（）年月日底前内內中季度每周週上下半一二三四五十0123456789 %％以上以下不低于於達到至少名個清單单制定依托電子证照庫平臺台“”、，,。號发國办第蒙速辦APP熱线的\n　")


@st.composite
def mutated_task(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEED_TASKS))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 6))
        insert = draw(st.text(alphabet=PLAN_CHARS, max_size=6))
        text = text[:position] + insert + text[position + cut :]
    return text


@settings(max_examples=examples(200), deadline=None)
@given(
    st.one_of(st.text(max_size=120), st.text(alphabet=PLAN_CHARS, max_size=120), mutated_task()),
    st.one_of(st.none(), st.integers(1900, 2100)),
)
def test_extractors_never_raise(text: str, year: int | None) -> None:
    entities = extract_task_entities(text, year)
    assert all(citation.key for citation in entities.cites)
    assert all(ref.name and ref.name in text and ref.role in ("creates", "uses") for ref in entities.lists)
    assert all(indicator.name and indicator.unit and indicator.text in text for indicator in entities.indicators)
    assert all(deadline.text in text for deadline in entities.deadlines)
    assert all(cadence.text in text and cadence.period.startswith("P") for cadence in entities.cadences)
    assert all(isinstance(name, str) and name for name in entities.systems)
    assert [c.key for c in extract_citations(text)] == [c.key for c in entities.cites]
