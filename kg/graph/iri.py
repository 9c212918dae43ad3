"""The one place plankg mints IRIs.

Every node of a plankg graph gets its IRI from :class:`Minter`, under one
configurable base (``--base``, else ``$PLANKG_BASE``, else
:data:`DEFAULT_BASE`):

==================  ===============================================================
plan                ``{base}plan/{plan-slug}``
plan's graph        ``{base}plan/{plan-slug}/graph``
section             ``{base}plan/{plan-slug}/section/{path}`` (path ``2.1.1``)
task                ``{base}plan/{plan-slug}/task/{n}``
list (清单)          ``{base}plan/{plan-slug}/list/{slug of its name}``
system use          ``{base}plan/{plan-slug}/system/{the system's slug}`` (one plan's use of a system)
indicator …         ``{task}/indicator/{k}``, ``{task}/deadline/{k}``, ``{owner}/cadence/{k}``
government          ``{base}org/{jurisdiction-slug}``
department          ``{base}org/{jurisdiction-slug}/{slug of canonical name}``
cited document      ``{base}doc/{slug of normalised number, else title}``
system              ``{base}system/{slug}`` (a curated system keeps its record's slug)
source file         ``{base}source/{sha256}``
==================  ===============================================================

Slugs are readable: Han characters become toneless pinyin (pypinyin's readings,
looked up by :mod:`kg.graph.pinyin` without loading its whole phrase table), runs of
other letters and digits are kept, everything else is a hyphen
(``国办发〔2022〕2号`` → ``guobanfa-2022-2-hao``, ``政务服务局`` →
``zhengwufuwuju``). Slugs are made from :func:`kg.normalize.match_key`, so a
name written in either script, with or without spaces, gets one slug. Two
different keys that would share a slug in one scope (homophones) are told apart
by a short hash of the key on all but one of them. Within one minter that is the
one minted second; across the plans of a build, each minted apart, the build
decides with :func:`resolve_slugs` (the smallest key, or a curated system, keeps
the plain slug) and mints the plans concerned again, so that two documents with
homophone numbers in two plans never share an IRI.

This module returns plain strings and imports nothing heavy, so query and view
code can mint IRIs without loading rdflib.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from kg.errors import UsageError
from kg.graph.pinyin import lazy_pinyin
from kg.normalize import match_key

DEFAULT_BASE = "https://w3id.org/plankg/"
BASE_ENV = "PLANKG_BASE"
ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
ONTOLOGY_VERSION_IRI = "https://w3id.org/plankg/ontology/0.1.0"
AUTHORITY_RECORDS = "https://w3id.org/plankg/authority/"
SYSTEM_RECORDS = "https://w3id.org/plankg/system/"  # the IRIs of ontology/systems.ttl

_BASE_PATTERN = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ASCII_RUN = re.compile(r"[a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_SLUG = 60


def resolve_base(base: str | None = None) -> str:
    """The IRI base to use: ``base`` if given, else ``$PLANKG_BASE``, else the default.

    A base must be an absolute http(s) IRI; one that does not end with ``/`` or
    ``#`` gets a ``/``.
    """
    chosen = base or os.environ.get(BASE_ENV) or DEFAULT_BASE
    chosen = chosen.strip()
    if not _BASE_PATTERN.match(chosen):
        source = "--base" if base else f"${BASE_ENV}" if os.environ.get(BASE_ENV) else "base"
        raise UsageError(f"{source} must be an absolute http(s) IRI such as {DEFAULT_BASE}, not {chosen!r}")
    if not chosen.endswith(("/", "#")):
        chosen += "/"
    return chosen


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0002fa1f"


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """A readable, IRI-safe slug of ``text``: pinyin for Han, ASCII letters and digits kept."""
    key = match_key(text)
    pieces: list[str] = []
    han_run: list[str] = []

    def flush_han() -> None:
        if han_run:
            pieces.append("".join(lazy_pinyin("".join(han_run))))
            han_run.clear()

    other: list[str] = []
    for char in key:
        if _is_han(char):
            if other:
                pieces.append("".join(other))
                other.clear()
            han_run.append(char)
        else:
            flush_han()
            other.append(char)
    flush_han()
    if other:
        pieces.append("".join(other))
    ascii_text = "-".join(pieces).lower()
    slug = "-".join(_ASCII_RUN.findall(ascii_text))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    if not slug:
        return f"x-{digest[:10]}"
    if len(slug) > _MAX_SLUG:
        slug = f"{slug[:_MAX_SLUG].rstrip('-')}-{digest[:8]}"
    return slug


def _suffixed(slug: str, key: str) -> str:
    return f"{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"


def _shared_scope(scope: str) -> bool:
    """Whether nodes of ``scope`` are shared by plans (governments, departments, documents, systems)."""
    return scope in ("org", "doc", "system") or scope.startswith("org:")


class Minter:
    """Mints every IRI of one build under one base; tells homophone slugs apart.

    ``assigned`` (``"scope\tkey"`` → slug, from :func:`resolve_slugs`) fixes the
    slugs of keys that share a plain slug with another key elsewhere in the build.
    """

    def __init__(self, base: str | None = None, assigned: Mapping[str, str] | None = None) -> None:
        self.base = resolve_base(base)
        self._taken: dict[tuple[str, str], str] = {}  # (scope, slug) -> key that owns it
        self._minted: dict[tuple[str, str], str] = {}  # (scope, key) -> slug
        self._assigned = dict(assigned or {})
        self._plain: dict[tuple[str, str], tuple[str, bool]] = {}  # (scope, key) -> (plain slug, curated) of shared nodes

    # -- slugs --------------------------------------------------------------------------------

    def slug(self, scope: str, name: str) -> str:
        """The slug of ``name`` within ``scope``, unique among the keys minted there."""
        key = match_key(name)
        found = self._minted.get((scope, key))
        if found is not None:
            return found
        slug = plain = slugify(name)
        if _shared_scope(scope):
            self._plain[(scope, key)] = (plain, False)
        owner = self._taken.get((scope, slug))
        if f"{scope}\t{key}" in self._assigned:
            slug = self._assigned[f"{scope}\t{key}"]
        elif owner is not None and owner != key:
            slug = _suffixed(slug, key)
        self._taken[(scope, slug)] = key
        self._minted[(scope, key)] = slug
        return slug

    def shared_slugs(self) -> dict[str, list[Any]]:
        """The slugs of the shared nodes this minter named: ``"scope\tkey"`` → [plain slug, slug, curated]."""
        return {
            f"{scope}\t{key}": [plain, self._minted[(scope, key)], curated]
            for (scope, key), (plain, curated) in sorted(self._plain.items())
        }

    # -- graphs -------------------------------------------------------------------------------

    @property
    def authority_graph(self) -> str:
        return f"{self.base}graph/authority"

    @property
    def shared_graph(self) -> str:
        return f"{self.base}graph/shared"

    @property
    def ontology_graph(self) -> str:
        return ONTOLOGY_IRI

    def plan_graph(self, plan_id: str) -> str:
        return f"{self.plan(plan_id)}{PLAN_GRAPH_SUFFIX}"

    # -- a plan and its parts -----------------------------------------------------------------

    def plan_slug(self, plan_id: str) -> str:
        return self.slug("plan", plan_id)

    def plan(self, plan_id: str) -> str:
        return f"{self.base}plan/{self.plan_slug(plan_id)}"

    def section(self, plan_id: str, path: str) -> str:
        return f"{self.plan(plan_id)}/section/{_path_segment(path)}"

    def task(self, plan_id: str, notation: str | int) -> str:
        """A task by its notation (``5``, ``5.1`` for a note inside item 5, ``2-2`` for a repeated number)."""
        return f"{self.plan(plan_id)}/task/{notation}"

    def list(self, plan_id: str, name: str) -> str:
        return f"{self.plan(plan_id)}/list/{self.slug('list:' + plan_id, name)}"

    def system_use(self, plan_id: str, system_iri: str) -> str:
        """One plan's use of a system (minted by :meth:`system`): the plan's IRI and the system's slug."""
        return f"{self.plan(plan_id)}/system/{system_iri.rstrip('/').rsplit('/', 1)[-1]}"

    @staticmethod
    def indicator(owner: str, k: int) -> str:
        return f"{owner}/indicator/{k}"

    @staticmethod
    def deadline(owner: str, k: int) -> str:
        return f"{owner}/deadline/{k}"

    @staticmethod
    def cadence(owner: str, k: int) -> str:
        return f"{owner}/cadence/{k}"

    # -- shared nodes -------------------------------------------------------------------------

    def jurisdiction_slug(self, place: str) -> str:
        return self.slug("org", place)

    def government(self, place: str) -> str:
        """The government of a jurisdiction, by its place name (锡林浩特市)."""
        return f"{self.base}org/{self.jurisdiction_slug(place)}"

    def department(self, place: str, canonical_name: str) -> str:
        """A unit of a jurisdiction, by its canonical name: aliases must be resolved first."""
        return f"{self.government(place)}/{self.slug('org:' + match_key(place), canonical_name)}"

    def document(self, key: str) -> str:
        """A cited document, global, by its normalised number (else its normalised title)."""
        return f"{self.base}doc/{self.slug('doc', key)}"

    def system(self, canonical_name: str, record: str | None = None) -> str:
        """A system, global. A curated one (``record``: its IRI in ontology/systems.ttl)
        keeps the record's local name as its slug, so under the default base the built
        IRI is the vocabulary's own."""
        if record and record.startswith(SYSTEM_RECORDS) and _SLUG.match(record[len(SYSTEM_RECORDS) :]):
            slug = record[len(SYSTEM_RECORDS) :]
            self._taken[("system", slug)] = match_key(canonical_name)
            self._minted[("system", match_key(canonical_name))] = slug
            self._plain[("system", match_key(canonical_name))] = (slug, True)
            return f"{self.base}system/{slug}"
        return f"{self.base}system/{self.slug('system', canonical_name)}"

    def source(self, sha256: str) -> str:
        return f"{self.base}source/{sha256.lower()}"


