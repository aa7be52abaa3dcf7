"""English word frequencies, loaded lazily from the wordfreq package (its data ships inside the
wheel: nothing is downloaded). Only rules that need to know whether a token is an English word
import this module, and they call it only when a candidate needs a look-up, so `copylint check`
with other rules, or on text that offers no candidate, never pays for it.

Frequencies are on the Zipf scale (log10 of occurrences per billion words): 7 is "the", 3 is
a word met about once per million words, 0 means unknown. wordfreq folds case, so a Zipf value
says how common a spelling is, not whether English writes it with a capital ("putin" and
"glide" both score above 3); case knowledge lives in the rule word lists.

Cost (measured on the 2-core reference machine): importing wordfreq takes about 0.2 s and
reading the English list about 0.3 s more; the table holds about 26 MB (about 50 MB of resident
memory with wordfreq's own modules). Each other language's small list adds about 0.03 s and
3 MB.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


def _buckets_to_table(buckets: list[list[str]]) -> dict[str, float]:
    """word -> Zipf from wordfreq's cBpack buckets (bucket i holds words at -i centibels)."""
    table: dict[str, float] = {}
    for i, words in enumerate(buckets):
        if words:
            z = round((900 - i) / 100, 2)   # one float object shared by the whole bucket
            table.update(dict.fromkeys(words, z))
    return table


def _read_list(lang: str, wordlist: str) -> dict[str, float]:
    """word -> Zipf for one wordfreq list, read straight from its data file.

    wordfreq's own get_frequency_dict() caches both a list and a dict of floats for good;
    reading the packed buckets once keeps one table, with one float object per bucket.
    """
    from wordfreq import available_languages, read_cBpack
    path = available_languages(wordlist).get(lang)
    return _buckets_to_table(read_cBpack(path)) if path else {}


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """word -> Zipf frequency, for wordfreq's large English list (about 320,000 words)."""
    return _read_list("en", "large")


@lru_cache(maxsize=16)
def _foreign(lang: str) -> dict[str, float]:
    """word -> Zipf for wordfreq's small list of another language (about 25,000 words)."""
    return _read_list(lang, "small")


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


def zipf(word: str) -> float:
    """Zipf frequency of `word` (case-insensitive; curly apostrophes read as straight)."""
    return _table().get(_key(word), 0.0)


def is_word(word: str, min_zipf: float = 3.0) -> bool:
    """True if `word` is an English word at least as common as `min_zipf`."""
    return zipf(word) >= min_zipf


def known(word: str) -> bool:
    """True if `word` is in the large English list at all (about Zipf 1 and up: rare words,
    names, brands and frequent misspellings included)."""
    return _key(word) in _table()


def foreign_zipf(word: str, languages: Iterable[str]) -> float:
    """The highest Zipf frequency of `word` in the small lists of `languages` (wordfreq codes:
    "es", "de", ...); 0 if no list knows it. Each list loads on first use."""
    key = _key(word)
    return max((_foreign(lang).get(key, 0.0) for lang in languages), default=0.0)
