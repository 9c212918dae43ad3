"""Files written whole or not at all: the analysis exports and the views' pages and charts.

Each file is written to a temporary file beside its target and renamed over it
only when complete, so a full disk or a killed run leaves the previous file as
it was (or no file), never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.errors import PlanKGError


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object], *, hint: str = "") -> Path:
    """Call ``write(temporary path)`` and rename the result to ``path``; a :class:`PlanKGError` on failure.

    ``hint`` ends the error message (for example "; choose another path with -o").
    """
    target = Path(path)
    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(handle)
        temporary = Path(name)
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise PlanKGError(f"cannot write {target}: {error.strerror or error}{hint}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return target


def write_text_atomically(path: str | os.PathLike[str], text: str, *, hint: str = "") -> Path:
    """Write ``text`` as UTF-8 to ``path`` whole or not at all."""
    return write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"), hint=hint)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["write_atomically", "write_text_atomically"]
