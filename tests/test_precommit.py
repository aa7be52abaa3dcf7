"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit tool.

A temporary git repository of news copy uses a snapshot of this checkout as its hook repository
(repo: a local path, rev: a commit), exactly as a newsroom's .pre-commit-config.yaml would use
the published one; `pre-commit install` puts the hook in place and real `git commit`s run it.

pre-commit builds the hook's environment with pip (`language: python`). To keep the suite off
the network, pip gets no index at all: its packages come from a folder of wheels repacked from
this test environment's own installed distributions (copylint's dependencies, and setuptools
and wheel to build copylint itself from the hook repository).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
DIRTY = "Shelling hit Kief overnight, officials said.\n"          # MT101, a safe fix
FIXED = "Shelling hit Kyiv overnight, officials said.\n"
CLEAN = "The mayor said the metro stayed open overnight.\n"
HINT_ONLY = "The sign on the door read Закрито, the owner said.\n"   # MT602: info, not a warning

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                 reason="needs git and a git checkout of copylint")]


# -- an offline package source for pip ----------------------------------------------------
def requirement_closure(roots: list[str]) -> list[metadata.Distribution]:
    """Installed distributions needed by `roots` (requirement strings), recursively."""
    env = default_environment()
    seen: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        req = Requirement(todo.pop())
        if req.marker is not None and not req.marker.evaluate({**env, "extra": ""}):
            continue
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        dist = metadata.distribution(req.name)
        seen[name] = dist
        todo.extend(dist.requires or ())
    return list(seen.values())


def repack(dist: metadata.Distribution, dest: Path) -> Path:
    """A wheel holding the installed files of `dist` (its RECORD), tagged as its WHEEL says."""
    tag = re.search(r"^Tag: (\S+)$", dist.read_text("WHEEL") or "", re.MULTILINE)
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    wheel = dest / f"{name}-{dist.version}-{tag.group(1) if tag else 'py3-none-any'}.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in dist.files or ():
            path = str(f)
            if path.startswith("..") or "__pycache__" in path or path.endswith(
                    ("INSTALLER", "REQUESTED", "direct_url.json")):
                continue        # scripts are recreated from entry points; install-time records
            zf.write(f.locate(), path)
    return wheel


def wheelhouse(dest: Path) -> Path:
    """Wheels for copylint's runtime dependencies and its build backend."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    roots = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    dest.mkdir(parents=True, exist_ok=True)
    for dist in requirement_closure(roots):
        repack(dist, dest)
    return dest


# -- repositories -----------------------------------------------------------------------
def git(cwd: Path, *args: str, env: dict | None = None, check: bool = True):
    """Run git quietly; the CompletedProcess (text)."""
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def snapshot_checkout(dest: Path, env: dict) -> str:
    """Commit this checkout's working tree (tracked and new files, not ignored ones) to a fresh
    repository at `dest`; the commit id."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, "init", "-q", env=env)
    git(dest, "add", "-A", env=env)
    git(dest, "commit", "-q", "-m", "copylint snapshot", env=env)
    return git(dest, "rev-parse", "HEAD", env=env).stdout.strip()


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A hook repository (snapshot of this checkout), an offline wheel folder and the
    environment every command of these tests runs in."""
    base = tmp_path_factory.mktemp("precommit")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUALENV_",
                                                                     "PRE_COMMIT", "GIT_"))}
    env.update({
        "HOME": str(base / "home"),
        "PRE_COMMIT_HOME": str(base / "cache"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse(base / "wheels")),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
    })
    (base / "home").mkdir()
    hook_repo = base / "copylint"
    hook_repo.mkdir()
    rev = snapshot_checkout(hook_repo, env)
    return {"base": base, "env": env, "repo": hook_repo, "rev": rev}


def newsroom(setup, name: str, hook: str) -> Path:
    """A git repository of copy whose .pre-commit-config.yaml uses `hook` from the snapshot,
    with the hook installed (its environment is built once and shared)."""
    repo = setup["base"] / name
    repo.mkdir()
    git(repo, "init", "-q", env=setup["env"])
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {setup['repo']}\n    rev: {setup['rev']}\n"
        f"    hooks:\n      - id: {hook}\n", encoding="utf-8")
    proc = precommit(setup, repo, "install", "--install-hooks")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    git(repo, "add", ".pre-commit-config.yaml", env=setup["env"])
    return repo


def precommit(setup, repo: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the pre-commit tool of this environment."""
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=setup["env"],
                          capture_output=True, text=True, timeout=900, check=False)


