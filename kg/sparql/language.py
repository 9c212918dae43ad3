"""The label language when none is asked for: the plans' own script.

zh-Hant when every plan is written in traditional script (the embedded plan is),
zh-Hans when any is simplified (the script plans are issued in), zh-Hant when
nothing is known. The plans' scripts are read from each plan's ``dct:language``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.languages import FALLBACK_LANGUAGE
from kg.resources import internal_query
from kg.sparql.endpoint import DEFAULT_MAX_REPLY_BYTES, DEFAULT_TIMEOUT, post_query, select_results

PLAN_LANGUAGES_QUERY = internal_query("plan-languages")  # queries/internal/plan-languages.rq


def choose_language(scripts: Iterable[str]) -> str:
    """The label language for plans written in ``scripts`` (``zh-Hant`` / ``zh-Hans`` tags)."""
    found = {script.lower() for script in scripts if script}
    if not found or found == {"zh-hant"}:
        return FALLBACK_LANGUAGE
    return "zh-Hans"


def default_language(
    store: Any = None,
    *,
    endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_REPLY_BYTES,
) -> str:
    """The plans' own script (:func:`choose_language`), read from ``store`` or at ``endpoint``."""
    if endpoint:
        variables, rows = select_results(post_query(endpoint, PLAN_LANGUAGES_QUERY, timeout, max_bytes), endpoint)
        column = variables.index("script") if "script" in variables else None
        return choose_language(str(row[column] or "") for row in rows) if column is not None else FALLBACK_LANGUAGE
    solutions = store.query(PLAN_LANGUAGES_QUERY, use_default_graph_as_union=True)
    return choose_language(str(solution["script"].value) for solution in solutions if solution["script"] is not None)


__all__ = ["PLAN_LANGUAGES_QUERY", "choose_language", "default_language"]
