"""Human output: one finding per line, `path:line:col: CODE message [fix: ...]`."""
from __future__ import annotations

from collections import Counter

import click

from ..model import Applicability, FileResult, Finding, Severity
from . import Options, Positions, shown

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
FIX_LABEL = {Applicability.SAFE: "fix", Applicability.UNSAFE: "unsafe fix",
             Applicability.DISPLAY_ONLY: "suggestion"}


def line(f: Finding, path: str, positions: Positions, color: bool) -> str:
    """One finding as a line of text."""
    point = positions.point(path, f.span.start)
    where = f"{path}:{point['line']}:{point['column']}:"
    code = f.code
    if color:
        where = click.style(where, bold=True)
        code = click.style(code, fg=COLOURS[f.severity], bold=True)
    out = f"{where} {code} {f.message}"
    if f.fix is not None:
        out += f" [{FIX_LABEL[f.fix.applicability]}: {f.fix.title}]"
    return out


def statistics(findings: list[Finding]) -> list[str]:
    """Per-code counts, most frequent first, as ruff's --statistics prints them."""
    counts = Counter(f.code for f in findings)
    names = {f.code: f.rule for f in findings}
    fixable = {f.code for f in findings if f.fix and f.fix.applicability == Applicability.SAFE}
    width = len(str(max(counts.values()))) if counts else 1
    return [f"{n:>{width}}\t{code}\t{'[*]' if code in fixable else '[ ]'} {names[code]}"
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render(results: list[FileResult], options: Options) -> str:
    """Every shown finding, then (unless quiet) a summary line."""
    positions = Positions(results)
    out: list[str] = []
    every = []
    for r in results:
        found = shown(r, options)
        every.extend(found)
        if not options.statistics:
            out.extend(line(f, r.path, positions, options.color) for f in found)
    if options.statistics:
        out.extend(statistics(every))
    if not options.quiet:
        out.append(summary_line(results, every, options))
    return "\n".join(out) + ("\n" if out else "")


def summary_line(results: list[FileResult], every: list[Finding], options: Options) -> str:
    """'Found 3 findings in 1 file (2 fixable with --fix).' and what --fix did."""
    checked = sum(1 for r in results if r.error is None)
    fixed = sum(r.fixed for r in results)
    parts = []
    if fixed:
        parts.append(f"Fixed {fixed} finding{'s' * (fixed != 1)}.")
    if not every:
        parts.append(f"No findings in {checked} file{'s' * (checked != 1)}.")
        return " ".join(parts)
    safe = sum(1 for f in every if f.fix and f.fix.applicability == Applicability.SAFE)
    unsafe = sum(1 for f in every if f.fix and f.fix.applicability == Applicability.UNSAFE)
    text = (f"Found {len(every)} finding{'s' * (len(every) != 1)} in {checked} "
            f"file{'s' * (checked != 1)}")
    hints = []
    if safe and options.fix_level is None:
        hints.append(f"{safe} fixable with --fix")
    if unsafe and (options.fix_level is None or options.fix_level > Applicability.UNSAFE):
        hints.append(f"{unsafe} more with --unsafe-fixes")
    parts.append(text + (f" ({', '.join(hints)})." if hints else "."))
    return " ".join(parts)
