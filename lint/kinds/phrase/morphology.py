"""English word knowledge for phrase patterns: inflected forms and named word sets.

`Morphology` gives the six forms of a lemma (base, s, past, past participle, -ing, present
plural) from regular spelling rules plus the rule's `inflections` table, and maps an -ing form
back to its lemma. `WordSets` holds the rule's `words` table: the `<classes>` patterns name and
the sets the engine itself reads (stop words, auxiliaries, articles...). The pattern language is
described in docs/phrase-patterns.md.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

from ...lexicon import zipf  # light: word frequencies load only on a first look-up

FORM_NAMES = ("base", "s", "past", "pp", "ing")
BASE, S, PAST, PP, ING, PRESENT = range(6)
# word sets the engine itself reads from the `words` table (patterns may use them too)
ROLE_SETS = ("stop", "common", "adverb", "aux", "modal", "do", "plural", "singular", "singular-s",
             "number", "article-a", "article-an", "ing-noun", "no-do-support")

Rows = Sequence[Sequence[str]]
BadRow = Callable[[Sequence[str], str], Exception]   # (row, what it should hold) -> the error


def _doubles(word: str) -> bool:
    """One-syllable words ending consonant-vowel-consonant double it (stop -> stopped)."""
    if len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    if c in "aeiouwxy" or b not in "aeiou" or a in "aeiou":
        return False
    return len(regex.findall(r"[aeiouy]+", word)) == 1


def regular_forms(word: str) -> tuple[str, ...]:
    """(base, s, past, pp, ing, present plural) of a regular verb or noun."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        s = word + "es"
    elif len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        s = word[:-1] + "ies"
    else:
        s = word + "s"
    if word.endswith("e"):
        past = word + "d"
    elif len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        past = word[:-1] + "ied"
    elif _doubles(word):
        past = word + word[-1] + "ed"
    else:
        past = word + "ed"
    if word.endswith("ie"):
        ing = word[:-2] + "ying"
    elif word.endswith("e") and len(word) > 2 and not word.endswith(("ee", "ye", "oe")):
        ing = word[:-1] + "ing"
    elif _doubles(word):
        ing = word + word[-1] + "ing"
    else:
        ing = word + "ing"
    return (word, s, past, past, ing, word)


class Morphology:
    """Inflected forms of lemmas: regular rules plus an irregular table."""

    def __init__(self, rows: Rows, bad_row: BadRow) -> None:
        self.irregular: dict[str, tuple[str, ...]] = {}
        for row in rows:
            if len(row) not in (5, 6) or not all(row):
                raise bad_row(row, "lemma<TAB>s<TAB>past<TAB>pp<TAB>ing[<TAB>present plural]")
            cells = [c.lower() for c in row]
            present = cells[5] if len(cells) == 6 else cells[0]
            self.irregular[cells[0]] = (*cells[:5], present)
        self.by_ing = {forms[ING]: lemma for lemma, forms in self.irregular.items()}

    def forms(self, lemma: str) -> tuple[str, ...]:
        """The six forms of `lemma`; a cell may hold 'singular|plural' ("was|were")."""
        return self.irregular.get(lemma) or regular_forms(lemma)

    def surfaces(self, lemma: str) -> dict[str, frozenset[int]]:
        """Every spelling of `lemma` -> the forms it can be ("received" -> past, pp)."""
        out: dict[str, set[int]] = {}
        for i, cell in enumerate(self.forms(lemma)):
            for variant in cell.split("|"):
                if variant != "-":
                    out.setdefault(variant, set()).add(i)
        return {k: frozenset(v) for k, v in out.items()}

    def lemma_of_ing(self, word: str) -> str:
        """The lemma of an -ing form: the table, else the regular lemma that spells it so
        (the most frequent English word when several do: stopping -> stop, not stopp)."""
        if word in self.by_ing:
            return self.by_ing[word]
        stem = word[:-3]
        candidates = [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
        fits = [c for c in dict.fromkeys(candidates) if c and regular_forms(c)[ING] == word]
        if not fits:
            return stem
        if len(fits) == 1:
            return fits[0]
        return max(fits, key=zipf)


class WordSets:
    """The `words` table: named sets of lower-case words."""

    def __init__(self, rows: Rows, bad_row: BadRow) -> None:
        self.sets: dict[str, set[str]] = {}
        for row in rows:
            if len(row) < 2 or not row[0] or not row[1]:
                raise bad_row(row, "word<TAB>set names")
            for name in row[1].split():
                self.sets.setdefault(name, set()).add(row[0].lower())
        for name in ROLE_SETS:
            self.sets.setdefault(name, set())
        self.stop = frozenset(self.sets["stop"])
        self.common = frozenset(self.sets["common"])
        self.adverb = frozenset(self.sets["adverb"])
        self.aux = frozenset(self.sets["aux"])
        self.modal = frozenset(self.sets["modal"])
        self.do = frozenset(self.sets["do"])
        self.plural = frozenset(self.sets["plural"])
        self.singular = frozenset(self.sets["singular"])
        self.singular_s = frozenset(self.sets["singular-s"])
        self.numbers = frozenset(self.sets["number"])
        self.article_a = tuple(sorted(self.sets["article-a"]))
        self.article_an = tuple(sorted(self.sets["article-an"]))
        self.ing_nouns = frozenset(self.sets["ing-noun"])
        self.no_do_support = frozenset(self.sets["no-do-support"])

    def get(self, name: str) -> set[str]:
        """The words of set `name` (KeyError if there is none)."""
        return self.sets[name]

    def is_number(self, low: str) -> bool:
        """Digits ("320", "1.5", "2,000" is two tokens) or a number word."""
        return low[:1].isdigit() and low.replace(".", "").isdigit() or low in self.numbers

    def is_ing_verb(self, low: str) -> bool:
        """A word in -ing that can be a verb form."""
        return (len(low) >= 5 and low.endswith("ing") and low.isalpha()
                and low not in self.ing_nouns and low not in self.stop)

    def skippable(self, low: str) -> bool:
        """An adverb or negation, passed over when looking back for an auxiliary or subject."""
        return low in self.adverb or (low.endswith("ly") and len(low) > 4) or low in ("not", "n't")

    def article_for(self, word: str) -> str:
        """'a' or 'an' before `word`, by its sound as far as spelling tells."""
        w = word.lower()
        if w.startswith(self.article_an):
            return "an"
        if w.startswith(self.article_a):
            return "a"
        if w[:1].isdigit():
            return "an" if w.startswith("8") or w in ("11", "18") else "a"
        return "an" if w[:1] in tuple("aeiou") else "a"
