"""The Markdown reader: CommonMark (with GitHub tables and strikethrough) -> Prose.

Markdown goes through markdown-it-py: code spans and blocks, link and image targets, autolinks,
HTML and front matter are not prose; headings are blocks, a level-one heading is the headline.
Its tokens carry line maps only, so character offsets are computed here by walking each inline
token's children over its source text. A raw HTML block is read by the HTML reader. Suppression
comments are kept in the prose verbatim. markdown-it-py is imported only when Markdown is read.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..document import LineIndex
from .html import html_reader
from .prose import SELF_CONTAINED, Builder, Prose

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
    builder = Builder(prose)
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

    def __init__(self, md, env: dict, source: str, lines: LineIndex, builder: Builder) -> None:
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
            assert bases is not None          # only called where the lines were found
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
        reader = html_reader(self.source, self.builder)
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
                if tok.markup == "linkify":
                    raise _Unmappable
                if tok.markup == "autolink":
                    end = content.find(">", c) + 1
                    if end <= c:
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
