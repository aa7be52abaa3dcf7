"""Duplicated text: a line, paragraph or sentence said twice, and long word sequences repeated
inside one sentence.

Units are compared on a normalised form (case, white space and quote styles folded). Exact
repeats are found by hashing; near repeats (a caption with one word changed) by rapidfuzz's
ratio over candidate pairs that share their first or last three words, so the work grows with
the text, not with the square of its sentences.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from ..document import Document
from ..lifecycle import Option, check
from ..model import Applicability, Finding, Fix, Related, Severity, Span

# stdlib re: several times faster than the regex module for this simple pattern
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
OPENERS = "\"“‘'«(["
CLOSERS = "\"”’'»)]"
# punctuation and quote marks become spaces: units compare as their words alone
FOLD = str.maketrans({ch: " " for ch in "\"'“”‘’«»„.,;:!?()[]{}—–-/|*_"})
MIN_WORDS = 5          # a shorter sentence may repeat by design ("Read more.", "We will.")
MIN_CHARS = 30
LINE_MIN_WORDS = 3     # a whole line counts from three words (a photo credit, a caption) ...
LINE_MIN_CHARS = 20
# ... unless it is a byline or a dateline, which a live file repeats by design
BY_DESIGN_RE = regex.compile(
    r"^(?:(?i:by|reporting\s+by|editing\s+by|written\s+by)\s"
    r"|\p{Lu}{2,}[\p{L} .,'’-]*(?:\([^)]*\))?\s*[-–—]?\s*$)")
COMMENT_RE = regex.compile(r"^\s*(?:<!--.*-->|copylint:.*)\s*$")
NEAR_RATIO = 92        # rapidfuzz ratio (0-100) at or above which two units are near repeats
SHINGLE_CAP = 25       # at most this many earlier units sharing an anchor are compared
NGRAM = 5              # words in a sequence repeated inside one sentence


def _normal(text: str) -> str:
    """The unit's words, lower case, single-spaced (str methods only: no regex per unit)."""
    return " ".join(text.translate(FOLD).lower().split())


def _units(doc: Document) -> Iterator[tuple[Span, Span, bool]]:
    """(unit span, deletion span, whole line) for every line, then every sentence of a line
    with several, long enough to count."""
    lines = doc.lines
    text = doc.text
    for i in range(len(lines)):
        span = lines.line_span(i, with_newline=False)
        body = text[span.start:span.end]
        stripped = body.strip()
        if not stripped:
            continue
        lead = len(body) - len(body.lstrip())
        unit = Span(span.start + lead, span.start + lead + len(stripped))
        yield unit, lines.line_span(i), True
    for s in doc.sentences:
        line = lines.line_of(s.start)
        whole = lines.line_span(line, with_newline=False)
        if text[whole.start:whole.end].strip() == text[s.start:s.end].strip():
            continue       # the line itself, already a unit
        end = s.end
        if text[s.start] not in OPENERS:      # a closing quote belongs to the quotation
            while end > s.start and text[end - 1] in CLOSERS:
                end -= 1
        start = s.start
        while start > whole.start and text[start - 1] in " \t":
            start -= 1
        if start == whole.start:              # first in its line: take the space after
            stop = end
            while stop < whole.end and text[stop] in " \t":
                stop += 1
            yield Span(s.start, end), Span(s.start, stop), False
        else:
            yield Span(s.start, end), Span(start, end), False


@check(fields=("how", "line", "what"))
def repeated_text(doc: Document, rule) -> Iterator[Finding]:
    """A line, paragraph or sentence that repeats an earlier one, exactly or nearly."""
    text = doc.text
    seen: dict[str, Span] = {}
    kept: list[tuple[Span, Span, bool, str]] = []
    reported_lines: set[int] = set()     # a reported line holds no further finding
    for unit, delete, whole_line in _units(doc):
        line = doc.lines.line_of(unit.start)
        if line in reported_lines:
            continue
        norm = _normal(text[unit.start:unit.end])
        if not _counts(text[unit.start:unit.end], norm, whole_line):
            continue
        first = seen.get(norm)
        if first is not None and not first.overlaps(unit):
            if whole_line:
                reported_lines.add(line)
            yield _finding(rule, doc, unit, delete, first, whole_line, exact=True)
            continue
        seen.setdefault(norm, unit)
        kept.append((unit, delete, whole_line, norm))
    yield from _near_repeats(doc, rule, kept, reported_lines)


def _counts(raw: str, norm: str, whole_line: bool) -> bool:
    """Whether a unit is long enough, and not a byline or dateline, to be a repeat worth
    reporting."""
    words = norm.count(" ") + 1 if norm else 0
    if COMMENT_RE.match(raw):           # a comment or a suppression directive is not copy
        return False
    if whole_line:
        return words >= LINE_MIN_WORDS and len(norm) >= LINE_MIN_CHARS and \
            not BY_DESIGN_RE.match(raw)
    return words >= MIN_WORDS and len(norm) >= MIN_CHARS


