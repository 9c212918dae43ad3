"""Read one plan from disk or bytes: decode it and, for a saved web page, extract the article text.

:func:`read_source` returns a :class:`kg.model.Source` whose ``text`` is what
every later offset points into. Decoding tries, in order: a byte-order mark
(UTF-8, UTF-16 LE/BE), strict UTF-8, UTF-16 without a mark (recognised by its
NUL-byte pattern), the charset an HTML page declares, GB18030 (a superset of
GBK and GB2312), and charset-normalizer as a last resort. Line ends are
unified to ``\\n`` so that the same plan gives the same offsets whatever the
encoding or platform it was saved with.

A government portal page saved from a browser is reduced to its text: script,
style, navigation, header and footer chrome are dropped and every block
element becomes a line, so the same tasks come out as from the plain text.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.model import Source
from kg.normalize import guess_script
from kg.resources import default_corpus_file

__all__ = ["read_source", "decode_bytes", "html_to_text", "looks_like_html"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control characters that never occur in a text document (tab, line feed,
# form feed and carriage return do; ESC and the rest do not).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
_MAX_CONTROL_SHARE = 0.001  # a stray control character or two is tolerated, more is binary
_MIN_HAN_SHARE = 0.2  # of the visible characters, for a last-resort guess to count as a Chinese plan
# a page that declares one of these is read as GB18030, the standard that contains them all
_GB_FAMILY = {"gbk", "gb2312", "cp936", "euc_cn", "hz", "gb18030"}

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def read_source(path: str | os.PathLike[str] | None = None, data: bytes | None = None) -> Source:
    """Read a plan: a file path, raw ``data``, or (neither given) the embedded corpus.

    Raises :class:`kg.errors.SourceError` for a missing path, a directory, an
    empty or binary file, or bytes no known encoding reads.
    """
    if data is not None:
        label = os.fspath(path) if path is not None else "<bytes>"
        raw = bytes(data)
    elif path is None:
        resource = default_corpus_file()
        label = f"corpus/{resource.name}"
        raw = resource.read_bytes()
    else:
        label = os.fspath(path)
        raw = _read_file(Path(label))

    if not raw.strip():
        raise SourceError(f"{label} is empty: give a plan text or a saved web page of one")

    is_html = label.lower().endswith(_HTML_SUFFIXES) or bool(_HTML_START.match(raw[:4096].lstrip(codecs.BOM_UTF8)))
    declared = _declared_charset(raw) if is_html else None
    decoded = decode_bytes(raw, label=label, declared=declared)
    text = html_to_text(decoded.text) if is_html else decoded.text
    if not text.strip():
        raise SourceError(f"{label} holds no text: give a plan text or a saved web page of one")

    return Source(
        path=label,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=decoded.encoding,
        media_type="text/html" if is_html else "text/plain",
        script=guess_script(text),
        text=text,
    )


def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise SourceError(f"{path}: no such file; check the path, or omit it to read the embedded plan")
    if path.is_dir():
        raise SourceError(f"{path} is a folder: give the path of one plan file (.txt or .html)")
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(f"{path} cannot be read ({reason}): check its permissions") from None


def _declared_charset(raw: bytes) -> str | None:
    match = _HTML_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "gb18030" if name in _GB_FAMILY else name


def decode_bytes(raw: bytes, *, label: str = "<bytes>", declared: str | None = None) -> Decoded:
    """Decode a plan's bytes (see the module doc for the order of attempts)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _checked(_strict(raw, encoding, label), encoding if encoding != "utf-16" else _utf16_name(bom), label)

    utf16 = _utf16_without_bom(raw)
    if utf16 is None and _CONTROL_BYTES.search(raw) and _control_share(raw) > _MAX_CONTROL_SHARE:
        raise SourceError(f"{label} looks like a binary file, not a plan text: give a .txt or .html file")

    if utf16 is not None:
        text = _try(raw, utf16)
        if text is not None:
            return _checked(text, utf16, label)

    for encoding in [name for name in ("utf-8", declared, "gb18030") if name is not None]:
        text = _try(raw, encoding)
        if text is not None:
            return _checked(text, encoding, label)

    guessed = _charset_normalizer(raw)
    if guessed is not None and _reads_as_chinese(guessed.text):
        return _checked(guessed.text, guessed.encoding, label)
    raise SourceError(
        f"{label}: the bytes are in no encoding plankg can read (UTF-8, UTF-16, GB18030/GBK); "
        "save the file as UTF-8 and try again"
    )


def _utf16_name(bom: bytes) -> str:
    return "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"