def commit(setup, repo: Path, message: str) -> subprocess.CompletedProcess:
    """`git commit` with the installed pre-commit hook."""
    return git(repo, "commit", "-m", message, env=setup["env"], check=False)


def head(setup, repo: Path) -> str | None:
    """The commit at HEAD, or None before the first commit."""
    proc = git(repo, "rev-parse", "--verify", "-q", "HEAD", env=setup["env"], check=False)
    return proc.stdout.strip() or None


# -- the hooks ----------------------------------------------------------------------------
def test_hook_file_offers_both_hooks():
    import yaml
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"copylint", "copylint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("copylint check")
        assert hook["require_serial"] is True
        pattern = re.compile(hook["files"])
        for name in ("story.txt", "desk/notes.text", "brief.md", "wire.markdown", "page.html",
                     "export.htm"):
            assert pattern.search(name), name
        for name in ("pyproject.toml", "tool.py", "data.csv", "rules.yml", "story.txt.bak"):
            assert not pattern.search(name), name
    assert "--fix" in hooks["copylint-fix"]["entry"]
    assert "--fix" not in hooks["copylint"]["entry"]


def test_commit_with_findings_fails_and_clean_commit_passes(setup):
    repo = newsroom(setup, "desk-check", "copylint")
    (repo / "story.txt").write_text(DIRTY, encoding="utf-8")
    git(repo, "add", "story.txt", env=setup["env"])
    proc = commit(setup, repo, "dirty story")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "copylint" in out and "Failed" in out
    assert "story.txt:1:14: MT101 'Kief'" in out
    assert head(setup, repo) is None                     # nothing was committed
    assert (repo / "story.txt").read_text(encoding="utf-8") == DIRTY   # the check hook fixes nothing

    (repo / "story.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "page.html").write_text(f"<p>{CLEAN}</p>\n", encoding="utf-8")
    (repo / "notes.py").write_text(f"# {DIRTY}", encoding="utf-8")   # not copy: not checked
    git(repo, "add", "-A", env=setup["env"])
    proc = commit(setup, repo, "clean story")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"copylint\.+Passed", proc.stdout + proc.stderr)
    assert head(setup, repo) is not None


def test_hints_do_not_block_a_commit(setup):
    repo = newsroom(setup, "desk-hints", "copylint")
    (repo / "story.md").write_text(HINT_ONLY, encoding="utf-8")
    git(repo, "add", "story.md", env=setup["env"])
    proc = commit(setup, repo, "a story with an info-level hint")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MT602" not in proc.stdout + proc.stderr


def test_fix_hook_rewrites_then_passes(setup):
    repo = newsroom(setup, "desk-fix", "copylint-fix")
    (repo / "story.txt").write_text(DIRTY, encoding="utf-8")
    git(repo, "add", "story.txt", env=setup["env"])
    proc = commit(setup, repo, "dirty story")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0                          # files were modified by this hook
    assert "files were modified by this hook" in out
    assert (repo / "story.txt").read_text(encoding="utf-8") == FIXED
    assert head(setup, repo) is None

    git(repo, "add", "story.txt", env=setup["env"])     # the desk accepts the fix
    proc = commit(setup, repo, "fixed story")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"copylint \(apply safe fixes\)\.+Passed", proc.stdout + proc.stderr)
    assert git(repo, "show", "HEAD:story.txt", env=setup["env"]).stdout == FIXED
