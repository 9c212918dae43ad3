"""Recover headings garbled by an encoding accident.

Some plans published on portals carry lines such as ``?。ㄒ唬┩七M政務服務…``:
a GBK heading whose bytes were read one byte out of step. Encoding the line
back to GBK bytes (code page 936, where ``€`` is byte 0x80), dropping the
first byte and decoding again re-aligns it: ``（一）推進政務服務…``. The
damaged run resynchronises on a single-byte character, so the rest of the
line decodes to itself; only the part before the longest common suffix of
the garbled and re-decoded line was repaired.

Some byte pairs were lost in the original accident (pairs in GBK's
user-defined areas), and each lost pair turns two true characters into one
wrong one. Nothing is invented: a character of the repaired region that
cannot be trusted (U+FFFD, ``?``, or one that appears nowhere in the
document's undamaged text) is shown as ``□`` and reported. The ordinal comes
from the bytes when they decode to ``（X）``; otherwise the caller supplies it
from the sequence of sibling headings, and the surviving GBK lead byte (each
numeral 一…十 has its own) corroborates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "GarbledHeading",
    "OrdinalChoice",
    "UNRECOVERED",
    "choose_ordinal",
    "detect_garbled_heading",
    "gbk_bytes",
    "shifted_redecode",
]

UNRECOVERED = "□"

_LEADING_NOISE = "?？\ufffd"
_NUMERALS = "一二三四五六七八九十百零〇"
_OPEN_BRACKET = "（".encode("gbk")  # A3 A8
_CLOSE_BRACKET = "）".encode("gbk")  # A3 A9
_COMMA = "、".encode("gbk")  # A1 A2
_LEAD_BYTE_NUMERAL = {char.encode("gbk")[0]: char for char in "一二三四五六七八九十"}
_SENTENCE_END = re.compile(r"。")


@dataclass(frozen=True)
class DecodedChar:
    char: str
    raw: bytes  # the bytes it was decoded from


@dataclass
class GarbledHeading:
    """A line whose shifted re-decoding reads as a heading, before its ordinal is settled."""

    raw: str  # the line as written
    level: str  # "area" for （X）, "part" for X、
    decoded: str  # the whole re-decoded line
    repaired_length: int  # decoded[:repaired_length] is the repaired region (tail decodes to itself)
    ordinal_from_bytes: str | None  # numerals decoded exactly, e.g. "一"
    closing_intact: bool  # the decode gives （X） with its closing bracket
    lead_byte: int | None  # first byte after （ when the numeral did not decode
    title: str  # with □ for what could not be recovered
    text: str | None  # what follows the title's first 。 (undamaged tail)
    text_start: int | None = None  # where that text begins in the raw line, when it is all undamaged tail
    unrecovered: list[str] = field(default_factory=list)  # characters shown as □

    @property
    def lead_byte_numeral(self) -> str | None:
        return _LEAD_BYTE_NUMERAL.get(self.lead_byte) if self.lead_byte is not None else None


@dataclass(frozen=True)
class OrdinalChoice:
    ordinal: str
    evidence: str  # one clause for the warning
    conflict: bool = False


def gbk_bytes(text: str) -> bytes:
    """``text`` as GBK bytes the way code page 936 writes them: ``€`` is 0x80, the unencodable is ``?``."""
    out = bytearray()
    for char in text:
        if char == "€":
            out.append(0x80)
            continue
        try:
            out += char.encode("gbk")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


def _decode_with_offsets(data: bytes) -> list[DecodedChar]:
    """GBK decoding that keeps each character's bytes; a byte that starts nothing valid is U+FFFD."""
    chars: list[DecodedChar] = []
    index = 0
    while index < len(data):
        byte = data[index]
        if byte < 0x80:
            chars.append(DecodedChar(chr(byte), data[index : index + 1]))
            index += 1
            continue
        if byte == 0x80:
            chars.append(DecodedChar("€", data[index : index + 1]))
            index += 1
            continue
        pair = data[index : index + 2]
        try:
            char = pair.decode("gbk") if len(pair) == 2 else ""
        except UnicodeDecodeError:
            char = ""
        if len(char) == 1:
            chars.append(DecodedChar(char, pair))
            index += 2
        else:
            chars.append(DecodedChar("\ufffd", data[index : index + 1]))
            index += 1
    return chars


def shifted_redecode(line: str) -> tuple[str, list[DecodedChar]] | None:
    """The line re-encoded as GBK, one byte dropped, decoded again (``None`` if too short)."""
    data = gbk_bytes(line.lstrip(_LEADING_NOISE))
    if len(data) < 3:
        return None
    chars = _decode_with_offsets(data[1:])
    return "".join(decoded.char for decoded in chars), chars


def _may_open_heading(body: str) -> bool:
    """Cheap test on the first bytes: does the shifted line begin with （ or a numeral?"""
    head = gbk_bytes(body[:3])[1:]
    if head[:2] == _OPEN_BRACKET:
        return True
    try:
        return head[:2].decode("gbk") in _NUMERALS
    except UnicodeDecodeError:
        return False


def _common_suffix_length(first: str, second: str) -> int:
    length = 0
    limit = min(len(first), len(second))
    while length < limit and first[-1 - length] == second[-1 - length]:
        length += 1
    return length


