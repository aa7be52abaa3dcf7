"""Name checks that read the house style from configuration."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document
from ..kinds import AFTER, BEFORE, literal_pattern
from ..model import Finding, Span


def house_style(doc: Document, rule) -> Iterator[Finding]:
    """A spelling the newsroom's configuration lists as a variant of a preferred form."""
    settings = doc.settings
    spellings = settings.house_spellings if settings else {}
    if not spellings:
        return
    pattern = _pattern(tuple(sorted(spellings)))
    for m in pattern.finditer(doc.text):
        variant = " ".join(m.group().split())
        preferred = spellings[variant]
        span = Span(m.start(), m.end())
        fix = rule.make_fix(span, preferred, f"Replace '{m.group()}' with '{preferred}'")
        yield rule.finding(span, fix=fix, match=m.group(), replacement=preferred)


_CACHE: dict[tuple[str, ...], regex.Pattern] = {}


def _pattern(variants: tuple[str, ...]) -> regex.Pattern:
    if variants not in _CACHE:
        alts = sorted((literal_pattern(v) for v in variants), key=lambda p: (-len(p), p))
        _CACHE[variants] = regex.compile(f"{BEFORE}(?:{'|'.join(alts)}){AFTER}")
    return _CACHE[variants]
