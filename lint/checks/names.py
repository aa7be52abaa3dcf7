"""Name checks that read the house style from configuration."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ..document import Document
from ..kinds import PhraseTable
from ..model import Finding, Span
from ..rules import RuleError


def house_style(doc: Document, rule) -> Iterator[Finding]:
    """A spelling the newsroom's configuration lists as a variant of a preferred form."""
    settings = doc.settings
    spellings = settings.house_spellings if settings else {}
    if not spellings:
        return
    for m in _table(tuple(sorted(spellings))).finditer(doc):
        variant = " ".join(m.group().split())   # one line, even if the text breaks it
        preferred = spellings[variant]
        span = Span(m.start(), m.end())
        fix = rule.make_fix(span, preferred, f"Replace '{variant}' with '{preferred}'")
        yield rule.finding(span, fix=fix, match=variant, replacement=preferred)


@lru_cache(maxsize=16)
def _table(variants: tuple[str, ...]) -> PhraseTable:
    def fail(msg: str) -> RuleError:
        return RuleError(f"configuration: house-spellings: {msg}")
    return PhraseTable(variants, 0, fail)
