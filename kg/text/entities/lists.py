"""Lists (清單 / 清单) a task creates or publishes, or uses.

A list is named by the shortest honest noun phrase that ends in 清單, as
written, quotes kept: in ``3 月底制定完成市直部門區域評估正負面事項清單`` the name
is ``市直部門區域評估正負面事項清單``; in ``承接好自治區公布的跨盟市政務服務事項清單``
it is ``跨盟市政務服務事項清單`` (a relative clause ending in 的 is not part of the
name). The phrase starts after the last verb, 的, 、 or punctuation mark before
清單.

The role comes from the nearest verb before the name in the same clause
(a clause runs to the previous ``,;:。``; ``、`` does not end it, so in
``根據電子證照需求清單、數據資源共享需求清單`` both lists are used): creation
verbs (制定, 制定完成, 發布, 公布, 梳理公布, 編制, 形成, 建立 …) give ``creates``,
reliance verbs (依托, 根據, 按照, 承接, 落實 …) give ``uses``. A verb followed by 的
(``自治區公布的``) describes the list and is skipped. With no verb before it, a
creation verb after the list in its clause (``清單由…統一發布``) gives ``creates``;
otherwise the list is ``uses``.

Not lists: ``清單化管理`` / ``清單式`` (a way of managing), a bare 清單 with nothing
that names it, and any 清單 inside a cited 《title》 (the caller masks titles).
"""

from __future__ import annotations

import re

from kg.normalize import MASK, TextView, match_key
from kg.model import ListRef, ListRole

LIST_WORD = "清单"

CREATE_VERBS = (
    "制定完成", "编制完成", "梳理公布", "梳理形成", "梳理编制", "制定", "制订", "编制", "发布", "公布", "形成",
    "建立健全", "建立", "健全", "出台", "印发", "修订", "完善", "更新", "调整", "晒出", "明确", "梳理", "拟定", "编写",
    "完成",
)
USE_VERBS = (
    "依托", "根据", "按照", "依照", "依据", "遵照", "承接好", "承接", "落实好", "落实", "对照", "执行好", "执行",
    "用好", "运用", "应用", "使用", "参照", "基于", "结合", "利用", "通过", "纳入", "列入", "对标", "衔接", "对接",
    "认领", "实行", "实施", "推行", "推广",
)
# words that end a list's name when met walking back from 清单 (besides punctuation)
_NAME_STOPS = CREATE_VERBS + USE_VERBS + ("的", "做好", "并", "将", "把", "向", "在", "为", "于", "对")
_NOUN_BEFORE_LIST = ("实施",)
_NAME_STOP = re.compile("|".join(re.escape(word) for word in sorted(set(_NAME_STOPS), key=len, reverse=True)))
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff\da-z“”‘’\"'「」+·\-]")
_CLAUSE_END = frozenset(",，。;；:：!！?？《》\n" + MASK)
_NOT_A_LIST_AFTER = ("化", "式")
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘「\"", "”’」\""


def _blank_quoted(segment: str) -> str:
    """``segment`` with the inside of “…” blanked: a quoted phrase is part of the name, verbs and all."""
    chars, depth = list(segment), 0
    for index, char in enumerate(chars):
        if char in "“‘「":
            depth += 1
        elif char in "”’」" and depth:
            depth -= 1
        elif depth:
            chars[index] = MASK
    return "".join(chars)


def _name_start(text: str, end_of_word: int) -> int:
    """Where the name ending in 清单 at ``end_of_word`` begins."""
    begin = end_of_word - len(LIST_WORD)
    while begin > 0 and _NAME_CHARS.fullmatch(text[begin - 1]):
        begin -= 1
    segment = _blank_quoted(text[begin : end_of_word - len(LIST_WORD)])
    # stop words read left to right without overlap: in 落实行政许可事项清单 the stop is 落实, not 实行
    cut = 0
    for match in _NAME_STOP.finditer(segment):
        if match.group() in _NOUN_BEFORE_LIST and match.end() == len(segment):
            continue  # 政务服务事项实施清单: 实施 right before 清单 is part of the name
        cut = match.end()
    start = begin + cut
    while start < end_of_word and text[start] in "+-·":
        start += 1
    return start


def _clause_start(text: str, position: int) -> int:
    while position > 0 and text[position - 1] not in _CLAUSE_END:
        position -= 1
    return position


def _clause_end(text: str, position: int) -> int:
    while position < len(text) and text[position] not in _CLAUSE_END and text[position] != "、":
        position += 1
    return position


def _verb_role(before: str) -> tuple[int, ListRole] | None:
    """The right-most role verb in ``before`` that is not followed by 的: (its end, role)."""
    best: tuple[int, ListRole] | None = None
    roles: tuple[tuple[tuple[str, ...], ListRole], ...] = ((CREATE_VERBS, "creates"), (USE_VERBS, "uses"))
    for verbs, role in roles:
        for verb in verbs:
            for match in re.finditer(re.escape(verb), before):
                if before[match.end() : match.end() + 1] == "的":
                    continue
                if best is None or match.end() > best[0]:
                    best = (match.end(), role)
    return best


def _role(text: str, name_start: int, name_end: int) -> ListRole:
    found = _verb_role(text[_clause_start(text, name_start) : name_start])
    if found:
        return found[1]
    after = text[name_end : _clause_end(text, name_end)]
    if any(verb in after for verb in CREATE_VERBS):
        return "creates"
    return "uses"


def find_lists(view: TextView) -> list[ListRef]:
    """Lists named in ``view`` (cited titles already masked), in order, deduplicated."""
    text = view.text
    found: dict[tuple[str, str], ListRef] = {}
    for match in re.finditer(LIST_WORD, text):
        end = match.end()
        if text[end : end + 1] in _NOT_A_LIST_AFTER and text[end : end + 1]:
            continue
        start = _name_start(text, end)
        name_text = text[start:end]
        opened = sum(name_text.count(quote) for quote in _OPEN_QUOTES if quote != '"')
        closed = sum(name_text.count(quote) for quote in _CLOSE_QUOTES if quote != '"')
        if opened > closed and text[end : end + 1] and text[end : end + 1] in _CLOSE_QUOTES:
            end += 1  # “三张清单”: keep the closing quote with the opening one
        core = "".join(char for char in text[start : match.start()] if char not in _OPEN_QUOTES + _CLOSE_QUOTES)
        if not core:
            continue  # a bare 清单 names nothing
        name = view.raw(start, end)
        role = _role(text, start, match.end())
        ref = ListRef(name=name, role=role, name_normalized=match_key(name))
        found.setdefault((ref.name_normalized, role), ref)
    return list(found.values())


__all__ = ["CREATE_VERBS", "USE_VERBS", "find_lists"]
