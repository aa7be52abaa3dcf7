"""One sentence as the quantity layer reads it: a short list of tokens with their offsets, lower
case forms and clause segments, and longest-phrase look-up of the lexicon's tables at a token.
Parsing (parsing.py, subjects.py) and relations (relations.py) all work on a `Sentence`.
"""
from __future__ import annotations

from .lexicon import TOKEN_RE, Lexicon

SEPARATORS = frozenset(",;:()[]—–")


class Sentence:
    """The tokens of one sentence and what the extractor reads from them."""

    __slots__ = ("text", "start", "end", "toks", "lows", "starts", "ends", "segs", "index")

    def __init__(self, text: str, start: int, end: int, index: int) -> None:
        self.text, self.start, self.end, self.index = text, start, end, index
        spans = [m.span() for m in TOKEN_RE.finditer(text, start, end)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.toks = [text[a:b] for a, b in spans]
        self.lows = TOKEN_RE.findall(text[start:end].lower())
        if len(self.lows) != len(self.toks):     # lower-casing changed a length (rare)
            self.lows = [t.lower() for t in self.toks]
        self.segs: list[int] | None = None

    def segments(self) -> list[int]:
        """Clause segment of each token (-1 for a separator), split at commas, semicolons,
        colons, brackets and dashes."""
        if self.segs is None:
            seg, segs = 0, []
            for i, t in enumerate(self.toks):
                if t in SEPARATORS or (t == "-" and self._spaced(i)):
                    seg += 1
                    segs.append(-1)
                else:
                    segs.append(seg)
            self.segs = segs
        return self.segs

    def __len__(self) -> int:
        return len(self.toks)

    def _spaced(self, i: int) -> bool:
        return (i > 0 and self.starts[i] > self.ends[i - 1]) and (
            i + 1 < len(self.toks) and self.starts[i + 1] > self.ends[i])

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return 0 < i < len(self.toks) and self.starts[i] == self.ends[i - 1]

    def is_num(self, i: int) -> bool:
        """Token i exists and is a number written in digits."""
        return 0 <= i < len(self.toks) and self.toks[i][0].isdigit()

    def is_word(self, i: int) -> bool:
        """Token i exists and is a word."""
        return 0 <= i < len(self.toks) and self.toks[i][0].isalpha()

    def phrase_at(self, i: int, table: dict, longest: int = 0) -> tuple[tuple[str, ...], int] | None:
        """The longest table phrase starting at token i: (key, tokens used)."""
        if i >= len(self.lows):
            return None
        longest = _firsts(table).get(self.lows[i], 0)
        for n in range(min(longest, len(self.lows) - i), 0, -1):
            key = tuple(self.lows[i:i + n])
            if key in table:
                return key, n
        return None

    def phrase_ending(self, i: int, table: dict, longest: int = 0) -> tuple[tuple[str, ...], int] | None:
        """The longest table phrase ending at token i (inclusive): (key, tokens used)."""
        if i < 0:
            return None
        longest = _lasts(table).get(self.lows[i], 0)
        for n in range(min(longest, i + 1), 0, -1):
            key = tuple(self.lows[i - n + 1:i + 1])
            if key in table:
                return key, n
        return None


_FIRSTS: dict[int, dict[str, int]] = {}
_LASTS: dict[int, dict[str, int]] = {}


def _firsts(table: dict) -> dict[str, int]:
    """First word of each phrase of a (shipped, immutable) table -> its longest phrase length."""
    found = _FIRSTS.get(id(table))
    if found is None:
        found = {}
        for key in table:
            found[key[0]] = max(found.get(key[0], 0), len(key))
        _FIRSTS[id(table)] = found
    return found


def _lasts(table: dict) -> dict[str, int]:
    """Last word of each phrase of a table -> its longest phrase length."""
    found = _LASTS.get(id(table))
    if found is None:
        found = {}
        for key in table:
            found[key[-1]] = max(found.get(key[-1], 0), len(key))
        _LASTS[id(table)] = found
    return found


def cue_at(s: Sentence, k: int, lex: Lexicon) -> str | None:
    """The cue type of the longest cue phrase starting at token k."""
    if k >= len(s):
        return None
    hit = s.phrase_at(k, lex.cues, lex.longest)
    return lex.cues[hit[0]] if hit else None

