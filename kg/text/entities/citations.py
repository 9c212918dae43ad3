"""Cited documents: 《title》 with the issuer written before it and the document number after it.

Handles the forms of the genre:

* ``按照國務院辦公廳《關于…的通知》(國辦發〔2022〕2 號)要求`` — issuer, title, number;
* ``根據國家、自治區《2022 年度政務公開工作要點》`` — a list of issuers;
* ``根據《A》《B》《…關于印發<C>的通知》(辦字〔2022〕14 號)`` — a run of titles, the
  number belonging to the title it follows; a nested ``<…>`` / ``〈…〉`` / ``《…》``
  stays part of the outer title (the notice is the document cited);
* bare numbers outside any title: ``落實國辦發〔2022〕2號文件精神``.

Document numbers are normalised by :func:`normalize_document_number`; titles
are keyed by :func:`kg.normalize.match_key`. Citations are deduplicated by
:attr:`kg.model.Citation.key` within one text, the first mention kept and
completed by later ones.
"""

from __future__ import annotations

import re

from kg.model import Citation
from kg.normalize import (
    TextView,
    fold_width,
    match_key,
    remove_spaces,
    to_simplified,
    unify_year_brackets,
)

OPEN_TITLE, CLOSE_TITLE = "《", "》"
_MAX_TITLE = 300  # an unclosed 《 never swallows a whole document

# issuer code, 〔year〕, serial, 号 — on the normalised view (simplified, half-width, no spaces)
_NUMBER = (
    r"[\u4e00-\u9fffa-z]{1,8}"
    r"(?:[〔\[【﹝〖(](?:19|20)\d\d[〕\]】﹞〗)]第?|令第)"  # 国办发〔2022〕2号, 国务院令第722号
    r"\d{1,5}号"
)
_NUMBER_AFTER_TITLE = re.compile(r"\((?P<number>" + _NUMBER + r")(?=[),;，；])")
_BARE_NUMBER = re.compile(_NUMBER)

# words that end the sentence before an issuer or an issuer code ("按照 | 國務院辦公廳《")
_LEAD_WORDS = (
    "按照", "根据", "依据", "依照", "遵照", "落实", "贯彻", "执行", "参照", "对照", "结合", "围绕",
    "学习", "宣传", "认真", "深入", "严格", "全面", "加快", "做好", "见", "和", "及", "与", "的",
    "是", "即", "要求", "精神", "文件",
)
_ISSUER_TAILS = ("关于印发", "关于转发", "印发的", "发布的", "出台的", "制定的", "颁布的", "印发", "转发", "关于")
_ISSUER_END = re.compile(
    r"(?:国务院|中央|国家|自治区|省|市|盟|旗|县|州|人民政府|政府|办公厅|办公室|委员会|委|厅|局|部|署|院|"
    r"总局|中心|党委|人大|政协|法院|检察院|银行)$"
)
_SHORT_NAME_MARKERS = ("简称", "以下称", "下称")
_ISSUER_CHARS = re.compile(r"[\u4e00-\u9fff、]+")


def normalize_document_number(number: str) -> str:
    """The matching form of a document number: simplified, no spaces, 〔〕 brackets.

    ``國辦發〔2022〕2 號``, ``国办发[2022]2号`` and ``国办发［2022］2号`` all give
    ``国办发〔2022〕2号``.
    """
    return unify_year_brackets(to_simplified(remove_spaces(fold_width(number))))


def _title_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every balanced 《…》 (brackets included), outermost only."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, -1
    for index, char in enumerate(text):
        if char == OPEN_TITLE:
            if depth == 0:
                start = index
            depth += 1
        elif char == CLOSE_TITLE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
        if depth and index - start > _MAX_TITLE:
            depth = 0  # unclosed: give up on this one
    return spans


def _cut_after_last(segment: str, words: tuple[str, ...]) -> int:
    """The index just after the right-most occurrence of any of ``words`` in ``segment``."""
    cut = 0
    for word in words:
        position = segment.rfind(word)
        if position >= 0:
            cut = max(cut, position + len(word))
    return cut


def _issuer_before(view: TextView, title_start: int) -> tuple[int, int] | None:
    """The view span of the issuer written right before a title, if any."""
    text = view.text
    begin = title_start
    while begin > 0 and _ISSUER_CHARS.fullmatch(text[begin - 1]) and title_start - begin < 40:
        begin -= 1
    end = title_start
    for tail in _ISSUER_TAILS:
        if text[begin:end].endswith(tail):
            end -= len(tail)
            break
    begin += _cut_after_last(text[begin:end], _LEAD_WORDS)
    issuer = text[begin:end].strip("、")
    if not issuer or not _ISSUER_END.search(issuer):
        return None
    begin += text[begin:end].index(issuer)
    return begin, begin + len(issuer)


def _trim_number_code(view: TextView, start: int, end: int) -> int:
    """Move the start of a bare number past words that precede its issuer code."""
    return start + _cut_after_last(view.text[start:end], _LEAD_WORDS + _ISSUER_TAILS)


def _merge(found: list[Citation]) -> list[Citation]:
    by_key: dict[str, Citation] = {}
    for citation in found:
        kept = by_key.setdefault(citation.key, citation)
        if kept is not citation:
            kept.title = kept.title or citation.title
            kept.title_normalized = kept.title_normalized or citation.title_normalized
            kept.issuer = kept.issuer or citation.issuer
            kept.number = kept.number or citation.number
    return list(by_key.values())


def find_citations(view: TextView) -> tuple[list[Citation], list[tuple[int, int]]]:
    """Citations in ``view`` and the view spans they occupy (titles and numbers)."""
    found: list[Citation] = []
    occupied: list[tuple[int, int]] = []
    for start, end in _title_spans(view.text):
        title = view.raw(start + 1, end - 1).strip()
        if not title:
            continue
        if view.text[max(0, start - 3) : start].endswith(_SHORT_NAME_MARKERS):
            occupied.append((start, end))  # the short name of a document already cited: (以下简称《通知》)
            continue
        citation = Citation(title=title, title_normalized=match_key(title))
        issuer = _issuer_before(view, start)
        if issuer:
            citation.issuer = view.raw(*issuer)
        occupied.append((start, end))
        number = _NUMBER_AFTER_TITLE.match(view.text, end)
        if number:
            citation.number = view.raw(number.start("number"), number.end("number"))
            citation.number_normalized = normalize_document_number(citation.number)
            occupied.append((number.start(), number.end("number") + 1))
        found.append(citation)
    masked = view.masked(occupied)
    for match in _BARE_NUMBER.finditer(masked.text):
        start = _trim_number_code(masked, match.start(), match.end())
        raw = view.raw(start, match.end())
        found.append(Citation(number=raw, number_normalized=normalize_document_number(raw)))
        occupied.append((start, match.end()))
    found.sort(key=lambda citation: _first_position(view, citation))
    return _merge(found), occupied


def _first_position(view: TextView, citation: Citation) -> int:
    needle = citation.title if citation.title is not None else citation.number or ""
    position = view.original.find(needle)
    return position if position >= 0 else len(view.original)


def extract_citations(text: str) -> list[Citation]:
    """Every document cited in ``text``, deduplicated by number (else title)."""
    citations, _ = find_citations(TextView.of(text))
    return citations


__all__ = ["extract_citations", "find_citations", "normalize_document_number"]
