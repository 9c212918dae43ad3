"""Shared by the extractor tests: the seed's text, and clauses quoted from it in either script."""

from __future__ import annotations

from kg.normalize import to_simplified
from kg.resources import default_corpus_file

SEED = default_corpus_file().read_text(encoding="utf-8")
SCRIPTS = ["Hant", "Hans"]


def in_script(text: str, script: str) -> str:
    """``text`` as written (Hant, the seed's script) or converted to simplified script."""
    return to_simplified(text) if script == "Hans" else text


def seed_clause(clause: str) -> str:
    """``clause``, after checking that the seed really says it."""
    assert clause in SEED, f"not in the seed: {clause}"
    return clause
