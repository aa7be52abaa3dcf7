"""Repetition checks: words and phrases said twice by accident."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import re

from ..document import Document
from ..model import Finding, Span

# a word, then white space, then the same word in any case (stdlib re: 4x faster on this one);
# candidates joined by more than one line break, or glued to an apostrophe or hyphen, are dropped.
DOUBLED_RE = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE)
JOINERS = "'’-"


@lru_cache(maxsize=8)
def _allowed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def doubled_word(doc: Document, rule) -> Iterator[Finding]:
    """The same word twice in a row ("the the"), except legitimate doubles ("had had")."""
    allowed = _allowed(tuple(rule.options.get("allow", ())))
    text = doc.text
    for m in DOUBLED_RE.finditer(text):
        word = m.group(1)
        if word.lower() in allowed or m.group(2).count("\n") > 1:
            continue
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if (before and before in JOINERS) or (after and after in JOINERS):
            continue
        span = Span(m.start(), m.end())
        fix = rule.make_fix(Span(m.end(1), m.end()), "", f"Delete the second '{m.group(3)}'")
        yield rule.finding(span, fix=fix, word=word)