def _untrusted(char: str, trusted: set[str]) -> bool:
    return char in "\ufffd?？€" or char not in trusted


def detect_garbled_heading(line: str, trusted: Iterable[str] | None = None) -> GarbledHeading | None:
    """A :class:`GarbledHeading` if re-aligning the line's GBK bytes by one yields a heading ordinal.

    ``trusted`` is the set of characters of the document's undamaged text; a
    character of the repaired region outside it is shown as ``□``.
    """
    if not line.strip():
        return None
    stripped = line.rstrip()
    body = stripped.lstrip().lstrip(_LEADING_NOISE)
    body_offset = len(stripped) - len(body)
    if not _may_open_heading(body):
        return None
    shifted = shifted_redecode(body)
    if shifted is None:
        return None
    decoded, chars = shifted
    trusted_chars = set(trusted) if trusted is not None else set()
    if decoded == body:
        return None

    head = _read_ordinal(chars)
    if head is None:
        return None
    level, ordinal, closing_intact, lead_byte, title_from = head

    tail = _common_suffix_length(body, decoded)
    repaired = len(decoded) - tail
    if repaired <= 0:
        return None  # nothing before the heading's ordinal changed: not a garbled line
    # the resynchronised tail can still begin with a few characters of garbage: widen over them
    while repaired < len(decoded) and decoded[repaired] not in "。，,;；" and _untrusted(decoded[repaired], trusted_chars):
        repaired += 1

    end = _SENTENCE_END.search(decoded, title_from)
    title_end = end.start() if end else len(decoded)
    title_chars: list[str] = []
    unrecovered: list[str] = []
    for position in range(title_from, title_end):
        char = decoded[position]
        if position < repaired and _untrusted(char, trusted_chars):
            title_chars.append(UNRECOVERED)
            unrecovered.append(char)
        else:
            title_chars.append(char)
    rest = decoded[end.end() :].strip() if end else ""
    text_start = None
    if end and rest and len(decoded) - end.end() <= tail:
        text_start = body_offset + len(body) - (len(decoded) - end.end())
    return GarbledHeading(
        raw=line,
        level=level,
        decoded=decoded,
        repaired_length=repaired,
        ordinal_from_bytes=ordinal,
        closing_intact=closing_intact,
        lead_byte=lead_byte,
        title="".join(title_chars).strip(),
        text=rest or None,
        text_start=text_start,
        unrecovered=unrecovered,
    )


def _read_ordinal(chars: list[DecodedChar]) -> tuple[str, str | None, bool, int | None, int] | None:
    """(level, numerals from bytes, closing bracket intact, surviving lead byte, index where the title starts)."""
    if not chars:
        return None
    if chars[0].char == "（":
        numerals = ""
        index = 1
        while index < len(chars) and chars[index].char in _NUMERALS:
            numerals += chars[index].char
            index += 1
        if numerals:
            if index < len(chars) and chars[index].char == "）":
                return "area", numerals, True, None, index + 1
            # the closing bracket's lead byte survives alone (its trail byte was lost)
            if index < len(chars) and chars[index].char == "\ufffd":
                return "area", numerals, False, None, index + 1
            return "area", numerals, False, None, index
        if index < len(chars):
            lead = chars[index].raw[0]
            if lead in _LEAD_BYTE_NUMERAL:
                # one wrong character stands for the numeral's lead byte and the next surviving byte;
                # when the closing bracket survives right after an unreadable byte, it ends the ordinal
                after = index + 1
                if after + 1 < len(chars) and chars[after].char in "\ufffd?" and chars[after + 1].char == "）":
                    return "area", None, True, lead, after + 2
                if after < len(chars) and chars[after].char == "）":
                    return "area", None, True, lead, after + 1
                return "area", None, False, lead, after
        return None
    numerals = ""
    index = 0
    while index < len(chars) and chars[index].char in _NUMERALS:
        numerals += chars[index].char
        index += 1
    if numerals and index < len(chars) and chars[index].char == "、":
        return "part", numerals, True, None, index + 1
    return None


def choose_ordinal(heading: GarbledHeading, expected: str | None) -> OrdinalChoice | None:
    """Settle a repaired heading's ordinal from its bytes and ``expected`` (from the sibling sequence)."""
    from_bytes = heading.ordinal_from_bytes
    if from_bytes is not None:
        how = "decoded from the bytes" if heading.closing_intact else "decoded from the bytes (closing bracket lost)"
        if expected is not None and expected != from_bytes:
            return OrdinalChoice(from_bytes, f"{how}; the sibling sequence expected {expected}", conflict=True)
        return OrdinalChoice(from_bytes, how)
    lead = heading.lead_byte_numeral
    lead_hex = f"{heading.lead_byte:02X}" if heading.lead_byte is not None else ""
    if expected is None:
        if lead is None:
            return None
        return OrdinalChoice(lead, f"from the surviving GBK lead byte {lead_hex} of {lead} only")
    if lead is not None and expected.startswith(lead):
        return OrdinalChoice(expected, f"from the sibling sequence, corroborated by the surviving GBK lead byte {lead_hex} of {lead}")
    if lead is not None:
        return OrdinalChoice(
            expected, f"from the sibling sequence; the surviving GBK lead byte {lead_hex} suggests {lead}", conflict=True
        )
    return OrdinalChoice(expected, "from the sibling sequence only")
