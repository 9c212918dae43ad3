"""Responsibility annotations: who leads a task, who carries it out, who shares it.

The forms in use in work plans and task-division plans (matched on the
width-folded, simplified copy of the text, so either script and either
bracket width work):

* labelled: ``（牵头部门：X；责任部门：Y、Z）``, ``牵头单位`` / ``责任单位`` /
  ``配合单位`` / ``参与部门`` / ``牵头责任单位`` / ``协同责任单位`` …, a value that
  ends in its own verb (``责任单位：X、Y分别牵头``);
* clauses ending in a role verb: ``（X、Y按职责分工负责）``,
  ``（X、Y等部门单位按职责分工）``, ``（X牵头，Y参与）``, ``（X指导）``,
  ``（X会同有关部门负责）``, ``（X牵头，各省级人民政府按职责分工负责）``,
  ``（X、Y负责）``, ``（X分别负责）``; a clause that says when
  (``年内持续推进``, ``2024年6月底前完成``) is kept apart as ``timing``;
* ``〔责任单位：…〕`` as well as round brackets; a rule note inside the bracket
  (``。以下任务均需…落实，不再一一列出``) is cut before the units are read.

Roles: 牵头 / 分别牵头 → lead; 责任/配合/参与/协助/协同 → responsible; 按职责分工(负责) /
分别负责 / 共同负责 → joint; plain 负责 → responsible, except that the first-listed unit leads
when the plan says so (``排在第一位的部门为牵头部门``); 指导 → lead (the unit
that guides is the one answerable at the plan's level); in ``X会同Y负责`` X
leads and Y is responsible.

Units are split on 、 ， , and on 及 between two units; ``市直有关部门、单位`` stays
one; a 等 ends an open list (``X、Y等有关部门，Z`` too); collective units
(各苏木镇, 国有农牧场, 街道办事处, 市直各相关部门, 各省级人民政府, 市政府各部门,
相关市（州）人民政府, 有关部门 …) keep their place in the role list with
``collective=True``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.model import Role, Unit
from kg.normalize import matching_copy

__all__ = [
    "CLOSING",
    "OPENING",
    "Annotation",
    "bare_unit_names",
    "find_brackets",
    "first_comma_offset",
    "first_listed_offset",
    "first_listed_rule",
    "is_collective",
    "looks_like_unit",
    "parse_annotation",
    "rule_note_units",
    "split_unit_names",
    "without_rule_notes",
]

# 〔…〕 closes an annotation in some plans (〔责任单位：…〕); inside a document number (〔2022〕) it holds
# only a year, which is no annotation, so the same bracket rules serve both.
OPENING = "(（〔"
CLOSING = ")）〕"
_SEPARATORS = "、,，;；"

# -- labelled form --------------------------------------------------------------------------
# a label by its shape: any …单位： / …部门： / …处室： (牵头考核单位, 主办单位, 协办单位, 责任处室 …), or a
# role word alone (牵头：X); it starts after punctuation or at the start, never inside a word
_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<word>[\u4e00-\u9fff]{0,8}?(?:部门单位|部门|单位|处室|科室|领导|负责人)"
    r"|(?:牵头|主责|主办|责任|配合|参与|协办|协同|协助|承办)(?:负责|责任)?(?:主体)?)\s*[:：]"
)
_LEAD_LABEL = re.compile(r"牵头|主责|主办")
_PEOPLE_LABEL = re.compile(r"领导|负责人")
# helping units: responsible, never promoted to lead by a first-listed rule
_HELPER_LABEL = re.compile(r"配合|参与|协办|协助|协同")
# what a note may say before its first label: a time (9月底前完成), a cadence (持续推进), a score (0.5分)
_SCORE = re.compile(r"^(?:分值|计分|权重)?[:：]?\d+(?:\.\d+)?分$")
_TIME_FIELD = re.compile(r"^(?:完成)?(?:时限|时间|期限|进度)[:：]")

# -- clause form ----------------------------------------------------------------------------
_VERB = re.compile(
    r"(?P<etc>等(?:部门单位|部门和单位|部门|单位|相关部门|有关部门)?)?\s*"
    r"(?P<verb>按照?(?:各自)?职责分工(?:负责|落实)?|按照?职责(?:负责|落实)|分工负责|分别牵头负责|分别牵头|"
    r"分别负责|共同负责|牵头负责|牵头落实|牵头|参与|配合|协助|协同|指导|负责落实|抓好落实|落实|负责)$"
)
_VERB_ROLES: dict[str, Role] = {
    "牵头": "lead",
    "指导": "lead",
    "参与": "responsible",
    "配合": "responsible",
    "协助": "responsible",
    "协同": "responsible",
    "负责": "responsible",
    "落实": "responsible",
}
_TOGETHER_WITH = "会同"
# a clause that says when, not who: （国务院各部门分别负责，年内持续推进）, （X牵头，2023年6月底前完成）
_TIMING = re.compile(
    r"^(?:(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:年底|年内|年中|底|末|上半年|下半年|第?[一二三四1-4]季度|上旬|中旬|下旬)?"
    r"(?:前|以前|之前)?(?:完成|持续推进|推进|启动|实施|出台|见效|建成|取得(?:明显|积极)?成效)?|"
    r"长期(?:坚持|推进|实施)|持续(?:推进|实施|开展)|逐步(?:推进|实施)|(?:\d{4}年)?(?:起|开始)(?:实施|推进)?)$"
)
_TIME_WORD = re.compile(r"\d{4}年|\d{1,2}月|年底|年内|年中|季度|上半年|下半年|持续|长期|逐步|上旬|中旬|下旬")
_TRAILING_ETC = re.compile(r"等(?:有关|相关)?(?:部门单位|部门和单位|部门|单位)?$")
_LEADING_BY = re.compile(r"^(?:由|请)")
# 责任单位：*县人力社保局、县科技局: a unit marked so in a list leads
_LEAD_MARKS = "*＊※★"
# 市级各有关部门及各县市区政府: two units joined by 及 / 以及
_AND = re.compile(r"以及|及")
# 和 before a collective unit joins two units (X等和各省级人民政府); 和 inside a name (人力资源和社会保障局) stays
_JOINS_COLLECTIVE = re.compile(r"和(?=各|有关|相关|其他|其它|所有|全体)")
# 市直有关部门、单位: a bare kind after 、 shares the qualifier of the unit before it
_BARE_UNIT_KIND = re.compile(r"^(?:单位|部门|机构|企业|部门单位)$")

# a named unit ends like an organisation; a collective is recognised separately
_ORG_ENDING = re.compile(
    r"(?:局|委|办|厅|部|署|院|会|中心|政府|单位|部门|公司|集团|银行|镇|乡|苏木|场|处|队|所|站|组|室|社|台|馆|校|团|"
    r"区|市|县|旗|盟|省|州|行|机关|海关|中央|机构|小组|公署|街道|社区|嘎查|村|园|网信办|局\)|委\)|办\))$"
)
_MAX_UNIT_LENGTH = 40
# a kind of place with no name, listed before the name it shares: 各省、自治区、直辖市人民政府
_KINDS = r"(?:省|自治区|直辖市|计划单列市|副省级市|市|县|区|旗|盟|州|县市区|旗县市区|新疆生产建设兵团)"
_BARE_KIND = re.compile(rf"^各?{_KINDS}$")
_KIND_WITH_BODY = re.compile(rf"^各?{_KINDS}.+")

# a bracket with any of these is no bare list of units
_NOT_BARE = re.compile(r"[:：。《》“”\"0-9０-９%]|简称|含|包括|例如|如|即|以下|以上|等|试行|暂行|修订|草案|稿$")
# a word a unit name never holds (试点城市, 企业, 机构 …: these name who is concerned, not who answers)
_NOT_BARE_NAME = re.compile(r"^(?:区|市|县|省|镇|乡|村|社区|企业|团队|机构)$|城市$|试点|企业$|团队$|个体|主体|平台$")

# -- collectives ----------------------------------------------------------------------------
_COLLECTIVE_PATTERNS = re.compile(
    r"^各|^(?:所有|全体|全部)|(?:有关|相关)(?:部门|单位|机构|地区|方面|企业)|^(?:地方)?各级|"
    r"^(?:市|区|县|旗|盟|省|乡|镇)(?:直|属)各|(?:县|市|区|旗|盟|省)级以上|^(?:地方|基层)(?:人民)?政府$|"
    r"^(?:各)?(?:乡镇|苏木镇|苏木乡镇|街道|乡镇街道|嘎查村|村社区|村居)|"
    r"^(?:有关|相关)|各(?:有关|相关|级|成员|工作|直属)?(?:部门|单位|机构|委办局|成员单位)"
)
_COLLECTIVE_NAMES = frozenset(
    {
        "国有农牧场",
        "国有农场",
        "国有林场",
        "街道办事处",
        "街道办",
        "乡镇人民政府",
        "苏木镇人民政府",
        "各地",
        "地方",
        "各地区",
        "各部门",
        "有关部门",
        "相关部门",
        "有关单位",
        "相关单位",
    }
)

# -- notes that set a rule for what follows -------------------------------------------------
_FIRST_LISTED = re.compile(
    r"(?:(?:排|列|位列|排名|排序)(?:在|于)?(?:第一位|首位|第一|最前|前面)|第一(?:个|位)?|首个|首位)"
    r"(?:的|者)?(?:部门|单位)?(?:为|是)牵头(?:(?:或|和|、)?[\u4e00-\u9fff]{0,4}?(?:部门|单位))?"
    r"(?:[，,]\s*下同)?"
)
# 第一个逗号前为牵头单位: the units before the first comma of a list lead (and share the lead by remit)
_FIRST_COMMA = re.compile(
    r"第一个逗号(?:之)?前(?:的)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
    r"(?:[，,]\s*多个牵头(?:部门|单位)的?按照?职责分工负责)?(?:[，,]\s*下同)?"
)
# a unit list may hold a bracket: 相关市(州)人民政府
_NOTE_UNITS = r"(?P<units>(?:[^，,。；;()（）]|[(（][^()（）]*[)）])+?)"
_ALL_FOLLOWING = re.compile(
    r"以下(?:各项|所有)?(?:重点)?(?:任务|工作|政策措施|措施|政策|事项|举措)?(?:均|都|皆)?(?:需|须|需要)?(?:由|涉及)?"
    + _NOTE_UNITS
    + r"(?:负责)?(?:落实|负责)?[，,]?\s*(?:不再|不)(?:一一|逐一|逐项|单独|重复)?列出(?:[，,]\s*下同)?"
    # 具体任务均涉及相关市(州)人民政府，不再做分工，下同
    r"|(?:具体|各项|以下|上述)?(?:任务|工作|措施|事项)均(?:涉及|需|须|由)"
    + _NOTE_UNITS.replace("units", "units2")
    + r"(?:负责|落实)?[，,]\s*不再(?:做|作|进行|单独)?分工(?:[，,]\s*下同)?"
)


@dataclass
class Annotation:
    """What a responsibility annotation says."""

    units: list[Unit] = field(default_factory=list)
    open_list: bool = False
    form: str = "clauses"  # "labelled" or "clauses"
    timing: list[str] = field(default_factory=list)  # clauses that say when: 年内持续推进

    @property
    def has_lead(self) -> bool:
        return any(unit.role == "lead" for unit in self.units)


@lru_cache(maxsize=4096)
def is_collective(name: str) -> bool:
    """Does ``name`` stand for many units (各苏木镇, 街道办事处, 市直各相关部门, 各省级人民政府 …)?"""
    key = re.sub(r"\s+", "", matching_copy(name))
    return key in _COLLECTIVE_NAMES or bool(_COLLECTIVE_PATTERNS.search(key))


def first_listed_rule(text: str) -> bool:
    """Does the text say that the first-listed unit leads (排在第一位的部门为牵头部门)?"""
    return first_listed_offset(text) is not None


def first_comma_offset(text: str) -> int | None:
    """Where the text first says that the units before a list's first comma lead (第一个逗号前为牵头单位)."""
    match = _FIRST_COMMA.search(matching_copy(text))
    return match.start() if match else None


