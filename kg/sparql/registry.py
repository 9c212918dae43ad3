"""Where saved queries come from: the packaged ``queries/*.rq``, the user's folders, one file.

A file of a user's folder overrides a packaged query of its name. Only regular
files are read, and never more than :data:`MAX_QUERY_BYTES`: a FIFO or a device
named ``*.rq`` is refused before it is opened for reading, so it cannot block.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from kg.errors import QueryError
from kg.resources import query_files
from kg.sparql.lexer import query_form
from kg.sparql.saved import SavedQuery, parse_query

QueriesDir = str | Path | Sequence[str | Path] | None
MAX_QUERY_BYTES = 1 << 20  # a query is a few kilobytes; 1 MB is generous


def _folders(queries_dir: QueriesDir) -> list[Path]:
    if queries_dir is None:
        return []
    if isinstance(queries_dir, (str, Path)):
        return [Path(queries_dir)]
    return [Path(folder) for folder in queries_dir]


def read_query_text(path: str | Path) -> str:
    """The UTF-8 text of a query file; anything but a regular file of at most 1 MB is a QueryError.

    The file is opened without blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO is refused instead of waiting for a writer.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise QueryError(f"cannot read query file {path}: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise QueryError(f"query file {path} is not a regular file (a FIFO, device or folder); give a .rq file")
        if info.st_size > MAX_QUERY_BYTES:
            raise QueryError(f"query file {path} is larger than {MAX_QUERY_BYTES // 1024} KB; a query is a few KB")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_QUERY_BYTES + 1)
    except OSError as error:
        raise QueryError(f"cannot read query file {path}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"query file {path} is larger than {MAX_QUERY_BYTES // 1024} KB; a query is a few KB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError(f"query file {path} is not UTF-8 text; save it as UTF-8") from None


def _user_files(queries_dir: QueriesDir) -> dict[str, Path]:
    """Name → file for every ``*.rq`` of the user's folders (a later folder wins)."""
    found: dict[str, Path] = {}
    for folder in _folders(queries_dir):
        if not folder.is_dir():
            raise QueryError(f"queries folder not found: {folder} (give a folder of .rq files)")
        for path in sorted(folder.glob("*.rq")):
            found[path.stem] = path
    return found


def _packaged_texts() -> dict[str, object]:
    return {entry.name.removesuffix(".rq"): entry for entry in query_files()}


def _parse_user_file(name: str, path: Path) -> SavedQuery:
    text = read_query_text(path)
    try:
        return parse_query(text, name, str(path))
    except QueryError as error:
        raise QueryError(f"{path}: {error}") from None


def _parse_packaged(name: str, entry: object) -> SavedQuery:
    return parse_query(entry.read_text(encoding="utf-8"), name, "packaged")  # type: ignore[attr-defined]


def load_queries(queries_dir: QueriesDir = None) -> dict[str, SavedQuery]:
    """Every saved query by name: the packaged ones, then each user folder's ``*.rq``."""
    registry = {name: _parse_packaged(name, entry) for name, entry in _packaged_texts().items()}
    for name, path in _user_files(queries_dir).items():
        registry[name] = _parse_user_file(name, path)
    return registry


def list_queries(queries_dir: QueriesDir = None) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return [query for _, query in sorted(load_queries(queries_dir).items())]


def _looks_like_query_text(value: str) -> bool:
    return "{" in value or (query_form(value) is not None and len(value.split()) > 1)


def resolve_query(name_or_text: str, queries_dir: QueriesDir = None) -> SavedQuery:
    """A saved query by name (only that file is read), or an ad-hoc query given as text."""
    user = _user_files(queries_dir)
    packaged = _packaged_texts()
    for name in (name_or_text, name_or_text.removesuffix(".rq")):
        if name in user:
            return _parse_user_file(name, user[name])
        if name in packaged:
            return _parse_packaged(name, packaged[name])
    if _looks_like_query_text(name_or_text):
        return parse_query(name_or_text)
    known = sorted({*packaged, *user})
    close = difflib.get_close_matches(name_or_text.removesuffix(".rq"), known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {name_or_text!r}{hint} (`plankg queries` lists them)")


def read_query_file(path: str | Path) -> SavedQuery:
    """An ad-hoc query from a ``.rq`` file (``plankg query --file``)."""
    path = Path(path)
    return parse_query(read_query_text(path), path.stem, str(path))


__all__ = [
    "MAX_QUERY_BYTES",
    "QueriesDir",
    "list_queries",
    "load_queries",
    "read_query_file",
    "read_query_text",
    "resolve_query",
]
