"""Repetition checks: words and phrases said twice by accident."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import regex

from ..document import Document
from ..kinds import deadline
from ..model import Finding, Span

# a word, then spaces or one line break, then the same word (any case)
DOUBLED_RE = regex.compile(
    r"(?<![\p{L}\p{M}'’-])(\p{L}[\p{L}\p{M}]*)([ \t]+|[ \t]*\r?\n[ \t]*)(\1)(?![\p{L}\p{M}'’-])",
    regex.IGNORECASE)


@lru_cache(maxsize=8)
def _allowed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def doubled_word(doc: Document, rule) -> Iterator[Finding]:
    """The same word twice in a row ("the the"), except legitimate doubles ("had had")."""
    allowed = _allowed(tuple(rule.options.get("allow", ())))
    text = doc.text
    for m in DOUBLED_RE.finditer(text, timeout=deadline(rule, doc)):
        word = m.group(1)
        if word.lower() in allowed:
            continue
        span = Span(m.start(), m.end())
        fix = rule.make_fix(Span(m.end(1), m.end()), "", f"Delete the second '{m.group(3)}'")
        yield rule.finding(span, fix=fix, word=word)