def first_listed_offset(text: str) -> int | None:
    """Where the text first says that the first-listed unit leads (列第一位者为牵头单位, 排名第一的为牵头单位 …)."""
    match = _FIRST_LISTED.search(matching_copy(text))
    return match.start() if match else None


def rule_note_units(text: str) -> list[Unit] | None:
    """Units a note adds to every task that follows (以下均需各地区落实，不再列出), else ``None``."""
    key = matching_copy(text)
    match = _ALL_FOLLOWING.search(key)
    if not match:
        return None
    start, end = match.span("units" if match.group("units") is not None else "units2")
    names, _ = _split_units(text[start:end], key[start:end])
    units = [Unit(name, "responsible", is_collective(name)) for name in names]
    return units or None


def _rule_note_spans(key: str) -> list[tuple[int, int]]:
    patterns = (_ALL_FOLLOWING, _FIRST_LISTED, _FIRST_COMMA)
    return [match.span() for pattern in patterns for match in pattern.finditer(key)]


def without_rule_notes(text: str) -> str:
    """``text`` with its rule notes (以下均需…不再列出, 排在第一位的部门为牵头部门) cut out."""
    key = matching_copy(text)
    spans = _rule_note_spans(key)
    kept = [char for index, char in enumerate(text) if not any(start <= index < end for start, end in spans)]
    return "".join(kept)


