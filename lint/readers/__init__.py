"""Readers: plain text, Markdown or HTML source -> the prose a copy editor reads, plus an offset
map back to the source.

Reading is a plain stage of its own: source -> `Prose` (`read`) -> Document (`document`) -> the
engine, and the runner maps the findings back to the source once, with `Prose.to_source`. The
readers know nothing of the engine.

Rules only ever see prose: a Document built on `Prose.text`, where every block of the source (a
paragraph, a heading, a list item, a table cell, a figure caption) is a paragraph of its own,
markup, code, link targets and page furniture are gone, and entities are decoded. An HTML block
is one line (white space in HTML source is layout); a Markdown paragraph keeps the line breaks
of its source (they are the author's). Blocks start on the prose line of the source line they
start on wherever the source leaves room (one block per source line or sparser), so a line
number a rule writes into its message names the source line. Plain text is its own prose.

The modules, one job each: `prose` (the offset map, edit mapping, the block builder, the shared
line index), `html` (the HTML reader), `markdown` (the Markdown reader), `document` (the
Document on prose). Both parsers are imported only when a Markdown or HTML file is read.
"""
from __future__ import annotations

from .document import ProseDocument, TextDocument, document
from .html import read_html
from .markdown import read_markdown
from .prose import BREAK, SOFT, VERBATIM, Prose, ProseBlock, line_index, read_text, to_source

__all__ = ["BREAK", "EXTENSIONS", "FORMATS", "SOFT", "VERBATIM", "Prose", "ProseBlock",
           "ProseDocument", "TextDocument", "document", "input_format", "line_index", "read",
           "read_html", "read_markdown", "to_source"]

FORMATS = ("auto", "text", "markdown", "html")
EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".mkdn": "markdown", ".mdwn": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
}


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


def read(source: str, fmt: str) -> Prose:
    """Read `source` in format 'text', 'markdown' or 'html'."""
    if fmt == "markdown":
        return read_markdown(source)
    if fmt == "html":
        return read_html(source)
    return read_text(source)

