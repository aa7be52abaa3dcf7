"""The data model every part of copylint shares: spans, edits, fixes and findings.

All positions are code-point offsets into the decoded document text (after a UTF-8 BOM is
removed); line/column and UTF-16 positions are derived at the edges from `Document.lines`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import LineIndex


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range [start, end) of code points in a document."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        """True if the spans share a character, or an empty span sits inside the other."""
        if self.start == self.end or other.start == other.end:
            return other.start <= self.start <= other.end or self.start <= other.start <= self.end
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True if `other` lies entirely within this span."""
        return self.start <= other.start and other.end <= self.end


class Applicability(IntEnum):
    """How far a fix may be trusted: what `--fix` and `--unsafe-fixes` apply."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        """The contract's spelling: 'display-only', 'unsafe' or 'safe'."""
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, value: str) -> Applicability:
        """Read 'safe' / 'unsafe' / 'display-only'."""
        try:
            return cls[value.strip().upper().replace("-", "_")]
        except KeyError:
            raise ValueError(f"unknown fix applicability {value!r} (safe, unsafe, display-only)") from None


class Severity(IntEnum):
    """How loud a finding is; the CLI's threshold and exit code compare these."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The contract's spelling: 'info', 'warning' or 'error'."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read 'info' / 'warning' / 'error'."""
        try:
            return cls[value.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"unknown severity {value!r} (info, warning, error)") from None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of `span` with `replacement` ("" deletes, an empty span inserts)."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A titled set of edits applied together, with how far it can be trusted."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @classmethod
    def replace(cls, span: Span, replacement: str, title: str,
                applicability: Applicability = Applicability.SAFE) -> Fix:
        """A fix made of one edit."""
        return cls(title, (Edit(span, replacement),), applicability)


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding (the other spelling, the earlier number).

    `path` is None for a place in the same document.
    """

    span: Span
    message: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found: where, what, and how to fix it."""

    code: str
    rule: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    alternatives: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()

    @property
    def sort_key(self) -> tuple:
        """Document order, then code: the order every reporter prints."""
        return (self.span.start, self.span.end, self.code, self.message)


@dataclass(slots=True)
class FileResult:
    """The outcome of checking one source: its text, findings and any problem reading it."""

    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: list[str] = field(default_factory=list)   # harmless notes ("empty file")
    failures: list = field(default_factory=list)  # lint.errors.Failure: rules that could not finish
    fixed: int = 0            # fixes applied (with --fix / --diff)
    original: str | None = None  # the text before fixes, when it differs
    stdin: bool = False       # read from standard input
    bom: bool = False         # the source began with a UTF-8 byte-order mark
    summaries: dict = field(default_factory=dict)  # run-level rules' per-file gatherings
    _lines: LineIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def lines(self) -> LineIndex:
        """The line index of `text`: one per text, the same one its reader built (the reporters
        and the language server derive every position from it)."""
        if self._lines is None or self._lines.text is not self.text:
            from .readers import line_index
            self._lines = line_index(self.text)
        return self._lines
