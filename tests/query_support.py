"""Shared helpers of the query, endpoint and analysis tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURE_GRAPH = REPO / "tests" / "fixtures" / "query-graph.trig"
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))


def fixture_store() -> Any:
    """The hand-written excerpt of the seed's graph (tests/fixtures/query-graph.trig)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE_GRAPH), format=pyoxigraph.RdfFormat.TRIG)
    return store


@lru_cache(maxsize=1)
def seed_store() -> Any:
    """The build of the embedded seed plan, as the CLI reads it (cached by kg.store.dataset)."""
    from kg.pipeline import open_store

    return open_store()
