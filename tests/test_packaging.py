"""The wheel: it carries the rule packs and word lists, and an installed copy works from any
folder (rules found through importlib.resources, not the source tree).

The wheel is built from a copy of the source tree so that the build leaves nothing (build/,
*.egg-info) behind in the repository. Building needs setuptools>=68 and wheel in this venv.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from clihelpers import KIEF, ROOT, clean_env, write

from lint.loader import load_rules

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def _pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the repository's package sources."""
    src = tmp_path_factory.mktemp("src")
    for name in ("lint", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=IGNORE)
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out),
                str(src))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("copylint-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_carries_rule_packs_and_word_lists(wheel):
    names = _names(wheel)
    shipped_yml = {f"lint/rulepacks/{p.name}" for p in (ROOT / "rules").iterdir()
                   if p.suffix in (".yml", ".yaml")}
    shipped_tables = {f"lint/rulepacks/wordlists/{p.name}"
                      for p in (ROOT / "rules" / "wordlists").iterdir()
                      if p.suffix in (".tsv", ".txt")}
    assert shipped_yml and shipped_tables
    assert any(n.endswith(".tsv") for n in shipped_tables)
    assert shipped_yml <= names, sorted(shipped_yml - names)
    assert shipped_tables <= names, sorted(shipped_tables - names)
    assert "lint/rulepacks/__init__.py" in names


def test_wheel_carries_every_module(wheel):
    """Packages are listed by hand in pyproject.toml: a new subpackage must not be left out."""
    names = _names(wheel)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "lint").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules <= names, f"missing from the wheel: {sorted(modules - names)}"
    assert not any(n.startswith(("tests/", "corpus/", "bench/")) for n in names)


def test_wheel_metadata(wheel):
    import lint
    with zipfile.ZipFile(wheel) as zf:
        info = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        entry_points = zf.read(info).decode()
        metadata = zf.read(info.replace("entry_points.txt", "METADATA")).decode()
    assert "copylint = lint.cli:run" in entry_points
    assert f"Version: {lint.__version__}" in metadata
    assert "Requires-Dist: textstat==0.7.8" in metadata


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; it sees this venv's dependencies via a .pth."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # install first, while the new venv sees only itself: pip must not find the editable copy
    proc = _pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_copylint_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _tool(venv: Path, name: str) -> str:
    return str(venv / ("Scripts" if os.name == "nt" else "bin") / name)


def test_installed_copy_is_the_wheel(installed, tmp_path):
    proc = subprocess.run([_tool(installed, "python"), "-c",
                           "import lint, lint.rules; print(lint.__file__); "
                           "print(lint.rules.builtin_rules_dir())"],
                          cwd=tmp_path, capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(installed.resolve()), line
        assert not Path(line).resolve().is_relative_to(ROOT), line


def test_installed_rules_lists_every_shipped_rule(installed, tmp_path):
    proc = subprocess.run([_tool(installed, "copylint"), "rules"], cwd=tmp_path,
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    listed = [ln.split()[0] for ln in proc.stdout.splitlines() if ln.strip()]
    assert listed == list(load_rules())


def test_installed_check_from_another_folder(installed, tmp_path):
    write(tmp_path / "story.txt", KIEF)
    proc = subprocess.run([_tool(installed, "copylint"), "check", "story.txt"], cwd=tmp_path,
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("story.txt:1:14: MT101 'Kief' is a non-standard spelling; use 'Kyiv'")
    proc = subprocess.run([_tool(installed, "copylint"), "explain", "MT101"], cwd=tmp_path,
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 0 and "## What it catches" in proc.stdout
    proc = subprocess.run([_tool(installed, "python"), "-m", "lint", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("copylint ")
