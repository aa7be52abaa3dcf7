"""Readers: plain text, Markdown or HTML source -> the prose a copy editor reads, plus an offset
map back to the source.

Rules only ever see prose: a Document built on `Prose.text`, where every block of the source (a
paragraph, a heading, a list item, a table cell, a figure caption) is a paragraph of its own,
markup, code, link targets and page furniture are gone, and entities are decoded. An HTML block
is one line (white space in HTML source is layout); a Markdown paragraph keeps the line breaks
of its source (they are the author's). Blocks start on the prose line of the source line they
start on wherever the source leaves room (one block per source line or sparser), so a line
number a rule writes into its message names the source line.
`Prose.to_source` maps a finding back: its span, every edit of its fixes and its related places
become exact code-point offsets of the source, so positions in every output format are source
positions and fixes edit the source.

An edit is mapped only where it stays clean: inside text (entities and collapsed white space are
replaced whole), or as the deletion of whole blocks (the element or the lines that hold them), or
as a deletion whose markup is balanced. An edit that would cut through markup (half a tag, one
of a pair of emphasis markers, a block boundary) keeps its place but its fix becomes
display-only, so `--fix` never breaks a page.

Markdown goes through markdown-it-py (CommonMark: code spans and blocks, link and image targets,
autolinks, HTML and front matter are not prose; headings are blocks, a level-one heading is the
headline). Its tokens carry line maps only, so character offsets are computed here by walking each
inline token's children over its source text. HTML goes through the standard library's
html.parser, whose tokenizer reports the source position of every tag, text run and reference
(see `read_html` for what is read and what is skipped). Suppression comments
(`<!-- copylint: disable=... -->`) are kept in the prose verbatim, so the suppression parser sees
them where they stand.

Both parsers are imported only when a Markdown or HTML file is read.
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from .document import Block, Document, LineIndex, add_block
from .model import Applicability, Edit, Finding, Fix, Span

FORMATS = ("auto", "text", "markdown", "html")
EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".mkdn": "markdown", ".mdwn": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
}

# piece kinds: prose text that is the source text; prose that stands for other source text
# (a decoded entity, collapsed white space, a soft line break); a break between blocks
VERBATIM, SOFT, BREAK = 0, 1, 2
SELF_CONTAINED = -1     # Markdown markup that needs no partner (a code span, an image, raw HTML)


def input_format(path: str | None, choice: str | None = "auto") -> str:
    """The reader for a file: `choice` unless 'auto', else by the file's extension ('text' for
    anything unknown, and for standard input without a name)."""
    if choice and choice != "auto":
        return choice
    if not path:
        return "text"
    name = path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:], "text") if dot > 0 else "text"


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
            return deletion and _html_balanced(chunk)
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


# Elements whose end tag may be left out: a deletion may take one without its end tag.
OPTIONAL_END = frozenset("li p dt dd tr td th tbody thead tfoot option optgroup colgroup caption".split())


def _html_balanced(chunk: str) -> bool:
    """Every element that opens in `chunk` closes in it (or may be closed implicitly), and no
    element closes there that opened before it: deleting the chunk keeps the page whole."""
    from html.parser import HTMLParser

    stack: list[str] = []
    ok = [True]

    class Shape(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in HTML_VOID:
                stack.append(tag)

        def handle_endtag(self, tag):
            if tag not in stack:
                ok[0] = False
                return
            while stack[-1] != tag:
                if stack.pop() not in OPTIONAL_END:
                    ok[0] = False
            stack.pop()

    parser = Shape(convert_charrefs=False)
    parser.feed(chunk)
    parser.close()
    return ok[0] and all(tag in OPTIONAL_END for tag in stack)


class ProseDocument(Document):
    """A Document on prose read from Markdown or HTML: its paragraphs are the source's blocks
    and its headline is the level-one heading."""

    def __init__(self, prose: Prose, path: str) -> None:
        super().__init__(prose.text, path, headline=prose.headline is not None)
        self.prose = prose

    @cached_property
    def paragraphs(self) -> list[Block]:
        """One paragraph per block of the source."""
        out: list[Block] = []
        for b in self.prose.blocks:
            add_block(out, self.text, b.start, b.end)
        return out

    @cached_property
    def headline(self) -> Block | None:
        """The level-one heading, if the source has one."""
        h = self.prose.headline
        return Block(h.start, h.end) if h is not None and h.start < h.end else None


# -- building prose -----------------------------------------------------------------------------
class _Builder:
    """Appends blocks of pieces to a Prose, keeping block starts on their source lines."""

    def __init__(self, prose: Prose) -> None:
        self.prose = prose
        self.parts: list[str] = []
        self.length = 0
        self.line = 0                # prose line where the next text goes
        self.last_end = 0            # source offset where the last block's text ended
        self.source_lines = LineIndex(prose.source)
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


# -- plain text ---------------------------------------------------------------------------------
def read(source: str, fmt: str) -> Prose:
    """Read `source` in format 'text', 'markdown' or 'html'."""
    if fmt == "markdown":
        return read_markdown(source)
    if fmt == "html":
        return read_html(source)
    prose = Prose(source, "text")
    prose.text = source
    if source:
        prose.p_start.append(0)
        prose.s_start.append(0)
        prose.s_end.append(len(source))
        prose.kind.append(VERBATIM)
    return prose


# -- HTML ---------------------------------------------------------------------------------------
# Elements that start and end a block of prose (their direct text is a block of its own).
HTML_BLOCKS = frozenset("""
    address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead tr ul head title option
    optgroup iframe object video audio canvas picture
