"""The versioned JSON contract (see README, "JSON output")."""
from __future__ import annotations

import json
from collections import Counter

from ..errors import Failure
from ..model import Applicability, FileResult, Finding, Fix
from . import Options, Positions, shown

VERSION = 1


def fix_dict(fix: Fix) -> dict:
    """A Fix as the contract spells it; edit offsets are 0-based code points."""
    return {"title": fix.title, "applicability": fix.applicability.label,
            "edits": [{"start": e.span.start, "end": e.span.end, "replacement": e.replacement}
                      for e in fix.edits]}


def finding_dict(f: Finding, path: str, positions: Positions) -> dict:
    """A Finding as the contract spells it."""
    return {
        "code": f.code, "rule": f.rule, "severity": f.severity.label, "message": f.message,
        "start": positions.point(path, f.span.start), "end": positions.point(path, f.span.end),
        "fix": fix_dict(f.fix) if f.fix else None,
        "alternatives": [fix_dict(a) for a in f.alternatives],
        "related": [{"path": r.path or path,
                     "start": positions.point(r.path or path, r.span.start),
                     "end": positions.point(r.path or path, r.span.end),
                     "message": r.message} for r in f.related],
    }


def failure_dict(failure: Failure) -> dict:
    """A rule that could not finish on a file, as the contract spells it."""
    return {"kind": failure.kind, "code": failure.code, "name": failure.name,
            "message": failure.message}


def summary(results: list[FileResult], options: Options) -> dict:
    """Counts over the run: files, findings by severity and code, fixable, fixed, errors, and the
    rules that could not finish (one line each, as the CLI says them)."""
    findings = [f for r in results for f in shown(r, options)]
    return {
        "files": sum(1 for r in results if r.error is None),
        "errors": [r.error for r in results if r.error],
        "findings": len(findings),
        "by_severity": {s: sum(1 for f in findings if f.severity.label == s)
                        for s in ("error", "warning", "info")},
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "fixable": sum(1 for f in findings if f.fix and f.fix.applicability == Applicability.SAFE),
        "fixed": sum(r.fixed for r in results),
        "failures": [str(failure) for r in results for failure in r.failures],
    }


def render(results: list[FileResult], options: Options) -> str:
    """The whole run as one JSON document."""
    positions = Positions(results)
    files = []
    for r in results:
        entry: dict = {"path": r.path, "findings": [finding_dict(f, r.path, positions)
                                                    for f in shown(r, options)]}
        if r.failures:          # like "error": only on a file where a rule could not finish
            entry["failures"] = [failure_dict(failure) for failure in r.failures]
        if r.error:
            entry["error"] = r.error
        files.append(entry)
    doc = {"version": VERSION, "files": files, "summary": summary(results, options)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
