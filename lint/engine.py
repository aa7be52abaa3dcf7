"""lint(doc, settings) -> findings: runs the selected rules, applies quotation and headline
policies, per-rule severity, and inline suppressions; a failing rule never stops the others.

Every rule goes through the same lifecycle (lint.lifecycle): its checker is prepared once per
rule set (`Settings`), then run on each document with a time budget of its own. A rule that
raises, runs out of time or could not be prepared becomes a typed `Failure` in the result,
which the CLI, the LSP and SARIF report (and which makes the CLI exit 2); the other rules'
findings are kept.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import suppression
from .document import Document
from .errors import RULE_FAILED, RULE_TIMEOUT, RULE_UNLOADABLE, Failure
from .lifecycle import Budget, Checker, Env
from .model import Applicability, Finding, Severity
from .rules import Rule, matches, prepare


@dataclass
class Settings:
    """Everything the engine needs for one configuration: the rules in effect (each prepared
    once, here), the registry of every known rule (to tell an unknown suppression code from a
    rule that is merely not selected), severity overrides and the environment checks see."""

    rules: list[Rule]
    registry: dict[str, Rule]
    severity: dict[str, Severity] = field(default_factory=dict)
    env: Env = field(default_factory=Env)
    checkers: dict[str, Checker] = field(default_factory=dict, init=False, repr=False)
    failures: list[Failure] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            try:
                self.checkers[rule.code] = prepare(rule, self.env)
            except Exception as exc:   # a broken table row, an import error in a check
                self.failures.append(Failure.from_error(RULE_UNLOADABLE, rule, exc))

    def rule(self, code: str) -> Rule | None:
        """The rule record for a code, selected or not."""
        return self.registry.get(code)

    def reporting(self, report: str) -> Rule | None:
        """The selected suppression rule that reports `report` ('unused' or 'unknown')."""
        return next((r for r in self.rules if r.kind == "suppression"
                     and r.spec.get("reports") == report), None)


@dataclass
class LintResult:
    """Findings of one document, rules that could not finish, and what run-level rules
    gathered from it (rule code -> summary) for comparison across files."""

    findings: list[Finding]
    failures: list[Failure]
    summaries: dict[str, Any] = field(default_factory=dict)


def lint(doc: Document, settings: Settings) -> LintResult:
    """Check `doc` with every selected rule; return sorted findings and rule failures."""
    findings: list[Finding] = []
    failures: list[Failure] = list(settings.failures)
    runnable = [(rule, settings.checkers[rule.code]) for rule in settings.rules
                if rule.code in settings.checkers]
    for _, checker in runnable:
        doc.want_words(getattr(checker, "vocabulary", frozenset()))
    for rule, checker in runnable:
        try:
            found = list(checker(doc, Budget.for_rule(rule, doc.text)))
        except TimeoutError:
            failures.append(Failure(RULE_TIMEOUT, rule.code, rule.name,
                                    "stopped: its patterns ran longer than its time limit on this "
                                    "file (catastrophic backtracking?); its findings are skipped",
                                    doc.path))
            continue
        except Exception as exc:   # a bug in one check must not stop the others
            failures.append(Failure.from_error(RULE_FAILED, rule, exc, doc.path))
            continue
        findings.extend(_apply_policies(doc, rule, found, settings))
    findings = _suppress(doc, settings, _dedupe(findings))
    findings.sort(key=lambda f: f.sort_key)
    summaries = {}
    for rule, _ in runnable:
        if rule.collector is not None:
            try:
                summaries[rule.code] = rule.collector(doc, rule)
            except Exception as exc:
                failures.append(Failure.from_error(RULE_FAILED, rule, exc, doc.path))
    return LintResult(findings, failures, summaries)


def lint_across(files: list[tuple[str, str, dict]],
                settings: Settings) -> tuple[dict[str, list[Finding]], list[Failure]]:
    """Run-level rules over a whole run. `files` holds each file's path, text and the summaries
    its collectors gathered (a file whose settings did not select a rule has none for it).
    Returns new findings by path, each filtered by that file's own suppressions, and failures."""
    out: dict[str, list[Finding]] = {}
    failures: list[Failure] = []
    texts = {path: text for path, text, _ in files}
    directives: dict[str, list] = {}
    for rule in settings.rules:
        combine = rule.combiner
        if combine is None:
            continue
        items = [(path, summaries[rule.code]) for path, _, summaries in files
                 if rule.code in summaries]
        if len(items) < 2:
            continue
        try:
            found = list(combine(rule, items, settings.env))
        except Exception as exc:
            failures.append(Failure.from_error(RULE_FAILED, rule, exc))
            continue
        for path, f in found:
            if path not in directives:
                directives[path] = suppression.parse(Document(texts[path], path))
            if any(d.covers(f, lambda f, sel, rule=rule: matches(rule, sel)) for d in directives[path]):
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
        if key not in best or _rank(f) > _rank(best[key]):
            best[key] = f
    return list(best.values())


def _rank(f: Finding) -> tuple[int, int]:
    """Loudest first, then the most trusted fix."""
    return (f.severity, f.fix.applicability if f.fix is not None else -1)


def _apply_policies(doc: Document, rule: Rule, found: Iterable[Finding],
                    settings: Settings) -> Iterable[Finding]:
    """Quotation and headline policies, then the configured severity. A fix inside a quotation
    is never safe: a quotation is the speaker's words, so --fix leaves it for an editor."""
    severity = settings.severity.get(rule.code)
    headline = doc.headline
    for f in found:
        policy = "check"
        quoted = None
        if rule.quotes != "check" or (f.fix is not None and f.fix.applicability == Applicability.SAFE):
            quoted = doc.in_quotation(f.span)
        if quoted and f.fix is not None and f.fix.applicability == Applicability.SAFE:
            f = replace(f, fix=replace(f.fix, applicability=Applicability.UNSAFE),
                        alternatives=tuple(replace(a, applicability=min(a.applicability,
                                                                        Applicability.UNSAFE))
                                           for a in f.alternatives))
        if rule.quotes != "check" and quoted:
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
    unknown_rule, unused_rule = settings.reporting("unknown"), settings.reporting("unused")
    for d in directives:
        unknown = [c for c in d.codes if not any(matches(r, c) for r in settings.registry.values())]
        if unknown and unknown_rule is not None:
            rule, codes = unknown_rule, ", ".join(unknown)
        elif not d.used and unused_rule is not None:
            rule, codes = unused_rule, ", ".join(d.codes) or "any rule"
        else:
            continue
        fix = rule.make_fix(d.delete, "", "Delete the suppression comment")
        kept.append(_severity(rule.finding(d.span, fix=fix, codes=codes), settings))
    return kept


def _severity(f: Finding, settings: Settings) -> Finding:
    override = settings.severity.get(f.code)
    return replace(f, severity=override) if override is not None else f

