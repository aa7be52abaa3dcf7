"""Name rules: house style from configuration, variant spellings within an article, and
spellings that differ between the files of one run."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

from ..document import Document
from ..errors import RuleError
from ..kinds import PhraseTable
from ..lifecycle import Env, Option, preparer
from ..model import Applicability, Finding, Fix, Related, Severity, Span
from ..names import Spelling, mentions, spellings, variant_groups, variants

WRONG_FORMS = {"wrong_forms": Option("tables", [], "tables whose first column holds spellings known "
                                                   "to be wrong (never chosen, never compared)")}


@preparer(fields=("match", "replacement"))
def house_style(rule, env: Env):
    """A spelling the newsroom's configuration lists as a variant of a preferred form."""
    house = env.house
    if not house:
        return lambda doc, budget: ()
    table = _table(tuple(sorted(house)))

    def check(doc: Document, budget) -> Iterator[Finding]:
        for m in table.finditer(doc):
            variant = " ".join(m.group().split())   # one line, even if the text breaks it
            preferred = house[variant]
            span = Span(m.start(), m.end())
            fix = rule.make_fix(span, preferred, f"Replace '{variant}' with '{preferred}'")
            yield rule.finding(span, fix=fix, match=variant, replacement=preferred)

    check.vocabulary = table.vocabulary   # type: ignore[attr-defined]
    return check


@lru_cache(maxsize=16)
def _table(variants_: tuple[str, ...]) -> PhraseTable:
    def fail(msg: str) -> RuleError:
        return RuleError(f"configuration: house-spellings: {msg}")
    return PhraseTable(variants_, 0, fail)


@lru_cache(maxsize=16)
def _wrong_forms(rule) -> frozenset[str]:
    """Spellings the rule's `wrong_forms` tables (the transliteration vocabulary) call wrong."""
    return frozenset(row[0] for table in rule.options["wrong_forms"] for row in table.rows if row)


# -- variants within an article ---------------------------------------------------------
@preparer(options=WRONG_FORMS, fields=("match", "chosen"))
def in_article(rule, env: Env):
    """A name spelt two ways in one article (Bilozir / Bilozier): each minority spelling is
    reported with the chosen spelling as its fix and the others as related places."""
    wrong, house = _wrong_forms(rule), env.house
    return lambda doc, budget: _in_article(doc, rule, wrong, house)


def _in_article(doc: Document, rule, wrong: frozenset[str], house: dict[str, str]) -> Iterator[Finding]:
    # spellings the transliteration table knows are MT101's, with its guards ("chicken Kiev")
    by_word = spellings(m for m in mentions(doc) if m.word not in wrong)
    if len(by_word) < 2:
        return
    surnames = [w for w, sp in by_word.items() if any(m.surname for m in sp.mentions)]
    groups = variant_groups(surnames, lambda a, b: _same_person(a, b, by_word)
                            and not _side_by_side(doc, by_word[a], by_word[b]))
    # first names are compared only between mentions of one surname (Andriy Yermak and
    # Andrii Sybiha are two men; Volodymyr and Volodimyr Zelensky are one)
    partners: dict[str, set[str]] = {}
    for sp in by_word.values():
        for m in sp.mentions:
            if not m.surname:
                partners.setdefault(_surname_key(m.partner, groups), set()).add(m.word)
    for firsts in partners.values():
        groups.extend(variant_groups(sorted(firsts)))
    for group in groups:
        chosen = choose(group, by_word, house, wrong)
        for word in group:
            if word == chosen:
                continue
            related = [Related(Span(by_word[chosen].first.start, by_word[chosen].first.end),
                               f"'{chosen}' is used here")] if chosen in by_word else []
            related += [Related(Span(by_word[o].first.start, by_word[o].first.end),
                                f"'{o}' is used here")
                        for o in group if o not in (chosen, word)]
            for m in by_word[word].mentions:
                span = Span(m.start, m.end)
                fix = rule.make_fix(span, chosen, f"Replace '{word}' with '{chosen}'")
                yield rule.finding(span, fix=fix, related=related, match=word, chosen=chosen)


def _same_person(a: str, b: str, by_word: dict[str, Spelling]) -> bool:
    """Variants, unless both spellings appear only in full names whose first names differ
    (two people who happen to have similar surnames)."""
    if not variants(a, b):
        return False
    sa, sb = by_word[a].mentions, by_word[b].mentions
    if any(not m.full for m in sa) or any(not m.full for m in sb):
        return True
    firsts_a = {m.given for m in sa} - {""}
    firsts_b = {m.given for m in sb} - {""}
    if not firsts_a or not firsts_b:
        return True
    return any(x == y or variants(x, y) for x in firsts_a for y in firsts_b)


