"""The HTML reader: a page or fragment -> Prose, through the standard library's html.parser.

Its tokenizer reports the source position of every tag, text run and reference, so every piece
of prose is placed exactly (see `read_html` for what is read and what is skipped). Suppression
comments (`<!-- copylint: disable=... -->`) stay in the prose verbatim, where they stand.
html.parser is imported only when an HTML source (or a Markdown HTML block) is read.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .prose import SOFT, VERBATIM, Builder, Prose

if TYPE_CHECKING:                 # at run time the base is mixed in by `_reader_class`
    from html.parser import HTMLParser as _ParserBase
else:
    _ParserBase = object

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
SKIP_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar".split())
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
# Elements whose end tag may be left out: a deletion may take one without its end tag.
OPTIONAL_END = frozenset("li p dt dd tr td th tbody thead tfoot option optgroup colgroup caption".split())


def balanced(chunk: str) -> bool:
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
    builder = Builder(prose)
    html_reader(source, builder).run(source, 0)
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
def _reader_class():
    """The reader class, built on html.parser the first time an HTML source is read."""
    from html.parser import HTMLParser
    return type("_HTMLReader", (_HTMLCallbacks, HTMLParser), {})


def html_reader(source: str, builder: Builder):
    """A reader that feeds `builder` with the blocks of `source` (or a fragment of it)."""
    return _reader_class()(source, builder)


class _HTMLCallbacks(_ParserBase):
    """html.parser callbacks that build blocks: mixed into HTMLParser by `_reader_class`.

    Positions come from the parser itself: it calls `updatepos(i, j)` after every token, and
    the next token starts at that `j`, an index into the text it was fed. (Its own line and
    column bookkeeping is not needed and is skipped.) Tags are not recorded: whether an edit
    keeps the markup whole is checked when an edit asks (`Prose._markup_ok`)."""

    def __init__(self, source: str, builder: Builder) -> None:
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
            self.goahead(False)
            if len(self.rawdata) == before:
                break
        self.close()
        while self.stack:
            self._pop(implied=True, end=base + len(fragment))
        self._flush()

    def goahead(self, end: bool) -> None:
        """The parser's main loop, with the offset of its buffer in the source noted first."""
        self.shift = self.base + self.fed - len(self.rawdata)
        self.at = 0
        super().goahead(end)

    def updatepos(self, i: int, j: int) -> int:
        """Where the next token starts (the parser's own line bookkeeping is skipped)."""
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
        """A run of text: prose, unless inside skipped content."""
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
        from html import unescape  # the parser has imported it already
        text = unescape(raw)
        if text == raw:
            self._text(text, start, start + length)
        elif not text.strip(HTML_WS):
            self._space(start, start + length)
        else:
            self._text(text, start, start + length, SOFT)

    def handle_entityref(self, name: str) -> None:
        """A named reference (&amp;): decoded, mapped to its whole source text."""
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        """A numeric reference (&#8217;): decoded, mapped to its whole source text."""
        self._reference(2 + len(name))

    def handle_comment(self, data: str) -> None:
        """A comment: skipped, unless it is a suppression comment, which stays in the prose."""
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
        """A self-closing tag (<br/>)."""
        self._start(tag, attrs, self_closing=True)

    def handle_starttag(self, tag: str, attrs) -> None:
        """An opening tag."""
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
        """A closing tag: closes the element and whatever it implies closed."""
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
