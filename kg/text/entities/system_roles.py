"""Whether a task *provides* an information system or *relies on* it.

Extraction decides it: each of a task's systems is recorded with its role
(``Task.systems``: ``[SystemUse(name, role)]``, ``systems: [{name, role}]`` in the
JSON), and the graph stage only translates the role into ``plan:provides`` or
``plan:reliesOn``. The graph needs to know which tasks build or fill a system, so that the property
chain ``plan:reliesOn ∘ plan:isProvidedBy ⊑ plan:dependsOn`` can link the
tasks that use it to the tasks that put it in place.

A task provides a system when a building verb governs one of its mentions:
the verb stands before the mention in the same clause, at most a few
characters away (``納入自治區電子證照庫`` → provides 电子证照库; ``建設…平臺``,
``搭建…系統``, ``上線…``). Every other mention is reliance (``依托…``,
``通過…``, ``推廣應用…``). The ontology makes ``plan:provides`` a
sub-property of ``plan:reliesOn``: a task that fills the e-licence library
also works on it.

Mentions are found with the system vocabulary of :mod:`kg.text.entities.systems`
(every label and alias, longest first), on the same folded, simplified,
space- and quote-free form of the text that extraction matches on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.model import SystemRole
from kg.normalize import label_key
from kg.text.entities.systems import system_vocabulary

# verbs that build, fill or put a system in place (simplified script, as in the match form)
PROVIDING_VERBS = ("建设", "建成", "搭建", "建立", "开发", "研发", "上线", "纳入", "升级", "改造", "部署", "打造", "汇入", "归集到", "录入")
_WINDOW = 8  # at most this many characters between the verb and the mention
_CLAUSE_BREAK = re.compile(r"[,，。;；:：!！?？、()（）《》\[\]【】]")
_VERB = re.compile("|".join(sorted(PROVIDING_VERBS, key=len, reverse=True)))


def system_roles(text: str, systems: Iterable[str]) -> dict[str, SystemRole]:
    """For each system named in ``systems`` (canonical names), its role in ``text``."""
    vocabulary = system_vocabulary()
    wanted: dict[str, str] = {}  # entry IRI -> the canonical name the task used
    roles: dict[str, SystemRole] = {}
    for name in systems:
        entry = vocabulary.lookup(name)
        roles[name] = "reliesOn"
        if entry is not None:
            wanted[entry.iri] = name
    if not wanted or vocabulary.pattern is None:
        return roles
    keyed = label_key(text)
    for match in vocabulary.pattern.finditer(keyed):
        entry = vocabulary.by_key[match.group()]
        wanted_name = wanted.get(entry.iri)
        if wanted_name is not None and _governed_by_building_verb(keyed, match.start()):
            roles[wanted_name] = "provides"
    return roles


def _governed_by_building_verb(keyed: str, start: int) -> bool:
    before = keyed[max(0, start - _WINDOW - 3) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    for verb in _VERB.finditer(clause):
        if len(clause) - verb.end() <= _WINDOW:
            return True
    return False


__all__ = ["PROVIDING_VERBS", "SystemRole", "system_roles"]
