"""A wheel installed away from the checkout still finds its ontology, queries and corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheel_dir = tmp_path_factory.mktemp("wheel")
    # build from a copy, so setuptools' own build/ folder never lands in the checkout
    checkout = tmp_path_factory.mktemp("checkout") / "plankg"
    ignored = shutil.ignore_patterns(".venv", ".git", "build", "dist", "out", "*.egg-info", "__pycache__", "artifacts")
    shutil.copytree(REPO, checkout, ignore=ignored)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheel_dir), str(checkout)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("plankg-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def run_installed(site: Path, code: str, cwd: Path) -> str:
    environment = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=environment, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def test_wheel_carries_packaged_data(installed_wheel: Path, tmp_path: Path) -> None:
    code = (
        "import kg, kg.resources as r\n"
        "print(kg.__file__)\n"
        "print(r.ontology_file('plan.ttl').is_file())\n"
        "print(r.default_corpus_file().read_text(encoding='utf-8').splitlines()[0])\n"
        "print(len(r.query_files()))\n"
    )
    module_file, has_ontology, corpus_start, query_count = run_installed(installed_wheel, code, tmp_path).splitlines()
    assert Path(module_file).is_relative_to(installed_wheel), "the wheel, not the checkout, was imported"
    assert has_ontology == "True"
    assert corpus_start.startswith("- 標 題")
    assert int(query_count) >= 11


def test_wheel_corpus_is_the_unaltered_seed(installed_wheel: Path, tmp_path: Path) -> None:
    code = "import hashlib, kg.resources as r; print(hashlib.sha256(r.default_corpus_file().read_bytes()).hexdigest())"
    shipped = (REPO / "corpus" / "xilinhot-2022-government-services.txt").read_bytes()
    import hashlib

    assert run_installed(installed_wheel, code, tmp_path) == hashlib.sha256(shipped).hexdigest()
