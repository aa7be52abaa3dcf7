"""Rule records and selection by code, prefix, group or name.

A `Rule` is one validated YAML record (lint.loader builds them); `prepare` turns it into a
checker for one rule set (lint.lifecycle). Selection: `select_rules` picks the rules in effect
from --select / --ignore style selectors.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from .errors import RuleError, SelectionError
from .lifecycle import Budget, Checker, CheckSpec, Env
from .model import Applicability, Finding, Fix, Related, Severity, Span
from .tables import Table, builtin_rules_dir

CODE_PREFIX_RE = regex.compile(r"^(?:[A-Z]|[A-Za-z]{2}[0-9]{0,3})$")

__all__ = ["Rule", "builtin_rules_dir", "RuleError", "SelectionError", "matches", "select_rules",
           "check_selector", "prepare"]


@dataclass(eq=False)
class Rule:
    """One rule record, as loaded from YAML. Kind engines read their settings from `spec`."""

    code: str
    name: str
    summary: str
    severity: Severity
    kind: str
    message: str
    docs: dict[str, str]
    origin: str
    groups: tuple[str, ...] = ()
    examples: tuple[dict, ...] = ()
    enabled: bool = True
    quotes: str = "check"
    headline: str = "check"
    fix: Applicability | None = Applicability.SAFE
    options: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    timeout: float | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)   # kind keys naming tables, resolved
    check_spec: CheckSpec | None = None   # kind: python: what the check declared
    collector: Callable | None = None     # run-level rules: collect(doc, rule) -> summary
    combiner: Callable | None = None      # run-level rules: across(rule, items, env) -> (path, Finding)
    prepared: dict[Env, Checker] = field(default_factory=dict, repr=False)   # see `prepare`

    # -- findings ----------------------------------------------------------------
    def format(self, **values: Any) -> str:
        """The rule's message with `values` filled in; unknown fields stay as written."""
        return self.message.format_map(_Lenient(values))

    def finding(self, span: Span, *, fix: Fix | None = None, alternatives: Iterable[Fix] = (),
                related: Iterable[Related] = (), message: str | None = None,
                severity: Severity | None = None, **values: Any) -> Finding:
        """Build a Finding of this rule; the message is the template filled with `values`."""
        return Finding(
            code=self.code, rule=self.name,
            severity=severity if severity is not None else self.severity,
            message=message if message is not None else self.format(**values),
            span=span, fix=fix, alternatives=tuple(alternatives), related=tuple(related))

    def make_fix(self, span: Span, replacement: str, title: str) -> Fix | None:
        """A one-edit fix at the rule's applicability, or None if the rule has no fix."""
        if self.fix is None:
            return None
        return Fix.replace(span, replacement, title, self.fix)

    # -- data --------------------------------------------------------------------
    def error(self, message: str, key: str = "") -> RuleError:
        """A RuleError naming this rule's file and code."""
        return RuleError(message, origin=self.origin, code=self.code, key=key)

    @property
    def checker(self) -> Checker:
        """The rule prepared in the default environment (no house spellings)."""
        return prepare(self, Env())

    def check(self, doc) -> Iterable[Finding]:
        """Run this rule alone over a Document (default environment, the rule's time budget):
        for notebooks, benchmarks and tests; the engine runs rules through `Settings`."""
        return self.checker(doc, Budget.for_rule(self, doc.text))


def prepare(rule: Rule, env: Env) -> Checker:
    """The rule's checker for a rule set with environment `env`: its kind engine prepares it
    (reads its tables, compiles its matchers); a kind: python rule's declared preparation runs.
    Done once per rule and environment: rule sets that share both share the checker."""
    checker = rule.prepared.get(env)
    if checker is None:
        checker = rule.prepared[env] = _prepare(rule, env)
    return checker


def _prepare(rule: Rule, env: Env) -> Checker:
    kind = importlib.import_module(f"lint.kinds.{rule.kind}")
    return kind.prepare(rule, env)


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# -- selection ------------------------------------------------------------------------
def matches(rule: Rule, selector: str) -> bool:
    """Whether `selector` (ALL, a code, a code prefix, a group or a rule name) picks `rule`."""
    if selector.upper() == "ALL":
        return True
    if CODE_PREFIX_RE.match(selector):          # MT, MT1, MT101 (any case: mt101)
        return rule.code.startswith(selector.upper())
    return selector == rule.name or selector in rule.groups or rule.name.startswith(selector + ".")


def select_rules(rules: dict[str, Rule], select: Iterable[str] | None = None,
                 extend_select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules in effect: `select` (default: every enabled rule) plus `extend_select`,
    minus `ignore`. A rule that is off by default is on only when a selector names it by code
    or name: a prefix, a group or ALL does not switch it on."""
    selectors = [*(select or []), *extend_select]
    for sel in [*selectors, *ignore]:
        check_selector(rules, sel)
    chosen = []
    for rule in rules.values():
        picked = (select is None and rule.enabled) or any(
            matches(rule, s) for s in selectors
            if rule.enabled or s.upper() == rule.code or s == rule.name)
        if picked and not any(matches(rule, s) for s in ignore):
            chosen.append(rule)
    return chosen


def check_selector(rules: dict[str, Rule], selector: str) -> None:
    """Raise SelectionError if `selector` matches no rule."""
    if not any(matches(rule, selector) for rule in rules.values()):
        raise SelectionError(f"unknown rule code, group or name '{selector}' "
                             f"(see `copylint rules`)")
