"""What the word-level translation rules share: the English word lists (lower-case words,
function words, words news capitalises) and text helpers. The rules themselves live in
run_together.py (MT401) and capitals.py (MT501).

Both start from cheap, exact tests on the document and the rule's word lists (rules/wordlists:
English words written in lower case, function words, words news capitalises) and consult
wordfreq through lint.lexicon only for the few candidates that survive them, so clean copy
rarely loads it. Both are linear: one pass over the text plus work per candidate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lifecycle import Option

# -- shared word lists -------------------------------------------------------------------
_BUILT: dict[tuple[str, str], object] = {}   # (table path, what was built) -> structure


@dataclass(frozen=True)
class Lowercase:
    """English words written in lower case (word -> True if English also has a capitalised
    namesake: 'bill' / Bill, 'china' / China)."""

    words: dict[str, bool]

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def also_a_name(self, word: str) -> bool:
        """True if the word is also written capitalised as a name."""
        return self.words.get(word, False)


def _cached(rule, key: str, build):
    """The structure built from the rule's table option `key`, once per table for the process
    (MT401 and MT501 share the word lists; tests build many rule sets)."""
    table = rule.options[key]
    slot = (str(table.path), key)
    if slot not in _BUILT:
        _BUILT[slot] = build(table.rows)
    return _BUILT[slot]


def lowercase_words(rule) -> Lowercase:
    """The rule's table of English words written in lower case."""
    return _cached(rule, "words", lambda rows: Lowercase(
        {r[0]: len(r) > 1 and r[1] == "name" for r in rows}))


def function_words(rule) -> dict[str, str]:
    """The rule's table of function words: word -> class (determiner, pronoun, ...)."""
    return _cached(rule, "function_words", lambda rows: {r[0]: r[1] for r in rows})


def news_names(rule) -> frozenset[str]:
    """Lower-case forms of the words news copy capitalises (President, Telegram, March)."""
    return _cached(rule, "names", lambda rows: frozenset(r[0].lower() for r in rows))


def _option_set(rule, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in rule.options[key])


WORD_TABLES = {
    "words": Option("table", "english-lowercase", "English words written in lower case"),
    "function_words": Option("table", "function-words", "function words and their classes"),
}


# -- text helpers ------------------------------------------------------------------------
# a whitespace-delimited chunk that is not prose: an address, a handle, a hashtag, code
NOT_PROSE_RE = re.compile(r"[@#/\\_=<>{}|~`^*+$%]|://|www\.|[^\W_]\.[^\W\d_]|^-{1,2}[^\W\d_]")
WORD_AFTER_RE = re.compile(r"^[ \t\u00a0]+(\S+)")
WRAPPED_AFTER_RE = re.compile(r"^[ \t\u00a0]*(?:\r?\n)?[ \t\u00a0]*(?<=\s)(\S+)")
STRIP = "\"'“”‘’«»„()[]{},.;:!?…"


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk holding text[start:end]."""
    s = start
    while s > 0 and not text[s - 1].isspace() and start - s < 200:
        s -= 1
    e = end
    while e < len(text) and not text[e].isspace() and e - end < 200:
        e += 1
    return text[s:e]


def _gap_back(text: str, pos: int, wrapped: bool) -> int:
    """Start of the blank stretch that ends at `pos`: spaces and tabs, and in hard-wrapped text
    one line break as well (a blank line still ends the paragraph)."""
    i, breaks = pos, 0
    while i > 0:
        ch = text[i - 1]
        if ch in " \t\u00a0\r" or (wrapped and ch == "\n" and breaks == 0):
            breaks += ch == "\n"
            i -= 1
        else:
            break
    return i


def _word_before(text: str, pos: int, wrapped: bool = False) -> str:
    """The previous word on the same line (or wrapped line), with its punctuation ('' at a
    line start)."""
    i = _gap_back(text, pos, wrapped)
    if i == pos or i == 0 or text[i - 1].isspace():
        return ""
    lo, j = max(0, i - 60), i - 1
    while j >= lo and not text[j].isspace():
        j -= 1
    return text[j + 1:i]


def _word_after(text: str, pos: int, wrapped: bool = False) -> str:
    """The next word on the same line (or wrapped line), with its punctuation."""
    m = (WRAPPED_AFTER_RE if wrapped else WORD_AFTER_RE).match(text[pos:pos + 60])
    return m.group(1) if m else ""


def _prev_char(text: str, pos: int, wrapped: bool = False) -> str:
    """The nearest character before `pos` that is not blank ('\n' at a line start)."""
    i = _gap_back(text, pos, wrapped) - 1
    return text[i] if i >= 0 else "\n"


def _is_title(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


# characters after which a capital starts something new (a sentence, a quote, a list item)
OPENERS = ".!?…:;“\"‘'«„—–-•*·|>/([{#+=`~"
