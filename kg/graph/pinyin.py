"""Toneless pinyin of Han text, read from pypinyin's own data without loading all of it.

``import pypinyin`` parses its whole phrase table (47,000 phrases, 2.5 MB of
JSON), copies it and builds its segmenter's prefix set from it: about 0.3 s,
a third of a one-plan build, for the few dozen names a plan needs slugs for.
:func:`lazy_pinyin` gives what ``pypinyin.lazy_pinyin(text)`` gives (style
NORMAL, ``errors="default"``, no tone sandhi) from the same files, looking each
phrase up where it lies instead:

- pypinyin's ``phrases_dict.json`` and ``pinyin_dict.json`` are opened as
  memory maps and searched by bisection (their keys are sorted: phrases by
  code point, characters by number; :func:`sorted_sample` checks a spread of
  them each time a file is opened, and any surprise falls back to pypinyin);
- text is cut as pypinyin cuts it: runs of characters that have pinyin, then
  its strict forward maximum matching over the phrase table
  (``pypinyin.seg.mmseg``), with the same prefix test;
- a phrase takes its table reading, any other character its first reading;
  tone marks come off as pypinyin's NORMAL style takes them off.

:data:`PLACE_READINGS` corrects readings the phrase table gets wrong in the
genre's place names; pypinyin, where it is used, gets them too. The tests
compare this module with pypinyin on every name of the authority files, of
the fixtures and of the real plans, and on every phrase and character of the
table.
"""

from __future__ import annotations

import json
import mmap
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

# Readings pypinyin's phrase table gets wrong in the genre's place names: 郭勒 (Mongolian
# "gol", river) is read guō-lè in 锡林郭勒 (Xilingol), not guō-lēi.
PLACE_READINGS: dict[str, list[list[str]]] = {"郭勒": [["guō"], ["lè"]]}

# pypinyin.constants.RE_HANS: the characters pypinyin gives pinyin to (others pass through)
_HANS = re.compile(
    "^(?:["
    "\u3007"
    "\ue815-\ue864"
    "\ufa18"
    "\u3400-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\U00020000-\U0002A6DF"
    "\U0002A703-\U0002B73F"
    "\U0002B740-\U0002B81D"
    "\U0002B825-\U0002BF6E"
    "\U0002C029-\U0002CE93"
    "\U0002D016"
    "\U0002D11B-\U0002EBD9"
    "\U0002F80A-\U0002FA1F"
    "\U00030000-\U0003134A"
    "\U000300F7-\U00031288"
    "\U00030EDD"
    "\U00030EDE"
    "\U00031350-\U00032389"
    "])+$"
)

# pypinyin.phonetic_symbol: a toned letter -> the letter and its tone number (NORMAL drops the digit)
_TONED = {
    "ā": "a1", "á": "a2", "ǎ": "a3", "à": "a4",
    "ē": "e1", "é": "e2", "ě": "e3", "è": "e4",
    "ō": "o1", "ó": "o2", "ǒ": "o3", "ò": "o4",
    "ī": "i1", "í": "i2", "ǐ": "i3", "ì": "i4",
    "ū": "u1", "ú": "u2", "ǔ": "u3", "ù": "u4",
    "ü": "v", "ǖ": "v1", "ǘ": "v2", "ǚ": "v3", "ǜ": "v4",
    "ń": "n2", "ň": "n3", "ǹ": "n4",
    "m̄": "m1", "ḿ": "m2", "m̀": "m4",
    "ê̄": "ê1", "ế": "ê2", "ê̌": "ê3", "ề": "ê4",
}  # fmt: skip
_TONED_LETTER = re.compile("[" + re.escape("".join(key for key in _TONED if len(key) == 1)) + "]")
_TONED_PAIRS = [(key, value) for key, value in _TONED.items() if len(key) > 1]
_DIGIT = re.compile(r"\d")


class TableError(Exception):
    """pypinyin's data files are not where, or not as, this module expects."""


class SortedTable:
    """A JSON object file with one key per line (``"KEY": value``), keys in ascending order
    of ``order``, searched in place by bisection."""

    def __init__(self, path: Path, order: Callable[[bytes], object]) -> None:
        with open(path, "rb") as stream:
            self._data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        self._order = order
        self._bounds: dict[bytes, tuple[int, bytes] | None] = {}
        if self._data[:3] != b'{\n"':
            raise TableError(f"{path} does not start with a key line")
        sample = sorted_sample(self, 64)
        if not sample:
            raise TableError(f"{path}: its keys are not in order")

    def key_at(self, position: int) -> tuple[int, bytes] | None:
        """The first key line starting at or after ``position``: (its start, its key).

        A key line is the only kind holding ``": `` (values are arrays of syllables or a
        string of them), so the next one is found by one search."""
        data = self._data
        colon = data.find(b'": ', max(position - 1, 0))
        while colon >= 0:
            start = data.rfind(b"\n", 0, colon) + 1
            if start >= position and data[start : start + 1] == b'"':
                return start, data[start + 1 : colon]
            colon = data.find(b'": ', colon + 3)
        return None

    def lower_bound(self, key: bytes) -> tuple[int, bytes] | None:
        """The first key line whose key is not below ``key``."""
        if key in self._bounds:
            return self._bounds[key]
        wanted = self._order(key)
        low, high = 0, len(self._data)
        while low < high:
            middle = (low + high) // 2
            found = self.key_at(middle)
            if found is None or found[0] >= high:
                high = middle
            elif self._order(found[1]) < wanted:  # type: ignore[operator]
                low = found[0] + 1
            else:
                high = middle
        self._bounds[key] = bound = self.key_at(low)
        return bound

    def __contains__(self, key: str) -> bool:
        found = self.lower_bound(key.encode("utf-8"))
        return found is not None and found[1] == key.encode("utf-8")

    def has_prefix(self, prefix: str) -> bool:
        """Whether some key starts with ``prefix``."""
        found = self.lower_bound(prefix.encode("utf-8"))
        return found is not None and found[1].startswith(prefix.encode("utf-8"))

    def get(self, key: str) -> object:
        """The value of ``key``, or None."""
        encoded = key.encode("utf-8")
        found = self.lower_bound(encoded)
        if found is None or found[1] != encoded:
            return None
        start = found[0] + len(encoded) + 4  # past '"KEY": '
        after = self.key_at(start)
        end = after[0] if after is not None else self._data.rfind(b"}")
        return json.loads(self._data[start:end].decode("utf-8").rstrip().rstrip(","))