def _side_by_side(doc: Document, a: Spelling, b: Spelling) -> bool:
    """True if the two spellings are coordinated ("Shanxi and Shaanxi", "Shanxi, Shaanxi"): a
    writer who names both in one breath means two things, not one name spelt twice."""
    text = doc.text
    for ma in a.mentions:
        for mb in b.mentions:
            lo, hi = (ma, mb) if ma.start < mb.start else (mb, ma)
            if 0 <= lo.start < lo.end <= hi.start and hi.start - lo.end <= 8 and \
                    COORDINATION_RE.fullmatch(text, lo.end, hi.start):
                return True
    return False


COORDINATION_RE = regex.compile(r"\s*(?:,|/|&|and|or|,\s*and|,\s*or)\s*")


def _surname_key(surname: str, groups: list[list[str]]) -> str:
    for g in groups:
        if surname in g:
            return min(g)
    return surname


def choose(group: list[str], by_word: dict[str, Spelling], house: dict[str, str],
           wrong: frozenset[str]) -> str:
    """The spelling to keep: the house spelling, else the first full mention, else the most
    used, else the first; a form the transliteration table calls wrong is never chosen."""
    for w in group:
        if w in house.values():
            return w
    for w in group:
        if w in house:
            return house[w]
    allowed = [w for w in group if w not in wrong] or list(group)
    full = [by_word[w] for w in allowed if any(m.full for m in by_word[w].mentions)]
    if full:
        return min(full, key=lambda sp: next(m.start for m in sp.mentions if m.full)).word
    counts = Counter({w: len(by_word[w].mentions) for w in allowed})
    top = max(counts.values())
    return min((w for w in allowed if counts[w] == top), key=lambda w: by_word[w].first.start)


# -- variants across the files of a run -------------------------------------------------
@preparer(options=WRONG_FORMS, fields=("match", "chosen", "listing"))
def no_findings(rule, env: Env):
    """A run-level rule finds nothing in one document alone."""
    return lambda doc, budget: ()


def collect(doc: Document, rule) -> dict[str, tuple[int, int, int]]:
    """What a file contributes to the run-level comparison: each name spelling with its count
    and first place (start, end)."""
    wrong = _wrong_forms(rule)
    standing = [m for m in mentions(doc) if m.surname]   # first names: too many people share them
    return {w: (len(sp.mentions), sp.first.start, sp.first.end)
            for w, sp in spellings(standing).items() if w not in wrong}


def across_files(rule, items: list[tuple[str, dict]], env: Env) -> Iterator[tuple[str, Finding]]:
    """A name spelt differently in different files of one run, reported once: at the first
    place of a minority spelling, naming every file and spelling, with the other files'
    first places as related."""
    files_of: dict[str, list[str]] = {}
    for path, summary in items:
        for word in summary:
            files_of.setdefault(word, []).append(path)
    place = {(path, w): summary[w] for path, summary in items for w in summary}
    order = {path: i for i, (path, _) in enumerate(items)}
    severity = Severity.WARNING if env.across_files else Severity.INFO
    house = env.house
    for group in variant_groups(files_of):
        if not _split_between_files(group, files_of):
            continue
        by_files = sorted(group, key=lambda w: (-len(files_of[w]), order[files_of[w][0]]))
        preferred = next((w for w in group if w in house.values()), None) or \
            next((house[w] for w in group if w in house), None) or by_files[0]
        minority = next(w for w in by_files if w != preferred)
        path = files_of[minority][0]
        _, start, end = place[(path, minority)]
        span = Span(start, end)
        related = [Related(Span(*place[(p, w)][1:]), f"'{w}' is used here", path=p)
                   for w in by_files for p in files_of[w] if (p, w) != (path, minority)]
        listing = "; ".join(f"'{w}' in {', '.join(_short(p) for p in files_of[w])}" for w in by_files)
        applicability = Applicability.SAFE if preferred in house.values() else Applicability.DISPLAY_ONLY
        fix = Fix.replace(span, preferred, f"Use '{preferred}'", applicability)
        yield path, rule.finding(span, fix=fix, related=related, severity=severity,
                                 match=minority, chosen=preferred, listing=listing)


def _split_between_files(group: list[str], files_of: dict[str, list[str]]) -> bool:
    """True if two spellings each appear in a file the other does not (a variation inside one
    file alone is NM201's)."""
    sets = {w: set(files_of[w]) for w in group}
    return any(sets[a] - sets[b] and sets[b] - sets[a] for a in group for b in group if a < b)


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]
