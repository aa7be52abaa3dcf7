"""`copylint rules --check [PATH]`: validate a rule pack before committing it.

What a standards desk runs on its own rules: the pack loads strictly (every key, table, option,
message field and pattern checked, as for a real run), every rule prepares (its tables are read
and every row parses), and every example in the rules' `examples:` behaves as written: a `fail`
text gets a finding of that rule (and, with `fix`, fixing it gives exactly that text), a `pass`
text gets none.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .engine import Settings, lint
from .errors import CopylintError
from .fixer import fix_until_stable
from .loader import load_rules
from .model import Applicability
from .rules import Rule
from .tables import builtin_rules_dir


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rule of the pack: where, and what."""

    origin: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: rule {self.code}: {self.message}"


@dataclass
class PackReport:
    """What `check_pack` found: the rules and examples checked and the problems."""

    rules: int = 0
    examples: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_pack(folders: Iterable[Any] = ()) -> PackReport:
    """Load the shipped rules plus `folders` (trusted: the user names them), prepare each rule
    of `folders` (of the shipped pack if none) and run its examples. A pack that does not load
    raises RuleError (one line naming file, rule and key)."""
    folders = list(folders)
    registry = load_rules(folders, trusted=True)
    shipped = str(builtin_rules_dir())
    wanted = [r for r in registry.values() if not folders or not r.origin.startswith(shipped)]
    report = PackReport()
    defaults = [r for r in registry.values() if r.enabled]
    for rule in wanted:
        report.rules += 1
        # a suppression rule reports on the other rules' suppressions: run it with the default set
        chosen = [rule] if rule.kind != "suppression" else \
            [*defaults, *([rule] if not rule.enabled else [])]
        settings = Settings(rules=chosen, registry=registry)
        for failure in settings.failures:
            if failure.code == rule.code:
                report.problems.append(Problem(rule.origin, rule.code, failure.message))
        if any(f.code == rule.code for f in settings.failures):
            continue
        for i, example in enumerate(rule.examples, 1):
            report.examples += 1
            report.problems.extend(_example(rule, settings, i, example))
    return report


def _example(rule: Rule, settings: Settings, i: int, example: dict) -> list[Problem]:
    text = example.get("fail", example.get("pass", ""))
    shown = text if len(text) <= 60 else text[:57] + "..."

    def problem(msg: str) -> Problem:
        return Problem(rule.origin, rule.code, f"example {i} ({shown!r}): {msg}")

    def relint(t: str):
        result = lint(Document(t, "<example>"), settings)
        if result.failures:
            raise _Failed(str(result.failures[0]))
        return [f for f in result.findings if f.code == rule.code]

    try:
        found = relint(text)
        if "pass" in example:
            return [problem(f"expected no finding, got: {found[0].message}")] if found else []
        if not found:
            return [problem("expected a finding, got none")]
        if "fix" in example:
            fixed, _, _ = fix_until_stable(text, relint, Applicability.UNSAFE)
            if fixed != example["fix"]:
                return [problem(f"fixing gives {fixed!r}, the example says {example['fix']!r}")]
    except _Failed as exc:
        return [problem(f"the rule failed: {exc}")]
    except CopylintError as exc:
        return [problem(str(exc))]
    return []


class _Failed(Exception):
    pass
