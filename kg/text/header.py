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

from kg.model import Document
from kg.normalize import matching_copy
from kg.text.annotations import looks_like_unit, split_unit_names
from kg.text.lines import Line

__all__ = [
    "FrontMatter",
    "header_pairs",
    "iso_date",
    "jurisdiction_of",
    "place_opening_title",
    "plan_title_index",
    "read_front_matter",
    "year_of",
]

HEADER_FIELDS = {
    "标题": "title",
    "名称": "title",
    "索引号": "index_number",
    "信息分类": "category",
    "主题分类": "category",
    "组配分类": "category",
    "体裁分类": "category",
    "分类": "category",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "发文字号": "document_number",
    "文号": "document_number",
    "文件编号": "document_number",
    "发布文号": "document_number",
    "成文日期": "date",
    "发文日期": "date",
    "公文时效": "validity",
    "时效": "validity",
    "有效性": "validity",
    "是否有效": "validity",
    "有效性状态": "validity",
}
# catalogue fields that are read but not kept as such: the page's publication date (a fallback for
# the plan year) and fields of the portal's page itself
_PUBLISHED_FIELD = "published"
OTHER_FIELDS: dict[str, str | None] = {
    "发布日期": _PUBLISHED_FIELD,
    "公开日期": _PUBLISHED_FIELD,
    "生成日期": _PUBLISHED_FIELD,
    "产生日期": _PUBLISHED_FIELD,
    "发布时间": _PUBLISHED_FIELD,
    "更新时间": _PUBLISHED_FIELD,
    "时间": _PUBLISHED_FIELD,
    "公开方式": None,
    "主题词": None,
    "信息来源": None,
    "来源": None,
    "浏览次数": None,
    "废止日期": None,
    "内容概述": None,
    "核心提示": None,
    "生效日期": None,
    "属性": None,
    "备注": None,
    "字号": None,
}
_ALL_FIELDS: dict[str, str | None] = {**HEADER_FIELDS, **OTHER_FIELDS}
# a field name as portals print it, letter-spaced or not (索 引 号, 名  称), at the start of a cell
_FIELD_NAME = re.compile(
    r"(?:^|(?<=[\s|｜]))(?P<name>"
    + "|".join(r"\s*".join(name) for name in sorted(_ALL_FIELDS, key=len, reverse=True))
    + r")\s*(?:[:：]|(?=[\s|｜]|$))"
)
_HEADER_SEARCH_LINES = 40
_BULLET = re.compile(r"^\s*(?:[-*•·]\s*)?")
_PUBLISHED = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$)")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<issuer>\S+)")
_CN_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_ANY_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})")
_NOTICE_TITLE = re.compile(r"关于.*(?:通知|意见|方案|决定|函|通报|批复)$|印发.*(?:通知|意见)$")
# a title some pages print with its document number after it: 关于印发…的通知 (粤府〔2021〕22号)
_TITLE_NUMBER = re.compile(r"[(（](?P<number>[^()（）]{2,20}号)[)）]$")
_PLAN_TITLE_ENDING = re.compile(
    r"(?:方案|要点|计划|分工|分解|意见|措施|举措|细则|办法|清单|安排|规划|任务)(?:[(（][^)）]*[)）])?》?$"
)
_OFFICE_ENDING = re.compile(r"(?:办公室|办公厅|人民政府|政府|委员会|行政公署|公署|局|厅|部|委|办)$")
_PLACE_OPENING_TITLE = re.compile(r"^(?:中共)?(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|自治旗|省|市|盟|旗|县|区|州))")
_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,14}?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|盟|州|地区|旗|县|区))"
    r"(?=人民政府|政府|行政公署|委员会|党委|办公|[“\"《]|\s|\d|$)"
)
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_ISSUED_TITLE = re.compile(r"印发(?P<title>.+?)的(?:通知|意见)$")
_ISSUED_BRACKETED = re.compile(r"(?:印发|转发|发布|印送)[^《》]{0,30}?《(?P<title>[^《》]+)》\s*的(?:通知|意见|函)")
# a line that is only a document number: the notice's own 文号 (咸政发〔2022〕4号)
_OWN_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[［(（【](?:19|20)\d\d[〕\]］)）】]第?\d{1,5}号$")
_NUMBER_YEAR = re.compile(r"[〔\[［(（【]((?:19|20)\d\d)[〕\]］)）】]")
_SPACES = re.compile(r"\s+")


@dataclass
class FrontMatter:
    document: Document
    preamble: list[Line] = field(default_factory=list)  # lines between the plan title and the body
    unplaced: list[Line] = field(default_factory=list)  # lines before the header that fit nowhere
    published: str | None = None  # the portal's publication date, when it prints one


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def _bulletless(line: Line) -> tuple[str, str]:
    """(text, key) of a line without a leading list bullet."""
    cut = _BULLET.match(line.key)
    start = cut.end() if cut else 0
    return line.text[start:].strip(), line.key[start:].strip()


