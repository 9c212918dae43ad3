"""A plan's stable identifier: its index number, else a hash of its document number, title or text."""

from __future__ import annotations

import hashlib
import re

from kg.model import Document
from kg.normalize import match_key

__all__ = ["plan_id"]

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]")


def plan_id(document: Document, source_sha256: str | None = None) -> str:
    """The index number made safe for IRIs, else a hash of the document number, else of the title.

    A plan with none of these (an excerpt without its heading) is named by ``source_sha256``, the hash of
    its decoded text (the same whatever encoding it was saved in), so that two such plans never share an id.
    """
    if document.index_number and document.index_number.strip():
        return _UNSAFE_ID.sub("-", document.index_number.strip())
    if document.document_number and document.document_number.strip():
        return "doc-" + hashlib.sha1(match_key(document.document_number).encode("utf-8")).hexdigest()[:12]
    title = document.plan_title or document.title or ""
    if not title.strip() and source_sha256:
        return "text-" + source_sha256[:12]
    return "title-" + hashlib.sha1(match_key(title).encode("utf-8")).hexdigest()[:12]