def _strict(raw: bytes, encoding: str, label: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise SourceError(
            f"{label} starts with a {encoding} byte-order mark but is not valid {encoding}; save it again as UTF-8"
        ) from None


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes gather on one parity, as ASCII does in UTF-16.

    Han characters such as 一 (U+4E00) put a NUL on the other parity now and
    then, so the test is dominance, confirmed by a strict decode that reads as
    text.
    """
    if len(raw) < 4 or len(raw) % 2:
        return None
    even_nuls = raw[0::2].count(0)
    odd_nuls = raw[1::2].count(0)
    pairs = len(raw) // 2
    if odd_nuls >= max(2, pairs * 0.01) and odd_nuls >= 4 * even_nuls:
        candidate = "utf-16-le"
    elif even_nuls >= max(2, pairs * 0.01) and even_nuls >= 4 * odd_nuls:
        candidate = "utf-16-be"
    else:
        return None
    text = _try(raw, candidate)
    if text is None or len(_CONTROL_CHARS.findall(text)) > len(text) * _MAX_CONTROL_SHARE:
        return None
    return candidate


def _control_share(raw: bytes) -> float:
    return len(_CONTROL_BYTES.findall(raw)) / max(len(raw), 1)


def _reads_as_chinese(text: str) -> bool:
    """A plan is Chinese text: a guess that yields almost no Han characters read the bytes wrongly."""
    visible = [char for char in text if not char.isspace()]
    han = sum(1 for char in visible if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    return bool(visible) and han / len(visible) >= _MIN_HAN_SHARE


def _charset_normalizer(raw: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    return Decoded(str(best), best.encoding)


def _checked(text: str, encoding: str, label: str) -> Decoded:
    text = text.lstrip("\ufeff")
    if _CONTROL_CHARS.search(text) and len(_CONTROL_CHARS.findall(text)) / max(len(text), 1) > _MAX_CONTROL_SHARE:
        raise SourceError(f"{label} looks like a binary file, not a plan text: give a .txt or .html file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, codecs.lookup(encoding).name)


# -- HTML ------------------------------------------------------------------------------------

def looks_like_html(raw: bytes) -> bool:
    return bool(_HTML_START.match(raw[:4096].lstrip(codecs.BOM_UTF8)))


_NEVER_TEXT_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "input", "textarea", "head", "title",
)  # fmt: skip
# page chrome, unless it sits inside the article itself (an <article>'s own <header> holds its title)
_PAGE_CHROME_TAGS = ("nav", "header", "footer", "aside")
_ARTICLE_TAGS = ("article", "main")
# class or id words that portals use for navigation, breadcrumbs, share bars and page footers
_CHROME_NAMES = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|footer|breadcrumbs?|crumbs?|position|location|"
    r"sidebar|share|toolbar|copyright|search|login|skip)(?:$|[-_\s\d])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_BLANKS = re.compile(r"[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000\n]*")
_MAX_ROW_CHARS = 3000  # a longer "row" is a layout table holding the article, not a row of data
_INLINE_SPACE = re.compile(r"[ \t\r\n\u00a0]+")


def html_to_text(html: str) -> str:
    """The article text of a web page: chrome dropped, one line per block element."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(_NEVER_TEXT_TAGS):
        tag.decompose()
    for tag in soup.find_all(_PAGE_CHROME_TAGS):
        if not tag.decomposed and tag.find_parent(_ARTICLE_TAGS) is None:
            tag.decompose()
    for tag in soup.find_all(_is_chrome_container):
        if not tag.decomposed:
            tag.decompose()

    root: Any = soup.body or soup
    pieces: list[str] = []

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                pieces.append(_INLINE_SPACE.sub(" ", str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    pieces.append("\n")
                    continue
                row = _table_row(child)
                if row is not None:
                    pieces.append("\n" + row + "\n")
                    continue
                block = child.name in _BLOCK_TAGS
                if block:
                    pieces.append("\n")
                walk(child)
                if block:
                    pieces.append("\n")

    walk(root)
    text = _BLANKS.sub("\n", "".join(pieces))
    lines = [line.strip(" \t\u00a0") for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _table_row(tag: Any) -> str | None:
    """A row of a data table as one line, its cells apart by `` | ``; None for anything else.

    A row of two cells or more becomes one line, so that a task and the units in the cells beside it
    stay together (:mod:`kg.text.task_tables` reads them); line breaks inside a cell become spaces. A row whose
    cells hold a table of their own, or whole articles, is page layout and is read block by block.
    """
    if tag.name != "tr":
        return None
    cells = tag.find_all(["td", "th"], recursive=False)
    if len(cells) < 2 or any(cell.find("table") is not None for cell in cells):
        return None
    texts = [_INLINE_SPACE.sub(" ", _cell_text(cell)).strip() for cell in cells]
    if sum(len(text) for text in texts) > _MAX_ROW_CHARS:
        return None
    return " | ".join(texts)


def _cell_text(node: Any) -> str:
    """The text of a table cell: inline markup joined as written, line breaks and blocks as spaces."""
    from bs4 import NavigableString, Tag

    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append(" ")
            elif child.name in _BLOCK_TAGS:
                parts.append(" " + _cell_text(child) + " ")
            else:
                parts.append(_cell_text(child))
    return "".join(parts)


def _is_chrome_container(tag: Any) -> bool:
    if tag.decomposed or tag.name in ("body", "html", *_ARTICLE_TAGS):
        return False
    names = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
    return bool(names.strip()) and bool(_CHROME_NAMES.search(names))
