"""kind: substitution — a word or phrase with a known better form, from a table.

Keys: `table` (TSV next to the rule file: wrong<TAB>right[|alternative...]<TAB>note) and/or
`entries` (inline mapping wrong -> right); `case`: exact, ignore, or proper (the entry as written
or in capitals, so "Kiev" and "KIEV" but not the dish "kiev"); `exceptions`: regexes whose matches
protect what they cover ("chicken Kiev"); `document_exceptions`: regexes that, once matched
anywhere in the document around an entry, protect every occurrence of that entry in it (after
"Odessa, Texas", a bare "Odessa" is the Texas town too); `people: skip` leaves an entry alone
where it reads as a person's surname ("Alexander Cherkassy", "Cherkassy, 45,": place names are
surnames too). Message fields: {match}, {replacement}, {note}.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

import regex

from ..model import Finding, Span
from ..names import reads_as_person
from . import (
    PhraseTable,
    case_flags,
    exception_flags,
    exception_matcher,
    match_case,
    validate_common,
)


def validate(rule, fail) -> None:
    """Check the keys of a substitution rule at load time."""
    validate_common(rule, fail)
    if "table" not in rule.spec and "entries" not in rule.spec:
        raise fail("a substitution rule needs 'table' or 'entries'")
    entries = rule.spec.get("entries", {})
    if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in entries.items()):
        raise fail("key 'entries' must map each wrong form to its right form")
    if rule.spec.get("people", "check") not in ("check", "skip"):
        raise fail("key 'people': must be check or skip")


def table_entries(rule) -> dict[str, tuple[list[str], str]]:
    """wrong -> ([right, alternatives...], note) from the rule's table and inline entries."""
    out: dict[str, tuple[list[str], str]] = {}
    table = rule.tables.get("table")
    if table is not None:
        for row in table.rows:
            if len(row) < 2 or not row[0] or not row[1]:
                raise table.bad_row(row, "wrong<TAB>right[<TAB>note]")
            out[row[0]] = (row[1].split("|"), row[2] if len(row) > 2 else "")
    for wrong, right in rule.spec.get("entries", {}).items():
        out[wrong] = (right.split("|"), "")
    return out


def key_of(text: str, ignore_case: bool) -> str:
    """Lookup key for a matched phrase: whitespace collapsed, lower-cased if case is ignored."""
    key = " ".join(text.split())
    return key.lower() if ignore_case else key


def prepare(rule, env=None):
    """Index the rule's table by first word; return its checker."""
    mode = rule.spec.get("case", "exact")
    folded = mode != "exact"
    raw = table_entries(rule)
    entries = {key_of(k, folded): v for k, v in raw.items()}
    proper = {key_of(k, False) for k in raw} | {key_of(k, False).upper() for k in raw}
    table = PhraseTable(raw, case_flags(rule), rule.error)
    protected = exception_matcher(rule)
    scoped = [regex.compile(p, exception_flags(rule)) for p in rule.spec.get("document_exceptions", [])]

    people = rule.spec.get("people", "check") == "skip"
    places = frozenset(w for k, (rights, _) in raw.items() for w in (*k.split(), *(
        p for r in rights for p in r.split())))
    def proper_ok(match) -> bool:
        return mode != "proper" or key_of(match.group(), False) in proper

    def check(doc, budget) -> Iterator[Finding]:
        hits = [m for m in table.finditer(doc) if proper_ok(m)]
        if people and hits:
            # a word that reads as a surname once ("Tomas Cherkassy") is that person throughout
            # the article ("Cherkassy said the quay would open")
            persons = {key_of(m.group(), folded) for m in hits
                       if reads_as_person(doc.text, m.start(), m.end(), places)}
            hits = [m for m in hits if key_of(m.group(), folded) not in persons]
        silenced = _document_protected(doc.text, hits, scoped, folded, budget) \
            if scoped and hits else set()
        covered = protected(doc.text, hits, budget)
        for m in hits:
            span = Span(m.start(), m.end())
            if covered(span) or key_of(m.group(), folded) in silenced:
                continue
            rights, note = entries[key_of(m.group(), folded)]
            options = [match_case(m.group(), r) for r in rights]
            shown = " ".join(m.group().split())   # one line, even if the text breaks it
            fixes = [rule.make_fix(span, r, f"Replace '{shown}' with '{r}'") for r in options]
            yield rule.finding(span, fix=fixes[0], alternatives=[f for f in fixes[1:] if f],
                               match=shown, replacement=options[0], note=note)

    check.vocabulary = table.vocabulary
    return check


def _document_protected(text: str, hits: list, scoped: list, folded: bool, budget) -> set[str]:
    """Keys of entries that a document-wide exception covers somewhere in the text."""
    spans = sorted((m.start(), m.end()) for p in scoped
                   for m in p.finditer(text, timeout=budget.left()))
    if not spans:
        return set()
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far
    keys = set()
    for h in hits:
        i = bisect.bisect_right(starts, h.start()) - 1
        if i >= 0 and reach[i] >= h.end():
            keys.add(key_of(h.group(), folded))
    return keys

