"""Engines for data rules: a YAML record plus a word list, no Python of its own.

`KINDS` describes every kind to the loader (its keys, the keys that name tables, its options
schema and the message fields it fills). Each kind module offers `validate(rule, fail)` (load
time: check the kind's keys, compile what is cheap) and `prepare(rule, env) -> checker` (once per
rule set: read tables, compile matchers); the checker is `checker(doc, budget)`. A checker may
carry a `vocabulary` attribute: the lower-case words it looks up with `Document.word_starts`,
declared to the document up front.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import regex

from ..document import Document
from ..model import Span
from ..options import Schema

WORD = r"[\p{L}\p{N}\p{M}]"
AFTER = rf"(?!{WORD})"
FIRST_RUN_RE = regex.compile(r"\p{L}+")
EXCEPTION_WINDOW = 80   # characters either side of a hit searched for a protecting phrase
MAX_REPEAT = 1000       # the largest {m,n} a rule's pattern may write


@dataclass(frozen=True)
class KindSpec:
    """What the loader knows of a kind: the keys it takes, which of them name tables, its
    options schema, the message fields its findings fill, and its engine module."""

    module: str
    keys: frozenset[str]
    fields: frozenset[str]
    tables: tuple[str, ...] = ()
    options: Schema = field(default_factory=dict)
    validate: bool = True


def _kind(name: str, keys: Iterable[str], fields: Iterable[str], tables: Iterable[str] = (),
          validate: bool = True) -> KindSpec:
    return KindSpec(f"lint.kinds.{name}", frozenset(keys), frozenset(fields), tuple(tables),
                    validate=validate)


KINDS: dict[str, KindSpec] = {
    "substitution": _kind("substitution", ("table", "entries", "case", "exceptions",
                                           "document_exceptions", "people"),
                          ("match", "replacement", "note"), ("table",)),
    "existence": _kind("existence", ("patterns", "table", "case", "exceptions", "scope",
                                     "first_line"),
                       ("match", "note"), ("table",)),
    "phrase": _kind("phrase", ("table", "words", "inflections", "exceptions"),
                    ("match", "replacement", "note"), ("table", "words", "inflections")),
    "python": _kind("python", ("check",), (), validate=False),     # fields and options: the check's
    "suppression": _kind("suppression", ("reports",), ("codes",)),
}


def literal_pattern(phrase: str) -> str:
    """A literal phrase as a regex where any run of spaces matches any whitespace."""
    return r"\s+".join(regex.escape(part) for part in phrase.split())


REPEAT_RE = regex.compile(r"(?<!\\)(?:\\\\)*\{\s*([0-9]*)\s*(?:,\s*([0-9]*)\s*)?\}")
PROBES = ("", " ", "\n", "a", "A b. 1, 2")


def compile_or_fail(pattern: str, flags: int, fail: Callable[[str], Exception], what: str,
                    probes: Iterable[str] = ()):
    """Compile a rule's regex, refusing what could hang or never show: a syntax error, a
    repeat count over MAX_REPEAT (`a{1000000000}` would exhaust memory compiling), and a
    pattern that matches empty text (`''`, `^`, a bare lookahead: a finding with nothing in it).
    `probes` are texts (the rule's examples) tried for an empty match besides a few fixed ones."""
    if not isinstance(pattern, str) or not pattern:
        raise fail(f"key '{what}': an empty pattern matches nothing visible")
    for m in REPEAT_RE.finditer(pattern):
        counts = [int(c) for c in m.groups() if c]
        if any(c > MAX_REPEAT for c in counts):
            raise fail(f"key '{what}': repeat count {m.group()} in {pattern!r} is over the limit "
                       f"of {MAX_REPEAT}")
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, TypeError, OverflowError, RecursionError) as exc:
        raise fail(f"key '{what}': bad regular expression {pattern!r}: {exc}") from None
    for text in (*PROBES, *probes):
        try:
            empty = any(m.start() == m.end() for m in compiled.finditer(text, timeout=1.0))
        except TimeoutError:
            raise fail(f"key '{what}': pattern {pattern!r} takes over a second on the rule's own "
                       f"examples (catastrophic backtracking?)") from None
        if empty:
            raise fail(f"key '{what}': pattern {pattern!r} can match empty text; a rule must "
                       f"match at least one character")
    return compiled


def probes_of(rule) -> list[str]:
    """Texts a rule's patterns are tried on at load: its examples."""
    return [ex.get("fail") or ex.get("pass") or "" for ex in rule.examples]


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
            compile_or_fail(pattern, exception_flags(rule), fail, key, probes_of(rule))


def exception_matcher(rule) -> Callable:
    """For a text, its hits and the rule's time budget, a test `protected(span)`: does one of
    the rule's `exceptions` cover the span? Only a window around each hit is searched, so the
    cost follows the hits; every window draws on the same budget."""
    exceptions = rule.spec.get("exceptions")
    if not exceptions:
        return lambda text, hits, budget: lambda span: False
    pattern = regex.compile("|".join(f"(?:{e})" for e in exceptions), exception_flags(rule))

    def for_text(text: str, hits: list, budget) -> Callable[[Span], bool]:
        def near(span: Span) -> bool:
            lo = max(0, span.start - EXCEPTION_WINDOW)
            hi = min(len(text), span.end + EXCEPTION_WINDOW)
            return any(m.start() <= span.start and span.end <= m.end()
                       for m in pattern.finditer(text, lo, hi, overlapped=True,
                                                 timeout=budget.left()))
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
            key: regex.compile(f"(?:{'|'.join(sorted(map(literal_pattern, group), key=len, reverse=True))})"
                               f"{AFTER}", flags)
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