def sorted_sample(table: SortedTable, count: int) -> list[bytes]:
    """Keys found at ``count`` evenly spread places of the table, or [] when they are out of order."""
    size = len(table._data)
    keys: list[bytes] = []
    for k in range(count):
        found = table.key_at(size * k // count)
        if found is not None and (not keys or keys[-1] != found[1]):
            keys.append(found[1])
    orders = [table._order(key) for key in keys]
    return keys if all(a < b for a, b in zip(orders, orders[1:])) else []  # type: ignore[operator]


@lru_cache(maxsize=1)
def _tables() -> tuple[SortedTable, SortedTable]:
    """pypinyin's phrase table and character table, found without importing pypinyin."""
    from importlib.util import find_spec

    spec = find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise TableError("pypinyin is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        phrases = SortedTable(folder / "phrases_dict.json", bytes)
        characters = SortedTable(folder / "pinyin_dict.json", int)
    except (OSError, ValueError) as error:
        raise TableError(str(error)) from None
    return phrases, characters


def _cut(run: str, phrases: SortedTable) -> list[str]:
    """pypinyin.seg.mmseg's strict forward maximum matching of a run of Han characters."""

    def is_prefix(word: str) -> bool:
        return any(key.startswith(word) for key in PLACE_READINGS) or phrases.has_prefix(word)

    def is_phrase(word: str) -> bool:
        return word in PLACE_READINGS or word in phrases

    words: list[str] = []
    remain = run
    while remain:
        last_valid = ""
        last_index = 0
        for index in range(len(remain)):
            word = remain[: index + 1]
            if is_prefix(word):
                if is_phrase(word):
                    last_valid = word
                    last_index = index + 1
            else:
                if last_valid:
                    words.append(last_valid)
                    remain = remain[last_index:]
                else:
                    words.append(remain[0])
                    remain = remain[1:]
                break
        else:
            if last_valid:
                words.append(last_valid)
                remain = remain[last_index:]
            else:
                words.extend(remain if not is_phrase(remain) else [remain])
                break
    return words


def _runs(text: str) -> list[str]:
    """pypinyin.seg.simpleseg: ``text`` cut where it changes between characters with pinyin and others."""
    runs: list[str] = []
    current = ""
    current_hans: bool | None = None
    for char in text:
        hans = bool(_HANS.match(char))
        if current and hans != current_hans:
            runs.append(current)
            current = ""
        current += char
        current_hans = hans
    runs.append(current)
    return runs


def _toneless(pinyin: str) -> str:
    """pypinyin's NORMAL style of one toned syllable."""
    value = _TONED_LETTER.sub(lambda match: _TONED[match.group(0)], pinyin)
    for toned, plain in _TONED_PAIRS:
        value = value.replace(toned, plain)
    return _DIGIT.sub("", value)


def _word_readings(word: str, phrases: SortedTable, characters: SortedTable) -> list[str]:
    found = PLACE_READINGS.get(word) or phrases.get(word)
    if isinstance(found, list):
        readings = [str(item[0]) for item in found]
    else:
        readings = []
        for char in word:
            listed = characters.get(str(ord(char)))
            readings.append(str(listed).split(",")[0] if isinstance(listed, str) else char)
    return [_toneless(reading) for reading in readings]


def _from_pypinyin(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin, load_phrases_dict  # heavy: only when its files cannot be read directly

    _load_place_readings(load_phrases_dict)
    return list(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


@lru_cache(maxsize=1)
def _load_place_readings(load: Callable[[dict[str, list[list[str]]]], None]) -> None:
    load(PLACE_READINGS)


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, style=Style.NORMAL)`` (with :data:`PLACE_READINGS`): one toneless
    syllable per character with pinyin, other runs of text as they are."""
    try:
        phrases, characters = _tables()
    except TableError:
        return _from_pypinyin(text)
    readings: list[str] = []
    for run in _runs(text):
        if not run:
            continue
        if not _HANS.match(run):
            readings.append(run)
            continue
        for word in _cut(run, phrases):
            readings.extend(_word_readings(word, phrases, characters))
    return readings


__all__ = ["PLACE_READINGS", "SortedTable", "TableError", "lazy_pinyin", "sorted_sample"]
