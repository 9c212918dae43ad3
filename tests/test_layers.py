"""The stages import only the stages below them (the import-linter contract in setup.cfg)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_stage_imports_a_later_stage() -> None:
    linter = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run(
        [linter, "--config", str(ROOT / "setup.cfg"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_would_catch_a_back_edge(tmp_path: Path) -> None:
    """The same contract on a copy of the package where the text stage imports the store: broken."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "kg", copy / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "viz", copy / "viz", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.cfg", copy / "setup.cfg")
    read = copy / "kg" / "text" / "read.py"
    read.write_text(read.read_text(encoding="utf-8") + "\nfrom kg.store import dataset as _back_edge  # noqa\n", encoding="utf-8")
    linter = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    env = {"PYTHONPATH": str(copy), "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([linter, "--config", "setup.cfg", "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert "kg.text.read -> kg.store" in result.stdout
