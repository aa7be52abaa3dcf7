"""The number lexicon: the word tables of the quantity layer and the fixed word classes.

Every table the layer reads comes from rules/wordlists/ through one function, `read_table`:
number words and scales (number-words.tsv), qualifiers ("at least", "or more"), subjects and
units (number-subjects.tsv: what a number counts, currencies, percent), events ("killed",
"launched"), cues (totals, partitions, periods, days, irrealis, times of day), the calendar
(months, weekdays) and the function words. `lexicon()` loads them once into a `Lexicon`;
`number_words()` and `time_re()` are derived from them. The small closed word classes
(prepositions, auxiliaries, negations...) and the currency symbols live here as constants.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..tables import Rows, builtin_rules_dir, read_tsv

# a sentence as tokens: numbers (with inner separators), words (with inner apostrophes), or one
# character of punctuation
TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
CONJUNCTIONS = frozenset({"and", "or", "plus", "&", "/"})
PREPOSITIONS = frozenset({"in", "at", "on", "from", "to", "near", "for", "into", "across", "inside",
                          "outside", "over", "towards", "toward", "by", "with", "around", "along"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "across", "inside", "around"})
AUXILIARIES = frozenset({"were", "was", "is", "are", "be", "been", "being", "have", "has", "had",
                         "get", "got", "all", "also", "reportedly"})
BE = frozenset({"were", "was", "is", "are", "be", "been", "being", "get", "got"})
NEGATIONS = frozenset({"not", "never", "no", "n't", "nobody", "none"})
# words that join a count to an event noun before it ("the death of four", "toll rose to 15")
LINKS = frozenset({"of", "to", "at", "stood", "stands", "stand", "reached", "reaching", "is", "was",
                   "has", "have", "had", "been", "now", "hit", "totalled", "totaled", "came"})
# verbs between a subject and its event ("14 people received injuries")
RECEIVE = frozenset({"received", "suffered", "sustained", "reported", "left"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
CASUALTY_EVENTS = frozenset({"killed", "injured", "hospitalised", "evacuated", "rescued",
                             "arrested", "missing", "displaced", "casualties"})


@dataclass(frozen=True)
class Lexicon:
    """The word tables the layer reads, loaded once from rules/wordlists/."""

    numbers: dict[str, tuple[float, float, str]]      # word -> (low, high, kind)
    qualifiers: dict[tuple[str, ...], tuple[str, str]]  # words -> (bound, position)
    subjects: dict[tuple[str, ...], tuple[str, str]]    # words -> (canonical, class)
    events: dict[tuple[str, ...], tuple[str, str]]      # words -> (event, form)
    cues: dict[tuple[str, ...], str]                    # words -> type
    months: dict[str, int]
    weekdays: dict[str, int]
    function_words: frozenset[str]
    longest: int = 4
    cue_starts: frozenset[str] = frozenset()


def read_table(name: str) -> Rows:
    """The rows of rules/wordlists/<name> through the project's one TSV reader and cache
    (lint.tables): the one place the quantity layer reads a file."""
    return read_tsv(builtin_rules_dir() / "wordlists" / name)


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(phrase.lower()))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped word tables (number words, qualifiers, subjects, events, cues, calendar)."""
    numbers = {r[0].lower(): (float(r[1]), float(r[2]), r[3])
               for r in read_table("number-words.tsv")}
    qualifiers = {_key(r[0]): (r[1], r[2]) for r in read_table("number-qualifiers.tsv")}
    subjects = {_key(r[0]): (r[1], r[2]) for r in read_table("number-subjects.tsv")}
    events = {_key(r[0]): (r[1], r[2]) for r in read_table("number-events.tsv")}
    cues = {_key(r[0]): r[1] for r in read_table("number-cues.tsv")}
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for word, kind, value in read_table("number-calendar.tsv"):
        (months if kind == "month" else weekdays)[word.lower()] = int(value)
    function_words = frozenset(r[0].lower() for r in read_table("function-words.tsv"))
    longest = max(len(k) for table in (qualifiers, subjects, events, cues) for k in table)
    return Lexicon(numbers, qualifiers, subjects, events, cues, months, weekdays,
                   function_words, longest, frozenset(k[0] for k in cues))


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """Spelled-out number words that start a number ("eight", "dozens", "a hundred"), looked
    up in the document's shared word index (Document.word_starts) rather than by a pattern."""
    return frozenset(w for w, (_, _, kind) in lexicon().numbers.items()
                     if w.isalpha() and len(w) > 2 and (kind != "scale" or w in (
                         "hundred", "thousand", "million", "billion")))


@lru_cache(maxsize=1)
def time_re() -> re.Pattern:
    """What follows a number that makes it a time of day ("6 a.m.", "1900 GMT")."""
    cues = sorted((r[0] for r in read_table("number-cues.tsv") if r[1] == "time"),
                  key=len, reverse=True)
    body = "|".join(re.escape(c).replace(r"\.", r"\.\s?").replace(r"\ ", r"\s+") for c in cues)
    return re.compile(r"\s?(?:" + body + r")\.?(?![^\W_])", re.IGNORECASE)

