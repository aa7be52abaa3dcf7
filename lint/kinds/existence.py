"""kind: existence — text that should not be there at all (debris, banned phrases).

Keys: `patterns` (regexes) and/or `table` (one literal phrase per row, optional note in the second
column), `case` (exact | ignore), `exceptions`, `scope` (match: the finding and its deletion fix
cover the match; line: they cover the whole line, line ending included). Message fields: {match},
{note}.
"""
from __future__ import annotations

from typing import Iterator

import regex

from ..model import Finding, Span
from . import (case_flags, compile_or_fail, deadline, exception_spans, inside_any, validate_common,
               word_alternation)


def validate(rule, fail) -> None:
    """Check the keys of an existence rule and compile its patterns at load time."""
    validate_common(rule, fail)
    patterns = rule.spec.get("patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise fail("key 'patterns' must be a list of regular expressions")
    if not patterns and "table" not in rule.spec:
        raise fail("an existence rule needs 'patterns' or 'table'")
    for p in patterns:
        compile_or_fail(p, case_flags(rule) | regex.MULTILINE, fail, "patterns")
    if rule.spec.get("scope", "match") not in ("match", "line"):
        raise fail("key 'scope': must be 'match' or 'line'")


def prepare(rule):
    """Join patterns and table phrases into one regex; return its check function."""
    parts = [f"(?:{p})" for p in rule.spec.get("patterns", [])]
    notes: dict[str, str] = {}
    if "table" in rule.spec:
        rows = rule.read_table(rule.spec["table"])
        parts.append(word_alternation(r[0] for r in rows))
        notes = {" ".join(r[0].split()).lower(): (r[1] if len(r) > 1 else "") for r in rows}
    pattern = regex.compile("|".join(parts), case_flags(rule) | regex.MULTILINE)
    by_line = rule.spec.get("scope", "match") == "line"

    def check(doc, rule) -> Iterator[Finding]:
        timeout = deadline(rule, doc)
        protected = exception_spans(rule, doc, timeout)
        last_line = -1
        for m in pattern.finditer(doc.text, timeout=timeout):
            if m.start() == m.end():
                continue
            span = Span(m.start(), m.end())
            if protected and inside_any(span, protected):
                continue
            if by_line:
                line = doc.lines.line_of(m.start())
                if line == last_line:
                    continue
                last_line = line
                target = doc.lines.line_span(line)
                span = doc.lines.line_span(line, with_newline=False)
                title = "Delete the line"
            else:
                target = _with_one_space(doc.text, span)
                title = f"Delete '{m.group()}'"
            note = notes.get(" ".join(m.group().split()).lower(), "")
            yield rule.finding(span, fix=rule.make_fix(target, "", title), match=m.group(),
                               note=note)

    return check


def _with_one_space(text: str, span: Span) -> Span:
    """Widen a deletion by one neighbouring space so no double space is left behind."""
    if span.end < len(text) and text[span.end] == " ":
        return Span(span.start, span.end + 1)
    if span.start > 0 and text[span.start - 1] == " ":
        return Span(span.start - 1, span.end)
    return span
