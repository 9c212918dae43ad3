"""Packaged data (ontology, saved queries, internal queries, embedded corpus), found with importlib.resources."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable

DEFAULT_CORPUS_FILE = "xilinhot-2022-government-services.txt"
# the namespace of ontology/plan.ttl (its terms as Python names are kg.graph.namespace.PLAN)
PLAN_NAMESPACE = "https://w3id.org/plankg/ontology#"
INTERNAL_QUERIES = "internal"  # the folder of queries/ that holds the package's own SPARQL


def ontology_file(name: str = "plan.ttl") -> Traversable:
    return resources.files("kg.ontology") / name


def query_files() -> list[Traversable]:
    folder = resources.files("kg.queries")
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".rq")), key=lambda entry: entry.name)


def internal_query_files() -> list[Traversable]:
    """The package's own SPARQL (``queries/internal/*.rq``): read by analysis and views, not listed as saved queries."""
    folder = resources.files("kg.queries") / INTERNAL_QUERIES
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".rq")), key=lambda entry: entry.name)


@lru_cache(maxsize=None)
def internal_query(name: str) -> str:
    """The text of ``queries/internal/NAME.rq``."""
    return (resources.files("kg.queries") / INTERNAL_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def corpus_files() -> list[Traversable]:
    folder = resources.files("kg.corpus")
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith((".txt", ".html"))), key=lambda entry: entry.name
    )


def default_corpus_file() -> Traversable:
    return resources.files("kg.corpus") / DEFAULT_CORPUS_FILE
