"""kind: suppression — findings about the suppression comments themselves (CL001, CL002).

Key `reports`: `unused` (a directive that suppressed nothing) or `unknown` (a directive naming
no rule). The engine's suppression stage produces these findings, after every other rule has
run, for whichever selected rules declare each report; the per-document checker finds nothing.
Message field: {codes}.
"""
from __future__ import annotations

REPORTS = ("unused", "unknown")


def validate(rule, fail) -> None:
    """`reports` must be one of REPORTS."""
    if rule.spec.get("reports") not in REPORTS:
        raise fail(f"key 'reports': must be one of {', '.join(REPORTS)}")


def _nothing(doc, budget):
    return ()


def prepare(rule, env):
    """Nothing to do per document: the engine's suppression stage reports."""
    return _nothing
