"""Packaged data (ontology, saved queries, embedded corpus), found with importlib.resources."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

DEFAULT_CORPUS_FILE = "xilinhot-2022-government-services.txt"
# the namespace of ontology/plan.ttl (its terms as Python names are kg.graph.namespace.PLAN)
PLAN_NAMESPACE = "https://w3id.org/plankg/ontology#"


def ontology_file(name: str = "plan.ttl") -> Traversable:
    return resources.files("kg.ontology") / name


def query_files() -> list[Traversable]:
    folder = resources.files("kg.queries")
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".rq")), key=lambda entry: entry.name)


def corpus_files() -> list[Traversable]:
    folder = resources.files("kg.corpus")
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith((".txt", ".html"))), key=lambda entry: entry.name
    )


def default_corpus_file() -> Traversable:
    return resources.files("kg.corpus") / DEFAULT_CORPUS_FILE
