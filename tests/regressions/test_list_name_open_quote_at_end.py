"""Regression: a list name opened with a quote and ending the text (``0“清單``) raised IndexError from the
list finder (an empty string counted as a closing quote), a traceback from ``plankg extract``; found by the
nightly hypothesis profile."""

from __future__ import annotations

from kg.text.entities import extract_task_entities


def test_an_unclosed_quote_before_a_list_word_at_the_end_of_the_text_is_read_without_error() -> None:
    entities = extract_task_entities("0“清單", None)
    assert [ref.name for ref in entities.lists] == ["0“清單"]
