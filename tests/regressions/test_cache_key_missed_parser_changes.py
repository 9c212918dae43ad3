"""The cache key of a build followed only the build folder's own code.

When the package moved into one folder per stage, the code fingerprint in the
cache key went on hashing the ``*.py`` files beside ``kg/store/dataset.py``,
that is ``kg/store/`` alone: a changed parsing rule (``kg/text/``), a changed
graph stage (``kg/graph/``) or a changed model kept serving the old cached
build of the embedded plan to ``plankg query``.
"""

from __future__ import annotations

from pathlib import Path

import kg
from kg.store import dataset


def test_the_cache_key_hashes_the_code_of_every_stage() -> None:
    package = Path(kg.__file__).resolve().parent
    hashed = {path.relative_to(package).as_posix() for path in dataset._code_files()}
    every_module = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    assert hashed == every_module
    assert {"text/annotations.py", "graph/triples.py", "model.py", "normalize.py", "store/dataset.py"} <= hashed
