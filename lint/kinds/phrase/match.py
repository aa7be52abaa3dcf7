"""Matching compiled phrase entries against a Document.

Candidates come from the document's word index: each entry is filed under the first letter run
of every alternative of its anchor element, and only where the index has such a word is a
`Window` of tokens opened around it and the entry tried (`match_at`), reading words outward only
as far as the pattern needs. Two matched words may be separated by white space only (one line
break in hard-wrapped copy). `AnchorIndex.hits` resolves overlaps between entries. The only
regex calls on the document are the window's tokenising ones, and each runs on what is left of
the rule's time budget. See docs/phrase-patterns.md for the pattern language.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...document import TOKEN_RE
from ...lifecycle import Budget
from ...model import Span
from .morphology import ING, WordSets
from .pattern import Element, Entry

SOFT, WEAK, HARD = 0, 1, 2    # how two tokens are separated: see _separation
SENTENCE_END = frozenset(".!?…;:")
SCAN = 80               # characters read at a time when a window looks for more words


class Window:
    """The tokens around a candidate word, read outward on demand.

    Token 0 is the candidate; 1, 2... follow it and -1, -2... precede it. Most candidates are
    rejected after a word or two, so only those words are ever tokenised.
    """

    __slots__ = ("budget", "left", "left_done", "right", "right_done", "seps", "text", "wrapped")

    def __init__(self, text: str, first: tuple[int, int, str], wrapped: bool,
                 budget: Budget) -> None:
        self.text, self.wrapped, self.budget = text, wrapped, budget
        self.right: list[tuple[int, int, str]] = [first]
        self.left: list[tuple[int, int, str]] = []
        self.right_done = self.left_done = False
        self.seps: dict[int, int] = {}

    @classmethod
    def at(cls, text: str, pos: int, wrapped: bool, budget: Budget) -> Window | None:
        """The window of the token starting exactly at `pos`, or None if none starts there.
        Every regex call the window makes draws on `budget`."""
        if pos > 0 and _wordish(text, pos - 1):
            return None
        m = TOKEN_RE.match(text, pos, timeout=budget.left())
        if m is None:
            return None
        return cls(text, (pos, m.end(), _low(m.group())), wrapped, budget)

    def tok(self, i: int) -> tuple[int, int, str] | None:
        """(start, end, lower-case text) of token `i`, or None past either end of the text."""
        if 0 <= i < len(self.right):
            return self.right[i]
        if i >= 0:
            right = self.right
            while len(right) <= i and not self.right_done:
                pos = right[-1][1]
                m = TOKEN_RE.search(self.text, pos, min(len(self.text), pos + SCAN),
                                    timeout=self.budget.left())
                if m is None:
                    self.right_done = True
                else:
                    right.append((m.start(), m.end(), _low(m.group())))
            return right[i] if i < len(right) else None
        left, k = self.left, -i - 1
        while len(left) <= k and not self.left_done:
            end = (left[-1] if left else self.right[0])[0]
            lo = max(0, end - SCAN // 2)
            while lo > 0 and _wordish(self.text, lo - 1) and end - lo < 4 * SCAN:
                lo -= 1                      # never cut a word at the chunk's edge
            found = [(m.start(), m.end(), _low(m.group()))
                     for m in TOKEN_RE.finditer(self.text, lo, end, timeout=self.budget.left())]
            left.extend(reversed(found))
            if lo == 0 or not found:
                self.left_done = True
        return left[k] if k < len(left) else None

    def low(self, i: int) -> str:
        """The lower-case text of token `i` ('' if there is no such token: no table word)."""
        t = self.tok(i)
        return t[2] if t else ""

    def start(self, i: int) -> int:
        """Offset where token `i` starts (IndexError if there is no such token)."""
        return self._existing(i)[0]

    def end(self, i: int) -> int:
        """Offset where token `i` ends (IndexError if there is no such token)."""
        return self._existing(i)[1]

    def _existing(self, i: int) -> tuple[int, int, str]:
        """Token `i`, which the caller knows to be there."""
        t = self.tok(i)
        if t is None:
            raise IndexError(f"no token {i} around offset {self.right[0][0]}")
        return t

    def sep(self, i: int) -> int:
        """How token `i` is separated from token `i - 1` (HARD if either is missing)."""
        kind = self.seps.get(i)
        if kind is not None:
            return kind
        a, b = self.tok(i - 1), self.tok(i)
        kind = HARD if a is None or b is None else _separation(self.text[a[1]:b[0]], self.wrapped)
        self.seps[i] = kind
        return kind

    def joined(self, i: int) -> bool:
        """Whether token `i` exists and follows token `i - 1` across white space only."""
        return self.sep(i) == SOFT


def _low(token: str) -> str:
    """A token as the tables spell it: lower case, typographic apostrophe made straight."""
    return token.lower().replace("’", "'")


def _wordish(text: str, i: int) -> bool:
    """Whether the character at `i` belongs to a word (a letter, digit, or inner ' - .)."""
    ch = text[i]
    return ch.isalnum() or (ch in "'’-." and 0 < i < len(text) - 1
                            and text[i - 1].isalnum() and text[i + 1].isalnum())


def _separation(gap: str, hard_wrapped: bool) -> int:
    """SOFT: white space only (one line break in wrapped copy); WEAK: other punctuation inside
    a sentence; HARD: a sentence or paragraph ends between the two words."""
    if not gap or gap.isspace():
        newlines = gap.count("\n")
        if newlines == 0 or (newlines == 1 and hard_wrapped):
            return SOFT
        return HARD if newlines > 1 or not hard_wrapped else WEAK
    if any(ch in SENTENCE_END for ch in gap) or gap.count("\n") > (1 if hard_wrapped else 0):
        return HARD
    return WEAK


@dataclass
class Hit:
    """One match of one entry: token range in its window and what each element captured."""

    entry: Entry
    window: Window
    first: int
    end: int                               # token index after the last matched token
    captures: list[tuple[int, int, frozenset[int] | None] | None]
    span: Span = field(init=False)

    def __post_init__(self) -> None:
        self.span = Span(self.window.start(self.first), self.window.end(self.end - 1))


def _no_word_before(el: Element, win: Window, first: int, words: WordSets) -> bool:
    """A leading guard: the word just before the match (adverbs skipped) is not one of `el`'s."""
    j = first - 1
    while win.joined(j + 1) and words.skippable(win.low(j)):
        j -= 1
    if not win.joined(j + 1):
        return True
    return not el.accepts(win.low(j), words)


def match_at(entry: Entry, win: Window, first: int, words: WordSets) -> Hit | None:
    """The longest match of `entry` starting at token `first` of the window, if any."""
    elements = entry.elements
    n = len(elements)
    best: list = []

    def usable(ti: int) -> bool:
        """Token `ti` exists and, past the first, follows the one before across white space."""
        return win.tok(ti) is not None if ti == first else win.joined(ti)

    def step(ei: int, ti: int, caps: list) -> None:
        """Match elements `ei`... from token `ti` on, keeping the longest complete match."""
        if ei == n:
            if ti > first and (not best or ti > best[0]):
                best[:] = [ti, list(caps)]
            return
        el = elements[ei]
        if el.kind == "guard":
            if ei == 0:
                ok = _no_word_before(el, win, first, words)
            else:
                ok = not (ti > first and win.joined(ti) and el.accepts(win.low(ti), words))
            if ok:
                caps.append(None)
                step(ei + 1, ti, caps)
                caps.pop()
            return
        if el.kind == "gap":
            k = 0
            while True:
                caps.append((ti, ti + k, None))
                step(ei + 1, ti + k, caps)
                caps.pop()
                if k == el.gap or not win.joined(ti + k) or win.low(ti + k) in words.stop:
                    break
                k += 1
            return
        if usable(ti):
            low = win.low(ti)
            if el.accepts(low, words):
                forms = el.words.get(low) if low in el.words else (
                    frozenset([ING]) if el.open_ing and words.is_ing_verb(low) else None)
                caps.append((ti, ti + 1, forms))
                step(ei + 1, ti + 1, caps)
                caps.pop()
        if el.optional:
            caps.append((ti, ti, None))
            step(ei + 1, ti, caps)
            caps.pop()

    step(0, first, [])
    if not best:
        return None
    return Hit(entry, win, first, best[0], best[1])


class AnchorIndex:
    """Entries filed under the word-index keys of their anchors (`Entry.anchor_keys`)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.groups: dict[str, list[Entry]] = {}
        for entry in entries:
            for key in entry.anchor_keys():
                self.groups.setdefault(key, []).append(entry)
        self.vocabulary = frozenset(self.groups)

    def hits(self, doc, words: WordSets, budget: Budget) -> list[Hit]:
        """Every match in `doc`, overlaps resolved: the leftmost, then the longest, then the
        one with fewer gaps, then the first in the table. Raises TimeoutError once `budget`
        is spent."""
        doc.want_words(self.vocabulary)
        text = doc.text
        wrapped = None
        found: dict[tuple[int, int, int], Hit] = {}
        for key in doc.words_present(self.vocabulary):
            entries = self.groups[key]
            positions = doc.word_starts(key)
            if wrapped is None:
                wrapped = doc.hard_wrapped
            for pos in positions:
                win = Window.at(text, pos, wrapped, budget)
                if win is None:
                    continue
                low = win.low(0)
                for entry in entries:
                    if low not in entry.elements[entry.anchor].words:
                        continue
                    for first in range(-entry.max_left, -entry.min_left + 1):
                        hit = match_at(entry, win, first, words)
                        if hit is None or hit.end <= 0:
                            continue
                        span = hit.span
                        found.setdefault((span.start, span.end, entry.index), hit)
        ordered = sorted(found.values(), key=lambda h: (h.span.start, -(h.span.end - h.span.start),
                                                        h.entry.gaps, h.entry.index))
        kept: list[Hit] = []
        reach = -1
        for hit in ordered:
            if hit.span.start >= reach:
                kept.append(hit)
                reach = hit.span.end
        return kept