def resolve_slugs(tables: Iterable[Mapping[str, Sequence[Any]]]) -> dict[str, str]:
    """The slugs of the shared-node keys that share a plain slug, across the minters of a build.

    ``tables`` are :meth:`Minter.shared_slugs` of each plan. For every plain slug
    two or more keys of one scope would take, a curated system (its slug is its
    record's), else the smallest key, keeps it and every other key gets it with
    a short hash of the key: the same answer whatever order the plans came in.
    Returns ``"scope\tkey"`` → slug for those keys only (empty when nothing collides).
    """
    keys: dict[tuple[str, str], dict[str, bool]] = {}  # (scope, plain slug) -> key -> curated
    for table in tables:
        for name, (plain, _slug, curated) in table.items():
            scope, key = name.split("\t", 1)
            found = keys.setdefault((scope, plain), {})
            found[key] = found.get(key, False) or bool(curated)
    assigned: dict[str, str] = {}
    for (scope, plain), owners in keys.items():
        if len(owners) < 2:
            continue
        curated = sorted(key for key, is_curated in owners.items() if is_curated)
        owner = curated[0] if curated else min(owners)
        for key in owners:
            assigned[f"{scope}\t{key}"] = plain if key == owner else _suffixed(plain, key)
    return assigned


def disagreements(table: Mapping[str, Sequence[Any]], assigned: Mapping[str, str]) -> list[str]:
    """The keys of ``table`` (one plan's :meth:`Minter.shared_slugs`) minted otherwise than ``assigned`` says."""
    return [name for name, (_plain, slug, _curated) in table.items() if name in assigned and assigned[name] != slug]


