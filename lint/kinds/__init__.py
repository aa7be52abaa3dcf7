"""Engines for data rules: a YAML record plus a word list, no Python of its own.

Each kind module offers `validate(rule, fail)` (called at load time: check the kind's keys and
compile what is cheap) and `prepare(rule) -> check(doc, rule)` (called once when a selected rule
first runs: read tables, compile matchers). A check function may carry a `vocabulary` attribute:
the lower-case words it looks up with `Document.word_starts`, declared to the document up front.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

import regex

from ..document import Document
from ..model import Span

WORD = r"[\p{L}\p{N}\p{M}]"
BEFORE = rf"(?<!{WORD})"
AFTER = rf"(?!{WORD})"
FIRST_RUN_RE = regex.compile(r"\p{L}+")
EXCEPTION_WINDOW = 80   # characters either side of a hit searched for a protecting phrase


def deadline(rule, doc: Document | str) -> float:
    """Seconds one rule's pattern may run over a document (or text) before it is stopped: the
    rule's own `timeout`, else one second plus one per 2 MB of text."""
    text = doc if isinstance(doc, str) else doc.text
    return rule.timeout or 1.0 + len(text) / 2_000_000


def literal_pattern(phrase: str) -> str:
    """A literal phrase as a regex where any run of spaces matches any whitespace."""
    return r"\s+".join(regex.escape(part) for part in phrase.split())


def compile_or_fail(pattern: str, flags: int, fail: Callable[[str], Exception], what: str):
    """Compile a regex, turning a syntax error into a RuleError naming the key."""
    try:
        return regex.compile(pattern, flags)
    except (regex.error, TypeError) as exc:
        raise fail(f"key '{what}': bad regular expression {pattern!r}: {exc}") from None


CASE_MODES = ("exact", "ignore", "proper")


def case_flags(rule) -> int:
    """Regex flags for matching table entries under the rule's `case` setting: 'exact' (the
    default), 'ignore', or 'proper' (as written or in capitals: a name, never a common noun)."""
    return regex.IGNORECASE if rule.spec.get("case", "exact") != "exact" else 0


def exception_flags(rule) -> int:
    """Exceptions ignore case only under `case: ignore`; otherwise they match as written
    (write `(?i:...)` for a part that may vary)."""
    return regex.IGNORECASE if rule.spec.get("case", "exact") == "ignore" else 0


def validate_common(rule, fail) -> None:
    """Checks shared by the data kinds: `case`, `exceptions` and `document_exceptions`."""
    if rule.spec.get("case", "exact") not in CASE_MODES:
        raise fail(f"key 'case': must be one of {', '.join(CASE_MODES)}")
    for key in ("exceptions", "document_exceptions"):
        patterns = rule.spec.get(key, [])
        if not isinstance(patterns, list) or not all(isinstance(e, str) for e in patterns):
            raise fail(f"key '{key}' must be a list of regular expressions")
        for pattern in patterns:
            compile_or_fail(pattern, exception_flags(rule), fail, key)


def exception_matcher(rule) -> Callable[[str, list], Callable[[Span], bool]]:
    """For a text and its hits, a test `protected(span)`: does one of the rule's `exceptions`
    cover the span? Only a window around each hit is searched, so the cost follows the hits."""
    exceptions = rule.spec.get("exceptions")
    if not exceptions:
        return lambda text, hits: lambda span: False
    pattern = regex.compile("|".join(f"(?:{e})" for e in exceptions), exception_flags(rule))

    def for_text(text: str, hits: list) -> Callable[[Span], bool]:
        def near(span: Span) -> bool:
            lo = max(0, span.start - EXCEPTION_WINDOW)
            hi = min(len(text), span.end + EXCEPTION_WINDOW)
            return any(m.start() <= span.start and span.end <= m.end()
                       for m in pattern.finditer(text, lo, hi, overlapped=True,
                                                 timeout=deadline(rule, text)))
        return near

    return for_text


class PhraseTable:
    """Literal phrases found through the document's word index, not a full-text alternation.

    Phrases are grouped by their first run of letters; at each place that word occurs, the
    phrases of its group are tried there. Cost follows the hits, whatever the table's size.
    """

    def __init__(self, phrases: Iterable[str], flags: int, fail: Callable[[str], Exception]):
        groups: dict[str, list[str]] = {}
        for phrase in phrases:
            m = FIRST_RUN_RE.match(phrase)
            if not m:
                raise fail(f"table entry {phrase!r} must start with a letter")
            groups.setdefault(m.group().lower(), []).append(phrase)
        self.matchers = {
            key: regex.compile(f"(?:{'|'.join(sorted(map(literal_pattern, group), key=len, reverse=True))}){AFTER}",
                               flags)
            for key, group in groups.items()}
        self.vocabulary = frozenset(self.matchers)

    def finditer(self, doc: Document) -> Iterator[regex.Match]:
        """Every whole-word occurrence of a phrase, in document order."""
        doc.want_words(self.vocabulary)
        text = doc.text
        hits = []
        for key in doc.words_present(self.vocabulary):
            matcher = self.matchers[key]
            for start in doc.word_starts(key):
                m = matcher.match(text, start)
                if m and (start == 0 or not regex.match(WORD, text[start - 1])):
                    hits.append(m)
        hits.sort(key=lambda m: m.start())
        return iter(hits)


def match_case(matched: str, replacement: str) -> str:
    """Carry the matched text's case over to the replacement (KIEF -> KYIV, Air alarm -> Air-raid)."""
    if len(matched) > 1 and matched.isupper() and not replacement.isupper():
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
