"""Engines for data rules: a YAML record plus a word list, no Python of its own.

Each kind module offers `validate(rule, fail)` (called at load time: check the kind's keys and
compile what is cheap) and `prepare(rule) -> check(doc, rule)` (called once when a selected rule
first runs: read tables, compile the big pattern).
"""
from __future__ import annotations

from typing import Callable, Iterable

import regex

from ..document import Document
from ..model import Span

WORD = r"[\p{L}\p{N}\p{M}]"
BEFORE = rf"(?<!{WORD})"
AFTER = rf"(?!{WORD})"


def deadline(rule, doc: Document) -> float:
    """Seconds one rule's pattern may run over `doc` before it is stopped: the rule's own
    `timeout`, else one second plus one per 2 MB of text."""
    return rule.timeout or 1.0 + len(doc.text) / 2_000_000


def literal_pattern(phrase: str) -> str:
    """A literal phrase as a regex where any run of spaces matches any whitespace."""
    return r"\s+".join(regex.escape(part) for part in phrase.split())


def word_alternation(phrases: Iterable[str]) -> str:
    """One whole-word regex matching any of `phrases`, longest first."""
    alts = sorted({literal_pattern(p) for p in phrases}, key=lambda p: (-len(p), p))
    return f"{BEFORE}(?:{'|'.join(alts)}){AFTER}"


def compile_or_fail(pattern: str, flags: int, fail: Callable[[str], Exception], what: str):
    """Compile a regex, turning a syntax error into a RuleError naming the key."""
    try:
        return regex.compile(pattern, flags)
    except (regex.error, TypeError) as exc:
        raise fail(f"key '{what}': bad regular expression {pattern!r}: {exc}") from None


def case_flags(rule) -> int:
    """Regex flags for the rule's `case` setting ('exact', the default, or 'ignore')."""
    return regex.IGNORECASE if rule.spec.get("case", "exact") == "ignore" else 0


def validate_common(rule, fail) -> None:
    """Checks shared by the data kinds: `case` and `exceptions`."""
    if rule.spec.get("case", "exact") not in ("exact", "ignore"):
        raise fail("key 'case': must be 'exact' or 'ignore'")
    exceptions = rule.spec.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(e, str) for e in exceptions):
        raise fail("key 'exceptions' must be a list of regular expressions")
    for pattern in exceptions:
        compile_or_fail(pattern, case_flags(rule), fail, "exceptions")


def exception_spans(rule, doc: Document, timeout: float) -> list[Span]:
    """Where the rule's `exceptions` patterns match: findings inside these are dropped."""
    exceptions = rule.spec.get("exceptions")
    if not exceptions:
        return []
    pattern = regex.compile("|".join(f"(?:{e})" for e in exceptions), case_flags(rule))
    return [Span(m.start(), m.end()) for m in pattern.finditer(doc.text, timeout=timeout)]


def inside_any(span: Span, spans: list[Span]) -> bool:
    """True if `span` lies inside one of `spans` (few per document: a scan is enough)."""
    return any(s.contains(span) for s in spans)


def match_case(matched: str, replacement: str) -> str:
    """Carry the matched text's case over to the replacement (KIEF -> KYIV, Air alarm -> Air-raid)."""
    if len(matched) > 1 and matched.isupper() and not replacement.isupper():
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
