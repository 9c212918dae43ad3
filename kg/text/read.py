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
import stat
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.errors import SourceError
from kg.model import Source
from kg.normalize import guess_script
from kg.resources import default_corpus_file

__all__ = ["MAX_SOURCE_BYTES", "decode_bytes", "html_to_text", "looks_like_html", "printable_path", "read_source"]

# a plan is kilobytes, a saved portal page a few hundred; this is generous, and bounds the memory a read takes
MAX_SOURCE_BYTES = 32_000_000

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
        label = printable_path(path) if path is not None else "<bytes>"
        raw = bytes(data)
        if len(raw) > MAX_SOURCE_BYTES:
            raise SourceError(_too_large(label))
    elif path is None:
        resource = default_corpus_file()
        label = f"corpus/{resource.name}"
        raw = resource.read_bytes()
    else:
        label = printable_path(path)
        raw = _read_file(path, label)

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


def printable_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be printed: bytes that are not UTF-8 shown as ``\\xff``, never a crash."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file system name decodes to
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _too_large(label: str) -> str:
    return (
        f"{label} is larger than {MAX_SOURCE_BYTES // 1_000_000} MB, far more than any plan: "
        "give one plan's text or page"
    )


def _read_file(path: str | os.PathLike[str], label: str) -> bytes:
    """The bytes of a regular file, refusing before it is opened what would block or never end."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise SourceError(f"{label}: no such file; check the path, or omit it to read the embedded plan") from None
    except (UnicodeEncodeError, ValueError):
        raise SourceError(f"{label} is not a file name this system can open: check the path") from None
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(f"{label} cannot be read ({reason}): check the path and its permissions") from None
    if stat.S_ISDIR(status.st_mode):
        raise SourceError(f"{label} is a folder: give the path of one plan file (.txt or .html)")
    if not stat.S_ISREG(status.st_mode):
        # a FIFO would block and a device (/dev/zero) never end: neither is opened
        raise SourceError(f"{label} is not a regular file (a pipe, device or socket): give the path of a plan file")
    if status.st_size > MAX_SOURCE_BYTES:
        raise SourceError(_too_large(label))
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(f"{label} cannot be read ({reason}): check its permissions") from None
    if len(raw) > MAX_SOURCE_BYTES:  # it grew while being read
        raise SourceError(_too_large(label))
    return raw


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
            if encoding == "gb18030" and declared != "gb18030":
                big5 = _big5_rather_than_gb(raw, text)
                if big5 is not None:
                    return _checked(big5.text, big5.encoding, label)
            return _checked(text, encoding, label)

    guessed = _charset_normalizer(raw)
    if guessed is not None and _reads_as_chinese(guessed.text):
        return _checked(guessed.text, guessed.encoding, label)
    raise SourceError(
        f"{label}: the bytes are in no encoding plankg can read (UTF-8, UTF-16, GB18030/GBK); "
        "save the file as UTF-8 and try again"
    )


def _big5_rather_than_gb(raw: bytes, gb_text: str) -> Decoded | None:
    """The Big5 reading of ``raw`` when it reads as Chinese far better than the GB18030 one, else None.

    GB18030 decodes almost any double-byte text, Big5 included, into rare characters. Each reading is
    scored by the share of its Han characters that are common ones (GB2312 level 1 for simplified, Big5
    level 1 for traditional text); traditional-script plans from some portals are saved in Big5.
    """
    for encoding in ("cp950", "big5hkscs"):
        big5_text = _try(raw, encoding)
        if big5_text is not None:
            break
    else:
        return None
    big5_share, gb_share = _common_share(big5_text), _common_share(gb_text)
    if big5_share >= 0.7 and big5_share > gb_share + 0.2:
        return Decoded(big5_text, encoding)
    return None


def _common_share(text: str, sample: int = 20_000) -> float:
    """The share of the Han characters in ``text`` that are common (GB2312 or Big5 level 1)."""
    han = [char for char in text[:sample] if "\u4e00" <= char <= "\u9fff"]
    if not han:
        return 0.0
    return sum(1 for char in han if _is_common(char)) / len(han)


@lru_cache(maxsize=8192)
def _is_common(char: str) -> bool:
    for encoding, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            lead = char.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        if low <= lead <= high:
            return True
    return False


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
    """The article text of a web page: chrome dropped, one line per block element.

    Every walk over the tree is iterative and visits each node a bounded number of times, so a page nested
    thousands of levels deep reads in time linear in its size and never exhausts the recursion limit.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    for comment in [node for node in soup.descendants if isinstance(node, Comment)]:
        comment.extract()
    for tag in _topmost(soup, _is_dropped):
        tag.decompose()

    root: Any = soup.body or soup
    holds_table = _holding(root, "table")
    pieces: list[str] = []
    # an explicit stack of (node, closing): a block's closing line feed is pushed before its children
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(list(root.children))]
    while stack:
        node, closing = stack.pop()
        if closing:
            pieces.append("\n")
        elif isinstance(node, NavigableString):
            if not isinstance(node, Comment):
                pieces.append(_INLINE_SPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            if node.name == "br":
                pieces.append("\n")
                continue
            row = _table_row(node, holds_table)
            if row is not None:
                pieces.append("\n" + row + "\n")
                continue
            if node.name in _BLOCK_TAGS:
                pieces.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.children)))
    text = _BLANKS.sub("\n", "".join(pieces))
    lines = [line.strip(" \t\u00a0") for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _is_dropped(tag: Any, in_article: bool) -> bool:
    """Never text (script, style …), page chrome outside the article, or a container named like chrome."""
    if tag.name in _NEVER_TEXT_TAGS or (tag.name in _PAGE_CHROME_TAGS and not in_article):
        return True
    return _is_chrome_container(tag)


def _topmost(soup: Any, dropped: Any) -> list[Any]:
    """The tags to drop that lie in no other tag to drop, found in one pass from the top.

    (bs4's ``Tag.decomposed`` searches the subtree for an attribute it lacks, so it is never asked.)
    """
    from bs4 import Tag

    found: list[Any] = []
    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, in_article = stack.pop()
        if node is not soup and dropped(node, in_article):
            found.append(node)
            continue
        below = in_article or node.name in _ARTICLE_TAGS
        stack.extend((child, below) for child in node.children if isinstance(child, Tag))
    return found


def _holding(root: Any, name: str) -> set[int]:
    """The ids of the tags that hold a ``name`` tag somewhere below them, in one pass (post-order)."""
    from bs4 import Tag

    holding: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = [child for child in node.children if isinstance(child, Tag)]
        if not done:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
        elif any(child.name == name or id(child) in holding for child in children):
            holding.add(id(node))
    return holding


def _table_row(tag: Any, holds_table: set[int]) -> str | None:
    """A row of a data table as one line, its cells apart by `` | ``; None for anything else.

    A row of two cells or more becomes one line, so that a task and the units in the cells beside it
    stay together (:mod:`kg.text.task_tables` reads them); line breaks inside a cell become spaces. A row whose
    cells hold a table of their own, or whole articles, is page layout and is read block by block.
    """
    if tag.name != "tr":
        return None
    cells = tag.find_all(["td", "th"], recursive=False)
    if len(cells) < 2 or any(id(cell) in holds_table for cell in cells):
        return None
    texts = [_INLINE_SPACE.sub(" ", _cell_text(cell)).strip() for cell in cells]
    if sum(len(text) for text in texts) > _MAX_ROW_CHARS:
        return None
    return " | ".join(texts)


def _cell_text(node: Any) -> str:
    """The text of a table cell: inline markup joined as written, line breaks and blocks as spaces."""
    from bs4 import NavigableString, Tag

    parts: list[str] = []
    stack: list[Any] = list(reversed(list(node.children)))
    while stack:
        child = stack.pop()
        if isinstance(child, str) and not isinstance(child, NavigableString):
            parts.append(child)  # a space pushed around a block
        elif isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append(" ")
                continue
            block = child.name in _BLOCK_TAGS
            if block:
                stack.append(" ")
            stack.extend(reversed(list(child.children)))
            if block:
                stack.append(" ")
    return "".join(parts)


def _is_chrome_container(tag: Any) -> bool:
    if tag.name in ("body", "html", *_ARTICLE_TAGS):
        return False
    names = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
    return bool(names.strip()) and bool(_CHROME_NAMES.search(names))
