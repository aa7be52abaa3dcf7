"""Document: the text being checked plus everything rules share, computed once and lazily.

Rules never re-tokenise: they read `doc.lines`, `doc.paragraphs`, `doc.sentences`,
`doc.quotations` and `doc.quantities`, each built on first use and cached. Structures that grow
with the text are kept in compact arrays so that a 50 MB file stays within bounded memory.
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import regex

from .model import Span


class LineIndex:
    """Maps code-point offsets to 1-based line/column and back, by bisection.

    A line ends after its "\n"; a "\r" before it belongs to the line's content but never
    shifts a column, since it is always last.
    """

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("q", [0])
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """0-based line number holding `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        line = self.line_of(offset)
        return line + 1, offset - self.starts[line] + 1

    def line_span(self, line: int, *, with_newline: bool = True) -> Span:
        """The span of 0-based `line`, with or without its line ending."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        if not with_newline:
            while end > start and self.text[end - 1] in "\r\n":
                end -= 1
        return Span(start, end)

    def utf16_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, UTF-16 code unit) of a code-point offset, as LSP counts by default."""
        line = self.line_of(offset)
        start = self.starts[line]
        prefix = self.text[start:offset]
        return line, offset - start + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or sentence: its span (trimmed of surrounding whitespace)."""

    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


# A word: letters/digits with inner apostrophes or hyphens ("Zelensky's", "air-raid", "U.S").
TOKEN_RE = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’\-\.][\p{L}\p{N}\p{M}]+)*")
BLANK_LINE_RE = regex.compile(r"\r?\n[ \t\r\f\v]*\r?\n\s*")
# Candidate sentence ends: terminal punctuation, optional closing quotes/brackets, then space.
SENTENCE_END_RE = regex.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
TERMINAL_RE = regex.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
# Titles and abbreviations that never end a sentence, and ones that may.
NEVER_FINAL = frozenset(
    "mr mrs ms dr prof gen lt col capt sgt maj adm gov sen rep rev st mt ft no nos vol fig "
    "approx vs cf pres supt cmdr brig".split())
MAY_END = frozenset(
    "u.s u.k u.n e.u a.m p.m etc inc ltd co corp jr sr bros u.s.a d.c".split())
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you in on at but and this that these those there his her "
    "its their our officials police after before when while as if however meanwhile".split())
# Runs of letters: the unit table rules look words up by (stdlib re: several times faster here).
LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’"}
OPENER_RE = re.compile("[" + "".join(OPEN_QUOTES) + "]")


class Document:
    """The text of one source plus lazily cached structure shared by every rule."""

    def __init__(self, text: str, path: str = "<stdin>", *, headline: bool = True) -> None:
        self.text = text
        self.path = path
        self.has_headline = headline
        self._memo: dict[str, Any] = {}
        self._vocabulary: frozenset[str] = frozenset()
        self._word_index: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.text)

    def shared(self, key: str, build: Callable[[Document], Any]) -> Any:
        """Derived data several rules use (name mentions, distinct words), built once per
        document by `build(doc)` the first time any rule asks for `key`."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build(self)
            return value

    # -- lines -----------------------------------------------------------------
    @cached_property
    def lines(self) -> LineIndex:
        """Line index: offset <-> line/column."""
        return LineIndex(self.text)

    def line_text(self, line: int) -> str:
        """Text of 0-based `line` without its line ending."""
        s = self.lines.line_span(line, with_newline=False)
        return self.text[s.start:s.end]

    # -- paragraphs --------------------------------------------------------------
    @cached_property
    def hard_wrapped(self) -> bool:
        """True if the text looks hard-wrapped (a paragraph spans several short lines).

        Wire copy usually puts one paragraph on a line; Markdown and e-mail copy wrap at
        about 72-100 columns with most lines ending mid-sentence.
        """
        sample = self.text[:200_000].splitlines()
        lines = [ln for ln in sample if ln.strip()]
        if len(lines) < 4 or max(len(ln) for ln in lines) > 120:
            return False
        open_ends = sum(1 for ln in lines if not TERMINAL_RE.search(ln))
        return open_ends > len(lines) / 2

    @cached_property
    def paragraphs(self) -> list[Block]:
        """Paragraph spans: blank-line separated, or one per line when copy is not wrapped."""
        text = self.text
        out: list[Block] = []
        if self.hard_wrapped:
            pieces = ((m.start(), m.end()) for m in BLANK_LINE_RE.finditer(text))
        else:
            pieces = ((i, i + 1) for i in _find_all(text, "\n"))
        pos = 0
        for s, e in pieces:
            add_block(out, text, pos, s)
            pos = e
        add_block(out, text, pos, len(text))
        return out

    @cached_property
    def headline(self) -> Block | None:
        """The first paragraph if it reads as a headline: one short line, no terminal full stop,
        and the text after it starts afresh (not in lower case, as a broken sentence would)."""
        if not self.has_headline or not self.paragraphs:
            return None
        first = self.paragraphs[0]
        body = self.text[first.start:first.end]
        if "\n" in body or len(body) > 200 or body.rstrip().endswith((".", "?\"", ".”", ".\"")):
            return None
        if len(self.paragraphs) > 1 and self.text[self.paragraphs[1].start].islower():
            return None
        return first

    # -- sentences ---------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[Block]:
        """Sentence spans, abbreviation-aware ("Mr.", "U.S.", "a.m.", initials, decimals)."""
        out: list[Block] = []
        text = self.text
        for para in self.paragraphs:
            pos = para.start
            for m in SENTENCE_END_RE.finditer(text, para.start, para.end):
                if _is_boundary(text, m.start(), m.end(), para.end):
                    add_block(out, text, pos, m.end())
                    pos = m.end()
            add_block(out, text, pos, para.end)
        return out

    def sentence_at(self, offset: int) -> Block | None:
        """The sentence holding `offset`, if any."""
        starts = self._sentence_starts
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    @cached_property
    def _sentence_starts(self) -> array:
        return array("q", (s.start for s in self.sentences))

    # -- word lookup ---------------------------------------------------------------
    def want_words(self, words: frozenset[str]) -> None:
        """Declare lower-case words that rules will look up with `word_starts`.

        The engine declares every selected rule's words before any rule runs, so one pass over
        the text serves them all; a rule run on its own declares its own.
        """
        if not words <= self._vocabulary:
            self._vocabulary = self._vocabulary | words
            self._word_index = None

    def word_starts(self, word: str) -> list[int]:
        """Offsets where the letter run `word` (lower case) starts, as a whole run of letters.

        Table rules find candidates here instead of scanning with a large alternation, so their
        cost follows the number of hits, not the size of the table.
        """
        if word not in self._vocabulary:
            self.want_words(frozenset([word]))
        if self._word_index is None:
            self._word_index = self._build_word_index()
        return self._word_index.get(word, [])

    @cached_property
    def distinct_chunks(self) -> frozenset[str]:
        """The distinct white-space separated chunks of the text, collected a megabyte at a time
        (cut at white space), so a 50 MB text never holds a list of all its words at once."""
        text, n, pos = self.text, len(self.text), 0
        chunks: set[str] = set()
        while pos < n:
            end = min(n, pos + (1 << 20))
            while end < n and not text[end].isspace():
                end += 1
            chunks.update(text[pos:end].split())
            pos = end
        return frozenset(chunks)

    @cached_property
    def distinct_letter_runs(self) -> frozenset[str]:
        """The distinct runs of letters in the text (the regex runs over distinct chunks only,
        several times faster than over the whole text)."""
        findall = LETTER_RUN_RE.findall
        runs: set[str] = set()
        for chunk in self.distinct_chunks:
            runs.update(findall(chunk))
        return frozenset(runs)

    def words_present(self, words: frozenset[str]) -> list[str]:
        """Which of `words` (lower case) occur in the text: a table rule visits only these,
        not every key of its table."""
        self.want_words(words)
        if self._word_index is None:
            self._word_index = self._build_word_index()
        index = self._word_index
        if len(index) < len(words):
            return [w for w in index if w in words]
        return [w for w in words if w in index]

    def _build_word_index(self) -> dict[str, list[int]]:
        vocab = self._vocabulary
        present = {w for w in self.distinct_letter_runs if w.lower() in vocab}
        index: dict[str, list[int]] = {}
        if not present:
            return index
        if len(present) > 24:   # a long alternation is slower than a set lookup per word
            for m in LETTER_RUN_RE.finditer(self.text):
                if m.group() in present:
                    index.setdefault(m.group().lower(), []).append(m.start())
            return index
        alternation = "|".join(sorted(map(re.escape, present), key=len, reverse=True))
        for m in re.finditer(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", self.text):
            index.setdefault(m.group().lower(), []).append(m.start())
        return index

    # -- quantities --------------------------------------------------------------
    @cached_property
    def quantities(self):
        """Every number with what it counts and how it relates to its neighbours
        (lint.quantities), built on first use."""
        from .quantities import extract
        return extract(self)

    # -- quotations --------------------------------------------------------------
    @cached_property
    def quotations(self) -> list[Span]:
        """Spans of quoted speech, quote marks included.

        Quotes pair within a paragraph; an unclosed quote runs to the paragraph's end, as
        news style leaves a quotation that continues into the next paragraph open.
        """
        text = self.text
        out: list[Span] = []
        search = OPENER_RE.search
        for para in self.paragraphs:
            end = para.end
            m = search(text, para.start, end)
            while m:
                i = m.start()
                ch = text[i]
                if ch == "‘" and not _opens_single(text, i):
                    m = search(text, i + 1, end)
                    continue
                j = _find_closer(text, i + 1, end, OPEN_QUOTES[ch])
                out.append(Span(i, (j + 1) if j >= 0 else end))
                if j < 0:
                    break
                m = search(text, j + 1, end)
        return out

    def in_quotation(self, span: Span) -> bool:
        """True if `span` lies inside a quotation."""
        quotes = self.quotations
        i = bisect.bisect_right(self._quote_starts, span.start) - 1
        return i >= 0 and quotes[i].contains(span)

    @cached_property
    def _quote_starts(self) -> array:
        return array("q", (q.start for q in self.quotations))


def _find_all(text: str, needle: str) -> Iterator[int]:
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)


def add_block(out: list[Block], text: str, start: int, end: int) -> None:
    """Append the block text[start:end] trimmed of surrounding white space, unless empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Block(start, end))


def _is_boundary(text: str, dot: int, after: int, limit: int) -> bool:
    """Decide whether terminal punctuation at text[dot:after] ends a sentence."""
    if text[dot] != ".":
        return True
    # the word before the full stop, including inner dots ("U.S", "a.m")
    w = dot
    while w > 0 and (text[w - 1].isalnum() or text[w - 1] == "."):
        w -= 1
    word = text[w:dot]
    nxt = after
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return True
    following = text[nxt]
    m = TOKEN_RE.match(text, nxt)
    next_word = m.group() if m else ""
    low = word.lower()
    if low in NEVER_FINAL:
        return False
    if len(word) == 1 and word.isupper():          # an initial: "J. K. Rowling"
        return False
    if low in MAY_END or ("." in word and len(word) <= 6):
        # "at 9 a.m. on Monday": a lower-case word never starts the next sentence
        return next_word[:1].isupper() and next_word.lower() in SENTENCE_STARTERS
    if following.islower():
        return False
    return True


def _opens_single(text: str, i: int) -> bool:
    """A left single quote opens a quotation unless it is an elided-letter apostrophe ('90s)."""
    return i + 1 < len(text) and text[i + 1].isalpha() and (i == 0 or not text[i - 1].isalnum())


def _find_closer(text: str, start: int, end: int, closer: str) -> int:
    """Offset of the closing quote, skipping apostrophes inside words for ’ and '."""
    pos = start
    while True:
        j = text.find(closer, pos, end)
        if j < 0:
            return -1
        if closer in "’'" and j + 1 < end and text[j + 1].isalpha() and j > 0 and text[j - 1].isalpha():
            pos = j + 1
            continue
        return j
