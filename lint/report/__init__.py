"""Reporters: one module per output format, chosen from a table by name.

A reporter is `render(results, options) -> str`; it never computes findings. Positions are
derived here, at the edge, from each file's line index (`FileResult.lines`, one per text).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..document import LineIndex
from ..model import Applicability, FileResult, Finding, Severity


@dataclass
class Options:
    """What the user asked of the output."""

    threshold: Severity = Severity.INFO
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    fix_level: Applicability | None = None   # fixes applied this run, if any


class Positions:
    """Positions in every file of a run, each on its file's one line index (`FileResult.lines`,
    the one its reader built): a report builds no line index of its own, and related places
    may point into another file of the run."""

    def __init__(self, results: Iterable[FileResult]) -> None:
        self._results = {r.path: r for r in results}

    def index(self, path: str) -> LineIndex | None:
        """The line index of `path`, if it was part of the run."""
        result = self._results.get(path)
        return result.lines if result is not None else None

    def point(self, path: str, offset: int) -> dict:
        """{"line", "column", "offset"} (1-based line and column, 0-based offset)."""
        index = self.index(path)
        line, column = index.position(offset) if index else (0, 0)
        return {"line": line, "column": column, "offset": offset}


def shown(result: FileResult, options: Options) -> list[Finding]:
    """The findings of a file at or above the threshold."""
    return [f for f in result.findings if f.severity >= options.threshold]


def reporters() -> dict[str, Callable[[list[FileResult], Options], str]]:
    """Output formats by name."""
    from . import github, junit, lsp, sarif
    from . import json as json_report
    from . import text as text_report
    return {"text": text_report.render, "json": json_report.render, "lsp": lsp.render,
            "sarif": sarif.render, "github": github.render, "junit": junit.render}


FORMATS = ("text", "json", "lsp", "sarif", "github", "junit")
