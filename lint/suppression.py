"""Inline suppression comments, in plain text or inside Markdown/HTML comments.

    copylint: disable=MT101,DP201      the next non-blank line (or this line, if it holds prose)
    copylint: disable-start=MT101      ... up to ...
    copylint: enable=MT101             (no codes: ends every open range)
    copylint: disable-file=MT101       the whole file

Codes may be rule codes, code prefixes, groups or names; no codes means every rule. A directive
that suppressed nothing is itself reported (CL001), as is one naming no known rule (CL002).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .document import Document
from .model import Finding, Span

DIRECTIVE_RE = regex.compile(
    r"(?P<comment><!--[ \t]*)?copylint:[ \t]*(?P<verb>disable-file|disable-start|disable|enable)"
    r"(?:[ \t]*=[ \t]*(?P<codes>[A-Za-z0-9_.\-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_.\-]+)*))?"
    r"(?(comment)[ \t]*-->)")


@dataclass
class Directive:
    """One suppression comment and what it covers."""

    verb: str
    codes: tuple[str, ...]
    span: Span               # the directive text (with its comment markers)
    delete: Span             # what deleting the directive removes (its whole line if alone)
    ranges: list[Span] = field(default_factory=list)
    used: bool = False

    def covers(self, finding: Finding, matches) -> bool:
        """True if this directive suppresses `finding`."""
        if self.codes and not any(matches(finding, c) for c in self.codes):
            return False
        return any(r.start <= finding.span.start < r.end or
                   (finding.span.start == r.end == finding.span.end) for r in self.ranges)


def parse(doc: Document) -> list[Directive]:
    """Every directive in the document with the spans it covers."""
    text = doc.text
    if "copylint:" not in text:
        return []
    lines = doc.lines
    out: list[Directive] = []
    open_ranges: list[Directive] = []
    for m in DIRECTIVE_RE.finditer(text):
        codes = tuple(c.strip() for c in (m.group("codes") or "").split(",") if c.strip())
        span = Span(m.start(), m.end())
        line = lines.line_of(m.start())
        whole = lines.line_span(line, with_newline=False)
        rest = (text[whole.start:span.start] + text[span.end:whole.end]).strip()
        alone = not rest
        delete = lines.line_span(line) if alone else _with_space(text, span)
        d = Directive(m.group("verb"), codes, span, delete)
        if d.verb == "disable-file":
            d.ranges.append(Span(0, len(text)))
        elif d.verb == "disable":
            target = line if not alone else _next_prose_line(doc, line)
            if target is not None:
                d.ranges.append(lines.line_span(target))
        elif d.verb == "disable-start":
            d.ranges.append(Span(whole.end, len(text)))
            open_ranges.append(d)
        else:  # enable: close matching open ranges
            for o in list(open_ranges):
                if not codes or set(o.codes) & set(codes) or not o.codes:
                    o.ranges[-1] = Span(o.ranges[-1].start, whole.start)
                    open_ranges.remove(o)
            d.used = True  # an enable is never "unused"
        out.append(d)
    return out


def _with_space(text: str, span: Span) -> Span:
    """A directive sharing a line with prose: delete it with one space beside it, so that
    removing it leaves neither a trailing space nor a double one."""
    if span.end < len(text) and text[span.end] in " \t":
        return Span(span.start, span.end + 1)
    if span.start > 0 and text[span.start - 1] in " \t":
        return Span(span.start - 1, span.end)
    return span


def _next_prose_line(doc: Document, line: int) -> int | None:
    for nxt in range(line + 1, len(doc.lines)):
        if doc.line_text(nxt).strip():
            return nxt
    return None
