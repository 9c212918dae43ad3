"""The label languages plankg writes and reads: one list for every stage.

BCP 47 tags with script subtags (``zh-Hant``, not ``zh-TW``): the ontology, the
authority files, the saved queries, the views and the CLI's ``--lang`` all use
these three.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("zh-Hant", "zh-Hans", "en")
"""Every label language, in the order labels fall back: traditional, simplified, English."""

FALLBACK_LANGUAGE = "zh-Hant"
"""The language of labels when nothing says otherwise (the embedded plan's script)."""

__all__ = ["FALLBACK_LANGUAGE", "LANGUAGES"]
