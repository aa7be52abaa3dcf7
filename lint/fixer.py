"""Apply fixes: non-overlapping edits, right to left, with a bounded re-lint loop."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from .model import Applicability, Edit, Finding, Fix

MAX_ROUNDS = 10


def fixes_to_apply(findings: Iterable[Finding], threshold: Applicability) -> list[Fix]:
    """The fixes at or above `threshold`, in document order, dropping any that overlaps an
    earlier one (all edits of a fix are taken together or not at all)."""
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    candidates = [f.fix for f in findings if f.fix is not None and f.fix.edits
                  and f.fix.applicability >= threshold]
    candidates.sort(key=lambda fx: min(e.span.start for e in fx.edits))
    seen: set[tuple] = set()
    for fix in candidates:
        key = tuple((e.span.start, e.span.end, e.replacement) for e in fix.edits)
        if key in seen:
            continue
        if any(_clash(e, s, t) for e in fix.edits for s, t in taken):
            continue
        seen.add(key)
        chosen.append(fix)
        taken.extend((e.span.start, e.span.end) for e in fix.edits)
    return chosen


def _clash(edit: Edit, start: int, end: int) -> bool:
    s, e = edit.span.start, edit.span.end
    if s == e or start == end:      # insertions clash only with an edit around the same point
        return start <= s <= end if s == e else s <= start <= e
    return s < end and start < e


def apply_fixes(text: str, fixes: Iterable[Fix], newline: str = "\n") -> str:
    """Apply every edit of `fixes` (already non-overlapping) right to left.

    Line breaks in replacements follow the document's own `newline` ("\\r\\n" keeps CRLF).
    """
    edits = sorted((e for fx in fixes for e in fx.edits),
                   key=lambda e: (e.span.start, e.span.end), reverse=True)
    parts: list[str] = []
    pos = len(text)
    for e in edits:
        if e.span.end > pos:
            continue
        replacement = e.replacement
        if newline != "\n" and "\n" in replacement:
            replacement = replacement.replace("\r\n", "\n").replace("\n", newline)
        parts.append(text[e.span.end:pos])
        parts.append(replacement)
        pos = e.span.start
    parts.append(text[:pos])
    return "".join(reversed(parts))


def fix_until_stable(text: str, relint: Callable[[str], list[Finding]],
                     threshold: Applicability) -> tuple[str, int, list[Finding]]:
    """Lint, fix, re-lint until nothing more applies (at most MAX_ROUNDS rounds).

    Returns the fixed text, the number of fixes applied, and the findings of the final text.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    applied = 0
    findings = relint(text)
    for _ in range(MAX_ROUNDS):
        fixes = fixes_to_apply(findings, threshold)
        if not fixes:
            break
        new = apply_fixes(text, fixes, newline)
        if new == text:
            break
        text, applied = new, applied + len(fixes)
        findings = relint(text)
    return text, applied, findings
