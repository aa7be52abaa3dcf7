"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format): one run, for code-scanning
dashboards and any CI that reads it.

Regions are 1-based lines and columns in UTF-16 code units (SARIF's default `columnKind`),
derived from the shared LSP position converter. Relative paths are URIs against %SRCROOT%, the
working directory. Fixes carry their edits as `artifactChanges`, with their applicability in
`properties`; files that could not be read are error notifications of the invocation.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model import FileResult, Finding, Fix, Severity, Span
from . import Options, shown
from .lsp import DOCS_URL, UTF16, LspPositions

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/copylint/copylint"
SRCROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict:
    """A file as a SARIF artifactLocation: relative to %SRCROOT%, or an absolute file URI."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    rel = path.replace("\\", "/")
    return {"uri": quote(rel, safe="/!$&'()*+,;=:@-._~"), "uriBaseId": SRCROOT}


class Regions:
    """SARIF regions of the run's files, each file's converter built once."""

    def __init__(self, results: list[FileResult]) -> None:
        self._texts = {r.path: r.text for r in results if r.error is None}
        self._positions: dict[str, LspPositions] = {}

    def region(self, path: str, span: Span, snippet: bool = True) -> dict | None:
        """{"startLine", "startColumn", "endLine", "endColumn"[, "snippet"]} (1-based)."""
        if path not in self._texts:
            return None
        if path not in self._positions:
            self._positions[path] = LspPositions(self._texts[path], UTF16)
        rng = self._positions[path].range(span)
        out = {"startLine": rng["start"]["line"] + 1, "startColumn": rng["start"]["character"] + 1,
               "endLine": rng["end"]["line"] + 1, "endColumn": rng["end"]["character"] + 1}
        if snippet and span.end > span.start:
            out["snippet"] = {"text": self._texts[path][span.start:span.end]}
        return out

    def location(self, path: str, span: Span) -> dict:
        """A physicalLocation (without a region if the file is not part of the run)."""
        physical: dict = {"artifactLocation": artifact_location(path)}
        region = self.region(path, span)
        if region:
            physical["region"] = region
        return {"physicalLocation": physical}


def sarif_fix(fix: Fix, path: str, regions: Regions) -> dict:
    """A Fix as a SARIF fix: its edits as replacements of one artifact."""
    return {
        "description": {"text": fix.title},
        "artifactChanges": [{
            "artifactLocation": artifact_location(path),
            "replacements": [{"deletedRegion": regions.region(path, e.span, snippet=False),
                              "insertedContent": {"text": e.replacement}} for e in fix.edits],
        }],
        "properties": {"applicability": fix.applicability.label},
    }


def result(f: Finding, path: str, rule_index: int, regions: Regions) -> dict:
    """A Finding as a SARIF result."""
    out: dict = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [regions.location(path, f.span)],
    }
    if f.related:
        related = []
        for i, r in enumerate(f.related, 1):
            loc = regions.location(r.path or path, r.span)
            loc.update(id=i, message={"text": r.message})
            related.append(loc)
        out["relatedLocations"] = related
    fixes = [fx for fx in (f.fix, *f.alternatives) if fx is not None and fx.edits]
    if fixes:
        out["fixes"] = [sarif_fix(fx, path, regions) for fx in fixes]
    return out


def rule_descriptor(code: str, name: str, severity: Severity) -> dict:
    """reportingDescriptor for a rule: summary, documentation, default level, groups."""
    from ..runner import registry
    rule = registry().get(code)
    out: dict = {"id": code, "name": name, "helpUri": DOCS_URL.format(code=code, name=name),
                 "defaultConfiguration": {"level": LEVEL[severity]}}
    if rule is None:          # a rule from a newsroom's own rule folder: what the finding says
        return out
    out["shortDescription"] = {"text": rule.summary}
    docs = rule.docs or {}
    if docs.get("what"):
        out["fullDescription"] = {"text": docs["what"]}
    parts = [(title, docs.get(key)) for key, title in
             (("what", "What it catches"), ("why", "Why"), ("example", "Example"),
              ("fix", "How to fix"))]
    out["help"] = {"text": "\n\n".join(text for _, text in parts if text),
                   "markdown": "\n\n".join(f"**{t}.** {text}" for t, text in parts if text)}
    out["defaultConfiguration"] = {"level": LEVEL[rule.severity], "enabled": rule.enabled}
    if rule.groups:
        out["properties"] = {"tags": list(rule.groups)}
    return out


def render(results: list[FileResult], options: Options) -> str:
    """The whole run as one SARIF 2.1.0 log."""
    regions = Regions(results)
    rule_index: dict[str, int] = {}
    rules: list[dict] = []
    out_results: list[dict] = []
    for r in results:
        for f in shown(r, options):
            if f.code not in rule_index:
                rule_index[f.code] = len(rules)
                rules.append(rule_descriptor(f.code, f.rule, f.severity))
            out_results.append(result(f, r.path, rule_index[f.code], regions))
    notifications: list[dict] = []
    for r in results:
        if r.error:
            notifications.append({"level": "error", "message": {"text": r.error},
                                  "locations": [{"physicalLocation": {
                                      "artifactLocation": artifact_location(r.path)}}]})
        for failure in r.failures:    # a rule that could not finish on this file
            if any(n["message"]["text"] == str(failure) for n in notifications):
                continue
            notification: dict = {"level": "error", "message": {"text": str(failure)},
                                  "descriptor": {"id": failure.kind},
                                  "associatedRule": {"id": failure.code}}
            if failure.path:
                notification["locations"] = [{"physicalLocation": {
                    "artifactLocation": artifact_location(failure.path)}}]
            notifications.append(notification)
        for note in r.notices:
            notifications.append({"level": "note", "message": {"text": note}})
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "copylint", "version": __version__,
                                "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "utf16CodeUnits",
            "invocations": [{"executionSuccessful": not any(r.error or r.failures for r in results),
                             "toolExecutionNotifications": notifications}],
            "results": out_results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
