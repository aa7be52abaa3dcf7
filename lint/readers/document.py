"""The Document a reader's prose becomes: what the engine lints, on the shared line index."""
from __future__ import annotations

from functools import cached_property

from ..document import Block, Document, LineIndex, add_block
from .prose import Prose, line_index


class TextDocument(Document):
    """A Document on plain text: its line index is the text's shared one, so the reporters and
    the language server, which index the same source, build no other."""

    @cached_property
    def lines(self) -> LineIndex:
        """Line index: offset <-> line/column (see `lint.readers.prose.line_index`)."""
        return line_index(self.text)


class ProseDocument(TextDocument):
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


def document(prose: Prose, path: str) -> Document:
    """The Document the rules read: plain text as it is, Markdown and HTML by their blocks."""
    if prose.format == "text":
        return TextDocument(prose.text, path)
    return ProseDocument(prose, path)