PLAN_GRAPH_SUFFIX = "/graph"
INFERRED_GRAPH_SUFFIX = "/inferred"


def inferred_graph_of(plan_graph: str) -> str:
    """The graph of what a plan's graph entails: ``{plan IRI}/graph`` → ``{plan IRI}/inferred``.

    Each plan's inferred triples sit in a graph of their own beside its asserted
    graph, so a build that changes one plan changes (and publishes) only that
    plan's two graphs, and a query can be scoped to some plans with all that
    follows from them.
    """
    if not plan_graph.endswith(PLAN_GRAPH_SUFFIX):
        raise ValueError(f"<{plan_graph}> is not a plan's graph (it does not end in {PLAN_GRAPH_SUFFIX})")
    return plan_graph[: -len(PLAN_GRAPH_SUFFIX)] + INFERRED_GRAPH_SUFFIX


def is_inferred_graph(graph: str) -> bool:
    """Whether ``graph`` holds what the reasoner entailed from a plan (see :func:`inferred_graph_of`)."""
    return graph.endswith(INFERRED_GRAPH_SUFFIX)


def _path_segment(path: str) -> str:
    segment = re.sub(r"[^0-9A-Za-z.\-_]+", "-", path).strip("-")
    return segment or slugify(path)


__all__ = [
    "AUTHORITY_RECORDS",
    "BASE_ENV",
    "DEFAULT_BASE",
    "INFERRED_GRAPH_SUFFIX",
    "Minter",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION_IRI",
    "PLAN_GRAPH_SUFFIX",
    "SYSTEM_RECORDS",
    "disagreements",
    "inferred_graph_of",
    "is_inferred_graph",
    "resolve_base",
    "resolve_slugs",
    "slugify",
]
