"""Numeric targets (指标): what is measured, a comparator, a value and a unit.

``即辦件占比達到 85%以上`` → ``≥ 85 %``; ``每月抽查事項不低于 10%`` → ``≥ 10 %`` (the
cadence 每月 is not part of the name); ``至少配備 1 名專職人員`` → ``≥ 1 名`` named
``專職人員``; ``辦理時限壓縮至 5 個工作日以內`` → ``≤ 5 個工作日``.

A target needs a comparator: a word before the number (不低於, 不少於, 至少,
達到, 不超過, 控制在, 超過 …) or after it (以上, 以下, 以內); a growth rate
(``增加值增長8%``) or an approximate value (``增速7%左右``) with none is read
as ``=``. A bare number is a
scope, not a target: ``年度企業辦事頻次前 20%的高頻事項`` gives nothing, nor do
years, document numbers (masked with cited titles) or ``12345``. When both
sides speak the word after the number decides (``降低到 10%以下`` → ≤).

The name is the phrase before the comparator back to the start of its clause,
without leading 爭取/力爭/確保/實現…, cadences (每月) or deadlines (年底前), and
without a trailing 要/需/應. When a verb sits between comparator and number
(``至少配備 1 名專職人員``), what is counted is the noun after the unit.
"""

from __future__ import annotations

import re

from kg.normalize import MASK, TextView
from kg.model import Comparator, Indicator
from kg.text.numerals import chinese_to_int


_PREFIX_OPS: dict[str, Comparator] = {}
for _words, _op in (
    ("不低于 不少于 不小于 至少 最少 最低 达到 提高到 提高至 提升到 提升至 增加到 增加至 增长到 增长至 增至 达", ">="),
    (
        "不超过 不高于 不多于 不大于 最多 最高 控制在 压缩到 压缩至 压减到 压减至 缩短到 缩短至 降低到 降低至 降至 "
        "减少到 减少至 减至",
        "<=",
    ),
    ("超过 高于 大于 多于", ">"),
    ("低于 少于 小于", "<"),
):
    for _word in _words.split():
        _PREFIX_OPS[_word] = _op  # type: ignore[assignment]
# a rate with no comparator word is still a target when it is a growth rate or an approximate value:
# 规上工业增加值增长8% → = 8 %; 年均经济增速7%左右 → = 7 %
_GROWTH_BEFORE = re.compile(r"(?:增长|增速|增幅|涨幅)$")
_APPROXIMATE_AFTER = "左右"
_SUFFIX_OPS: dict[str, Comparator] = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "之内": "<="}
# comparators that only bound a count and are followed by what is done (至少配备1名…)
_COUNT_VERBS = (
    "配备 安排 设置 设立 建成 建设 培育 打造 开展 组织 举办 选派 培训 新增 推出 落实 确定 招聘 引进 发布 梳理 办理 "
    "完成 接入 上线 推广 打造 遴选 聘请 建立"
).split()
_UNITS = (
    "个百分点 个工作日 工作日 个小时 小时 分钟 万元 亿元 万人 万户 万件 平方米 公里 % ‰ 元 名 人 个 家 项 次 件 天 户 所 "
    "台 套 条 倍 秒 日"
).split()


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_TARGET = re.compile(
    r"(?:(?<!不)(?P<pre>" + _alternation(list(_PREFIX_OPS)) + r"))?"
    r"(?P<verb>" + _alternation(_COUNT_VERBS) + r")?"
    r"(?<![\d.前后第约])(?P<num>\d+(?:\.\d+)?|[零一二两三四五六七八九十百]+)"
    r"(?P<unit>" + _alternation(_UNITS) + r")"
    r"(?P<suf>" + _alternation(list(_SUFFIX_OPS)) + r")?"
)
_CLAUSE_END = frozenset(",，。;；:：、!！?？()（）《》[]\n" + MASK)
_LEADING = re.compile(
    r"(?:\d{1,3}[.、](?!\d)|争取|力争|确保|努力|实现|推动|推进|使|让|并且|并|且|同时|其中|全年|进一步|要|将|把|全面|逐步|基本|持续|"
    r"到(?:19|20)\d\d年(?:底|末)?|(?:(?:19|20)\d\d年|今年|本年)?(?:年)?(?:底前|年底前|底|末|内)|年内|年底前|"
    r"每(?:个)?(?:周|月|季度|季|年|半年|日|天)|按月|按季度|按周|\d+月(?:底|末)?前?)+"
)
_TRAILING = re.compile(r"(?:要|需|须|应|必须|均|都|总体|稳定|能够|力争|争取|要求)+$")
_COUNTED = re.compile(r"[\u4e00-\u9fff“”]+")
_COUNTED_STOPS = ("开展", "负责", "从事", "参与", "用于", "进行", "专门", "的", "并", "和", "及", "对", "为", "在")


def _value(number: str) -> float | None:
    if number[0].isdigit():
        return float(number)
    value = chinese_to_int(number)
    return None if value is None else float(value)


def _clause_start(text: str, position: int) -> int:
    while position > 0 and text[position - 1] not in _CLAUSE_END:
        position -= 1
    return position


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    leading = _LEADING.match(text, start, end)
    if leading:
        start = leading.end()
    trailing = _TRAILING.search(text[start:end])
    if trailing:
        end = start + trailing.start()
    return start, end


def _counted_noun(text: str, position: int) -> tuple[int, int] | None:
    match = _COUNTED.match(text, position)
    if not match:
        return None
    noun = match.group()
    cut = min((noun.find(stop) for stop in _COUNTED_STOPS if noun.find(stop) > 0), default=len(noun))
    return (position, position + cut) if cut else None


def find_indicators(view: TextView) -> list[Indicator]:
    """Numeric targets in ``view`` (cited titles and numbers already masked), in order."""
    text = view.text
    found: list[Indicator] = []
    for match in _TARGET.finditer(text):
        pre, suf, num = match.group("pre"), match.group("suf"), match.group("num")
        stated_rate = num[0].isdigit() and (
            bool(_GROWTH_BEFORE.search(text, 0, match.start())) or text.startswith(_APPROXIMATE_AFTER, match.end())
        )
        if not pre and not suf and not stated_rate:
            continue  # a number without a comparator is a scope (前20%), not a target
        if not num[0].isdigit() and not pre:
            continue
        value = _value(num)
        if value is None:
            continue
        op: Comparator = _SUFFIX_OPS[suf] if suf else _PREFIX_OPS[pre] if pre else "="
        clause_start = _clause_start(text, match.start())
        name_span: tuple[int, int] | None = None
        if match.group("verb"):
            name_span = _counted_noun(text, match.end())
        if name_span is None:
            name_span = _trim_name(text, clause_start, match.start())
        if name_span[1] <= name_span[0]:
            continue  # nothing says what is measured
        clause_end = name_span[1] if name_span[0] >= match.end() else match.end()
        found.append(
            Indicator(
                name=view.raw(*name_span),
                op=op,
                value=value,
                unit=view.compact(match.start("unit"), match.end("unit")),
                text=view.raw(clause_start, clause_end),
            )
        )
    return found


__all__ = ["find_indicators"]