""".split())
# Elements whose content is never prose: code, scripts and styles, embedded media, and the page
# furniture around an article.
HTML_SKIP = frozenset("""
    script style noscript template svg math iframe object embed canvas video audio map
    head title nav aside form button select textarea label dialog menu code pre kbd samp
    footer
""".split())
# A <header> is skipped only outside an <article> or <main> (there it holds the headline).
HTML_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
SKIP_ROLES = frozenset("navigation banner contentinfo complementary search dialog alertdialog menu menubar".split())
# Cells are emptied, never removed: a table keeps its shape.
HTML_CELLS = frozenset(("td", "th"))
# Start tags that close an open <p> (HTML's "closes a p element" list)
P_CLOSERS = frozenset("""
    address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section
    summary table ul
""".split())
SCOPE = frozenset("html body table td th caption template object button marquee applet".split())
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
IMPLIES_CLOSE = P_CLOSERS | HEADINGS | frozenset(
    "li dt dd td th tr tbody thead tfoot option optgroup".split())
HTML_WS = " \t\n\r\f"
ODD_WS_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")
COMMENT_END_RE = re.compile(r"--!?\s*>")


def read_html(source: str) -> Prose:
    """Read an HTML page or fragment.

    Prose comes from the text of paragraphs, headings, list items, block quotations, figure
    captions, table cells and any other block-level element (CMS exports put paragraphs in
    bare <div>s), with inline markup (links, emphasis, spans) read through. Not prose: <head>,
    scripts, styles, code and preformatted text, forms and buttons, embedded media, <nav>,
    <aside>, <footer>, a page-level <header> (one inside <article> or <main> holds the
    headline and is read), elements with the `hidden` attribute, aria-hidden="true" or a
    navigation or banner role. <br> ends a block. White space collapses as a browser shows it;
    entities and character references are decoded, each mapped to its whole source text.
    Comments are skipped except suppression comments, which stay in the prose.
    """
    prose = Prose(source, "html")
    builder = _Builder(prose)
    _html_reader(source, builder).run(source, 0)
    return builder.finish()


class _Element:
    __slots__ = ("block", "clean", "shadow", "skip", "start", "tag")

    def __init__(self, tag: str, start: int = -1, skip: bool = False, block: bool = False,
                 shadow: bool = False):
        self.tag, self.start, self.skip, self.block = tag, start, skip, block
        self.clean = True        # no block has begun or ended inside it yet
        self.shadow = shadow     # an element inside skipped content: only its shape matters


class _OpenBlock:
    __slots__ = ("fresh", "owner", "pieces", "ws_end", "ws_start")

    def __init__(self, owner: _Element | None) -> None:
        self.pieces: list[tuple[str, int, int, int]] = []
        self.owner = owner
        self.fresh = owner is not None and owner.clean
        self.ws_start = -1       # white space waiting for the next word: [ws_start, ws_end)
        self.ws_end = -1


@lru_cache(maxsize=1)
def _html_reader_class():
    """The reader class, built on html.parser the first time an HTML source is read."""
    from html.parser import HTMLParser
    return type("_HTMLReader", (_HTMLCallbacks, HTMLParser), {})


def _html_reader(source: str, builder: _Builder):
    """A reader that feeds `builder` with the blocks of `source` (or a fragment of it)."""
    return _html_reader_class()(source, builder)


class _HTMLCallbacks:
    """html.parser callbacks that build blocks: mixed into HTMLParser by `_html_reader_class`.

    Positions come from the parser itself: it calls `updatepos(i, j)` after every token, and
    the next token starts at that `j`, an index into the text it was fed. (Its own line and
    column bookkeeping is not needed and is skipped.) Tags are not recorded: whether an edit
    keeps the markup whole is checked when an edit asks (`Prose._markup_ok`)."""

    def __init__(self, source: str, builder: _Builder) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.builder = builder
        self.stack: list[_Element] = []
        self.skipping = False         # inside an element whose content is not prose
        self.current: _OpenBlock | None = None
        self.base = 0                 # where the fed text sits in the source
        self.fed = 0
        self.shift = 0                # source offset of the parser's index 0 in this pass
        self.at = 0                   # parser index where the current token starts

    # -- driving ---------------------------------------------------------------------------
    def run(self, fragment: str, base: int) -> None:
        """Parse `fragment`, which sits at `base` in the source."""
        self.base, self.fed = base, len(fragment)
        self.feed(fragment)
        # html.parser stops at a malformed "&#"; carry on until it has read everything
        while self.rawdata:
            before = len(self.rawdata)
            self.goahead(0)
            if len(self.rawdata) == before:
                break
        self.close()
        while self.stack:
            self._pop(implied=True, end=base + len(fragment))
        self._flush()

    def goahead(self, end: int) -> None:
        self.shift = self.base + self.fed - len(self.rawdata)
        self.at = 0
        super().goahead(end)

    def updatepos(self, i: int, j: int) -> int:
        self.at = j
        return j

    # -- blocks ----------------------------------------------------------------------------
    def _flush(self, outer_end: int | None = None, element: _Element | None = None) -> None:
        """End the open block. `element` is the block element whose end (at `outer_end`, or
        implied) ends it; without one, `outer_end` is the end of a <br> that ends it."""
        block = self.current
        if block is None:
            return
        self.current = None
        if not block.pieces:
            return
        first, last = block.pieces[0][1], block.pieces[-1][2]
        outer = (first, last if outer_end is None or element is not None else outer_end)
        owner = block.owner
        if (element is not None and owner is element and block.fresh and owner.clean
                and owner.tag not in HTML_CELLS):
            outer = (owner.start, outer_end if outer_end is not None else last)
        self.builder.block(block.pieces, outer, owner is not None and owner.tag == "h1")
        for el in self.stack:
            el.clean = False

    def _open_block(self) -> _OpenBlock:
        owner = None
        for el in reversed(self.stack):
            if el.block:
                owner = el
                break
        self.current = _OpenBlock(owner)
        return self.current

    def _text(self, text: str, start: int, end: int, kind: int = VERBATIM) -> None:
        """Add a word run (or a decoded reference) standing for source [start, end)."""
        block = self.current or self._open_block()
        pieces = block.pieces
        if block.ws_start >= 0:
            if pieces:
                s, e = block.ws_start, block.ws_end
                pieces.append((" ", s, e, VERBATIM if e - s == 1 and self.src[s] == " " else SOFT))
            block.ws_start = -1
        pieces.append((text, start, end, kind))

    def _space(self, start: int, end: int) -> None:
        block = self.current
        if block is not None and block.pieces and block.ws_start < 0:
            block.ws_start, block.ws_end = start, end

    # -- callbacks -------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.skipping or self.cdata_elem:
            return
        start = self.shift + self.at
        core = data.strip(HTML_WS)
        if not core:
            self._space(start, start + len(data))
            return
        lead = data.index(core[0])
        if lead:
            self._space(start, start + lead)
        base = start + lead
        first = ODD_WS_RE.search(core)
        if first is None:
            self._text(core, base, base + len(core))
        else:
            pos = 0
            for m in ODD_WS_RE.finditer(core, first.start()):
                self._text(core[pos:m.start()], base + pos, base + m.start())
                self._space(base + m.start(), base + m.end())
                pos = m.end()
            self._text(core[pos:], base + pos, base + len(core))
        tail = len(data) - lead - len(core)
        if tail:
            self._space(start + len(data) - tail, start + len(data))

    def _reference(self, length: int) -> None:
        if self.skipping or self.cdata_elem:
            return
        start = self.shift + self.at
        if self.src.startswith(";", start + length):
            length += 1
        raw = self.src[start:start + length]
        from html import unescape          # the parser has imported it already
        text = unescape(raw)
        if text == raw:
            self._text(text, start, start + length)
        elif not text.strip(HTML_WS):
            self._space(start, start + length)
        else:
            self._text(text, start, start + length, SOFT)

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def handle_comment(self, data: str) -> None:
        if self.skipping or "copylint:" not in data:
            return
        start = self.shift + self.at
        src = self.src
        if not src.startswith("<!--", start):
            return                                   # a bogus comment: <!...> or </...>
        end = start + 4 + len(data)
        m = COMMENT_END_RE.match(src, end)
        end = m.end() if m else end
        raw = src[start:end]
        if self.current is not None and self.current.pieces:
            self._text(raw, start, end)              # a directive beside prose: part of its line
        else:
            self._flush()
            self.builder.block([(raw, start, end, VERBATIM)], (start, end))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=True)

    def handle_starttag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=False)

    def _start(self, tag: str, attrs, self_closing: bool) -> None:
        if self.skipping:                      # only the shape matters in there
            if not (self_closing or tag in HTML_VOID):
                self.stack.append(_Element(tag, shadow=True))
            return
        if tag in HTML_VOID or (self_closing and tag not in HTML_BLOCKS):
            if tag == "br":
                self._flush(outer_end=self.shift + self.at + len(self.get_starttag_text() or ""))
            elif tag in HTML_BLOCKS:
                self._flush()
            return
        start = self.shift + self.at
        if tag in IMPLIES_CLOSE:
            self._close_implied(tag, start)
        block = tag in HTML_BLOCKS
        skip = tag in HTML_SKIP or (tag == "header" and not self._inside("article", "main"))
        if not skip and attrs:
            raw = self.get_starttag_text() or ""
            if "hidden" in raw or "role" in raw:
                for name, value in attrs:
                    if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true") \
                            or (name == "role" and (value or "").lower() in SKIP_ROLES):
                        skip = True
                        break
        if block:                             # an inline element skipped (code, a button, a
            self._flush()                     # script) leaves its sentence whole
        if self_closing:                      # <div/>: HTML ignores the slash; XHTML closes it
            return
        self.stack.append(_Element(tag, start, skip, block))
        if skip:
            self.skipping = True

    def handle_endtag(self, tag: str) -> None:
        stack = self.stack
        if tag == "br" and not self.skipping:  # </br> is read as <br>
            start = self.shift + self.at
            self._flush(outer_end=self.src.find(">", start) + 1 or len(self.src))
            return
        i = len(stack) - 1
        while i >= 0 and stack[i].tag != tag:
            i -= 1
        if i < 0:                              # a stray end tag
            return
        if stack[i].shadow:                    # inside skipped content (above its root)
            del stack[i:]
            return
        start = self.shift + self.at
        end = self.src.find(">", start) + 1 or len(self.src)
        while len(stack) > i + 1:
            self._pop(implied=True, end=start)
        self._pop(implied=False, end=end)

    def _pop(self, implied: bool, end: int) -> None:
        element = self.stack.pop()
        if element.skip:
            self.skipping = False
            return
        if element.shadow:
            return
        if element.block:
            self._flush(outer_end=None if implied else end, element=element)

    def _inside(self, *tags: str) -> bool:
        return any(el.tag in tags for el in self.stack)

    def _close_implied(self, tag: str, start: int) -> None:
        """Close what a start tag closes implicitly (an open <p>, a sibling <li>, a cell)."""
        if tag in P_CLOSERS:
            self._close_in_scope(("p",), start)
        if tag in HEADINGS and self.stack and self.stack[-1].tag in HEADINGS:
            self._pop(implied=True, end=start)
        if tag == "li":
            self._close_in_scope(("li",), start, stop=("ul", "ol", "menu"))
        elif tag in ("dt", "dd"):
            self._close_in_scope(("dt", "dd"), start, stop=("dl",))
        elif tag in ("td", "th"):
            self._close_in_scope(("td", "th"), start, stop=("tr", "table"))
        elif tag == "tr":
            self._close_in_scope(("tr",), start, stop=("table", "tbody", "thead", "tfoot"))
        elif tag in ("tbody", "thead", "tfoot"):
            self._close_in_scope(("tbody", "thead", "tfoot"), start, stop=("table",))
        elif tag in ("option", "optgroup"):
            self._close_in_scope(("option",), start, stop=("select", "datalist", "optgroup"))

    def _close_in_scope(self, tags: tuple[str, ...], start: int, stop: tuple[str, ...] = ()) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            t = self.stack[i].tag
            if t in tags:
                while len(self.stack) > i:
                    self._pop(implied=True, end=start)
                return
            if t in SCOPE or t in stop:
                return


# -- Markdown -----------------------------------------------------------------------------------
FRONT_MATTER_RE = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
SOFTBREAK_RE = re.compile(r"[ \t]*\n[ \t]*")
HARDBREAK_RE = re.compile(r"(?:[ \t]*|\\)\n[ \t]*")


class _Unmappable(Exception):
    """Inline content whose tokens could not be placed on its source text."""


def _markdown_parser():
    from markdown_it import MarkdownIt
    # text_join folds escapes and entities into plain text: keep them apart to place them
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def _front_matter(source: str) -> int:
    """Number of lines of YAML (---) or TOML (+++) front matter at the top, 0 if none."""
    m = FRONT_MATTER_RE.match(source)
    if not m:
        return 0
    fence = source[:3]
    closers = ("---", "...") if fence == "---" else ("+++",)
    for i, line in enumerate(source.split("\n", 2000)[1:2000], 1):
        if line.rstrip() in closers:
            return i + 1
    return 0


def read_markdown(source: str) -> Prose:
    """Read a CommonMark document (with GitHub tables and strikethrough).

    Prose comes from paragraphs, headings and table cells, wherever they sit (block quotations,
    list items); inline emphasis and link text are read through. Not prose: code spans and code
    blocks, link and image targets, image descriptions, autolinks, HTML tags, reference
    definitions and front matter. A raw HTML block is read as HTML. Line breaks inside a
    paragraph stay line breaks (the indentation and quotation markers after them are not prose),
    so each source line is a prose line and line-based rules see the lines the author wrote.
    """
    prose = Prose(source, "markdown")
    builder = _Builder(prose)
    lines = builder.source_lines
    md = _markdown_parser()
    skip = _front_matter(source)
    text = source
    if skip:
        cut = lines.line_span(skip - 1).end if skip < len(lines) else len(source)
        text = "\n" * skip + source[cut:]
    env: dict = {}
    tokens = md.parse(text, env)
    reader = _MarkdownInline(md, env, source, lines, builder)
    first_h1 = True
    for i, tok in enumerate(tokens):
        if tok.type == "inline":
            opener = tokens[i - 1]
            heading = opener.type == "heading_open"
            cell = opener.type in ("td_open", "th_open")
            h1 = heading and opener.tag == "h1" and first_h1
            if h1:
                first_h1 = False
            reader.block(tok, cell=cell, headline=h1)
        elif tok.type == "html_block" and tok.map:
            reader.html_block(tok)
    return builder.finish()


class _MarkdownInline:
    """Places an inline token's children on the source and hands the prose to the builder."""

    def __init__(self, md, env: dict, source: str, lines: LineIndex, builder: _Builder) -> None:
        self.md, self.env, self.source, self.lines, self.builder = md, env, source, lines, builder
        self.row_line = -1
        self.row_cursor = 0

    # -- where the content sits --------------------------------------------------------------
    def _line_bases(self, content: str, first_line: int, cell: bool) -> list[int] | None:
        """Source offset of the start of each line of `content` (None if a line is not there)."""
        src, lines = self.source, self.lines
        bases = []
        for k, part in enumerate(content.split("\n")):
            line = first_line + k
            if line >= len(lines):
                return None
            span = lines.line_span(line, with_newline=False)
            body = src[span.start:span.end]
            if cell:
                if line != self.row_line:
                    self.row_line, self.row_cursor = line, 0
                col = body.find(part, self.row_cursor)
                if col < 0:
                    return None
                self.row_cursor = col + len(part)
            elif body.endswith(part):
                col = len(body) - len(part)
            elif body.rstrip().endswith(part):
                col = len(body.rstrip()) - len(part)
            else:
                col = body.find(part)
                if col < 0:
                    return None
            bases.append(span.start + col)
        return bases

    # -- a block -------------------------------------------------------------------------------
    def block(self, tok, cell: bool = False, headline: bool = False) -> None:
        """Read one inline token (a paragraph, heading or cell) as a block."""
        content = tok.content
        if not tok.map or not content.strip():
            return
        bases = self._line_bases(content, tok.map[0], cell)
        starts = [0]
        pos = content.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = content.find("\n", pos + 1)

        def at(c: int) -> int:
            k = bisect.bisect_right(starts, c) - 1
            return bases[k] + c - starts[k]

        outer = None
        lines_owned = not cell
        if not cell:
            outer = (self.lines.line_span(tok.map[0]).start,
                     self.lines.line_span(tok.map[1] - 1).end)
        pieces: list[tuple[str, int, int]] = []
        items: list[tuple[int, int, int]] = []
        try:
            if bases is None:
                raise _Unmappable
            for text, ca, cb in self._walk(tok.children or [], content, items):
                pieces.append((text, at(ca), at(cb)))
        except _Unmappable:
            whole = "".join(_rendered(tok.children or []))
            lo = self.lines.line_span(tok.map[0]).start
            hi = self.lines.line_span(tok.map[1] - 1, with_newline=False).end
            pieces = [(whole, lo, hi)]
            items = []
            bases = None
        if cell and pieces:
            outer = (pieces[0][1], pieces[-1][2])
        if bases is not None:
            for ca, cb, pair in items:
                self.builder.item(at(ca), at(cb), pair)
        self.builder.block(pieces, outer, headline, lines_owned)

    def html_block(self, tok) -> None:
        """A raw HTML block: read it as HTML when it is the source's own text."""
        span_start = self.lines.line_span(tok.map[0]).start
        span_end = self.lines.line_span(tok.map[1] - 1).end
        fragment = self.source[span_start:span_end]
        if fragment.replace("\r\n", "\n") != tok.content and \
                fragment.replace("\r\n", "\n").rstrip("\n") != tok.content.rstrip("\n"):
            return                              # inside a quotation or list: prefixes in the way
        reader = _html_reader(self.source, self.builder)
        reader.run(fragment, span_start)

    # -- the children ----------------------------------------------------------------------------
    def _walk(self, children, content: str, items: list) -> Iterable[tuple[str, int, int]]:
        """(prose text, content start, content end) of each child that is prose; markup goes to
        `items` as (start, end, pair)."""
        c = 0
        stack: list[int] = []
        in_autolink = False
        for tok in children:
            t = tok.type
            if in_autolink:
                if t == "link_close":
                    in_autolink = False
                continue
            if t == "text":
                start = self._find(content, tok.content, c)
                c = start + len(tok.content)
                yield tok.content, start, c
            elif t == "text_special":
                start = self._find(content, tok.markup, c)
                c = start + len(tok.markup)
                yield tok.content, start, c
            elif t in ("softbreak", "hardbreak"):
                m = (SOFTBREAK_RE if t == "softbreak" else HARDBREAK_RE).match(content, c)
                if not m:
                    raise _Unmappable
                c = m.end()
                yield "\n", m.start(), m.end()
            elif t == "code_inline":
                fence = tok.markup
                if not content.startswith(fence, c):
                    raise _Unmappable
                m = re.compile(rf"(?<!`){re.escape(fence)}(?!`)").search(content, c + len(fence))
                if not m:
                    raise _Unmappable
                items.append((c, m.end(), SELF_CONTAINED))
                c = m.end()
            elif t == "html_inline":
                if not content.startswith(tok.content, c):
                    raise _Unmappable
                end = c + len(tok.content)
                if tok.content.startswith("<!--") and "copylint:" in tok.content:
                    yield tok.content, c, end
                else:
                    items.append((c, end, SELF_CONTAINED))
                c = end
            elif t == "image":
                end = self._image_end(content, c)
                items.append((c, end, SELF_CONTAINED))
                c = end
            elif t == "link_open":
                if tok.markup in ("autolink", "linkify"):
                    end = content.find(">", c) + 1 if tok.markup == "autolink" else c
                    if end <= c and tok.markup == "autolink":
                        raise _Unmappable
                    if tok.markup == "linkify":
                        raise _Unmappable
                    items.append((c, end, SELF_CONTAINED))
                    c = end
                    in_autolink = True
                    continue
                if not content.startswith("[", c):
                    raise _Unmappable
                stack.append(self.builder.pair())
                items.append((c, c + 1, stack[-1]))
                c += 1
            elif t == "link_close":
                if not content.startswith("]", c) or not stack:
                    raise _Unmappable
                end = self._link_tail(content, c)
                items.append((c, end, stack.pop()))
                c = end
            elif t.endswith(("_open", "_close")):
                mark = tok.markup
                if not mark or not content.startswith(mark, c):
                    raise _Unmappable
                if t.endswith("_open"):
                    pair = self.builder.pair()
                    stack.append(pair)
                else:
                    if not stack:
                        raise _Unmappable
                    pair = stack.pop()
                items.append((c, c + len(mark), pair))
                c += len(mark)
            else:
                raise _Unmappable
        if content[c:].strip():
            raise _Unmappable

    @staticmethod
    def _find(content: str, raw: str, c: int) -> int:
        if content.startswith(raw, c):
            return c
        start = content.find(raw, c)
        if start < 0 or content[c:start].strip():
            raise _Unmappable
        return start

    def _state(self, content: str):
        from markdown_it.rules_inline import StateInline
        return StateInline(content, self.md, self.env, [])

    def _image_end(self, content: str, c: int) -> int:
        from markdown_it.helpers import parseLinkLabel
        if not content.startswith("![", c):
            raise _Unmappable
        label_end = parseLinkLabel(self._state(content), c + 1, False)
        if label_end < 0:
            raise _Unmappable
        return self._link_tail(content, label_end)

    def _link_tail(self, content: str, close: int) -> int:
        """End of a link's destination part, given the position of the label's ']'."""
        from markdown_it.common.utils import normalizeReference
        from markdown_it.helpers import (
            parseLinkDestination,
            parseLinkLabel,
            parseLinkTitle,
        )
        n = len(content)
        pos = close + 1
        if pos < n and content[pos] == "(":
            p = _skip_space(content, pos + 1, n)
            if p < n and content[p] != ")":
                res = parseLinkDestination(content, p, n)
                if res.ok:
                    p = res.pos
                    start = p
                    p = _skip_space(content, p, n)
                    title = parseLinkTitle(content, p, n)
                    if p < n and start != p and title.ok:
                        p = _skip_space(content, title.pos, n)
            if p < n and content[p] == ")":
                return p + 1
        if pos < n and content[pos] == "[":
            end = parseLinkLabel(self._state(content), pos)
            if end >= 0:
                label = content[pos + 1:end]
                if not label.strip() or normalizeReference(label) in self.env.get("references", {}):
                    return end + 1
        return pos


