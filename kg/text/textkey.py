"""A matching copy of a text: width-folded and simplified, character for character.

Rules match keywords on this copy, so one rule set serves traditional and
simplified script and full- and half-width punctuation alike, while every
offset found in the copy is an offset into the text as written.
"""

from __future__ import annotations

from kg.normalize import fold_width, to_simplified

__all__ = ["matching_copy"]


# punctuation that width folding leaves alone but plans use for the ASCII one: 1﹒ (small full stop)
_PUNCTUATION = str.maketrans({"﹒": ".", "﹐": ",", "﹔": ";", "﹕": ":", "﹙": "(", "﹚": ")"})


def matching_copy(text: str) -> str:
    """``text`` width-folded and in simplified script, with exactly the same length."""
    folded = fold_width(text).translate(_PUNCTUATION)
    simplified = to_simplified(folded)
    if len(simplified) == len(folded):
        return simplified
    # a phrase conversion changed the length: convert one character at a time instead
    out = []
    for char in folded:
        converted = to_simplified(char)
        out.append(converted if len(converted) == 1 else char)
    return "".join(out)