def _cut_rule_notes(text: str, key: str) -> tuple[str, str]:
    """``text`` and ``key`` without the rule notes an annotation carries.

    A note may close the annotation as a sentence of its own (``…；责任单位：X。以下任务均需Y落实，不再一一列出``)
    or stand in a bracket of its own after the last unit (``X、Y（列第一位为牵头单位，下同）``); the first is
    cut, the second with its bracket.
    """
    spans = _rule_note_spans(key)
    if not spans:
        return text, key
    for open_at, close_at in find_brackets(key):
        if close_at is not None and any(open_at < start and end <= close_at + 1 for start, end in spans):
            spans.append((open_at, close_at + 1))
    drop = [any(start <= index < end for start, end in spans) for index in range(len(key))]
    return (
        "".join(char for index, char in enumerate(text) if not drop[index]),
        "".join(char for index, char in enumerate(key) if not drop[index]),
    )


def find_brackets(text: str) -> list[tuple[int, int | None]]:
    """Top-level bracket pairs in ``text`` as (open, close) offsets; ``close`` is None if never closed.

    Full- and half-width brackets match each other, since both are in use.
    """
    pairs: list[tuple[int, int | None]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in OPENING:
            if depth == 0:
                start = index
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
            if depth == 0:
                pairs.append((start, index))
    if depth:
        pairs.append((start, None))
    return pairs


def parse_annotation(
    inner: str, key: str | None = None, *, first_listed_leads: bool = False, first_comma_leads: bool = False
) -> Annotation | None:
    """Read the inside of a bracket as a responsibility annotation, or ``None`` if it is not one.

    Rule notes inside it (``以下任务均需…落实，不再一一列出``) are not units: they are cut before reading
    (the caller applies them to the tasks that follow).
    """
    if key is None:
        key = matching_copy(inner)
    kept = [index for index, char in enumerate(inner) if char not in "\r\n"]
    text = "".join(inner[index] for index in kept)
    key = "".join(key[index] for index in kept)
    text, key = _cut_rule_notes(text, key)
    if not key.strip(" 　。.;；,，") or len(key) > 600:
        return None
    labels = list(_LABEL.finditer(key))
    if labels:
        timing = _prefix_timing(text[: labels[0].start()], key[: labels[0].start()])
        if timing is not None:
            annotation = _labelled(text, key, labels, first_listed_leads, first_comma_leads)
            if annotation is not None:
                annotation.timing = timing
            return annotation
    return _clauses(text, key, first_listed_leads)


def _prefix_timing(text: str, key: str) -> list[str] | None:
    """What a note says before its first label, read as what it is (times, cadences, scores); None if units.

    ``9月底前完成，牵头考核单位：…`` gives ``["9月底前完成"]``; ``0.5分，牵头单位：…`` gives ``[]`` (a score is no unit
    and no time); text that is none of these makes the note no labelled annotation.
    """
    timing: list[str] = []
    for start, end in _pieces(key):
        piece = key[start:end].strip(" 　:：;；,，。.、")
        if not piece:
            continue
        if _is_timing(piece) or _TIME_FIELD.match(piece):
            timing.append(text[start:end].strip(" 　:：;；,，。.、"))
        elif not _SCORE.match(piece):
            return None
    return timing


def _labelled(
    text: str, key: str, labels: list[re.Match[str]], first_listed_leads: bool, first_comma_leads: bool = False
) -> Annotation | None:
    annotation = Annotation(form="labelled")
    promotable: list[bool] = []  # per unit: may a first-listed rule make it the lead?
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(key)
        word = label.group("word")
        if _PEOPLE_LABEL.search(word):
            continue  # leading officials are people, not departments
        role: Role = "lead" if _LEAD_LABEL.search(word) else "responsible"
        helper = bool(_HELPER_LABEL.search(word))
        value_text, value_key = text[label.end() : end], key[label.end() : end]
        # 责任单位：X、Y分别牵头 — a value that ends in a role verb says the roles itself
        clauses = _clauses(value_text, value_key, False) if _VERB.search(value_key.rstrip(" 。.;；,，")) else None
        if clauses is not None:
            annotation.open_list |= clauses.open_list
            annotation.units.extend(clauses.units)
            promotable += [False] * len(clauses.units)
            continue
        names, open_list = _split_units(value_text, value_key)
        annotation.open_list |= open_list
        marked = {name for name in names if re.search(f"[{_LEAD_MARKS}]\\s*{re.escape(name)}", value_text)}
        if first_comma_leads and not helper and role == "responsible":
            before_comma = value_key.strip().split("，")[0].split(",")[0]
            marked |= {name for name in names if matching_copy(name) in before_comma}
        annotation.units.extend(
            Unit(name, "lead" if name in marked else role, is_collective(name)) for name in names
        )
        promotable += [not helper and not marked] * len(names)
    if not annotation.units:
        return None
    if first_listed_leads and not annotation.has_lead and promotable[0] and annotation.units[0].role == "responsible":
        annotation.units[0].role = "lead"  # 责任单位：X、Y where the plan says the first-listed leads
    return annotation


def _clauses(text: str, key: str, first_listed_leads: bool) -> Annotation | None:
    annotation = Annotation(form="clauses")
    pending_start = 0
    for piece_start, piece_end in _pieces(key):
        piece = key[piece_start:piece_end].rstrip(" 。.")
        if pending_start == piece_start and _is_timing(piece):
            annotation.timing.append(text[piece_start:piece_end].strip(" 。."))
            pending_start = piece_end + 1
            continue
        verb = _VERB.search(piece)
        if verb is None:
            continue  # units continue in the next piece: X，Y负责
        group_end = piece_start + verb.start()
        group_text, group_key = text[pending_start:group_end], key[pending_start:group_end]
        open_list = bool(verb.group("etc"))
        pending_start = piece_end + 1
        units = _clause_units(group_text, group_key, verb.group("verb"), first_listed_leads and not annotation.has_lead)
        if units is None:
            return None
        annotation.open_list |= open_list or units[1]
        annotation.units.extend(units[0])
    if not annotation.units or key[pending_start:].strip(" 。.;；,，"):
        return None  # nothing read, or words left over with no role: not an annotation
    return annotation


def _is_timing(piece: str) -> bool:
    """Is this clause of an annotation a time (年内持续推进, 2023年6月底前完成) rather than units?"""
    piece = piece.strip()
    return bool(piece) and bool(_TIMING.match(piece)) and bool(_TIME_WORD.search(piece))


def _clause_units(text: str, key: str, verb: str, first_listed_leads: bool) -> tuple[list[Unit], bool] | None:
    role = _verb_role(verb)
    together = key.find(_TOGETHER_WITH)
    if together >= 0 and role == "responsible":
        leads, open_leads = _split_units(text[:together], key[:together])
        others, open_others = _split_units(
            text[together + len(_TOGETHER_WITH) :], key[together + len(_TOGETHER_WITH) :]
        )
        leads = [_strip_suffix(name, "牵头") for name in leads]
        if not leads or not all(_looks_like_unit(name) for name in leads + others):
            return None
        units = [Unit(name, "lead", is_collective(name)) for name in leads]
        units += [Unit(name, "responsible", is_collective(name)) for name in others]
        return units, open_leads or open_others
    names, open_list = _split_units(text, key)
    if not names or not all(_looks_like_unit(name) for name in names):
        return None
    units = [Unit(name, role, is_collective(name)) for name in names]
    if verb in ("负责", "负责落实") and first_listed_leads:
        units[0].role = "lead"
    return units, open_list


def _verb_role(verb: str) -> Role:
    if "职责" in verb or verb in ("分工负责", "分别负责", "共同负责"):
        return "joint"
    if "牵头" in verb:
        return "lead"
    if verb.startswith("牵头"):
        return "lead"
    for word, role in _VERB_ROLES.items():
        if verb.startswith(word) or verb.endswith(word):
            return role
    return "responsible"


def _strip_suffix(name: str, suffix: str) -> str:
    key = matching_copy(name)
    return name[: -len(suffix)].rstrip() if key.endswith(suffix) else name


def looks_like_unit(name: str) -> bool:
    """Does ``name`` read as a unit (it ends like an office, or it is a collective)?"""
    return _looks_like_unit(name)


@lru_cache(maxsize=4096)
def _looks_like_unit(name: str) -> bool:
    key = re.sub(r"\s+", "", matching_copy(name))
    if not key or len(key) > _MAX_UNIT_LENGTH or "。" in key:
        return False
    return is_collective(name) or bool(_ORG_ENDING.search(key))


def _pieces(key: str) -> list[tuple[int, int]]:
    """Spans of ``key`` between clause separators (，,;；) outside nested brackets."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, char in enumerate(key):
        if char in OPENING:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        elif depth == 0 and char in ",，;；":
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(key)))
    return spans


def bare_unit_names(inner: str) -> list[str] | None:
    """The names of a note that holds only unit names (（省农业农村厅）, （市发改委、市财政局）), else None.

    Whether such a bracket is a responsibility note depends on the plan (its other notes are); the caller
    decides. A bracket that says anything else (含…, 以下简称…, a number, a colon) is not one.
    """
    key = matching_copy(inner).strip()
    if not key or len(key) > _MAX_UNIT_LENGTH * 3 or _NOT_BARE.search(key):
        return None
    names, open_list = split_unit_names(inner.strip())
    if not names or open_list:
        return None
    if all(_looks_like_unit(name) and not _NOT_BARE_NAME.search(matching_copy(name)) for name in names):
        return names
    return None


def split_unit_names(text: str) -> tuple[list[str], bool]:
    """Unit names of a list as written (各省、自治区、直辖市人民政府 stays one), and whether it ends with 等."""
    return _split_units(text, matching_copy(text))


def _join_bare_kinds(key: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``各省、自治区、直辖市人民政府``: bare kinds of place before 、 share the body named after the last one.

    A run of bare kinds (省, 自治区 …) joins the piece that follows it only when that piece is itself
    a kind of place with the body's name (直辖市人民政府); ``各地、各部门`` stays two units.
    """
    pieces = [key[begin:end].strip() for begin, end in bounds]
    joined: list[tuple[int, int]] = []
    index = 0
    while index < len(bounds):
        run_end = index
        while (
            run_end < len(bounds) - 1
            and _BARE_KIND.match(pieces[run_end])
            and key[bounds[run_end][1] : bounds[run_end][1] + 1] == "、"
        ):
            run_end += 1
        if run_end > index and _KIND_WITH_BODY.match(pieces[run_end]) and not _BARE_KIND.match(pieces[run_end]):
            joined.append((bounds[index][0], bounds[run_end][1]))
            index = run_end + 1
        else:
            joined.append(bounds[index])
            index += 1
    return joined


def _split_units(text: str, key: str) -> tuple[list[str], bool]:
    """Unit names as written, split on 、，,;； outside nested brackets; and whether the list ends with 等."""
    names: list[str] = []
    depth = 0
    start = 0
    bounds: list[tuple[int, int]] = []
    for index, char in enumerate(key):
        if char in OPENING:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        elif depth == 0 and char in _SEPARATORS:
            bounds.append((start, index))
            start = index + 1
        elif depth == 0 and char == "和" and index > start and _JOINS_COLLECTIVE.match(key, index):
            # X、Y等和各省级人民政府 / X和各有关部门: 和 between a list and a collective unit
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, len(key)))
    bounds = _join_bare_kinds(key, bounds)
    bounds = _join_bare_unit_kinds(key, bounds)
    open_list = False
    for index, (begin, end) in enumerate(bounds):
        name, name_key = text[begin:end], key[begin:end]
        trimmed = len(name_key) - len(name_key.rstrip(" 。.:："))
        name, name_key = name[: len(name) - trimmed], name_key[: len(name_key) - trimmed]
        etc = _TRAILING_ETC.search(name_key)
        joined_by_and = key[end : end + 1] == "和"
        if etc and etc.start() > 0 and (index == len(bounds) - 1 or etc.end() - etc.start() > 1 or joined_by_and):
            # a list ends with 等: X、Y等 at the end, or X、Y等有关部门，Z before another group
            name, name_key = name[: etc.start()], name_key[: etc.start()]
            open_list = True
        lead = _LEADING_BY.match(name_key.strip())
        name = name.strip().lstrip(_LEAD_MARKS).strip()
        if lead:
            name = name[lead.end() :].strip()
        if name:
            names.extend(_split_on_and(name))
    return names, open_list


def _join_bare_unit_kinds(key: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``市直有关部门、单位``: a bare 单位/部门 after 、 is the same qualifier's other kind, one collective."""
    joined: list[tuple[int, int]] = []
    for begin, end in bounds:
        if (
            joined
            and _BARE_UNIT_KIND.match(key[begin:end].strip(" 。.:："))
            and key[joined[-1][1] : joined[-1][1] + 1] == "、"
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((begin, end))
    return joined


def _split_on_and(name: str) -> list[str]:
    """``市级各有关部门及各县市区政府`` → two units, when each side reads as a unit on its own."""
    key = matching_copy(name)
    if not _AND.search(key) or any(char in OPENING for char in key):
        return [name]
    parts: list[str] = []
    start = 0
    for match in _AND.finditer(key):
        parts.append(name[start : match.start()].strip())
        start = match.end()
    parts.append(name[start:].strip())
    if all(part and _looks_like_unit(part) for part in parts):
        return parts
    return [name]
