"""The front matter of a plan: the portal's header block, the notice, the plan title and the preamble.

A plan published on a government portal starts with a catalogue header
(``- 標題`` / ``- value`` lines, or ``索引号：value``), then the notice that
issues it (title, addressees ending in a colon, body, issuing office, date),
then the plan's own title and a preamble before the first heading. Any of
these may be missing; each is recognised by its shape, not by its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.lines import Line
from kg.model import Document

__all__ = ["FrontMatter", "iso_date", "jurisdiction_of", "plan_title_index", "read_front_matter", "year_of"]

HEADER_FIELDS = {
    "标题": "title",
    "名称": "title",
    "索引号": "index_number",
    "信息分类": "category",
    "主题分类": "category",
    "分类": "category",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "发文字号": "document_number",
    "文号": "document_number",
    "成文日期": "date",
    "公文时效": "validity",
    "时效": "validity",
    "有效性": "validity",
}
_HEADER_SEARCH_LINES = 40
_BULLET = re.compile(r"^\s*(?:[-*•·]\s*)?")
_KEY_VALUE = re.compile(r"^(?P<key>[^:：]{2,8}?)\s*[:：]\s*(?P<value>.*)$")
_PUBLISHED = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$)")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<issuer>\S+)")
_CN_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_ANY_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})")
_NOTICE_TITLE = re.compile(r"关于.*(?:通知|意见|方案|决定|函|通报|批复)$|印发.*(?:通知|意见)$")
_PLAN_TITLE_ENDING = re.compile(r"(?:方案|要点|计划|分工|意见|措施|办法|清单|安排|规划)(?:[(（][^)）]*[)）])?$")
_OFFICE_ENDING = re.compile(r"(?:办公室|办公厅|人民政府|政府|委员会|行政公署|公署|局|厅|部|委|办)$")
_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,14}?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|盟|州|地区|旗|县|区))"
    r"(?=人民政府|政府|行政公署|委员会|党委|办公|\s|\d|$)"
)
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_TITLE_BRACKETS = re.compile(r"《(?P<title>[^《》]+)》")
_ISSUED_TITLE = re.compile(r"印发(?P<title>.+?)的(?:通知|意见)$")
_SPACES = re.compile(r"\s+")


@dataclass
class FrontMatter:
    document: Document
    preamble: list[Line] = field(default_factory=list)  # lines between the plan title and the body
    unplaced: list[Line] = field(default_factory=list)  # lines before the header that fit nowhere


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def _bulletless(line: Line) -> tuple[str, str]:
    """(text, key) of a line without a leading list bullet."""
    cut = _BULLET.match(line.key)
    start = cut.end() if cut else 0
    return line.text[start:].strip(), line.key[start:].strip()


def _header_field(key: str) -> str | None:
    return HEADER_FIELDS.get(_squash(key).rstrip(":："))


def _header_key_value(text: str, key: str) -> tuple[str, str] | None:
    match = _KEY_VALUE.match(key)
    if not match:
        return None
    name = _header_field(match.group("key"))
    if name is None:
        return None
    return name, text[match.start("value") :].strip()


def iso_date(text: str | None) -> str | None:
    """``2022-03-18``, ``2022 年 3 月 18 日``, ``2022/3/18`` → ``2022-03-18``."""
    if not text:
        return None
    match = _ANY_DATE.search(text)
    if not match:
        return None
    year, month, day = (int(match.group(name)) for name in ("y", "m", "d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def year_of(*texts: str | None) -> int | None:
    """The first ``2022年`` in the given texts (plan title first), spaces ignored."""
    for text in texts:
        if text:
            match = _YEAR.search(_squash(text))
            if match:
                return int(match.group(1))
    return None


def jurisdiction_of(*texts: str | None) -> str | None:
    """The place name that opens an issuer or title (錫林浩特市人民政府辦公室 → 錫林浩特市), as written."""
    from kg.textkey import matching_copy

    for text in texts:
        if not text:
            continue
        stripped = text.strip()
        key = matching_copy(stripped)
        match = _PLACE.match(key)
        if match:
            return stripped[: match.end("place")]
        if key.startswith("国务院"):
            return stripped[:3]
    return None


def plan_title_index(lines: list[Line], search: int = 80) -> int | None:
    """Index of the line that repeats the title of the plan a notice issues (where the plan itself begins).

    A notice can number its own paragraphs (1.明确任务，压实责任。…); knowing where the plan's
    title stands keeps those out of the plan's tasks.
    """
    expected: str | None = None
    for index, line in enumerate(lines[:search]):
        text, key = _bulletless(line)
        if expected is None:
            inline = _header_key_value(text, key)
            candidate = inline[1] if inline and inline[0] == "title" else text
            if _NOTICE_TITLE.search(_squash(_matching(candidate))):
                title = _issued_plan_title(candidate)
                expected = _squash(_matching(title)) if title else None
            continue
        if _squash(key) == expected:
            return index
    return None


def read_front_matter(lines: list[Line], body_start: int) -> FrontMatter:
    """Read the lines before the body (``lines[:body_start]``) into a :class:`FrontMatter`."""
    document = Document()
    front = FrontMatter(document)
    head = lines[:body_start]
    index = _read_header(head, document, front)
    _read_notice(head[index:], document, front)

    if document.plan_title is None and document.title:
        inner = _issued_plan_title(document.title)
        if inner:
            document.plan_title = inner
        elif _PLAN_TITLE_ENDING.search(_squash(_matching(document.title))):
            document.plan_title = document.title
    document.date = iso_date(document.date) or document.date
    document.year = year_of(document.plan_title, document.title) or _year_from_date(document.date, document.notice_date)
    document.jurisdiction = jurisdiction_of(document.issuing_office, document.title, document.plan_title, document.issuer)
    return front


def _year_from_date(*dates: str | None) -> int | None:
    for date in dates:
        if date and re.match(r"^\d{4}-", date):
            return int(date[:4])
    return None


def _read_header(head: list[Line], document: Document, front: FrontMatter) -> int:
    """Fill the catalogue fields; return the index of the first line after the header block."""
    start = None
    for index, line in enumerate(head[:_HEADER_SEARCH_LINES]):
        text, key = _bulletless(line)
        if _header_field(key) or _header_key_value(text, key):
            start = index
            break
    if start is None:
        return 0
    front.unplaced.extend(line for line in head[:start] if line)
    index = start
    while index < len(head):
        line = head[index]
        if not line:
            index += 1
            continue
        text, key = _bulletless(line)
        inline = _header_key_value(text, key)
        if inline and inline[1]:
            _set_field(document, *inline)
            index += 1
            continue
        name = inline[0] if inline else _header_field(key)
        if name is None:
            break
        value = None
        following = index + 1
        while following < len(head) and not head[following]:
            following += 1
        if following < len(head):
            next_text, next_key = _bulletless(head[following])
            if not _header_field(next_key) and not _header_key_value(next_text, next_key):
                value = next_text
                index = following
        _set_field(document, name, value)
        index += 1
    return index


def _set_field(document: Document, name: str, value: str | None) -> None:
    value = value.strip() if value else None
    if value and getattr(document, name) is None:
        setattr(document, name, value)


def _read_notice(lines: list[Line], document: Document, front: FrontMatter) -> None:
    in_preamble = False
    seen_body = False
    for line in lines:
        if not line:
            continue
        text = line.text.strip()
        key = line.key.strip()
        squashed = _squash(key)
        if in_preamble:
            front.preamble.append(line)
            continue
        if document.title and squashed == _squash(_matching(document.title)):
            continue  # the notice repeats the catalogue title
        if _PUBLISHED.match(key):
            source = _SOURCE.search(key)
            if source and document.issuer is None:
                document.issuer = text[source.start("issuer") : source.end("issuer")]
            continue
        if document.title is None and not seen_body and _NOTICE_TITLE.search(squashed):
            document.title = text
            continue
        if not document.addressees and not seen_body and key.endswith((":", "：")) and "。" not in key:
            document.addressees = _split_addressees(text[:-1])
            continue
        if _CN_DATE.match(squashed):
            if document.notice_date is None:
                document.notice_date = iso_date(squashed)
            if document.plan_title is None and not _title_in_notice(document):
                in_preamble = True  # no separate plan title: what follows the date is the preamble
            continue
        if _is_plan_title(squashed, document):
            document.plan_title = document.plan_title or text
            in_preamble = True
            continue
        if seen_body and len(squashed) <= 40 and _OFFICE_ENDING.search(squashed) and not re.search(r"[。，,；;：:]", key):
            if document.issuing_office is None:
                document.issuing_office = text
            continue
        seen_body = True


def _matching(text: str) -> str:
    from kg.textkey import matching_copy

    return matching_copy(text)


def _issued_plan_title(title: str) -> str | None:
    """The plan a notice issues: the first 《…》 of its title, else what follows 印发 up to 的通知."""
    inner = _TITLE_BRACKETS.search(title)
    if inner:
        return inner.group("title").strip()
    stripped = title.strip()
    issued = _ISSUED_TITLE.search(_matching(stripped))
    if issued:
        return stripped[issued.start("title") : issued.end("title")].strip()
    return None


def _title_in_notice(document: Document) -> bool:
    return bool(document.title and _issued_plan_title(document.title))


def _is_plan_title(squashed: str, document: Document) -> bool:
    expected = document.plan_title
    if expected is None and document.title:
        expected = _issued_plan_title(document.title)
    if expected is not None:
        return squashed == _squash(_matching(expected))
    return len(squashed) <= 60 and bool(_PLAN_TITLE_ENDING.search(squashed)) and not re.search(r"[。，,；;：:]", squashed)


def _split_addressees(text: str) -> list[str]:
    from kg.annotations import split_unit_names

    names, _ = split_unit_names(text)
    return names
