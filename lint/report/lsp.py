"""LSP output: Language Server Protocol `Diagnostic` objects, per file.

`copylint check --format lsp` prints them for editor plugins that run the CLI, and the
`copylint lsp` server publishes the very same objects. Every LSP position (0-based line and
character, in the negotiated encoding: UTF-16 code units unless the client asked otherwise) is
derived here from code-point offsets, by `LspPositions`; nothing else converts.

    {"version": 1, "positionEncoding": "utf-16",
     "files": [{"path": "story.txt", "uri": "file:///desk/story.txt", "diagnostics": [...]}]}

A diagnostic carries `code`, `codeDescription` (the rule's documentation page, from DOCS_URL),
`source`, `severity` (1 error, 2 warning, 3 information), `relatedInformation` for the other
places that explain it, and in `data` the rule name and its fixes as LSP text edits.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from ..document import LineIndex
from ..model import Applicability, FileResult, Finding, Fix, Severity, Span
from ..readers import line_index
from . import Options, shown

VERSION = 1
SOURCE = "copylint"
# The one place that says where a rule's documentation lives; {code} and {name} are filled in.
DOCS_URL = "https://github.com/copylint/copylint/blob/main/docs/rules/{code}.md"
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)
SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


# Characters outside the Basic Multilingual Plane: two UTF-16 code units each.
ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")


class LspPositions:
    """Code-point offsets of one text as LSP positions in one encoding (the only converter).

    UTF-16 counting is `LineIndex.utf16_position`'s; a line prefix with no character outside
    the Basic Multilingual Plane (no emoji) has as many UTF-16 units as code points, so it is
    answered by a C-speed scan instead of a walk over the characters. Without an `index`, the
    text's shared line index is used (`lint.readers.line_index`): the one its reader built.
    """

    __slots__ = ("encoding", "index", "text")

    def __init__(self, text: str, encoding: str = UTF16, index: LineIndex | None = None) -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r} ({', '.join(ENCODINGS)})")
        self.text = text
        self.encoding = encoding
        self.index = index if index is not None else line_index(text)

    def position(self, offset: int) -> dict:
        """{"line", "character"} of a code-point offset."""
        index = self.index
        line = index.line_of(offset)
        start = index.starts[line]
        prefix = self.text[start:offset]
        if self.encoding == UTF8:
            return {"line": line, "character": len(prefix.encode("utf-8", "surrogatepass"))}
        if self.encoding == UTF32 or not ASTRAL_RE.search(prefix):
            return {"line": line, "character": offset - start}
        line, character = index.utf16_position(offset)
        return {"line": line, "character": character}

    def range(self, span: Span) -> dict:
        """{"start", "end"} of a span."""
        return {"start": self.position(span.start), "end": self.position(span.end)}


def path_uri(path: str) -> str:
    """The URI an editor uses for `path` (file:// for files; stdin gets an untitled: URI)."""
    if path in ("-", "<stdin>", "<text>"):
        return "untitled:stdin"
    return Path(path).resolve().as_uri()


def text_edits(fix: Fix, positions: LspPositions) -> list[dict]:
    """A fix's edits as LSP TextEdits."""
    return [{"range": positions.range(e.span), "newText": e.replacement} for e in fix.edits]


def fix_data(fix: Fix, positions: LspPositions) -> dict:
    """A fix as carried in a diagnostic's `data`: title, applicability, LSP text edits."""
    return {"title": fix.title, "applicability": fix.applicability.label,
            "edits": text_edits(fix, positions)}


Locator = Callable[[str], "tuple[str, LspPositions] | None"]


def diagnostic(f: Finding, positions: LspPositions, uri: str, locate: Locator | None = None,
               docs_url: str = DOCS_URL) -> dict:
    """One finding as an LSP Diagnostic (plain JSON). `locate(path)` gives the URI and
    positions of another file that a related place points into (None: unknown file)."""
    d = {
        "range": positions.range(f.span),
        "severity": SEVERITY[f.severity],
        "code": f.code,
        "codeDescription": {"href": docs_url.format(code=f.code, name=f.rule)},
        "source": SOURCE,
        "message": f.message,
    }
    related = []
    for r in f.related:
        if r.path is None:
            where: tuple[str, LspPositions | None] = (uri, positions)
        else:
            found = locate(r.path) if locate else None
            # a file the run does not know: point at its start
            where = found if found is not None else (path_uri(r.path), None)
        target_uri, target = where
        rng = target.range(r.span) if target else {"start": {"line": 0, "character": 0},
                                                   "end": {"line": 0, "character": 0}}
        related.append({"location": {"uri": target_uri, "range": rng}, "message": r.message})
    if related:
        d["relatedInformation"] = related
    d["data"] = {
        "rule": f.rule,
        "fix": fix_data(f.fix, positions) if f.fix else None,
        "alternatives": [fix_data(a, positions) for a in f.alternatives],
    }
    return d


def offered(fix: dict | None) -> bool:
    """True if an editor may apply a fix of a diagnostic's `data` on request (it has edits and
    is not display-only)."""
    return fix is not None and bool(fix["edits"]) and \
        fix["applicability"] != Applicability.DISPLAY_ONLY.label


def fixes(diagnostic: dict) -> list[dict]:
    """The fixes a diagnostic carries in its `data` (its fix first, then the alternatives) that
    an editor may apply: code actions are built from these, never recomputed."""
    data = diagnostic.get("data") or {}
    return [f for f in (data.get("fix"), *data.get("alternatives", ())) if offered(f)]


def render(results: list[FileResult], options: Options) -> str:
    """The run as {"version", "positionEncoding", "files": [{path, uri, diagnostics}]}."""
    readable = {r.path: r for r in results if r.error is None}
    known: dict[str, tuple[str, LspPositions]] = {}

    def locate(path: str) -> tuple[str, LspPositions] | None:
        if path not in readable:
            return None
        if path not in known:
            r = readable[path]
            known[path] = (path_uri(path), LspPositions(r.text, index=r.lines))
        return known[path]

    files = []
    for r in results:
        entry: dict = {"path": r.path, "uri": path_uri(r.path)}
        if r.error:
            entry["diagnostics"] = []
            entry["error"] = r.error
        else:
            located = locate(r.path)
            assert located is not None          # every readable file is known
            uri, positions = located
            entry["diagnostics"] = [diagnostic(f, positions, uri, locate)
                                    for f in shown(r, options)]
        files.append(entry)
    doc = {"version": VERSION, "positionEncoding": UTF16, "files": files}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