def _skip_space(text: str, pos: int, n: int) -> int:
    while pos < n and text[pos] in " \t\n":
        pos += 1
    return pos


def _rendered(children) -> Iterable[str]:
    """The prose of inline children, for content that could not be placed exactly."""
    autolink = False
    for tok in children:
        if autolink:
            autolink = tok.type != "link_close"
            continue
        if tok.type in ("text", "text_special"):
            yield tok.content
        elif tok.type in ("softbreak", "hardbreak"):
            yield "\n"
        elif tok.type == "link_open" and tok.markup == "autolink":
            autolink = True


# -- linting ------------------------------------------------------------------------------------
def lint_markup(text: str, path: str, fmt: str, settings):
    """Read `text` as `fmt`, lint its prose, and map the findings back to the source.

    Returns the LintResult (source offsets) and the Prose (for run-level rules)."""
    from .engine import lint
    prose = read(text, fmt)
    result = lint(ProseDocument(prose, path), settings)
    result.findings = sorted((prose.to_source(f) for f in result.findings),
                             key=lambda f: f.sort_key)
    return result, prose


def to_source(finding: Finding, path: str, proses: dict[str, Prose]) -> Finding:
    """A run-level finding of file `path` in source offsets; related places in other files are
    mapped with their own file's prose."""
    prose = proses.get(path)
    if prose is not None:
        related = finding.related
        finding = prose.to_source(replace(finding, related=()))
        finding = replace(finding, related=related)
    related = []
    for r in finding.related:
        other = proses.get(r.path if r.path is not None else path)
        related.append(replace(r, span=other.span(r.span)) if other is not None else r)
    return replace(finding, related=tuple(related))
