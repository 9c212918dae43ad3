"""Chinese ordinals as they number parts, areas and groups: 一 … 十 … 九十九."""

from __future__ import annotations

__all__ = ["NUMERALS", "chinese_to_int", "int_to_chinese"]

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERALS = "一二三四五六七八九十〇零百两"


def chinese_to_int(text: str) -> int | None:
    """``"十二"`` → 12, ``"二十"`` → 20, ``"一百零五"`` → 105; ``None`` if not a numeral."""
    if not text or any(char not in _DIGITS and char not in "十百" for char in text):
        return None
    total = 0
    current = 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def int_to_chinese(number: int) -> str:
    """12 → ``"十二"``, 20 → ``"二十"``, 105 → ``"一百零五"`` (1 ≤ number < 1000)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    rest = number % 100
    head = digits[number // 100] + "百"
    if not rest:
        return head
    return head + ("零" + digits[rest] if rest < 10 else int_to_chinese(rest) if rest >= 20 else "一" + int_to_chinese(rest))
