"""Helpers shared by the CLI, bad-input, offline and packaging tests.

Two ways to drive copylint: in-process through click's CliRunner (`invoke`), and as the real
console script in a subprocess (`run`), which is what users and pre-commit execute.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lint.cli import main

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCRIPT = BIN / ("copylint.exe" if os.name == "nt" else "copylint")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")

# "Kief" at offset 13 (line 1, column 14), "Kyiv" is the safe fix
KIEF = "Shelling hit Kief overnight.\n"
KIEF_FIXED = "Shelling hit Kyiv overnight.\n"
CLEAN = "The mayor said the metro stayed open overnight.\n"
# one finding each of MT101, MT301 and CP101
# the first lines of a script run in a fresh interpreter whose sockets all refuse
NO_NETWORK_PRELUDE = """\
import socket, sys
def refuse(*a, **k):
    sys.stderr.write("NETWORK ATTEMPT\\n")
    raise OSError("network disabled")
for name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, name, refuse)
for name in ("getaddrinfo", "create_connection", "gethostbyname"):
    setattr(socket, name, refuse)
"""

THREE = "Shelling hit Kief overnight.\nCopy link\nOfficials said the the strike hit a school.\n"
THREE_FIXED = "Shelling hit Kyiv overnight.\nOfficials said the strike hit a school.\n"


def copylint_cmd() -> list[str]:
    """The console script installed in this venv (falling back to `python -m lint`)."""
    if SCRIPT.exists():
        return [str(SCRIPT)]
    return [sys.executable, "-m", "lint"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: no colour or debug switches leaking in from outside."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "COPYLINT_DEBUG", "CLICOLOR_FORCE")}
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, *, input: bytes | str | None = None, env: dict | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `copylint ARGS` as a subprocess; stdout and stderr are bytes (see `out`/`err`)."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    return subprocess.run([*copylint_cmd(), *args], cwd=cwd, input=input, capture_output=True,
                          env=env or clean_env(), timeout=timeout)


def out(proc: subprocess.CompletedProcess) -> str:
    """A subprocess's stdout as text."""
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess) -> str:
    """A subprocess's stderr as text."""
    return proc.stderr.decode("utf-8")


def invoke(args: list[str], *, input: bytes | str | None = None, env: dict | None = None):
    """Run `copylint ARGS` in-process through click's CliRunner (stdout and stderr apart).

    Exceptions other than SystemExit propagate, so a bug is never mistaken for exit code 1.
    """
    runner = CliRunner()
    return runner.invoke(main, args, input=input, env=env, catch_exceptions=False)


def json_of(text: str) -> dict:
    """Parse a JSON report."""
    return json.loads(text)


def codes_in(text_output: str) -> list[str]:
    """The codes of the findings listed in text output, in order."""
    return re.findall(r"^\S.*?:\d+:\d+: ([A-Z]{2}\d{3}) ", text_output, flags=re.M)


def assert_one_line(stderr: str, *needles: str) -> str:
    """stderr holds no traceback, every line is a `copylint: ...` line, and exactly one line
    mentions all of `needles`; return that line."""
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines, "expected a message on stderr, got nothing"
    for ln in lines:
        assert ln.startswith("copylint: "), f"stray stderr line {ln!r} in:\n{stderr}"
    hits = [ln for ln in lines if all(n in ln for n in needles)]
    assert len(hits) == 1, f"expected one line naming {needles!r} in:\n{stderr}"
    return hits[0]


def write(path: Path, text: str | bytes) -> Path:
    """Write a file (bytes as-is, text as UTF-8 without newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def user_rule(folder: Path, code: str, name: str, patterns: list[str], *, fix: str = "safe",
              severity: str = "warning", timeout: float | None = None,
              filename: str | None = None) -> Path:
    """Write an existence rule into a `rule-paths` folder; return the file."""
    import yaml
    record = {
        "code": code, "name": name, "summary": f"Test rule {code}.", "severity": severity,
        "kind": "existence", "fix": fix, "message": "'{match}' is not wanted here.",
        "patterns": patterns,
        "docs": {"what": "A test pattern.", "why": "Testing.", "example": "-", "fix": "Delete it."},
    }
    if timeout is not None:
        record["timeout"] = timeout
    return write(folder / (filename or f"{code.lower()}.yml"),
                 yaml.safe_dump(record, sort_keys=False, allow_unicode=True))
