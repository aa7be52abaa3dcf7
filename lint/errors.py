"""Typed errors and failures, shared by the loader, the engine and every front end.

Nothing here imports the rest of copylint, so any module can raise or carry these without a
lazy import. A *error* stops what raised it (a rule file that cannot load, a selector that names
no rule); a *Failure* is what the engine carries to the CLI, the LSP and SARIF when one rule
could not finish on one document while the others still ran: a typed record, never a string
to prefix-match.
"""
from __future__ import annotations

from dataclasses import dataclass


class CopylintError(Exception):
    """Base of copylint's own errors: str() is one line for the user."""


class RuleError(CopylintError):
    """A rule (or rule pack) that cannot be loaded, prepared or run.

    `origin` is the rule file, `code` the rule's code (or '' for a file-level problem), `key`
    the offending key where one is known; str() names all of them."""

    def __init__(self, message: str, *, origin: str = "", code: str = "", key: str = "") -> None:
        self.origin, self.code, self.key, self.detail = origin, code, key, message
        where = ": ".join(p for p in (origin, f"rule {code}" if code else "") if p)
        super().__init__(f"{where}: {message}" if where else message)


class SelectionError(CopylintError):
    """A --select/--ignore entry (or configuration key) that matches no rule."""


# kinds of Failure
RULE_FAILED = "rule-failed"        # a check raised, or a table row broke while preparing
RULE_TIMEOUT = "rule-timeout"      # a pattern ran past the rule's time budget on this document
RULE_UNLOADABLE = "rule-unloadable"  # the rule could not be prepared (missing/bad table, import)


@dataclass(frozen=True, slots=True)
class Failure:
    """One rule that could not finish: its findings are missing, the run exits 2.

    `path` is the document it failed on ('' when it failed before any document, while being
    prepared)."""

    kind: str
    code: str
    name: str
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}rule {self.code} ({self.name}): {self.message}"

    @classmethod
    def from_error(cls, kind: str, rule, exc: BaseException, path: str = "") -> Failure:
        """A Failure of `rule` from an exception (a RuleError keeps its own one-line text)."""
        if isinstance(exc, RuleError):
            text = exc.detail
            if exc.origin:
                text = f"{text} (in {exc.origin})"
        else:
            text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return cls(kind=kind, code=rule.code, name=rule.name, message=" ".join(text.split()),
                   path=path)
