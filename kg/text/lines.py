"""Lines of a source text with their offsets and their matching copy."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Line", "split_lines"]


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # offset of the first character in the source text
    end: int  # offset just past the last character (the line feed excluded)
    text: str  # as written
    key: str  # the matching copy (width-folded, simplified), same length as text

    @property
    def stripped_key(self) -> str:
        return self.key.strip()

    @property
    def content_start(self) -> int:
        """Offset of the first non-blank character."""
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def content_end(self) -> int:
        """Offset just past the last non-blank character."""
        return self.end - (len(self.text) - len(self.text.rstrip()))

    def __bool__(self) -> bool:
        return bool(self.text.strip())


def split_lines(text: str, key: str) -> list[Line]:
    """One :class:`Line` per line feed-separated line of ``text``."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = offset + len(raw)
        lines.append(Line(number, offset, end, raw, key[offset:end]))
        offset = end + 1
    return lines