def _near_repeats(doc: Document, rule, kept, reported_lines: set[int]) -> Iterator[Finding]:
    """Near repeats: a unit with a word or two changed still shares its first three or its
    last three words with the earlier one, so units are indexed by those two anchors only and
    rapidfuzz compares the few that share one."""
    if len(kept) < 2:
        return
    by_anchor: dict[tuple, list[int]] = {}
    for i, (unit, _, whole_line, norm) in enumerate(kept):
        line = doc.lines.line_of(unit.start)
        words = norm.split()
        candidates: set[int] = set()
        for anchor in (("<", whole_line, *words[:3]), (">", whole_line, *words[-3:])):
            earlier = by_anchor.setdefault(anchor, [])
            candidates.update(earlier[-SHINGLE_CAP:])
            earlier.append(i)
        if line in reported_lines:
            continue
        for j in sorted(candidates):
            other = kept[j]
            if other[0].overlaps(unit) or not _similar_length(norm, other[3]):
                continue
            from rapidfuzz.fuzz import ratio  # only once a candidate pair exists
            if ratio(norm, other[3]) >= NEAR_RATIO:
                if whole_line:
                    reported_lines.add(line)
                yield _finding(rule, doc, unit, kept[i][1], other[0], whole_line, exact=False)
                break


def _similar_length(a: str, b: str) -> bool:
    """Could the ratio of two strings reach NEAR_RATIO at all? (it is at most 2*min/(a+b))"""
    return 200 * min(len(a), len(b)) >= NEAR_RATIO * (len(a) + len(b))


def _finding(rule, doc: Document, unit: Span, delete: Span, first: Span, whole_line: bool,
             exact: bool) -> Finding:
    line, _ = doc.lines.position(first.start)
    what = "line" if whole_line else "sentence"
    how = "repeats" if exact else "nearly repeats"
    fix = None
    if rule.fix is not None:
        applicability = rule.fix if exact else min(rule.fix, Applicability.UNSAFE)
        fix = Fix.replace(delete, "", f"Delete the repeated {what}", applicability)
    return rule.finding(unit, fix=fix, related=[Related(first, f"first given here (line {line})")],
                        what=what, how=how, line=line)


@check(options={"warn_from": Option("int", 8, "a repeat this many words long, said exactly "
                                                "twice, is a warning; shorter ones and "
                                                "parallel lists (three or more copies) are info")},
       fields=("phrase", "words"))
def repeated_sequence(doc: Document, rule) -> Iterator[Finding]:
    """A sequence of NGRAM or more words said twice inside one sentence, apart (an adjacent
    repeat is a stutter, MT302's). Only a long clause said exactly twice is a warning: short
    repeats and runs that recur three or more times are how English builds parallel lists
    ("was awarded ... , was awarded ..."), so they are hints."""
    warn_from = rule.options["warn_from"]
    text = doc.text
    for s in doc.sentences:
        plain = WORD_RE.findall(text, s.start, s.end)
        if len(plain) < 2 * NGRAM:
            continue
        plain = [w.lower() for w in plain]
        pairs = list(zip(plain, plain[1:]))
        if len(pairs) - len(set(pairs)) < NGRAM - 1:
            continue        # a repeated run of NGRAM words repeats NGRAM - 1 word pairs
        words = [(m.group().lower(), m.start(), m.end()) for m in WORD_RE.finditer(text, s.start, s.end)]
        first_at: dict[tuple[str, ...], int] = {}
        i = 0
        while i <= len(words) - NGRAM:
            gram = tuple(w for w, _, _ in words[i:i + NGRAM])
            j = first_at.get(gram)
            if j is None or j + NGRAM > i:
                first_at.setdefault(gram, i)
                i += 1
                continue
            length = NGRAM           # extend the repeat as far as it goes
            while i + length < len(words) and j + length < i and \
                    words[i + length][0] == words[j + length][0]:
                length += 1
            gap = text[words[j + length - 1][2]:words[i][1]]
            if _adjacent(gap):
                i += length
                continue
            span = Span(words[i][1], words[i + length - 1][2])
            first = Span(words[j][1], words[j + length - 1][2])
            phrase = " ".join(text[span.start:span.end].split())
            copies = sum(1 for k in range(len(words) - NGRAM + 1)
                         if tuple(w for w, _, _ in words[k:k + NGRAM]) == gram)
            loud = length >= warn_from and copies == 2
            yield rule.finding(span, related=[Related(first, "first said here")],
                               fix=Fix.replace(span, "", f"Delete the second '{phrase}'",
                                               Applicability.DISPLAY_ONLY),
                               severity=None if loud else Severity.INFO,
                               phrase=phrase, words=length)
            i += length


def _adjacent(gap: str) -> bool:
    """True if the words between two copies are only a conjunction or punctuation."""
    rest = regex.sub(r"[\s,;:–—-]+", " ", gap).strip().lower()
    return rest in ("", "and", "or")
