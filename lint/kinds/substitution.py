"""kind: substitution — a word or phrase with a known better form, from a table.

Keys: `table` (TSV next to the rule file: wrong<TAB>right[|alternative...]<TAB>note) and/or
`entries` (inline mapping wrong -> right), `case` (exact | ignore), `exceptions` (regexes whose
matches protect what they cover, e.g. "chicken Kiev"). Message fields: {match}, {replacement},
{note}.
"""
from __future__ import annotations

from typing import Iterator

from ..model import Finding, Span
from . import PhraseTable, case_flags, exception_matcher, match_case, validate_common


def validate(rule, fail) -> None:
    """Check the keys of a substitution rule at load time."""
    validate_common(rule, fail)
    if "table" not in rule.spec and "entries" not in rule.spec:
        raise fail("a substitution rule needs 'table' or 'entries'")
    entries = rule.spec.get("entries", {})
    if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in entries.items()):
        raise fail("key 'entries' must map each wrong form to its right form")
    if "table" in rule.spec and not isinstance(rule.spec["table"], str):
        raise fail("key 'table' must be a path relative to the rule file")


def table_entries(rule) -> dict[str, tuple[list[str], str]]:
    """wrong -> ([right, alternatives...], note) from the rule's table and inline entries."""
    out: dict[str, tuple[list[str], str]] = {}
    if "table" in rule.spec:
        for row in rule.read_table(rule.spec["table"]):
            if len(row) < 2 or not row[0] or not row[1]:
                raise _error(rule, f"table row {row!r} needs wrong<TAB>right")
            out[row[0]] = (row[1].split("|"), row[2] if len(row) > 2 else "")
    for wrong, right in rule.spec.get("entries", {}).items():
        out[wrong] = (right.split("|"), "")
    return out


def key_of(text: str, ignore_case: bool) -> str:
    """Lookup key for a matched phrase: whitespace collapsed, lower-cased if case is ignored."""
    key = " ".join(text.split())
    return key.lower() if ignore_case else key


def prepare(rule):
    """Index the rule's table by first word; return its check function."""
    ignore_case = rule.spec.get("case", "exact") == "ignore"
    raw = table_entries(rule)
    entries = {key_of(k, ignore_case): v for k, v in raw.items()}
    table = PhraseTable(raw, case_flags(rule), lambda m: _error(rule, m))
    protected = exception_matcher(rule)

    def check(doc, rule) -> Iterator[Finding]:
        for m in table.finditer(doc):
            span = Span(m.start(), m.end())
            if protected(doc.text, span):
                continue
            rights, note = entries[key_of(m.group(), ignore_case)]
            options = [match_case(m.group(), r) for r in rights]
            fixes = [rule.make_fix(span, r, f"Replace '{m.group()}' with '{r}'") for r in options]
            yield rule.finding(span, fix=fixes[0], alternatives=[f for f in fixes[1:] if f],
                               match=m.group(), replacement=options[0], note=note)

    check.vocabulary = table.vocabulary
    return check


def _error(rule, msg):
    from ..rules import RuleError
    return RuleError(f"{rule.origin}: rule {rule.code}: {msg}")
