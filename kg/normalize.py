"""Text normalisation for matching (never for storage: source text is kept as written).

* :func:`fold_width` maps full-width ASCII forms (（ ） ： ； ０-９ Ａ-Ｚ) and the
  ideographic space to their half-width forms, one character for one, so
  offsets into the folded text are offsets into the original.
* :func:`to_simplified` / :func:`to_traditional` convert script with OpenCC.
* :func:`match_key` is the key two spellings of one name share: simplified,
  width-folded, without white space, with document-number brackets unified,
  ASCII lower-cased. ``國辦發〔2022〕2 號``, ``国办发[2022]2号`` and
  ``国办发［2022］2号`` have one key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20  # ideographic space

# brackets used around the year of a document number: 〔2022〕 [2022] ［2022］ 【2022】 (2022) ﹝2022﹞ 〖2022〗
_YEAR_BRACKETS = re.compile(r"[\[［【(（﹝〖〔]\s*((?:19|20)\d\d)\s*[\]］】)）﹞〗〕]")
_SPACE = re.compile(r"\s+")

_OPENCC_CONFIGS = {"t2s": "t2s", "s2t": "s2t"}


def fold_width(text: str) -> str:
    """Full-width ASCII forms to half-width, length-preserving."""
    return text.translate(_WIDTH_TABLE)


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc

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


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """The key under which two spellings of the same name meet."""
    folded = remove_spaces(fold_width(text))
    return unify_year_brackets(to_simplified(folded)).lower()


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


__all__ = [
    "fold_width",
    "guess_script",
    "match_key",
    "remove_spaces",
    "to_simplified",
    "to_traditional",
    "unify_year_brackets",
]
