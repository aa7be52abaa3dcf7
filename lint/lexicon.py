"""English word frequencies, loaded lazily from the wordfreq package (its data ships inside the
wheel: nothing is downloaded). Only rules that need to know whether a token is an English word
import this module, so `copylint check` with other rules never pays for it.

Frequencies are on the Zipf scale (log10 of occurrences per billion words): 7 is "the", 3 is
a word met about once per million words, 0 means unknown.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """word -> Zipf frequency, for wordfreq's large English list (about 320,000 words)."""
    import math

    from wordfreq import get_frequency_dict
    return {w: round(math.log10(f * 1e9), 2) for w, f in
            get_frequency_dict("en", wordlist="large").items() if f > 0}


def zipf(word: str) -> float:
    """Zipf frequency of `word` (case-insensitive; curly apostrophes read as straight)."""
    return _table().get(word.lower().replace("’", "'"), 0.0)


def is_word(word: str, min_zipf: float = 3.0) -> bool:
    """True if `word` is an English word at least as common as `min_zipf`."""
    return zipf(word) >= min_zipf
