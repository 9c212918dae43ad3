"""Resolve department names as written to the curated authority (ontology/departments.ttl).

A name is looked up by :func:`kg.normalize.match_key` of every label and
alias, so ``發改委``, ``发改委`` and ``发展和改革委员会`` find one entry. The
lookup is jurisdiction-aware:

1. an entry of the plan's own jurisdiction (Xilinhot's 政務服務局 for a
   Xilinhot plan) is the unit itself: ``in_authority_file`` is true;
2. failing that, the name with the jurisdiction's place name or a bare level
   prefix (``市``, ``盟``, ``旗`` …) removed is tried again
   (``市政务服务局`` → ``政务服务局``);
3. failing that, an entry of another jurisdiction lends its *name forms*
   (canonical name, English, kind) to a new unit of the plan's jurisdiction,
   which is not itself in the authority file;
4. an unknown name still gets a unit, labelled as written, with a kind guessed
   from its ending (局 bureau, 委 commission, 中心 centre …). Nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.errors import BuildError
from kg.languages import LANGUAGES as LANGS
from kg.normalize import fold_width, match_key, remove_spaces, to_simplified, to_traditional
from kg.resources import ontology_file

_LANG = {"Hans": "zh-Hans", "Hant": "zh-Hant"}
KINDS = ("government", "bureau", "commission", "centre", "office", "company", "collective", "other")

# what a unit's name ends with -> its kind (longest suffix first)
_KIND_SUFFIXES = [
    ("人民政府", "government"),
    ("行政公署", "government"),
    ("委员会", "commission"),
    ("公司", "company"),
    ("中心", "centre"),
    ("办公室", "office"),
    ("办事处", "office"),
    ("管委会", "commission"),
    ("委", "commission"),
    ("局", "bureau"),
    ("厅", "bureau"),
    ("办", "office"),
    ("院", "other"),
]
_LEVEL_PREFIX = re.compile(r"^(?:市|盟|旗|县|区|省|州|自治区|本级)")
# a leading place name in a title: 锡林浩特市…, 锡林郭勒盟…, 内蒙古自治区…, 某某县…
@dataclass(frozen=True)
class Jurisdiction:
    """A government and the territory it governs."""

    place: dict[str, str]  # lang -> place name (锡林浩特市 / 錫林浩特市 / Xilinhot)
    name: dict[str, str]  # lang -> the government's name (錫林浩特市人民政府 …)
    record: str | None = None  # the authority record, None when not curated
    parent: str | None = None  # record of the enclosing jurisdiction

    @property
    def key(self) -> str:
        """The place name's match key: what department IRIs are scoped by."""
        return match_key(self.place.get("zh-Hans") or self.place.get("zh-Hant") or "")

    @property
    def in_authority_file(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class Unit:
    """A department or collective unit as the graph describes it."""

    canonical: dict[str, str]  # lang -> canonical name; zh-Hans always present
    jurisdiction: Jurisdiction
    kind: str
    collective: bool
    in_authority_file: bool
    aliases: tuple[tuple[str, str], ...] = ()  # (text, lang) short forms and spellings
    notes: tuple[str, ...] = ()
    record: str | None = None

    @property
    def key(self) -> str:
        return match_key(self.canonical["zh-Hans"])

    def match_keys(self) -> set[str]:
        keys = {match_key(text) for text in self.canonical.values() if text}
        keys.update(match_key(text) for text, _lang in self.aliases)
        return {key for key in keys if key}


@dataclass
class _Entry:
    record: str
    pref: dict[str, str] = field(default_factory=dict)
    alt: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "other"
    collective: bool = False
    government: str | None = None  # record of the government it belongs to
    notes: list[str] = field(default_factory=list)
    coverage: dict[str, str] = field(default_factory=dict)  # governments only
    parent: str | None = None


def guess_kind(name: str) -> str:
    """The kind of a unit from how its name ends (局 → bureau, 委 → commission …)."""
    key = match_key(name)
    for suffix, kind in _KIND_SUFFIXES:
        if key.endswith(suffix):
            return kind
    return "other"


def canonical_labels(text: str) -> dict[str, str]:
    """One label pair for a name known only as written, whatever its script, width or spacing.

    The simplified form is the name simplified, width-folded and without spaces; the
    traditional form is converted from it. Two plans that write one unknown name
    differently (``（区）`` / ``(区)``, 旗縣 / 旗县) so give its node one pair of labels.
    """
    hans = remove_spaces(fold_width(to_simplified(text.strip())))
    return {"zh-Hans": hans, "zh-Hant": to_traditional(hans)}


class Authority:
    """The department authority: governments, their units, and lookup by name."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self._entries = _read_entries(graph)
        self._governments = {record: entry for record, entry in self._entries.items() if entry.kind == "government"}
        self._by_place: dict[str, str] = {}
        for record, entry in sorted(self._governments.items()):
            for text in [*entry.coverage.values(), *entry.pref.values(), *(alt for alt, _ in entry.alt)]:
                self._by_place.setdefault(match_key(text), record)
        self._by_key: dict[str, list[str]] = {}
        for record, entry in sorted(self._entries.items()):
            if entry.kind == "government":
                continue
            for text in [*entry.pref.values(), *(alt for alt, _ in entry.alt)]:
                records = self._by_key.setdefault(match_key(text), [])
                if record not in records:
                    records.append(record)

    @classmethod
    def load(cls) -> Authority:
        """The packaged authority (ontology/departments.ttl), read once per process."""
        return _packaged_authority()

    # -- jurisdictions ----------------------------------------------------------------------

    def jurisdiction(self, place: str | None, script: str = "Hant", fallback: str | None = None) -> Jurisdiction:
        """The jurisdiction named ``place`` (either script, or the government's own name).

        An unknown place gets a jurisdiction labelled as written. With no place at
        all, ``fallback`` (e.g. the plan's id) scopes the plan's units on their own,
        so units of two plans of unknown jurisdiction are never merged.
        """
        if place:
            record = self._by_place.get(match_key(place))
            if record is not None:
                return self._jurisdiction_of(record)
            labels = canonical_labels(place)
            return Jurisdiction(place=labels, name=dict(labels))
        scope = f"plan {fallback}" if fallback else "unknown"
        return Jurisdiction(place={"zh-Hans": scope, "zh-Hant": scope}, name={"zh-Hans": scope, "zh-Hant": scope})

    def _jurisdiction_of(self, record: str) -> Jurisdiction:
        entry = self._governments[record]
        return Jurisdiction(place=dict(entry.coverage), name=dict(entry.pref), record=record, parent=entry.parent)

    # -- units -------------------------------------------------------------------------------

    def resolve(self, name: str, jurisdiction: Jurisdiction, *, collective: bool = False, script: str = "Hant") -> Unit:
        """The unit a name as written stands for, in ``jurisdiction`` (see the module doc)."""
        key = match_key(name)
        if not key:
            raise BuildError(f"an empty department name cannot be resolved (in {jurisdiction.place.get('zh-Hans')})")
        for candidate in self._keys_to_try(key, jurisdiction):
            own = [record for record in self._by_key.get(candidate, []) if self._entries[record].government == jurisdiction.record]
            if own and jurisdiction.record is not None:
                return self._unit(self._entries[own[0]], jurisdiction, in_authority_file=True)
        for candidate in self._keys_to_try(key, jurisdiction):
            others = [record for record in self._by_key.get(candidate, []) if self._lends_name_forms(self._entries[record])]
            if others:
                return self._unit(self._entries[others[0]], jurisdiction, in_authority_file=False, written=(name, script))
        bare = self._without_own_prefix(name.strip(), jurisdiction)
        written = name.strip()
        aliases = () if canonical_labels(bare)[_LANG[script]] == written else ((written, _LANG[script]),)
        return Unit(
            canonical=canonical_labels(bare),
            jurisdiction=jurisdiction,
            kind="collective" if collective else guess_kind(name),
            collective=collective,
            in_authority_file=False,
            aliases=aliases,
        )

    @staticmethod
    def _without_own_prefix(name: str, jurisdiction: Jurisdiction) -> str:
        """``锡林浩特市大数据中心`` or ``市大数据中心`` in Xilinhot → ``大数据中心``, as written otherwise.

        Only the jurisdiction's own place name, or its own level (市 for a city, 盟 for a
        league), is taken off: a unit named that way is the jurisdiction's own.
        """
        places = [place for lang, place in jurisdiction.place.items() if lang != "en" and place]
        for place in sorted(places, key=len, reverse=True):
            if name.startswith(place) and len(name) - len(place) >= 2:
                return name[len(place) :]
        level = next((place[-1] for place in places if place[-1] in "市盟旗县縣区區省州"), None)
        if level and name.startswith(level) and len(name) >= 3 and not name.startswith(level + "直"):
            return name[1:]
        return name

    def _lends_name_forms(self, entry: _Entry) -> bool:
        """Whether an entry's names suit any jurisdiction: not when they embed its own place name."""
        government = self._governments.get(entry.government or "")
        if government is None:
            return True
        places = [match_key(place) for place in government.coverage.values() if place]
        names = [match_key(text) for text in entry.pref.values()]
        return not any(place and place in name for place in places for name in names)

    @staticmethod
    def _keys_to_try(key: str, jurisdiction: Jurisdiction) -> list[str]:
        keys = [key]
        place = jurisdiction.key
        stripped = key[len(place) :] if place and key.startswith(place) and len(key) > len(place) else key
        if stripped != key:
            keys.append(stripped)
        bare = _LEVEL_PREFIX.sub("", stripped, count=1)
        if bare and bare != stripped:
            keys.append(bare)
        return keys

    def _unit(self, entry: _Entry, jurisdiction: Jurisdiction, *, in_authority_file: bool, written: tuple[str, str] | None = None) -> Unit:
        aliases = list(entry.alt)
        if written is not None:
            text, script = written
            lang = "zh-Hans" if script == "Hans" else "zh-Hant"
            if match_key(text) not in {match_key(t) for t in [*entry.pref.values(), *(a for a, _ in aliases)]}:
                aliases.append((text.strip(), lang))
        return Unit(
            canonical=dict(entry.pref),
            jurisdiction=jurisdiction,
            kind=entry.kind,
            collective=entry.collective,
            in_authority_file=in_authority_file,
            aliases=tuple(aliases),
            notes=tuple(entry.notes) if in_authority_file else (),
            record=entry.record if in_authority_file else None,
        )

    def units(self, jurisdiction_record: str) -> list[Unit]:
        """Every curated unit of one jurisdiction (for documentation and tests)."""
        jurisdiction = self._jurisdiction_of(jurisdiction_record)
        return [
            self._unit(entry, jurisdiction, in_authority_file=True)
            for record, entry in sorted(self._entries.items())
            if entry.government == jurisdiction_record
        ]

    def records(self) -> Iterable[str]:
        return sorted(self._entries)


def _read_entries(graph: Any) -> dict[str, _Entry]:
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

    from kg.graph.namespace import PLAN  # loads rdflib, as the lines above

    entries: dict[str, _Entry] = {}
    for subject in set(graph.subjects(PLAN.kind, None)):
        record = str(subject)
        entry = _Entry(record=record)
        entry.kind = str(graph.value(subject, PLAN.kind))
        if entry.kind not in KINDS:
            raise BuildError(f"departments.ttl: {record} has kind {entry.kind!r}; use one of {', '.join(KINDS)}")
        entry.collective = (subject, RDF.type, PLAN.CollectiveUnit) in graph
        for label in graph.objects(subject, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language:
                entry.pref[_lang(label.language)] = str(label)
        for label in graph.objects(subject, SKOS.altLabel):
            if isinstance(label, Literal):
                entry.alt.append((str(label), _lang(label.language or "")))
        entry.alt.sort()
        for label in graph.objects(subject, DCTERMS.coverage):
            if isinstance(label, Literal) and label.language:
                entry.coverage[_lang(label.language)] = str(label)
        government = graph.value(subject, ORG.subOrganizationOf)
        entry.government = str(government) if government is not None else None
        parent = graph.value(subject, DCTERMS.isPartOf)
        entry.parent = str(parent) if parent is not None else None
        entry.notes = sorted(str(note) for note in graph.objects(subject, SKOS.editorialNote))
        missing = [lang for lang in LANGS if lang not in entry.pref]
        if missing:
            raise BuildError(f"departments.ttl: {record} lacks a skos:prefLabel in {', '.join(missing)}")
        entries[record] = entry
    return entries


def _lang(tag: str) -> str:
    lowered = tag.lower()
    return {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}.get(lowered, lowered)


@lru_cache(maxsize=1)
def _packaged_authority() -> Authority:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ontology_file("departments.ttl").read_text(encoding="utf-8"), format="turtle")
    return Authority(graph)


__all__ = ["Authority", "Jurisdiction", "KINDS", "Unit", "canonical_labels", "guess_kind"]
