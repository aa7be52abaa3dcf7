"""kind: existence — text that should not be there at all (debris, banned phrases).

Keys: `patterns` (regexes) and/or `table` (one literal phrase per row, optional note in the second
column), `case` (exact | ignore), `exceptions`, `scope` (match: the finding and its deletion fix
cover the match; line: they cover the whole line, line ending included), `first_line` (true: a
pattern written for the start of a line, after '\\n\\K', is also tried on the first line, unless
that line is a title-case headline). Message fields: {match}, {note}.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from ..model import Finding, Span
from . import (
    PhraseTable,
    case_flags,
    compile_or_fail,
    exception_matcher,
    probes_of,
    validate_common,
)


def validate(rule, fail) -> None:
    """Check the keys of an existence rule and compile its patterns at load time."""
    validate_common(rule, fail)
    patterns = rule.spec.get("patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise fail("key 'patterns' must be a list of regular expressions")
    if not patterns and "table" not in rule.spec:
        raise fail("an existence rule needs 'patterns' or 'table'")
    for p in patterns:
        compile_or_fail(p, case_flags(rule) | regex.MULTILINE, fail, "patterns", probes_of(rule))
    if rule.spec.get("scope", "match") not in ("match", "line"):
        raise fail("key 'scope': must be 'match' or 'line'")
    if not isinstance(rule.spec.get("first_line", False), bool):
        raise fail("key 'first_line' must be true or false")


def prepare(rule, env=None):
    """Compile the patterns and index the table's phrases; return the checker."""
    patterns = rule.spec.get("patterns", [])
    pattern = regex.compile("|".join(f"(?:{p})" for p in patterns),
                            case_flags(rule) | regex.MULTILINE) if patterns else None
    table, notes = None, {}
    if "table" in rule.tables:
        rows = rule.tables["table"].rows
        table = PhraseTable((r[0] for r in rows), case_flags(rule), rule.error)
        notes = {" ".join(r[0].split()).lower(): (r[1] if len(r) > 1 else "") for r in rows}
    protected = exception_matcher(rule)
    by_line = rule.spec.get("scope", "match") == "line"

    first_line = rule.spec.get("first_line", False)

    def matches(doc, budget) -> list:
        text = doc.text
        found = list(pattern.finditer(text, timeout=budget.left())) if pattern else []
        if first_line and pattern is not None:
            found = _first_line(pattern, text, budget) + found
        if table is not None:
            found.extend(table.finditer(doc))
            found.sort(key=lambda m: m.start())
        return found

    def check(doc, budget) -> Iterator[Finding]:
        last_line = -1
        found = matches(doc, budget)
        covered = protected(doc.text, found, budget)
        for m in found:
            if m.start() == m.end():
                continue
            span = Span(m.start(), m.end())
            if covered(span):
                continue
            if by_line:
                line = doc.lines.line_of(m.start())
                if line <= last_line:
                    continue
                # a match may run over a line break ("Share on\nFacebook"): take every line
                last_line = doc.lines.line_of(m.end() - 1)
                target = Span(doc.lines.line_span(line).start, doc.lines.line_span(last_line).end)
                span = Span(target.start,
                            doc.lines.line_span(last_line, with_newline=False).end)
                title = "Delete the line"
            else:
                target = _with_one_space(doc.text, span)
                title = f"Delete '{' '.join(m.group().split())}'"
            note = notes.get(" ".join(m.group().split()).lower(), "")
            yield rule.finding(span, fix=rule.make_fix(target, "", title),
                               match=" ".join(m.group().split()), note=note)  # one-line message

    check.vocabulary = table.vocabulary if table is not None else frozenset()
    return check


class _Shifted:
    """A match found on '\n' + the first line, with offsets of the text itself."""

    def __init__(self, m) -> None:
        self._m = m

    def start(self) -> int:
        return self._m.start() - 1

    def end(self) -> int:
        return self._m.end() - 1

    def group(self, *args):
        return self._m.group(*args)


HEADLINE_CAPITALS = 4   # a first line with this many capitalised words is a headline


def _first_line(pattern, text: str, budget) -> list:
    """Matches on the first line, for patterns written to match after a line break (\\n\\K):
    the line is matched as if a break stood before it, so page furniture that opens a scraped
    text is found too. A title-case first line is a headline and is never debris."""
    end = text.find("\n")
    line = text if end < 0 else text[:end + 1]
    if sum(1 for w in line.split() if w[:1].isupper()) >= HEADLINE_CAPITALS:
        return []
    return [_Shifted(m) for m in pattern.finditer("\n" + line, timeout=budget.left())
            if m.start() >= 1]


def _with_one_space(text: str, span: Span) -> Span:
    """Widen a deletion by one neighbouring space so no double space is left behind."""
    if span.end < len(text) and text[span.end] == " ":
        return Span(span.start, span.end + 1)
    if span.start > 0 and text[span.start - 1] == " ":
        return Span(span.start - 1, span.end)
    return span
