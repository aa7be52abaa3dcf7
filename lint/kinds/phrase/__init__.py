"""kind: phrase — multi-word patterns that tolerate inflection, optional words and short gaps.

Keys: `table` (the patterns: pattern<TAB>replacement[|alternative...]<TAB>flags<TAB>languages
<TAB>note), `words` (word sets: word<TAB>set names), `inflections` (irregular forms:
lemma<TAB>s<TAB>past<TAB>past participle<TAB>-ing[<TAB>present plural]) and `exceptions`
(regexes whose matches protect what they cover). Message fields: {match}, {replacement} and
{note}. The pattern language, replacements, case, flags and errors are documented in
docs/phrase-patterns.md.

The package, by job: `morphology` (inflected forms, word sets), `pattern` (reading table rows),
`match` (finding entries in a Document), `render` (replacement text and fixes). This module is
the kind interface: `validate(rule, fail)` at load time and `prepare(rule, env) -> checker`, with
`checker(doc, budget)`; the rule's tables are read in `prepare` and nowhere else.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from ...lifecycle import Budget, Env
from ...model import Applicability, Finding, Severity
from .. import compile_or_fail, exception_flags, exception_matcher, probes_of
from .match import AnchorIndex, Hit
from .morphology import BASE, PAST, PP, PRESENT, BadRow, Morphology, Rows, WordSets, regular_forms
from .pattern import Entry, PatternError, compile_entry
from .render import Renderer

# the kind interface, and what tests and benchmarks reach through the package
__all__ = ["BASE", "PAST", "PP", "PRESENT", "Morphology", "PhraseRules", "prepare", "regular_forms",
           "validate"]

NO_ROWS: Rows = ()


class PhraseRules:
    """A compiled phrase table: word sets, inflections, entries and their anchor index."""

    def __init__(self, table: Rows, words: Rows, inflections: Rows,
                 default_fix: Applicability | None, row_error: Callable[[str], BadRow]) -> None:
        """`row_error(key)` gives the function that builds the error for a bad row of table
        `key` ('table', 'words' or 'inflections') from the row and what is wrong with it."""
        self.words = WordSets(words, row_error("words"))
        self.morph = Morphology(inflections, row_error("inflections"))
        self.renderer = Renderer(self.morph, self.words)
        self.entries: list[Entry] = []
        for i, row in enumerate(table):
            try:
                self.entries.append(compile_entry(i, row, self.morph, self.words, default_fix))
            except PatternError as exc:
                raise row_error("table")(row, str(exc)) from None
        self.index = AnchorIndex(self.entries)
        self.vocabulary = self.index.vocabulary

    def hits(self, doc, budget: Budget) -> list[Hit]:
        """Every match in `doc`, overlaps resolved (see `AnchorIndex.hits`)."""
        return self.index.hits(doc, self.words, budget)

    def fixes(self, hit: Hit):
        """The fixes for a hit, best first, and the replacement texts (see `Renderer.fixes`)."""
        return self.renderer.fixes(hit)


# -- kind interface ------------------------------------------------------------------------------
def validate(rule, fail) -> None:
    """Check the keys of a phrase rule at load time (the loader resolves the tables)."""
    if not isinstance(rule.spec.get("table"), str):
        raise fail("a phrase rule needs 'table', a vocabulary name or a path relative to the "
                   "rule file")
    for key in ("words", "inflections"):
        if key in rule.spec and not isinstance(rule.spec[key], str):
            raise fail(f"key '{key}' must be a vocabulary name or a path relative to the rule file")
    exceptions = rule.spec.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(e, str) for e in exceptions):
        raise fail("key 'exceptions' must be a list of regular expressions")
    for pattern in exceptions:
        compile_or_fail(pattern, exception_flags(rule), fail, "exceptions", probes_of(rule))


def _row_error(rule, key: str) -> BadRow:
    """The error for a bad row of the rule's table `key`: for the words and inflections tables,
    the row and what it should hold (`Table.bad_row`); for the phrase table, the row's pattern
    and the parser's complaint. Only called for a row read from that table."""
    if key != "table":
        return lambda row, expected: rule.tables[key].bad_row(row, expected)
    return lambda row, problem: rule.error(f"table '{rule.tables['table'].ref}': row "
                                           f"{(row[0] if row else '')!r}: {problem}")


def prepare(rule, env: Env | None = None):
    """Compile the rule's tables; return its checker `checker(doc, budget)`, which carries
    `vocabulary` (the anchor words) and `phrases` (the compiled PhraseRules). Phrase rules take
    nothing from `env`."""
    def rows(key: str) -> Rows:
        """The rows of the rule's table `key` (none if the rule names no such table)."""
        table = rule.tables.get(key)
        return table.rows if table is not None else NO_ROWS

    phrases = PhraseRules(rows("table"), rows("words"), rows("inflections"), rule.fix,
                          lambda key: _row_error(rule, key))
    protected = exception_matcher(rule)

    def check(doc, budget: Budget) -> Iterator[Finding]:
        """The rule's findings on `doc`; matching and exceptions draw on `budget`."""
        hits = phrases.hits(doc, budget)
        if not hits:
            return
        covered = protected(doc.text, [h.span for h in hits], budget)
        for hit in hits:
            span = hit.span
            if covered(span):
                continue
            fixes, texts = phrases.fixes(hit)
            matched = " ".join(doc.text[span.start:span.end].split())
            entry = hit.entry
            replacement = texts[0] if texts else " ".join(entry.templates[0])
            finding = rule.finding(span, fix=fixes[0] if fixes else None, alternatives=fixes[1:],
                                   match=matched, replacement=replacement, note=entry.note)
            # set after the fact: Severity.INFO is 0, which rule.finding reads as "not given"
            yield dataclasses.replace(finding, severity=Severity.INFO) if entry.hint else finding

    check.vocabulary = phrases.vocabulary   # type: ignore[attr-defined]
    check.phrases = phrases                 # type: ignore[attr-defined]
    return check
