"""copylint: a linter for news copy and machine-translated prose.

The public API, for editors, notebooks and batch engines:

    >>> from lint import check_text, apply_fixes
    >>> findings = check_text("Shelling hit Kief overnight.")
    >>> apply_fixes("Shelling hit Kief overnight.", findings)
    'Shelling hit Kyiv overnight.'
"""
from __future__ import annotations

from collections.abc import Iterable

__version__ = "0.1.0"

from .model import (  # noqa: E402
    Applicability,
    Edit,
    FileResult,
    Finding,
    Fix,
    Related,
    Severity,
    Span,
)

__all__ = ["check_text", "check_paths", "apply_fixes", "Finding", "Fix", "Edit", "Span",
           "Related", "Severity", "Applicability", "FileResult", "__version__"]


def check_text(text: str, *, path: str = "<text>", select: Iterable[str] | None = None,
               ignore: Iterable[str] = (), isolated: bool = True) -> list[Finding]:
    """Check a string; by default no configuration file is read (`isolated`)."""
    from .runner import Overrides, Runner
    runner = Runner(Overrides(select=tuple(select) if select is not None else None,
                              ignore=tuple(ignore), isolated=isolated))
    return runner.lint_text(text, path).findings


def check_paths(paths: Iterable[str], *, select: Iterable[str] | None = None,
                ignore: Iterable[str] = ()) -> list[FileResult]:
    """Check files (configuration discovered per file); unreadable ones carry `error`."""
    from .runner import Overrides, Runner
    runner = Runner(Overrides(select=tuple(select) if select is not None else None,
                              ignore=tuple(ignore)))
    return [runner.check_file(p) for p in paths]


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> str:
    """Apply the safe (and with `unsafe`, unsafe) fixes of `findings` to `text`, once."""
    from . import fixer
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    newline = "\r\n" if "\r\n" in text else "\n"
    return fixer.apply_fixes(text, fixer.fixes_to_apply(findings, level), newline)
