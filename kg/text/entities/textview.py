"""A normalised view of a task's text that remembers where each character came from.

Extraction rules are written once, for simplified script, half-width
punctuation and digits, no white space (``2022 年 3 月底前`` reads
``2022年3月底前``). :class:`TextView` holds that normalised copy together with
the offset of every character in the original, so a match found in the view
gives back the phrase exactly as the document wrote it (:meth:`TextView.raw`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.normalize import fold_width, to_simplified

# punctuation that width folding leaves alone but plans use for the ASCII one: 1﹒ (small full stop)
_PUNCTUATION = str.maketrans({"﹒": ".", "﹐": ",", "﹔": ";", "﹕": ":", "﹙": "(", "﹚": ")"})
MASK = "\x00"  # stands in for text that belongs to a cited title or document number
QUOTES = frozenset("“”‘’\"'「」『』")


def _simplified_same_length(text: str) -> str:
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    # OpenCC phrase rules changed the length somewhere: convert one character at a time.
    return "".join(to_simplified(char) if len(to_simplified(char)) == 1 else char for char in text)


@dataclass(frozen=True)
class TextView:
    """``text`` is the normalised copy; ``offsets[i]`` is where ``text[i]`` sits in ``original``."""

    original: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> TextView:
        """Width-folded, simplified, ASCII lower-cased, white space dropped."""
        normalised = _simplified_same_length(fold_width(original).translate(_PUNCTUATION)).lower()
        kept = [(char, index) for index, char in enumerate(normalised) if not char.isspace()]
        return cls(original, "".join(char for char, _ in kept), tuple(index for _, index in kept))

    def without(self, drop: Iterable[str]) -> TextView:
        """The same view with some characters (quotes, say) left out."""
        dropped = frozenset(drop)
        kept = [(char, offset) for char, offset in zip(self.text, self.offsets, strict=True) if char not in dropped]
        return TextView(self.original, "".join(char for char, _ in kept), tuple(offset for _, offset in kept))

    def masked(self, spans: Iterable[tuple[int, int]]) -> TextView:
        """The same view with the characters of ``spans`` (view offsets) replaced by :data:`MASK`."""
        chars = list(self.text)
        for start, end in spans:
            chars[start:end] = MASK * (end - start)
        return TextView(self.original, "".join(chars), self.offsets)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covered by view characters ``[start, end)``."""
        if end <= start:
            position = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1

    def raw(self, start: int, end: int) -> str:
        """The original text behind view characters ``[start, end)``, spaces as written."""
        begin, finish = self.raw_span(start, end)
        return self.original[begin:finish]

    def compact(self, start: int, end: int) -> str:
        """The original text behind ``[start, end)`` without white space, width folded."""
        return "".join(fold_width(self.raw(start, end)).split())
