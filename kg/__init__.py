"""plankg: knowledge graph and semantic queries for Chinese government work plans.

The library API, for notebooks and other programs::

    import kg
    plan = kg.extract()                 # the embedded plan, as kg.model.Plan records
    dataset = kg.build()                # RDF dataset, reasoned and validated
    rows = kg.query("lead-load")        # a saved SPARQL query
    report = kg.analyze()               # workload, centrality, dependencies

Heavy modules are imported on first use, so ``import kg`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg.errors import (
    BuildError,
    DatasetError,
    EndpointError,
    ParseError,
    PlanKGError,
    QueryError,
    SourceError,
    StrictModeError,
    UsageError,
    ValidationError,
)

__version__ = "0.1.0"

# public function -> module that defines it (imported lazily)
_LAZY = {
    "extract": "kg.text.parse",
    "read_source": "kg.text.read",
    "query": "kg.sparql.run",
    "query_frame": "kg.sparql.run",
    "list_queries": "kg.sparql.registry",
    "analyze": "kg.analysis.report",
    "build": "kg.pipeline",
    "open_store": "kg.pipeline",
    "load_dataset": "kg.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "BuildError",
    "DatasetError",
    "EndpointError",
    "ParseError",
    "PlanKGError",
    "QueryError",
    "SourceError",
    "StrictModeError",
    "UsageError",
    "ValidationError",
    "__version__",
    *_LAZY,
]
