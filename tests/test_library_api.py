"""The library API of ``import kg`` keeps its names however often they are used."""

from __future__ import annotations

import subprocess
import sys

import kg


def test_public_names_resolve() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_import_kg_is_cheap() -> None:
    code = "import sys, kg; heavy = {'rdflib', 'networkx', 'pyvis', 'owlrl', 'pyshacl', 'matplotlib'}; print(sorted(heavy & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
