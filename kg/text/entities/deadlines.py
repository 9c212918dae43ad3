"""Deadlines (by when) and cadences (how often), kept apart.

Deadlines resolve to the last day of the period they name, in the plan's
year unless the phrase gives its own (``2023 年 6 月底前``) or a relative one
(今年/本年 → the plan's year, 明年/次年 → the next, 去年/上年 → the one before):

==================================  ==============
``3月底`` ``3 月底前`` ``3月份`` ``3月前``  2022-03-31
``6月30日前``                          2022-06-30
``3月上旬`` / ``中旬`` / ``3月中``         2022-03-10 / 03-20 / 03-15
``年底前`` ``年末`` ``年内``             2022-12-31
``年中`` ``上半年``                     2022-06-30
``一季度`` ``第一季度末``                 2022-03-31
``到2025年``                           2025-12-31
==================================  ==============

Without a plan year a phrase with no year of its own keeps ``date=None``.

Cadences are rhythms, not due dates: ``每月`` / ``每月底前`` / ``按月`` / ``月度通報`` /
``月調度`` / ``月督辦`` → P1M, ``每周`` / ``周報送`` / ``周督辦`` → P1W, ``季通報`` / ``每季度``
→ P3M, ``每年`` / ``年度考核`` → P1Y (年度 counts as a rhythm only before a
reporting or assessment word: ``年度企業辦事頻次`` is a scope). A cadence is
found first and its text is not read again as a deadline.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from kg.normalize import MASK, TextView
from kg.model import Cadence, Deadline

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_YEAR = r"(?:(?P<year>(?:19|20)\d\d)年|(?P<rel>今年|本年|当年|明年|次年|去年|上年))"
_BEFORE = r"(?:之前|以前|前)?"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

_DEADLINE_FORMS = {
    "day": _YEAR + r"?" + _MONTH + r"月" + _DAY + r"[日号]" + _BEFORE,
    "month": _YEAR + r"?" + _MONTH + r"月(?:(?P<part>底|末|份|上旬|中旬|下旬|中(?!心|央|国))" + _BEFORE + r"|(?:之前|以前|前))",
    "year_end": (
        r"(?:(?P<year>(?:19|20)\d\d)|(?P<rel>今|本|当|明|次|去|上))?"
        r"年(?P<part>底|末|内|度内|中(?![央国华共小学心期间部西东南北医]))" + _BEFORE
    ),
    "half": _YEAR + r"?(?P<part>上半年|下半年)(?:底|末)?" + _BEFORE,
    "quarter": _YEAR + r"?第?(?P<quarter>[一二三四1-4])季度(?:末|底)?" + _BEFORE,
    "target_year": r"(?:到|至|于)(?P<year>(?:19|20)\d\d)年(?![\d月底末内中度])",
}


def _named(form: str, pattern: str) -> str:
    """Group names must be unique across alternatives: suffix each with its form."""
    return re.sub(r"\(\?P<(\w+)>", lambda match: f"(?P<{match.group(1)}_{form}>", pattern)


_DEADLINE = re.compile(
    r"(?<![每\d一二两三四五六七八九十多个半])(?:"
    + "|".join(f"(?P<{form}>{_named(form, pattern)})" for form, pattern in _DEADLINE_FORMS.items())
    + ")"
)

_PERIODS = {
    "周": "P1W", "星期": "P1W", "两周": "P2W", "月": "P1M", "月度": "P1M", "两个月": "P2M", "双月": "P2M",
    "季": "P3M", "季度": "P3M", "半年": "P6M", "年": "P1Y", "年度": "P1Y", "日": "P1D", "天": "P1D", "旬": "P10D",
}
_RHYTHM_ACTS = (
    "报送 督办 调度 通报 例会 会商 考核 点评 分析 评估 总结 小结 报告 评价 督查 检查 自查 调研 盘点 报"
).split()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_CADENCE = re.compile(
    r"每(?:个)?(?P<every>" + _alternation(list(_PERIODS)) + r")(?:底|末)?(?:之前|以前|前)?"
    r"|按(?P<by>月度|月|季度|季|周)"
    r"|(?<![\d一二两三四五六七八九十每本今上下前后当次明去个第年])(?P<unit>周|月度|月|季度|季|年度|半年)"
    r"(?P<act>" + _alternation(_RHYTHM_ACTS) + r")"
)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN[tens] * 10 + (_CN[ones] if ones else 0)
    return _CN[text]


def _group(match: re.Match[str], name: str, form: str) -> str | None:
    try:
        return match.group(f"{name}_{form}")
    except IndexError:
        return None


def _year(match: re.Match[str], form: str, plan_year: int | None) -> int | None:
    year = _group(match, "year", form)
    if year:
        return int(year)
    relative = _group(match, "rel", form) or ""
    if plan_year is None:
        return None
    if relative[:1] in ("明", "次"):
        return plan_year + 1
    return plan_year - 1 if relative[:1] in ("去", "上") else plan_year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(match: re.Match[str], form: str, plan_year: int | None) -> date | None:
    year = _year(match, form, plan_year)
    if year is None:
        return None
    part = _group(match, "part", form) or ""
    if form == "day":
        return date(year, _number(_group(match, "month", form) or ""), _number(_group(match, "day", form) or ""))
    if form == "month":
        month = _number(_group(match, "month", form) or "")
        day = {"上旬": 10, "中旬": 20, "中": 15}.get(part)
        return date(year, month, day) if day else _month_end(year, month)
    if form == "year_end":
        return date(year, 6, 30) if part == "中" else date(year, 12, 31)
    if form == "half":
        return date(year, 6, 30) if part == "上半年" else date(year, 12, 31)
    if form == "quarter":
        quarter = _group(match, "quarter", form) or "4"
        return _month_end(year, 3 * (int(quarter) if quarter.isdigit() else _CN[quarter]))
    return date(year, 12, 31)  # target_year


def find_cadences(view: TextView) -> tuple[list[Cadence], list[tuple[int, int]]]:
    """Cadences in ``view`` and the view spans they occupy."""
    found: dict[str, Cadence] = {}
    spans: list[tuple[int, int]] = []
    for match in _CADENCE.finditer(view.text):
        unit = match.group("every") or match.group("by") or match.group("unit")
        text = view.raw(match.start(), match.end())
        found.setdefault(text, Cadence(text=text, period=_PERIODS[unit]))
        spans.append(match.span())
    return list(found.values()), spans


def find_deadlines(view: TextView, year: int | None) -> list[Deadline]:
    """Deadlines in ``view`` (titles, numbers and cadences already masked), in order."""
    found: dict[tuple[str, str | None], Deadline] = {}
    for match in _DEADLINE.finditer(view.text):
        form = match.lastgroup or ""
        if MASK in match.group():
            continue
        try:
            resolved = _resolve(match, form, year)
        except (ValueError, KeyError):
            resolved = None  # 2月30日: written, but no such day
        text = view.raw(match.start(), match.end())
        iso = resolved.isoformat() if resolved else None
        found.setdefault((text, iso), Deadline(text=text, date=iso))
    return list(found.values())


__all__ = ["find_cadences", "find_deadlines"]
