"""kind: python — a rule whose body is a Python check (`check: module:function`).

The function was declared with `lint.lifecycle.check` or `preparer`; the loader imported it
(from a trusted rule folder only) and checked the rule's options and message fields against
what it declared. A run-level rule with `collect`/`across` and no `check` finds nothing in one
document alone.
"""
from __future__ import annotations


def _nothing(doc, budget):
    return ()


def prepare(rule, env):
    """The check's own preparation for this rule set (or nothing, for a run-level-only rule)."""
    if rule.check_spec is None:
        return _nothing
    return rule.check_spec.prepare(rule, env)
