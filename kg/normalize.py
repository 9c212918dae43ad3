"""Text normalisation for matching (never for storage: source text is kept as written).

Every normalised form of text the package compares lives here, one function per job:

* :func:`fold_width` maps full-width ASCII forms (（ ） ： ； ０-９ Ａ-Ｚ) and the
  ideographic space to their half-width forms, one character for one, so
  offsets into the folded text are offsets into the original.
* :func:`to_simplified` / :func:`to_traditional` convert script with OpenCC;
  :func:`guess_script` tells which one a text is written in.
* :func:`matching_copy` is the copy the parser's rules match on: width-folded,
  small-form punctuation (﹒ ﹐ ﹔ …) made ASCII, simplified, character for
  character, so an offset found in the copy is an offset into the text as written.
* :class:`TextView` is the view the entity extractors match on: the matching
  copy lower-cased with white space dropped, remembering where each character
  came from (``2022 年 3 月底前`` reads ``2022年3月底前``).
* :func:`match_key` is the key two spellings of one name share (IRIs, query
  parameters, ``plan:matchKey``): simplified, width-folded, without white space,
  with document-number brackets unified, ASCII lower-cased. ``國辦發〔2022〕2 號``,
  ``国办发[2022]2号`` and ``国办发［2022］2号`` have one key.
* :func:`label_key` is the key a system's label or alias is looked up by:
  simplified, width-folded, lower-cased, without white space or quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "MASK",
    "QUOTES",
    "TextView",
    "fold_width",
    "guess_script",
    "label_key",
    "match_key",
    "matching_copy",
    "remove_spaces",
    "to_simplified",
    "to_traditional",
    "unify_year_brackets",
]

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20  # ideographic space

# punctuation that width folding leaves alone but plans use for the ASCII one: 1﹒ (small full stop)
_PUNCTUATION = str.maketrans({"﹒": ".", "﹐": ",", "﹔": ";", "﹕": ":", "﹙": "(", "﹚": ")"})

# brackets used around the year of a document number: 〔2022〕 [2022] ［2022］ 【2022】 (2022) ﹝2022﹞ 〖2022〗
_YEAR_BRACKETS = re.compile(r"[\[［【(（﹝〖〔]\s*((?:19|20)\d\d)\s*[\]］】)）﹞〗〕]")
_SPACE = re.compile(r"\s+")

MASK = "\x00"  # stands in for text that belongs to a cited title or document number
QUOTES = frozenset("“”‘’\"'「」『』")


def fold_width(text: str) -> str:
    """Full-width ASCII forms to half-width, length-preserving."""
    return text.translate(_WIDTH_TABLE)


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc  # loaded on first conversion: a saved query that never converts script does not pay for it

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional to simplified script (OpenCC t2s)."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified to traditional script (OpenCC s2t)."""
    return _converter("s2t").convert(text) if text else text


def unify_year_brackets(text: str) -> str:
    """``[2022]``, ``［2022］``, ``(2022)`` … around a year become ``〔2022〕``."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", text)


def remove_spaces(text: str) -> str:
    return _SPACE.sub("", text)


def _simplified_same_length(text: str) -> str:
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    # an OpenCC phrase rule changed the length somewhere: convert one character at a time instead
    out = []
    for char in text:
        single = to_simplified(char)
        out.append(single if len(single) == 1 else char)
    return "".join(out)


def matching_copy(text: str) -> str:
    """``text`` width-folded, small-form punctuation made ASCII, in simplified script, with exactly the same length."""
    return _simplified_same_length(fold_width(text).translate(_PUNCTUATION))


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """The key under which two spellings of the same name meet."""
    folded = remove_spaces(fold_width(text))
    return unify_year_brackets(to_simplified(folded)).lower()


def label_key(label: str) -> str:
    """The form under which a system label is matched: simplified, folded, lower-case, no spaces or quotes."""
    folded = to_simplified(fold_width(label)).lower()
    return "".join(char for char in folded if not char.isspace() and char not in QUOTES)


@dataclass(frozen=True)
class TextView:
    """``text`` is the normalised copy; ``offsets[i]`` is where ``text[i]`` sits in ``original``.

    Extraction rules are written once, for simplified script, half-width
    punctuation and digits, no white space; a match found in the view gives back
    the phrase exactly as the document wrote it (:meth:`raw`).
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> TextView:
        """The :func:`matching_copy` of ``original``, ASCII lower-cased, white space dropped."""
        normalised = matching_copy(original).lower()
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


_HANT_ONLY_PROBE = 200  # characters sampled to guess the script


def guess_script(text: str) -> str:
    """``"Hant"`` if the text reads as traditional script, else ``"Hans"``.

    Counts the CJK characters that OpenCC's t2s would change: traditional
    text has many, simplified text has (almost) none.
    """
    han = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not han:
        return "Hans"
    sample = "".join(han[: _HANT_ONLY_PROBE * 10])
    simplified = to_simplified(sample)
    changed = sum(1 for before, after in zip(sample, simplified) if before != after)
    return "Hant" if changed / len(sample) > 0.02 else "Hans"
