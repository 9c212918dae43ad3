"""Information systems and platforms a task relies on, from a curated vocabulary.

The vocabulary is ``ontology/systems.ttl`` (packaged as ``kg.ontology``): each
system a ``plan:System`` with ``skos:prefLabel`` in zh-Hant, zh-Hans and en and
``skos:altLabel`` aliases. It is parsed with rdflib once per process (cached),
together with any Turtle files named in the ``PLANKG_SYSTEMS`` environment
variable (paths separated by :data:`os.pathsep`) — so users extend it without
touching the package; a block with the IRI of a packaged system adds aliases
to it.

Matching runs on a width-folded, simplified, ASCII lower-cased copy of the
text without white space and without quotes, so ``“互聯網+監管”系 統``,
``“蒙速辦”APP`` and ``“12345”熱線`` meet their labels. The longest label wins
(全国一体化政务服务平台 before 一体化政务服务平台), every alias maps to its
system, and each system is reported once, in order of first mention, by its
canonical name: the **zh-Hant prefLabel when the text is in traditional
script, the zh-Hans prefLabel otherwise** (:func:`kg.normalize.guess_script`).
Mentions inside a cited 《title》 are masked by the caller and not reported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.normalize import QUOTES, TextView, guess_script, label_key, to_simplified, to_traditional
from kg.resources import PLAN_NAMESPACE, ontology_file
from kg.text.entities.citations import find_citations

ENV_VAR = "PLANKG_SYSTEMS"
SYSTEM_BASE = "https://w3id.org/plankg/system/"  # + kg.graph.iri.slugify(zh-Hans prefLabel), as kg.graph.iri.Minter.system mints
VOCABULARY_FILE = "systems.ttl"


@dataclass(frozen=True)
class SystemEntry:
    """One information system of the vocabulary."""

    iri: str
    labels: dict[str, str] = field(hash=False)  # language tag ("zh-Hant", "zh-Hans", "en") -> prefLabel
    aliases: tuple[str, ...] = ()
    comment: str | None = None

    def name(self, script: str = "Hant") -> str:
        """The canonical name in ``script`` ("Hant" or "Hans")."""
        wanted, other = ("zh-Hant", "zh-Hans") if script == "Hant" else ("zh-Hans", "zh-Hant")
        if wanted in self.labels:
            return self.labels[wanted]
        convert = to_traditional if script == "Hant" else to_simplified
        fallback = self.labels.get(other) or next(iter(self.labels.values()), self.iri)
        return convert(fallback)

    @property
    def all_labels(self) -> list[str]:
        return [*self.labels.values(), *self.aliases]

    def describe(self) -> dict[str, object]:
        """A flat record for listings (``plankg systems``)."""
        return {
            "zh-Hant": self.labels.get("zh-Hant", self.name("Hant")),
            "zh-Hans": self.labels.get("zh-Hans", self.name("Hans")),
            "en": self.labels.get("en"),
            "aliases": sorted({alias for alias in self.aliases}),
            "iri": self.iri,
            "comment": self.comment,
        }


@dataclass(frozen=True)
class SystemVocabulary:
    systems: tuple[SystemEntry, ...]
    by_key: dict[str, SystemEntry] = field(hash=False)
    pattern: re.Pattern[str] | None = field(hash=False)

    @classmethod
    def of(cls, systems: Iterable[SystemEntry]) -> SystemVocabulary:
        entries = tuple(sorted(systems, key=lambda entry: entry.iri))
        by_key: dict[str, SystemEntry] = {}
        for entry in entries:
            for label in entry.all_labels:
                key = label_key(label)
                if not key or (key.isascii() and len(key) < 4):
                    continue  # "app", "" … would match anywhere
                claimed = by_key.setdefault(key, entry)
                if claimed is not entry:
                    raise SourceError(
                        f"the label {label!r} names two systems, {claimed.iri} and {entry.iri}; "
                        f"keep it on one of them (check {ENV_VAR} files)"
                    )
        keys = sorted(by_key, key=lambda key: (-len(key), key))
        pattern = re.compile("|".join(re.escape(key) for key in keys)) if keys else None
        return cls(entries, by_key, pattern)

    def find(self, view: TextView) -> list[SystemEntry]:
        """Systems named in ``view`` (already masked), each once, in order of first mention."""
        if self.pattern is None:
            return []
        quoteless = view.without(QUOTES)
        found: dict[str, SystemEntry] = {}
        for match in self.pattern.finditer(quoteless.text):
            entry = self.by_key[match.group()]
            found.setdefault(entry.iri, entry)
        return list(found.values())

    def lookup(self, name: str) -> SystemEntry | None:
        """The system one of whose labels or aliases is ``name`` (any script, spacing, quotes)."""
        return self.by_key.get(label_key(name))


def _parse(sources: Sequence[tuple[str, str]]) -> list[SystemEntry]:
    # pyoxigraph reads Turtle in a few milliseconds (rdflib takes 20-30 ms for the packaged file, on every build)
    import pyoxigraph

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    system_class = PLAN_NAMESPACE + "System"
    skos = "http://www.w3.org/2004/02/skos/core#"
    comment_property = "http://www.w3.org/2000/01/rdf-schema#comment"

    systems: set[str] = set()
    statements: dict[str, list[tuple[str, Any]]] = {}
    for name, data in sources:
        try:
            triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
        except (SyntaxError, ValueError) as error:
            reason = " ".join(str(error).split())[:160]
            raise SourceError(f"{name}: not valid Turtle ({reason}); fix the file, or leave it out of {ENV_VAR}") from None
        for triple in triples:
            subject, predicate, value = triple.subject, triple.predicate.value, triple.object
            if not isinstance(subject, pyoxigraph.NamedNode):
                continue
            if predicate == rdf_type and isinstance(value, pyoxigraph.NamedNode) and value.value == system_class:
                systems.add(subject.value)
            statements.setdefault(subject.value, []).append((predicate, value))
    entries = []
    for subject in sorted(systems):
        labels: dict[str, str] = {}
        aliases: set[Any] = set()  # terms, as a graph holds them: one per value, language and datatype
        comment: str | None = None
        for predicate, value in statements[subject]:
            if predicate == skos + "prefLabel" and isinstance(value, pyoxigraph.Literal):
                labels.setdefault(_tag_case(value.language or ""), value.value)
            elif predicate == skos + "altLabel":
                aliases.add(value)
            elif predicate == comment_property and comment is None:
                comment = value.value
        entries.append(SystemEntry(subject, labels, tuple(sorted(alias.value for alias in aliases)), comment))
    return entries


def _tag_case(tag: str) -> str:
    """A language tag in its usual case (pyoxigraph gives it in lower case): ``zh-Hant``, ``en-GB``."""
    first, *rest = tag.split("-")
    return "-".join([first, *(part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) == 2 and part.isalpha() else part for part in rest)])


def _read_sources(extra: tuple[str, ...]) -> list[tuple[str, str]]:
    sources = [(VOCABULARY_FILE, ontology_file(VOCABULARY_FILE).read_text(encoding="utf-8"))]
    for path in extra:
        try:
            sources.append((path, Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(
                f"{ENV_VAR}: cannot read {path} ({error.__class__.__name__}); give a readable UTF-8 Turtle file"
            ) from None
    return sources


@lru_cache(maxsize=8)
def _vocabulary(extra: tuple[str, ...]) -> SystemVocabulary:
    return SystemVocabulary.of(_parse(_read_sources(extra)))


def extra_vocabulary_files() -> tuple[str, ...]:
    """The files named in ``PLANKG_SYSTEMS``, in order."""
    value = os.environ.get(ENV_VAR, "")
    return tuple(path for path in value.split(os.pathsep) if path.strip())


def system_vocabulary(extra: Sequence[str | os.PathLike[str]] = ()) -> SystemVocabulary:
    """The packaged vocabulary plus ``PLANKG_SYSTEMS`` files plus ``extra`` (loaded once, cached)."""
    return _vocabulary(extra_vocabulary_files() + tuple(os.fspath(path) for path in extra))


def find_systems(view: TextView, script: str | None = None, extra: Sequence[str | os.PathLike[str]] = ()) -> list[str]:
    """Canonical names of the systems named in ``view`` (cited titles already masked)."""
    chosen = script or guess_script(view.original)
    return [entry.name(chosen) for entry in system_vocabulary(extra).find(view)]


def find_system_entries(text: str, extra: Sequence[str | os.PathLike[str]] = ()) -> list[SystemEntry]:
    """The vocabulary entries of the systems named in ``text`` outside cited 《titles》."""
    view = TextView.of(text)
    _, occupied = find_citations(view)
    return system_vocabulary(extra).find(view.masked(occupied))


def extract_systems(text: str, script: str | None = None, extra: Sequence[str | os.PathLike[str]] = ()) -> list[str]:
    """Systems named in ``text``, by canonical name in ``script`` (default: the text's own script).

    Mentions inside 《titles》 are not counted (use :func:`kg.text.entities.extract_task_entities`
    for the whole set of entities of a task). ``extra``: Turtle files loaded with the vocabulary.
    """
    chosen = script or guess_script(text)
    return [entry.name(chosen) for entry in find_system_entries(text, extra)]


def system_iri(name: str) -> str | None:
    """The IRI of the system named ``name`` (a prefLabel or alias, any script), or None."""
    entry = system_vocabulary().lookup(name)
    return entry.iri if entry else None


__all__ = [
    "ENV_VAR",
    "SYSTEM_BASE",
    "SystemEntry",
    "SystemVocabulary",
    "extract_systems",
    "find_system_entries",
    "find_systems",
    "system_iri",
    "system_vocabulary",
]
