"""Prose: the text a copy editor reads, with the offset map back to its source.

Every reader (plain text, Markdown, HTML) produces a `Prose`; rules only ever see its text.
`Prose.to_source` maps a finding back: its span, every edit of its fixes and its related places
become exact code-point offsets of the source, so positions in every output format are source
positions and fixes edit the source.

An edit is mapped only where it stays clean: inside text (entities and collapsed white space are
replaced whole), or as the deletion of whole blocks (the element or the lines that hold them), or
as a deletion whose markup is balanced. An edit that would cut through markup (half a tag, one
of a pair of emphasis markers, a block boundary) keeps its place but its fix becomes
display-only, so `--fix` never breaks a page.

`Builder` is what the readers append blocks with; `line_index` gives every part of a run (the
reader, the reporters, the language server) the one line index of a text.
"""
from __future__ import annotations

import bisect
import re
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cached_property

from ..document import LineIndex
from ..model import Applicability, Edit, Finding, Fix, Span

# piece kinds: prose text that is the source text; prose that stands for other source text
# (a decoded entity, collapsed white space, a soft line break); a break between blocks
VERBATIM, SOFT, BREAK = 0, 1, 2
SELF_CONTAINED = -1     # Markdown markup that needs no partner (a code span, an image, raw HTML)


# -- one line index per text --------------------------------------------------------------------
# The line indexes of the texts read lately, by the identity of the string: the reader builds
# one for a source, and the reporters and the language server find it here instead of building
# their own. (A LineIndex holds its text, so an id cannot be reused while its entry lives.)
_RECENT: OrderedDict[int, LineIndex] = OrderedDict()
_RECENT_MAX = 64                    # texts kept
_RECENT_CHARS = 32_000_000          # and at most about this much text (the newest always)
_recent_chars = 0
_recent_lock = threading.Lock()


def line_index(text: str) -> LineIndex:
    """The LineIndex of `text`: the one already built for this very string if it was read lately,
    else a new one (kept for whoever asks next)."""
    global _recent_chars
    key = id(text)
    with _recent_lock:
        index = _RECENT.get(key)
        if index is not None and index.text is text:
            _RECENT.move_to_end(key)
            return index
    index = LineIndex(text)
    with _recent_lock:
        old = _RECENT.pop(key, None)
        if old is not None:
            _recent_chars -= len(old.text)
        _RECENT[key] = index
        _recent_chars += len(text)
        while len(_RECENT) > 1 and (len(_RECENT) > _RECENT_MAX or _recent_chars > _RECENT_CHARS):
            _, dropped = _RECENT.popitem(last=False)
            _recent_chars -= len(dropped.text)
    return index