def header_pairs(line: Line) -> list[tuple[str | None, str | None]] | None:
    """The catalogue fields a line holds, or None if it does not start with a field name.

    Portals print them one to a line (``- 索引號`` then its value on the next line, ``索引号：X``) or
    several to a line, as a table flattened to text (``索引号 X 主题分类 Y``,
    ``索 引 号: | X | 信息分类: | |``). Each pair is (the :class:`Document` attribute, or
    ``"published"``, or None for a field not kept; the value as written, or None when empty).
    """
    text, key = line.text, line.key
    start = len(key) - len(key.lstrip(" \t\u3000-*•·|｜"))
    matches = list(_FIELD_NAME.finditer(key, start))
    if not matches or matches[0].start("name") != start:
        return None
    pairs: list[tuple[str | None, str | None]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start("name") if index + 1 < len(matches) else len(key)
        value = text[match.end() : end].strip(" \t\u3000|｜:：")
        pairs.append((_ALL_FIELDS[_squash(match.group("name"))], value or None))
    return pairs


def _kept_pairs(line: Line) -> list[tuple[str | None, str | None]] | None:
    """:func:`header_pairs` if the line names at least one field that is kept, else None."""
    pairs = header_pairs(line)
    if pairs and any(name is not None for name, _ in pairs):
        return pairs
    return None


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


def place_opening_title(*titles: str | None) -> str | None:
    """The place a title opens with when no government is named (罗湖区支持人工智能…措施 → 罗湖区), as written.

    The fallback of :func:`jurisdiction_of`: the title's first place name of at least two characters before
    its kind (区, 市, 自治州 …), ``中共`` skipped.
    """
    for title in titles:
        if not title:
            continue
        stripped = re.sub(r"\s+", "", title)
        match = _PLACE_OPENING_TITLE.match(matching_copy(stripped))
        if match:
            return stripped[match.start("place") : match.end("place")]
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
            titles = [value for name, value in header_pairs(line) or [] if name == "title" and value]
            candidate = titles[0] if titles else text
            if _is_notice_title(_squash(matching_copy(candidate))):
                title = _issued_plan_title(_TITLE_NUMBER.sub("", candidate.strip()))
                expected = _squash(matching_copy(title)) if title else None
            continue
        if _squash(key).strip("《》") == expected:
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
        elif _PLAN_TITLE_ENDING.search(_squash(matching_copy(document.title))):
            document.plan_title = document.title
    document.date = iso_date(document.date) or document.date
    document.year = (
        year_of(document.plan_title, document.title)
        or _year_from_date(document.date, document.notice_date)
        or _year_of_number(document.document_number)
        or _year_from_date(iso_date(front.published))
    )
    document.jurisdiction = jurisdiction_of(
        document.issuing_office, document.title, document.plan_title, document.issuer
    ) or place_opening_title(document.plan_title, document.title)
    return front


def _year_from_date(*dates: str | None) -> int | None:
    for date in dates:
        if date and re.match(r"^\d{4}-", date):
            return int(date[:4])
    return None


def _year_of_number(number: str | None) -> int | None:
    """The year in a document number: 咸政发〔2022〕4号 → 2022."""
    match = _NUMBER_YEAR.search(_squash(number)) if number else None
    return int(match.group(1)) if match else None


def _read_header(head: list[Line], document: Document, front: FrontMatter) -> int:
    """Fill the catalogue fields; return the index of the first line after the header block."""
    start = None
    for index, line in enumerate(head[:_HEADER_SEARCH_LINES]):
        if _kept_pairs(line):
            start = index
            break
    if start is None:
        return 0
    for line in head[:start]:
        if line:
            _read_before_header(line, document, front)
    index = start
    while index < len(head):
        line = head[index]
        if not line:
            index += 1
            continue
        pairs = header_pairs(line)
        if pairs is None:
            break
        if len(pairs) == 1 and pairs[0][1] is None and pairs[0][0] is not None:
            # "- 標 題" with its value on the next line, unless that line is a field of its own
            following = index + 1
            while following < len(head) and not head[following]:
                following += 1
            if following < len(head) and header_pairs(head[following]) is None:
                pairs = [(pairs[0][0], _bulletless(head[following])[0])]
                index = following
        for name, value in pairs:
            _set_field(document, front, name, value)
        index += 1
    return index


def _is_notice_title(squashed: str) -> bool:
    return bool(_NOTICE_TITLE.search(_TITLE_NUMBER.sub("", squashed)))


def _take_notice_title(text: str, document: Document) -> None:
    """The notice's title as written; a document number printed after it is the notice's own."""
    number = _TITLE_NUMBER.search(text.rstrip())
    if number and _NOTICE_TITLE.search(_squash(matching_copy(text[: number.start()]))):
        document.document_number = document.document_number or number.group("number").strip()
        text = text[: number.start()]
    document.title = text.strip()


def _read_before_header(line: Line, document: Document, front: FrontMatter) -> None:
    """A line above the catalogue: the page's title, a field, or chrome that is reported."""
    text = line.text.strip()
    squashed = _squash(line.key)
    pairs = header_pairs(line)
    if pairs is not None:
        for name, value in pairs:
            _set_field(document, front, name, value)
    elif document.title is None and _is_notice_title(squashed):
        _take_notice_title(text, document)
    elif document.plan_title is None and _looks_like_plan_title(squashed):
        document.plan_title = _unwrapped_title(text)
    else:
        front.unplaced.append(line)


def _set_field(document: Document, front: FrontMatter, name: str | None, value: str | None) -> None:
    value = value.strip() if value else None
    if not value or name is None:
        return
    if name == _PUBLISHED_FIELD:
        front.published = front.published or value
    elif getattr(document, name) is None:
        setattr(document, name, value)


def _read_notice(lines: list[Line], document: Document, front: FrontMatter) -> None:
    in_preamble = False
    seen_body = False
    pending: str | None = None  # a catalogue field printed with its value on the next line
    for line in lines:
        if not line:
            continue
        text = line.text.strip()
        key = line.key.strip()
        squashed = _squash(key)
        if in_preamble:
            if not front.preamble and document.title is None and _is_notice_title(squashed):
                # what looked like the plan's title was the page's heading over the notice that issues it
                _take_notice_title(text, document)
                in_preamble = False
                continue
            front.preamble.append(line)
            continue
        if pending is not None:
            field_name, pending = pending, None
            if header_pairs(line) is None and len(squashed) <= 60 and not re.search(r"[。，,；;]", key):
                if squashed.strip("|｜"):
                    _set_field(document, front, field_name, text.strip("|｜ "))
                continue
        if document.title and squashed == _squash(matching_copy(document.title)):
            continue  # the notice repeats the catalogue title
        if _PUBLISHED.match(key):
            source = _SOURCE.search(key)
            if source and document.issuer is None:
                document.issuer = text[source.start("issuer") : source.end("issuer")]
            continue
        if not squashed.strip("|｜"):
            continue  # what is left of a table's border
        pairs = header_pairs(line)
        if pairs is not None:
            for name, value in pairs:
                _set_field(document, front, name, value)
            if len(pairs) == 1 and pairs[0][0] is not None and pairs[0][1] is None:
                pending = pairs[0][0]
            continue  # a catalogue field printed apart from the block
        if document.title is None and not seen_body and _is_notice_title(squashed):
            _take_notice_title(text, document)
            continue
        if not seen_body and _OWN_NUMBER.match(squashed):
            document.document_number = document.document_number or text  # the notice's own 文号
            continue
        if (
            not document.addressees
            and (not seen_body or document.issuing_office is None)
            and key.endswith((":", "："))
            and "。" not in key
        ):
            addressees = _split_addressees(text[:-1])
            if addressees:
                document.addressees = addressees
                continue
        if _CN_DATE.match(squashed):
            if document.notice_date is None:
                document.notice_date = iso_date(squashed)
            if document.plan_title is None and not _title_in_notice(document):
                in_preamble = True  # no separate plan title: what follows the date is the preamble
            continue
        if _is_plan_title(squashed, document):
            document.plan_title = document.plan_title or _unwrapped_title(text)
            in_preamble = True
            continue
        if seen_body and len(squashed) <= 40 and _OFFICE_ENDING.search(squashed) and not re.search(r"[。，,；;：:]", key):
            if document.issuing_office is None:
                document.issuing_office = text
            continue
        if re.search(r"[。，,；;]", key) or len(squashed) > 30:
            seen_body = True  # a sentence, not a line of the page's chrome (返回首页, 中国政府网)


def _issued_plan_title(title: str) -> str | None:
    """The plan a notice issues: 印发《X》的通知 → X; else what follows 印发 up to 的通知 (印发2016年《A》B的通知)."""
    stripped = title.strip()
    key = matching_copy(stripped)
    bracketed = _ISSUED_BRACKETED.search(key)
    if bracketed:
        return stripped[bracketed.start("title") : bracketed.end("title")].strip()
    issued = _ISSUED_TITLE.search(key)
    if issued:
        return stripped[issued.start("title") : issued.end("title")].strip()
    return None


def _unwrapped_title(text: str) -> str:
    """A title line as written, without the 《》 some pages wrap it in."""
    text = text.strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        return text[1:-1].strip()
    return text


def _looks_like_plan_title(squashed: str) -> bool:
    squashed = squashed.strip("《》")
    return len(squashed) <= 60 and bool(_PLAN_TITLE_ENDING.search(squashed)) and not re.search(r"[。，,；;：:]", squashed)


def _title_in_notice(document: Document) -> bool:
    return bool(document.title and _issued_plan_title(document.title))


def _is_plan_title(squashed: str, document: Document) -> bool:
    expected = document.plan_title
    if expected is None and document.title:
        expected = _issued_plan_title(document.title)
    if expected is not None:
        return squashed.strip("《》") == _squash(matching_copy(expected))
    return _looks_like_plan_title(squashed)


def _split_addressees(text: str) -> list[str]:
    """The units a notice is sent to, or [] when the line ending in a colon names none (核心提示：)."""
    names, _ = split_unit_names(text)
    return names if names and all(looks_like_unit(name) for name in names) else []
