"""Repetition checks: words and phrases said twice by accident."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..document import Document
from ..model import Finding, Span

# a word, then the same word again (any case) one or more times, separated by white space
# (stdlib re: four times faster than the regex module on this pattern)
DOUBLED_RE = re.compile(r"\b([^\W\d_]+)((?:\s+\1)+)\b", re.IGNORECASE)
SEPARATOR_RE = re.compile(r"\s+")
JOINERS = "'’-"


@lru_cache(maxsize=8)
def _allowed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def doubled_word(doc: Document, rule) -> Iterator[Finding]:
    """The same word twice or more in a row ("the the"), except legitimate doubles ("had had").

    A repeat across a paragraph break, or across a line break where the copy changes register
    (a headline ending "... near Lviv" above a dateline "LVIV (Agency) -"), is not a slip.
    """
    allowed = _allowed(tuple(rule.options.get("allow", ())))
    text = doc.text
    for m in DOUBLED_RE.finditer(text):
        word, repeats = m.group(1), m.group(2)
        if word.lower() in allowed:
            continue
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if (before and before in JOINERS) or (after and after in JOINERS):
            continue
        end = _first_break(doc, m.start(1), word, repeats)
        if end <= m.end(1):
            continue
        span = Span(m.start(), end)
        fix = rule.make_fix(Span(m.end(1), end), "", f"Delete the repeated '{word}'")
        yield rule.finding(span, fix=fix, word=word)


def _first_break(doc: Document, start: int, word: str, repeats: str) -> int:
    """End of the run of repeats before the first separator that is not a slip: a blank line,
    or a line break leaving the headline or changing case shape (Lviv / LVIV)."""
    pos = start + len(word)
    end = pos
    headline = doc.headline
    for sep in SEPARATOR_RE.finditer(repeats):
        nxt = repeats[sep.end():sep.end() + len(word)]
        gap = sep.group()
        if gap.count("\n") > 1:
            break
        if "\n" in gap:
            in_headline = headline is not None and headline.start <= start < headline.end
            if in_headline or nxt.isupper() != word.isupper() or nxt.istitle() != word.istitle():
                break
        end = pos + sep.end() + len(word)
    return end