# -- the map ------------------------------------------------------------------------------------
@dataclass
class ProseBlock:
    """One block of prose: its span in the prose, and the source range that deleting it whole
    removes (the element or the lines that hold it)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    headline: bool = False
    lines: bool = False          # the outer range is whole source lines (Markdown blocks)


class Prose:
    """Prose text read from a source, with the map back to it."""

    def __init__(self, source: str, fmt: str) -> None:
        self.source = source
        self.format = fmt
        self.text = ""
        self.blocks: list[ProseBlock] = []
        # pieces tile the prose: [p_start[i], p_start[i+1]) comes from source [s_start, s_end)
        self.p_start = array("q")
        self.s_start = array("q")
        self.s_end = array("q")
        self.kind = bytearray()
        # Markdown markup inside blocks (emphasis and link delimiters, code spans, images, raw
        # HTML), sorted; pair ids match an opening delimiter with its closing one. HTML markup
        # is checked on demand instead (`_markup_ok`), so reading a page records no tags.
        self.m_start = array("q")
        self.m_end = array("q")
        self.m_pair = array("q")

    # -- positions ---------------------------------------------------------------------------
    @cached_property
    def source_lines(self) -> LineIndex:
        """The line index of the source (the shared one: see `line_index`)."""
        return line_index(self.source)

    @cached_property
    def _block_starts(self) -> array:
        return array("q", (b.start for b in self.blocks))

    @cached_property
    def _block_ends(self) -> array:
        return array("q", (b.end for b in self.blocks))

    def _piece_end(self, i: int) -> int:
        return self.p_start[i + 1] if i + 1 < len(self.p_start) else len(self.text)

    def source_start(self, offset: int) -> int:
        """The source offset where prose starting at `offset` starts."""
        n = len(self.p_start)
        if n == 0:
            return 0
        if offset >= len(self.text):
            return self.s_end[n - 1]
        i = bisect.bisect_right(self.p_start, offset) - 1
        if self.kind[i] == VERBATIM:
            return self.s_start[i] + offset - self.p_start[i]
        return self.s_start[i]

    def source_end(self, offset: int) -> int:
        """The source offset where prose ending at `offset` ends."""
        n = len(self.p_start)
        if n == 0:
            return 0
        if offset <= 0:
            return self.s_start[0]
        i = bisect.bisect_left(self.p_start, offset) - 1      # the piece holding offset - 1
        if self.kind[i] == VERBATIM:
            return self.s_start[i] + offset - self.p_start[i]
        return self.s_end[i]

    def span(self, span: Span) -> Span:
        """A prose span as a source span."""
        start = self.source_start(span.start)
        if span.start == span.end:
            return Span(start, start)
        return Span(start, max(start, self.source_end(span.end)))

    # -- findings ----------------------------------------------------------------------------
    def to_source(self, finding: Finding) -> Finding:
        """The finding with its span, fixes and related places in source offsets."""
        related = tuple(replace(r, span=self.span(r.span)) if r.path is None else r
                        for r in finding.related)
        return replace(finding, span=self.span(finding.span),
                       fix=self.fix(finding.fix) if finding.fix is not None else None,
                       alternatives=tuple(self.fix(f) for f in finding.alternatives),
                       related=related)

    def fix(self, fix: Fix) -> Fix:
        """A fix with source edits; display-only if any edit cannot be made cleanly."""
        edits, clean = [], True
        for e in fix.edits:
            edit, ok = self.edit(e)
            edits.append(edit)
            clean = clean and ok
        return Fix(fix.title, tuple(edits),
                   fix.applicability if clean else Applicability.DISPLAY_ONLY)

    def edit(self, edit: Edit) -> tuple[Edit, bool]:
        """A prose edit as a source edit, and whether it can be applied without harm."""
        a, b = edit.span.start, edit.span.end
        whole = self._whole_blocks(a, b, edit.replacement)
        if whole is not None:
            return Edit(whole, ""), True
        span = self.span(edit.span)
        replacement = self._escape(edit.replacement)
        return Edit(span, replacement), self._clean(a, b, span, replacement)

    def _whole_blocks(self, a: int, b: int, replacement: str) -> Span | None:
        """The source range of the blocks a deletion covers whole, if it covers only whole
        blocks (and the white space between them)."""
        if replacement.strip() or a >= b or not self.blocks:
            return None
        first = bisect.bisect_right(self._block_ends, a)
        last = bisect.bisect_left(self._block_starts, b) - 1
        if first > last or first >= len(self.blocks):
            return None
        fb, lb = self.blocks[first], self.blocks[last]
        text = self.text
        if a > fb.start or b < lb.end or text[a:fb.start].strip() or text[lb.end:b].strip():
            return None
        start = min(x.outer_start for x in self.blocks[first:last + 1])
        end = max(x.outer_end for x in self.blocks[first:last + 1])
        if not all(x.lines for x in self.blocks[first:last + 1]) and \
                not self._markup_ok(start, end, deletion=True):
            return None
        return _whole_lines(self.source, start, end)

    def _clean(self, a: int, b: int, span: Span, replacement: str) -> bool:
        """Whether replacing prose [a, b) by editing source `span` leaves the markup intact."""
        n = len(self.p_start)
        if n == 0:
            return True
        i = max(0, bisect.bisect_right(self.p_start, a) - 1)
        if self.kind[i] != VERBATIM and a != self.p_start[i] and a < self._piece_end(i):
            return False            # starts inside an entity or a collapsed run
        if a < b:
            j = bisect.bisect_left(self.p_start, b) - 1
            if self.kind[j] != VERBATIM and b != self._piece_end(j):
                return False        # ends inside one
            if any(self.kind[k] == BREAK for k in range(i, j + 1)
                   if self.p_start[k] < b and self._piece_end(k) > a):
                return False        # runs over a block boundary
        return self._markup_ok(span.start, span.end, deletion=not replacement)

    def _markup_ok(self, start: int, end: int, deletion: bool) -> bool:
        """Whether source [start, end) may be replaced: it holds no markup, or (for a deletion)
        only markup that opens and closes inside it."""
        if self.format == "html":
            chunk = self.source[start:end]
            if "<" not in chunk:
                return True
            from .html import balanced
            return deletion and balanced(chunk)
        k = bisect.bisect_left(self.m_start, start)
        if k > 0 and self.m_end[k - 1] > start:
            return False            # a delimiter straddles the start
        count: dict[int, int] = {}
        while k < len(self.m_start) and self.m_start[k] < end:
            if self.m_end[k] > end or not deletion:
                return False
            pair = self.m_pair[k]
            if pair != SELF_CONTAINED:
                count[pair] = count.get(pair, 0) + 1
            k += 1
        return all(c == 2 for c in count.values())

    def _escape(self, text: str) -> str:
        if not text:
            return text
        if self.format == "html":
            from html import escape
            return escape(text, quote=False)
        return MD_SPECIAL_RE.sub(r"\\\g<0>", text)

    # -- the document --------------------------------------------------------------------------
    @property
    def headline(self) -> ProseBlock | None:
        """The headline block (a level-one heading), if any."""
        return next((b for b in self.blocks if b.headline), None)


MD_SPECIAL_RE = re.compile(r"[\\`*_\[\]<]")


def _whole_lines(source: str, start: int, end: int) -> Span:
    """Widen a deletion to whole lines where only white space shares them, and take one blank
    line after it along when a blank line (or the start of the file) is before it."""
    line_start = source.rfind("\n", 0, start) + 1
    if source[line_start:start].strip():
        return Span(start, end)
    nl = source.find("\n", end)
    line_end = len(source) if nl < 0 else nl + 1
    if source[end:line_end].strip():
        return Span(start, end)
    if line_start == 0 or not source[source.rfind("\n", 0, line_start - 1) + 1:line_start].strip():
        nxt = source.find("\n", line_end)
        if line_end < len(source) and nxt >= 0 and not source[line_end:nxt].strip():
            line_end = nxt + 1
    return Span(line_start, line_end)


# -- building prose -----------------------------------------------------------------------------
class Builder:
    """Appends blocks of pieces to a Prose, keeping block starts on their source lines."""

    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.parts: list[str] = []
        self.length = 0
        self.line = 0                # prose line where the next text goes
        self.last_end = 0            # source offset where the last block's text ended
        self.source_lines = prose.source_lines
        self.pairs = 0

    def pair(self) -> int:
        """A new pair id for an opening tag or delimiter (shared by every reader of a source)."""
        self.pairs += 1
        return self.pairs

    def item(self, start: int, end: int, pair: int = SELF_CONTAINED) -> None:
        """Record markup occupying source [start, end)."""
        p = self.prose
        if end <= start:
            return
        if p.m_start and start < p.m_start[-1]:      # keep items sorted (rare: fragments)
            k = bisect.bisect_right(p.m_start, start)
            p.m_start.insert(k, start)
            p.m_end.insert(k, end)
            p.m_pair.insert(k, pair)
            return
        p.m_start.append(start)
        p.m_end.append(end)
        p.m_pair.append(pair)

    def _piece(self, text: str, start: int, end: int, kind: int) -> None:
        p = self.prose
        p.p_start.append(self.length)
        p.s_start.append(start)
        p.s_end.append(end)
        p.kind.append(kind)
        self.parts.append(text)
        self.length += len(text)

    def block(self, pieces: list[tuple], outer: tuple[int, int] | None = None,
              headline: bool = False, lines: bool = False) -> None:
        """Append one block: pieces of (prose text, source start, source end[, kind]) in
        order; without a kind, a piece is verbatim if its text is the source's."""
        if not pieces or not any(piece[0].strip() for piece in pieces):
            return
        first = pieces[0][1]
        gap = self.source_lines.line_of(first) - self.line
        if self.prose.blocks:
            gap = max(1, gap)
        if gap > 0:
            self._piece("\n" * gap, self.last_end, first, BREAK)
            self.line += gap
        start = self.length
        src = self.prose.source
        p = self.prose
        parts = self.parts
        for piece in pieces:
            text, s, e = piece[0], piece[1], piece[2]
            if not text:
                continue
            kind = piece[3] if len(piece) > 3 else (VERBATIM if src[s:e] == text else SOFT)
            if (kind == VERBATIM and p.kind and p.kind[-1] == VERBATIM and p.s_end[-1] == s
                    and p.p_start[-1] + (s - p.s_start[-1]) == self.length):
                p.s_end[-1] = e                      # extend a contiguous verbatim run
                parts.append(text)
                self.length += len(text)
            else:
                self._piece(text, s, e, kind)
            if "\n" in text:
                self.line += text.count("\n")
        self.last_end = pieces[-1][2]
        o_start, o_end = outer if outer is not None else (first, self.last_end)
        p.blocks.append(ProseBlock(start, self.length, o_start, o_end, headline, lines))

    def finish(self) -> Prose:
        """Close the prose with a line break and hand it over."""
        p = self.prose
        if p.blocks:
            self._piece("\n", self.last_end, self.last_end, BREAK)
        p.text = "".join(self.parts)
        self.parts = []
        first_h1 = False
        for b in p.blocks:                       # the first level-one heading is the headline
            if b.headline and not first_h1:
                first_h1 = True
            elif b.headline:
                b.headline = False
        return p


def read_text(source: str) -> Prose:
    """Plain text as its own prose: one verbatim piece, so every offset maps to itself."""
    prose = Prose(source, "text")
    prose.text = source
    if source:
        prose.p_start.append(0)
        prose.s_start.append(0)
        prose.s_end.append(len(source))
        prose.kind.append(VERBATIM)
    return prose


def to_source(finding: Finding, path: str, proses: dict[str, Prose]) -> Finding:
    """A run-level finding of file `path` in source offsets; related places in other files are
    mapped with their own file's prose."""
    prose = proses.get(path)
    if prose is not None:
        related = finding.related
        finding = prose.to_source(replace(finding, related=()))
        finding = replace(finding, related=related)
    mapped = []
    for r in finding.related:
        other = proses.get(r.path if r.path is not None else path)
        mapped.append(replace(r, span=other.span(r.span)) if other is not None else r)
    return replace(finding, related=tuple(mapped))
