"""The code's own lint: ruff over the project, mypy over the engine (config in pyproject.toml)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """The tool installed beside this interpreter (the test extra), else on PATH."""
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return path


def test_ruff_is_clean():
    proc = subprocess.run([tool("ruff"), "check", "--no-cache", "lint", "tests", "bench"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    proc = subprocess.run([tool("mypy"), "--no-error-summary", "--cache-dir",
                           str(ROOT / ".mypy_cache")], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_engine_module_over_700_lines():
    """Files along their seams: a module past 700 lines holds more than one job."""
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "lint").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert not long, f"split these by job: {long}"
