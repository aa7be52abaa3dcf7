"""lint(doc, settings) -> findings: runs the selected rules, applies quotation and headline
policies, per-rule severity, and inline suppressions; a failing rule never stops the others."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from . import suppression
from .document import Document
from .model import Finding, Severity
from .rules import Rule, RuleError, matches


@dataclass
class Settings:
    """Everything the engine needs for one file: the rules in effect and per-file options."""

    rules: list[Rule]
    registry: dict[str, Rule]
    severity: dict[str, Severity] = field(default_factory=dict)
    house_spellings: dict[str, str] = field(default_factory=dict)   # variant -> preferred
    options: dict[str, object] = field(default_factory=dict)

    def rule(self, code: str) -> Rule | None:
        """The rule record for a code, selected or not."""
        return self.registry.get(code)


@dataclass
class LintResult:
    """Findings of one document, rules that could not finish, and what run-level rules
    gathered from it (rule code -> summary) for comparison across files."""

    findings: list[Finding]
    failures: list[str]
    summaries: dict[str, object] = field(default_factory=dict)


BUILTIN_UNUSED = "CL001"
BUILTIN_UNKNOWN = "CL002"


def lint(doc: Document, settings: Settings) -> LintResult:
    """Check `doc` with every selected rule; return sorted findings and rule failures."""
    findings: list[Finding] = []
    failures: list[str] = []
    runnable = []
    for rule in settings.rules:
        if rule.kind == "builtin":
            continue
        try:
            doc.want_words(getattr(rule.checker, "vocabulary", frozenset()))
        except RuleError as exc:
            failures.append(str(exc))
            continue
        runnable.append(rule)
    for rule in runnable:
        try:
            found = list(rule.check(doc))
        except TimeoutError:
            failures.append(f"rule {rule.code} ({rule.name}) stopped: its pattern ran longer than "
                            f"the time limit on this file (catastrophic backtracking?); "
                            f"its findings are skipped")
            continue
        except RuleError as exc:
            failures.append(str(exc))
            continue
        findings.extend(_apply_policies(doc, rule, found, settings))
    findings = _suppress(doc, settings, _dedupe(findings))
    findings.sort(key=lambda f: f.sort_key)
    summaries = {}
    for rule in runnable:
        if rule.collect:
            try:
                summaries[rule.code] = rule.collector(doc, rule)
            except RuleError as exc:
                failures.append(str(exc))
    return LintResult(findings, failures, summaries)


def lint_across(files: list[tuple[str, str, dict]],
                settings: Settings) -> tuple[dict[str, list[Finding]], list[str]]:
    """Run-level rules over a whole run. `files` holds each file's path, text and the summaries
    its collectors gathered (a file whose settings did not select a rule has none for it).
    Returns new findings by path, each filtered by that file's own suppressions, and failures."""
    out: dict[str, list[Finding]] = {}
    failures: list[str] = []
    texts = {path: text for path, text, _ in files}
    directives: dict[str, list] = {}
    for rule in settings.rules:
        if not rule.across:
            continue
        items = [(path, summaries[rule.code]) for path, _, summaries in files
                 if rule.code in summaries]
        if len(items) < 2:
            continue
        try:
            found = list(rule.combiner(rule, items, settings))
        except RuleError as exc:
            failures.append(str(exc))
            continue
        for path, f in found:
            if path not in directives:
                directives[path] = suppression.parse(Document(texts[path], path))
            if any(d.covers(f, lambda f, sel: matches(rule, sel)) for d in directives[path]):
                continue
            out.setdefault(path, []).append(_severity(f, settings))
    return out, failures


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One problem, one finding: of findings on the same span proposing the same text, keep the
    loudest, most trusted (Kiev is a wrong transliteration and a variant of Kyiv: report once)."""
    best: dict[tuple, Finding] = {}
    for f in findings:
        proposal = f.fix.edits[0].replacement if f.fix and len(f.fix.edits) == 1 else None
        key = (f.span, proposal) if proposal is not None else (f.span, f.code, f.message)
        rank = (f.severity, f.fix.applicability if f.fix else -1)
        if key not in best or rank > (best[key].severity,
                                      best[key].fix.applicability if best[key].fix else -1):
            best[key] = f
    return list(best.values())


def _apply_policies(doc: Document, rule: Rule, found: Iterable[Finding],
                    settings: Settings) -> Iterable[Finding]:
    """Quotation and headline policies, then the configured severity."""
    severity = settings.severity.get(rule.code)
    headline = doc.headline
    for f in found:
        policy = "check"
        if rule.quotes != "check" and doc.in_quotation(f.span):
            policy = rule.quotes
        if rule.headline != "check" and headline and headline.span.contains(f.span):
            policy = max(policy, rule.headline, key=("check", "info", "skip").index)
        if policy == "skip":
            continue
        if policy == "info":
            f = replace(f, severity=Severity.INFO)
        elif severity is not None:
            f = replace(f, severity=severity)
        yield f


def _suppress(doc: Document, settings: Settings, findings: list[Finding]) -> list[Finding]:
    """Drop suppressed findings; report directives that did nothing or name no rule."""
    directives = suppression.parse(doc)
    if not directives:
        return findings

    def selects(finding: Finding, selector: str) -> bool:
        rule = settings.rule(finding.code)
        return rule is not None and matches(rule, selector)

    kept = []
    for f in findings:
        hit = [d for d in directives if d.covers(f, selects)]
        for d in hit:
            d.used = True
        if not hit:
            kept.append(f)
    selected = {r.code for r in settings.rules}
    for d in directives:
        unknown = [c for c in d.codes if not any(matches(r, c) for r in settings.registry.values())]
        if unknown and BUILTIN_UNKNOWN in selected:
            rule, codes = settings.registry[BUILTIN_UNKNOWN], ", ".join(unknown)
        elif not d.used and BUILTIN_UNUSED in selected:
            rule, codes = settings.registry[BUILTIN_UNUSED], ", ".join(d.codes) or "any rule"
        else:
            continue
        fix = rule.make_fix(d.delete, "", "Delete the suppression comment")
        kept.append(_severity(rule.finding(d.span, fix=fix, codes=codes), settings))
    return kept


def _severity(f: Finding, settings: Settings) -> Finding:
    override = settings.severity.get(f.code)
    return replace(f, severity=override) if override is not None else f
