"""The quantity layer: every number in a document, what it counts and what happened to it.

`extract(doc)` (cached as `Document.quantities`) finds number candidates with one regular
expression scan (digits, and the spelled-out number words of rules/wordlists/number-words.tsv),
then reads each sentence that holds one as a short list of tokens:

- the value as a range: "13,000", "4.5 billion", "3.1bn", "twenty-three", "a dozen", "dozens",
  "tens of thousands", "12 to 15", "two or three", widened by a qualifier ("at least", "about",
  "up to", "nearly"...) and by the precision a round figure implies ("13,000" is 12,500-13,500);
- its kind: a count, money, a percentage, or something that is not a count at all (an age, a
  time, a date, a year, an ordinal, a label such as "Route 9" or "F-16", an address, a phone
  number, a measurement, a duration, a compound adjective such as "five-storey");
- what it counts (the subject: "people", "drones", a profit) and what happened to it (the event:
  killed, injured, launched, shot down, evacuated...), from the word tables in rules/wordlists/;
- how it relates to its neighbours: members of one list ("412 drones and 27 missiles"), a total
  ("439 in all"), parts of a whole ("15 people, including four children"; "40 of the 36 drones");
- its scope: places, days and periods named around it, another event ("another strike"), an
  explicit update ("had earlier said", "rose to"), a plan or threat ("could kill").

Rules in lint/checks/numbers.py compare these records; the layer itself never reports anything.
Work grows with the number of candidates, not with the text: prose without numbers costs one
regular expression scan.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from .model import Span

INF = math.inf
# a sentence as tokens: numbers (with inner separators), words (with inner apostrophes), or one
# character of punctuation
TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
SEPARATORS = frozenset(",;:()[]—–")
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
COUNT_KINDS = frozenset({"count", "money", "percent"})
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


def _rows(name: str) -> list[list[str]]:
    from .rules import builtin_rules_dir
    path = builtin_rules_dir().joinpath("wordlists", name)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(phrase.lower()))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped word tables (number words, qualifiers, subjects, events, cues, calendar)."""
    numbers = {r[0].lower(): (float(r[1]), float(r[2]), r[3]) for r in _rows("number-words.tsv")}
    qualifiers = {_key(r[0]): (r[1], r[2]) for r in _rows("number-qualifiers.tsv")}
    subjects = {_key(r[0]): (r[1], r[2]) for r in _rows("number-subjects.tsv")}
    events = {_key(r[0]): (r[1], r[2]) for r in _rows("number-events.tsv")}
    cues = {_key(r[0]): r[1] for r in _rows("number-cues.tsv")}
    months, weekdays = {}, {}
    for word, kind, value in _rows("number-calendar.tsv"):
        (months if kind == "month" else weekdays)[word.lower()] = int(value)
    function_words = frozenset(r[0].lower() for r in _rows("function-words.tsv"))
    longest = max(len(k) for table in (qualifiers, subjects, events, cues) for k in table)
    return Lexicon(numbers, qualifiers, subjects, events, cues, months, weekdays,
                   function_words, longest, frozenset(k[0] for k in cues))


DIGITS_RE = re.compile(r"\d+")


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """Spelled-out number words that start a number ("eight", "dozens", "a hundred"), looked
    up in the document's shared word index (Document.word_starts) rather than by a pattern."""
    return frozenset(w for w, (_, _, kind) in lexicon().numbers.items()
                     if w.isalpha() and len(w) > 2 and (kind != "scale" or w in (
                         "hundred", "thousand", "million", "billion")))


def candidates(doc) -> list[int]:
    """Offsets where a number may start: one scan for digits, plus the shared word index for
    number words; sorted."""
    found = [m.start() for m in DIGITS_RE.finditer(doc.text)]
    doc.want_words(number_words())      # a no-op when the engine declared them already
    for word in number_words():
        found.extend(doc.word_starts(word))
    found.sort()
    return found


@lru_cache(maxsize=1)
def time_re() -> re.Pattern:
    """What follows a number that makes it a time of day ("6 a.m.", "1900 GMT")."""
    cues = sorted((r[0] for r in _rows("number-cues.tsv") if r[1] == "time"), key=len, reverse=True)
    body = "|".join(re.escape(c).replace(r"\.", r"\.\s?").replace(r"\ ", r"\s+") for c in cues)
    return re.compile(r"\s?(?:" + body + r")\.?(?![^\W_])", re.IGNORECASE)


# -- the record -------------------------------------------------------------------------------
@dataclass(eq=False, slots=True)
class Quantity:
    """One number in the text, with what it counts and how it relates to its neighbours."""

    start: int                 # the expression: qualifier, currency, number (and unit)
    end: int
    num_start: int             # the number as written ("12", "eight", "dozens")
    num_end: int
    low: float                 # the values the expression allows, qualifier included
    high: float
    value: float               # the nominal value
    kind: str                  # count, money, percent, age, time, date, year, ordinal, label,
    #                            address, phone, measure, duration, compound
    qualifier: str = ""        # bound of the qualifier: min, max, approx, near, exact, additional
    unit: str = ""             # currency code for money, "percent"/"pp" for percentages
    subject: str | None = None           # canonical subject ("people", "drones", "profit")
    subject_class: str | None = None
    subject_end: int = -1                # end offset of the subject head
    modifiers: tuple[str, ...] = ()      # words between number and head ("ballistic")
    implied: bool = False                # subject not written: "kills 14" counts people
    event: str | None = None
    event_span: tuple[int, int] | None = None
    sentence: int = -1                   # index into doc.sentences
    headline: bool = False
    quoted: bool = False
    earlier: bool = False                # an older figure ("had earlier said nine")
    later: bool = False                  # a newer figure ("rose to 15", "now")
    irrealis: bool = False               # a plan, threat, capacity or negation
    places: frozenset = frozenset()
    days: frozenset = frozenset()
    periods: frozenset = frozenset()
    other_event: bool = False
    list_id: int = -1                    # members of one coordinated list share an id
    part_of: "Group | None" = None       # the whole this is a part of
    total_of: "Group | None" = None      # the parts this is the total of
    total_cue: bool = False
    base_words: tuple[str, ...] = ()     # "52 percent of the vote" -> ("vote",)
    change: bool = False                 # a percentage of change or a rate
    partitive: bool = False              # "38 of them", "three of whom"
    tok_start: int = 0                   # token indices in the sentence (internal)
    tok_num: int = 0
    tok_end: int = 0
    tok_tail: int = 0
    text: str = ""                       # the expression as written
    described: str = ""                  # with its subject, for messages

    @property
    def counted(self) -> bool:
        """A count, sum of money or percentage (not an age, date, label...)."""
        return self.kind in COUNT_KINDS

    @property
    def comparable(self) -> bool:
        """A count that may be compared with another mention of the same count."""
        return (self.kind in ("count", "money") and not self.irrealis and not self.partitive
                and self.qualifier != "additional" and self.part_of is None
                and self.subject is not None and (self.event is not None or self.kind == "money"))

    @property
    def key(self) -> tuple:
        """What must match for two mentions to count the same thing."""
        return (self.kind, self.unit, self.subject, self.modifiers, self.event)

    @property
    def exact(self) -> bool:
        """True if the expression allows one value only."""
        return self.low == self.high

    def contradicts(self, other: "Quantity") -> bool:
        """True if no value satisfies both expressions."""
        return self.high < other.low or other.high < self.low

    def describe(self) -> str:
        """The expression with its subject, as a message shows it: 'at least 12 people'."""
        return self.described


@dataclass(eq=False)
class Group:
    """Quantities that belong together: the members of a list, or a single quantity."""

    members: list[Quantity]

    @property
    def low(self) -> float:
        return sum(q.low for q in self.members)

    @property
    def high(self) -> float:
        return sum(q.high for q in self.members)

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end


@dataclass
class Quantities:
    """All quantities of a document, in text order, with the relations between them."""

    items: list[Quantity]
    totals: list[tuple[Quantity, Group]] = field(default_factory=list)       # total, parts
    partitions: list[tuple[Group, Group]] = field(default_factory=list)      # whole, parts
    _pairs: dict | None = None

    def __iter__(self) -> Iterator[Quantity]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def counts(self) -> list[Quantity]:
        """Counts, money and percentages (what the rules compare)."""
        return [q for q in self.items if q.counted]

    def by_key(self, *, headline: bool = False) -> dict[tuple, list[Quantity]]:
        """Comparable mentions grouped by what they count, in text order (body only, or the
        headline's only)."""
        out: dict[tuple, list[Quantity]] = {}
        for q in self.items:
            if q.comparable and q.headline == headline:
                out.setdefault(q.key, []).append(q)
        return out


# -- extraction -------------------------------------------------------------------------------
class _Sentence:
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
        self.segs = None

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
        return 0 <= i < len(self.toks) and self.toks[i][0].isdigit()

    def is_word(self, i: int) -> bool:
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


def extract(doc) -> Quantities:
    """Every quantity of a document, with subjects, events, scope and relations."""
    lex = lexicon()
    text = doc.text
    sentences = doc.sentences
    starts = [s.start for s in sentences] if sentences else []
    headline = doc.headline
    items: list[Quantity] = []
    out = Quantities(items)
    seen_sentence = -1
    fw = lex.function_words
    for p in candidates(doc):
        if p < seen_sentence or _pronoun_one(text, p, fw):
            continue
        i = bisect.bisect_right(starts, p) - 1
        if i < 0 or p >= sentences[i].end:
            continue
        block = sentences[i]
        seen_sentence = block.end
        sent = _Sentence(text, block.start, block.end, i)
        found = _read_sentence(sent, lex)
        if not found:
            continue
        in_headline = headline is not None and headline.start <= block.start < headline.end
        for q in found:
            q.sentence = i
            q.headline = in_headline
            q.quoted = doc.in_quotation(_span(q.start, q.end))
            q.text = text[q.start:q.end]
            q.described = _describe(text, q)
        _relate(sent, found, out, lex)
        items.extend(found)
    return out


ONE_AFTER_RE = re.compile(r"[ \t]+([^\W\d_]+)")
ONE_BEFORE = frozenset({"no", "the", "any", "every", "each", "this", "that", "which", "anyone",
                        "someone", "everyone", "little"})


def _pronoun_one(text: str, p: int, function_words: frozenset[str]) -> bool:
    """ "one of the", "no one", "the one who": the word one as a pronoun, skipped before a
    sentence is read."""
    if text[p] not in "oO" or text[p:p + 3].lower() != "one" or text[p + 3:p + 4].isalpha():
        return False
    m = ONE_AFTER_RE.match(text, p + 3)
    if m and m.group(1).lower() in function_words:
        return True
    before = text[max(0, p - 12):p].split()
    return bool(before) and before[-1].lower() in ONE_BEFORE


def _span(start: int, end: int) -> Span:
    return Span(start, end)


def _describe(text: str, q: Quantity) -> str:
    shown = text[q.start:q.end]
    if q.subject_end > q.end and q.subject_end - q.end < 60:
        shown = text[q.start:q.subject_end]
    return " ".join(shown.split())


def _read_sentence(s: _Sentence, lex: Lexicon) -> list[Quantity]:
    """Parse every number expression of one sentence, left to right."""
    found: list[Quantity] = []
    i, n = 0, len(s)
    numbers = lex.numbers
    while i < n:
        low = s.lows[i]
        if not (low[0].isdigit() or low in numbers or low in ("a", "an", "half")):
            i += 1
            continue
        parsed = _number(s, i, lex)
        if parsed is None:
            i += 1
            continue
        q = _classify(s, parsed, lex)
        if q is not None:
            found.append(q)
            i = max(parsed["end"], i + 1)
        else:
            i = max(parsed["end"], i + 1)
    return found


# -- numbers ----------------------------------------------------------------------------------
def _digits(tok: str) -> tuple[float, int] | None:
    """Value of a digit token and the place of its last significant digit, or None."""
    if ":" in tok:
        return None
    m = THOUSANDS_RE.fullmatch(tok)
    if not m:
        return None
    clean = tok.replace(",", "")
    try:
        value = float(clean)
    except ValueError:
        return None
    if "." in clean:
        return value, -len(clean.split(".")[1])
    stripped = clean.rstrip("0")
    return value, len(clean) - len(stripped) if stripped else 0


def _word_value(s: _Sentence, i: int, lex: Lexicon) -> tuple[float, float, str, int] | None:
    """A spelled-out number at token i: (low, high, kind, tokens used)."""
    low = s.lows[i]
    entry = lex.numbers.get(low)
    if entry is None:
        return None
    lo, hi, kind = entry
    used = 1
    if kind == "scale":
        return None
    if kind == "cardinal" and lo in (20, 30, 40, 50, 60, 70, 80, 90) and i + 2 < len(s) \
            and s.toks[i + 1] == "-" and s.glued(i + 1) and s.glued(i + 2):
        unit = lex.numbers.get(s.lows[i + 2])
        if unit and unit[2] == "cardinal" and unit[0] < 10:
            lo = hi = lo + unit[0]
            used = 3
    return lo, hi, kind, used


def _number(s: _Sentence, i: int, lex: Lexicon) -> dict | None:
    """The number expression starting at token i, without its qualifier: value range, where it
    ends, and what the tokens around it say about its kind."""
    toks, lows = s.toks, s.lows
    n = len(s)
    info: dict = {"start": i, "num": i, "label": None}
    tok = toks[i]
    # "a dozen", "half a million", "an estimated" is a qualifier, not a number
    if lows[i] in ("a", "an", "half") and i + 1 < n:
        j = i + 1 + (lows[i] == "half" and i + 2 < n and lows[i + 1] == "a")
        entry = lex.numbers.get(lows[j]) if j < n else None
        if entry and (lows[j] == "dozen" or entry[2] == "scale") and lows[j] not in ("k", "bn", "mn", "tn"):
            value = entry[0] * (0.5 if lows[i] == "half" else 1)
            info.update(low=value, high=value, value=value, end=j + 1, num_end=j + 1, digits=False,
                        place=0)
            return _after_number(s, info, lex)
        return None
    if tok[0].isdigit():
        if ":" in tok:
            info.update(low=0, high=0, value=0, end=i + 1, num_end=i + 1, label="time", digits=True)
            return info
        parsed = _digits(tok)
        if parsed is None:
            info.update(low=0, high=0, value=0, end=i + 1, num_end=i + 1, label="label", digits=True)
            return info
        value, place = parsed
        info.update(low=value, high=value, value=value, end=i + 1, num_end=i + 1, digits=True,
                    place=place)
        # glued to letters before: F-16, MH17, Covid-19, RM-15
        if s.glued(i) and (s.is_word(i - 1) or (toks[i - 1] in "-#№" and (
                toks[i - 1] != "-" or (s.glued(i - 1) and s.is_word(i - 2))))):
            info["label"] = "label"
        elif i > 0 and toks[i - 1] == "+" and s.glued(i):
            info["label"] = "phone"
        elif len(tok) > 1 and tok[0] == "0" and "." not in tok:
            info["label"] = "label"
        # phone numbers and codes: three or more digit groups joined by hyphens or dots
        if i + 4 < n + 1 and i + 2 < n and toks[i + 1] in "-." and s.glued(i + 1) and s.glued(i + 2) \
                and s.is_num(i + 2) and i + 4 < n and toks[i + 3] in "-." and s.glued(i + 3) \
                and s.is_num(i + 4):
            info.update(end=i + 5, num_end=i + 5, label="phone")
            return info
        # phone numbers written as digit groups and spaces: "021 555 0147"
        k = i
        while k + 1 < n and s.is_num(k + 1) and s.starts[k + 1] == s.ends[k] + 1 \
                and toks[k + 1].isdigit() and toks[k].isdigit():
            k += 1
        if k - i >= 2:
            info.update(end=k + 1, num_end=k + 1, label="phone")
            return info
        # glued suffix: 14th, 1990s, 3.1bn, 5km
        if i + 1 < n and s.glued(i + 1) and s.is_word(i + 1):
            suffix = lows[i + 1]
            if suffix in ("th", "st", "nd", "rd"):
                info.update(end=i + 2, num_end=i + 2, label="ordinal")
                return info
            if suffix == "s":
                info.update(end=i + 2, num_end=i + 2, label="year")
                return info
            scale = lex.numbers.get(suffix)
            if scale and scale[2] == "scale":
                info["low"] = info["high"] = info["value"] = value * scale[0]
                info.update(end=i + 2, num_end=i + 2, scale=scale[0])
            elif suffix == "m" and i > 0 and toks[i - 1] in CURRENCY_SYMBOLS:
                info["low"] = info["high"] = info["value"] = value * 1e6
                info.update(end=i + 2, num_end=i + 2, scale=1e6)
            else:
                sub = lex.subjects.get((suffix,))
                info.update(end=i + 2, num_end=i + 2,
                            label=sub[1] if sub and sub[1] in ("measure", "duration") else "label")
                return info
    else:
        parsed = _word_value(s, i, lex)
        if parsed is None:
            return None
        lo, hi, kind, used = parsed
        info.update(low=lo, high=hi, value=lo, end=i + used, num_end=i + used, digits=False,
                    place=0, vague=kind == "vague")
        if kind == "vague":
            # "tens of thousands", "hundreds of millions"
            if i + 2 < n and lows[i + 1] == "of":
                scale = lex.numbers.get(lows[i + 2])
                if scale and scale[2] == "vague" and scale[0] >= 1000:
                    info.update(low=lo * scale[0], high=(hi + 1) * scale[0] - 1,
                                value=lo * scale[0], end=i + 3, num_end=i + 3)
            return _after_number(s, info, lex)
    return _after_number(s, info, lex)


def _after_number(s: _Sentence, info: dict, lex: Lexicon) -> dict:
    """Scale words, ranges and hyphenated compounds after a parsed number."""
    toks, lows, n = s.toks, s.lows, len(s)
    j = info["end"]
    if info.get("label"):
        return info
    # scale words: "4.5 billion", "two hundred", "three dozen"
    while j < n:
        scale = lex.numbers.get(lows[j])
        if scale and scale[2] == "scale" and lows[j] not in ("k",) and not (
                lows[j] in ("bn", "mn", "tn") and not s.glued(j)):
            info["low"] *= scale[0]
            info["high"] *= scale[0]
            info["value"] *= scale[0]
            info["scale"] = info.get("scale", 1) * scale[0]
            j += 1
        elif lows[j] == "dozen" and not info.get("vague"):
            info["low"] *= 12
            info["high"] *= 12
            info["value"] *= 12
            j += 1
        else:
            break
    info["end"] = info["num_end"] = j
    # hyphenated compound: "five-storey", "one-hour", "71-year-old", "12-15" (a range)
    if j + 1 < n and toks[j] in "-–" and s.glued(j) and s.glued(j + 1):
        if s.is_num(j + 1) or lows[j + 1] in lex.numbers:
            pass    # a range, read below
        else:
            age = s.phrase_at(j + 1, lex.cues)
            if age and lex.cues[age[0]] == "age":
                info.update(end=j + 1 + age[1], label="age")
            else:
                info.update(end=j + 2, label="compound")
            return info
    # a range: "12 to 15", "12-15", "two or three"
    if j + 1 < n and lows[j] in ("to", "-", "–", "or") and (s.is_num(j + 1) or (
            lows[j + 1] in lex.numbers and lex.numbers[lows[j + 1]][2] == "cardinal")):
        start = info["start"]
        if not (start > 0 and lows[start - 1] in ("from", "between")) and not (
                lows[j] in "-–" and not (s.glued(j) and s.glued(j + 1))):
            second = _number(s, j + 1, lex)
            if second and not second.get("label") and second["value"] > info["value"] and \
                    second.get("digits") == info.get("digits"):
                scale = second.get("scale", 1)
                if info.get("scale", 1) == 1 and scale > 1:
                    info["low"] *= scale
                info["high"] = second["high"]
                info["end"] = info["num_end"] = second["end"]
                info["range"] = True
    elif j + 3 < n and info["start"] > 0 and lows[info["start"] - 1] == "between" and lows[j] == "and":
        second = _number(s, j + 1, lex)
        if second and not second.get("label") and second["value"] > info["value"]:
            info["high"] = second["high"]
            info["end"] = info["num_end"] = second["end"]
            info["range"] = True
    return info


# -- classification ---------------------------------------------------------------------------
def _classify(s: _Sentence, info: dict, lex: Lexicon) -> Quantity | None:
    """Turn a parsed number into a Quantity: qualifier, unit, kind, subject and event."""
    toks, lows, n = s.toks, s.lows, len(s)
    i, j = info["start"], info["end"]
    start_tok = i
    kind = info.get("label") or "count"
    unit = ""
    # currency symbol before: "$3.1 billion", "US$ 40"
    if i > 0 and toks[i - 1] in CURRENCY_SYMBOLS:
        unit = CURRENCY_SYMBOLS[toks[i - 1]]
        start_tok = i - 1
        if start_tok > 0 and s.glued(start_tok) and lows[start_tok - 1] in ("us", "c", "a", "hk", "nz"):
            start_tok -= 1
        kind = "money" if kind == "count" else kind
    # qualifier before
    qualifier = ""
    total_cue = False
    q = s.phrase_ending(start_tok - 1, lex.qualifiers, 4) if start_tok > 0 else None
    if q and lex.qualifiers[q[0]][1] == "before":
        bound = lex.qualifiers[q[0]][0]
        if bound == "total":
            total_cue = True
        else:
            qualifier = bound
        start_tok -= q[1]
        # "at least another", "a total of about"
        q2 = s.phrase_ending(start_tok - 1, lex.qualifiers, 4) if start_tok > 0 else None
        if q2 and lex.qualifiers[q2[0]][1] == "before":
            bound2 = lex.qualifiers[q2[0]][0]
            total_cue = total_cue or bound2 == "total"
            if bound2 == "additional" or (bound2 != "total" and not qualifier):
                qualifier = bound2
            start_tok -= q2[1]
    end_tok = j
    # unit after: percent, currency words, "%"
    if kind == "count" and j < n:
        if toks[j] == "%":
            kind, unit, end_tok = "percent", "percent", j + 1
        else:
            sub = s.phrase_at(j, lex.subjects, 3)
            if sub:
                canon, cls = lex.subjects[sub[0]]
                if cls == "percent":
                    kind, unit, end_tok = "percent", canon, j + sub[1]
                elif cls == "currency":
                    kind, unit, end_tok = "money", canon, j + sub[1]
    # qualifier after: "or more", "or so", "12 more"
    if end_tok < n:
        q = s.phrase_at(end_tok, lex.qualifiers, 3)
        if q and lex.qualifiers[q[0]][1] == "after":
            bound = lex.qualifiers[q[0]][0]
            qualifier = bound if bound == "additional" or not qualifier else qualifier
            end_tok += q[1]
    if kind == "count":
        kind = _not_a_count(s, info, start_tok, end_tok, lex) or kind
    value, low, high = info["value"], info["low"], info["high"]
    low, high = _precision(info, low, high)
    low, high = _bound(qualifier, low, high)
    q = Quantity(start=s.starts[start_tok], end=s.ends[end_tok - 1], num_start=s.starts[i],
                 num_end=s.ends[info["num_end"] - 1], low=low, high=high, value=value, kind=kind,
                 qualifier=qualifier, unit=unit, total_cue=total_cue, tok_start=start_tok, tok_num=i,
                 tok_end=end_tok, tok_tail=end_tok)
    if kind in COUNT_KINDS:
        _subject(s, q, lex)
        if kind == "count" and q.subject_class in ("measure", "duration"):
            q.kind = q.subject_class
        elif kind == "count" and q.subject_class == "currency":
            q.kind, q.unit = "money", q.subject or ""
        if q.kind == "count":
            _event(s, q, lex)
            if s.lows[i] == "one" and q.subject is None and q.event is None and not qualifier:
                return None     # "one of the", "no one", "the one": a pronoun, not a count
        elif q.kind == "money":
            _finance(s, q, lex)
        elif q.kind == "percent":
            _percent(s, q, lex)
    return q


def _not_a_count(s: _Sentence, info: dict, start: int, end: int, lex: Lexicon) -> str | None:
    """Age, time, date, year, label, address or ordinal: a number that counts nothing."""
    toks, lows, n = s.toks, s.lows, len(s)
    i, j = info["start"], info["end"]
    before = lows[start - 1] if start > 0 else ""
    label = lex.cues.get((before,))
    if label == "label" or (before == "." and start > 1 and lows[start - 2] == "no"):
        return "age" if before in ("aged", "age", "ages") else "label"
    if before == "the" and info.get("digits") and j < n and lows[j] == "of":
        return "date"       # "the 14 of May"
    # a time of day: "6 a.m.", "at 1900 GMT"
    if s.ends[j - 1] < s.end and time_re().match(s.text, s.ends[j - 1], s.end):
        return "time"
    # dates: "April 24", "24 April", "24 April 2025"
    if info.get("digits") and info["value"] <= 31 and not info.get("range"):
        if before in lex.months and toks[start - 1][0].isupper():
            return "date"
        if j < n and lows[j] in lex.months and toks[j][0].isupper():
            return "date"
    # years: 4-digit, no separators, 1600-2199, not counting a thing right after
    tok = toks[i]
    if info.get("digits") and len(tok) == 4 and tok.isdigit() and 1600 <= info["value"] <= 2199:
        nxt = s.phrase_at(j, lex.subjects, 3) if j < n else None
        if not (nxt and lex.subjects[nxt[0]][1] not in ("duration",)):
            return "year"
    # ages: "Petro, 71," / "(71)" after a name
    if info.get("digits") and info["value"] < 120 and start >= 2 and not info.get("range") and \
            toks[start - 1] in ",(" and toks[start - 2][:1].isupper() and \
            (j >= n or toks[j] in (",", ")", ".")):
        return "age"
    # addresses: "12 Baker Street", "221B"
    k = j
    while k < n and k < j + 3 and toks[k][:1].isupper() and lex.cues.get((lows[k],)) != "street":
        k += 1
    if k > j and k < n and lex.cues.get((lows[k],)) == "street":
        return "address"
    if info.get("digits") and s.glued(j) and j < n and len(toks[j]) == 1 and toks[j].isalpha():
        return "label"
    return None


def _precision(info: dict, low: float, high: float) -> tuple[float, float]:
    """Widen a round figure by half a unit of its last significant digit: "13,000" is
    12,500-13,500, "$3.1 billion" is 3.05-3.15 billion; counts under 1,000 are exact."""
    if not info.get("digits"):
        return low, high
    place = info.get("place", 0)
    scale = info.get("scale", 1)
    if place < 0 or scale > 1:
        half = 0.5 * (10 ** place) * scale if place < 0 else 0.5 * scale * (10 ** place)
        return low - half, high + half
    if low >= 1000 and place >= 3:
        half = 0.5 * 10 ** place
        return low - half, high + half
    return low, high


def _bound(qualifier: str, low: float, high: float) -> tuple[float, float]:
    """The values a qualified expression allows."""
    if qualifier == "min":
        return low, INF
    if qualifier == "max":
        return 0.0, high
    if qualifier == "approx":
        spread = max(1.0, 0.15 * high)
        return max(0.0, low - spread), high + spread
    if qualifier == "near":
        return max(0.0, low * 0.8 - 1), high
    return low, high


# -- subjects and events ----------------------------------------------------------------------
def _subject(s: _Sentence, q: Quantity, lex: Lexicon) -> None:
    """What the number counts: the head word after it (skipping up to three modifiers, "of",
    "of the"), a compound ("drones and missiles"), or nothing written."""
    toks, lows, n = s.toks, s.lows, len(s)
    j = q.tok_end
    if j < n and lows[j] == "of":
        j += 1
        if j < n and lows[j] in ("the", "those", "these", "its", "their"):
            j += 1
            q.partitive = True      # "two of the wounded", "388 of the drones": a part
        if j < n and s.is_num(j):
            return          # "40 of 36 drones": the whole is its own quantity
        if j < n and lows[j] in ("them", "whom", "which", "us", "those"):
            q.subject_end = s.ends[j]
            q.tok_tail = j + 1
            q.partitive = True      # "38 of them": a part of the count before
            return
    mods: list[str] = []
    k = j
    fw = lex.function_words
    while k < n and len(mods) <= 3:
        tok, low = toks[k], lows[k]
        if tok == "-" and s.glued(k) and k + 1 < n and s.glued(k + 1):
            k += 1
            continue
        if not tok[0].isalpha():
            break
        hit = s.phrase_at(k, lex.subjects, 3)
        if hit and k + hit[1] < n and s.phrase_at(k + hit[1], lex.subjects, 3) and \
                lex.subjects[s.phrase_at(k + hit[1], lex.subjects, 3)[0]][1] not in (
                    "percent", "currency", "casualty"):
            mods.append(low)        # "Shahed drones": the last noun is the head
            k += hit[1]
            continue
        if hit:
            canon, cls = lex.subjects[hit[0]]
            q.subject, q.subject_class = canon, cls
            q.modifiers = tuple(m for m in mods if m not in CONJUNCTIONS)
            k += hit[1]
            # a compound subject: "drones and missiles", "drones/missiles"
            if k + 1 < n and lows[k] in ("and", "/", "or") and not s.is_num(k + 1):
                more = s.phrase_at(k + 1, lex.subjects, 3)
                if more and lex.subjects[more[0]][1] == cls and lex.subjects[more[0]][0] != canon:
                    q.subject = "+".join(sorted({canon, lex.subjects[more[0]][0]}))
                    k += 1 + more[1]
            q.subject_end = s.ends[k - 1]
            q.tok_tail = k
            return
        if low == "other" or ((low,) in lex.events and k + 1 < n
                               and s.phrase_at(k + 1, lex.subjects, 3)):
            mods.append(low)        # "four other regions", "11 fire engines"
            k += 1
            continue
        if (low, ) in lex.events or low in fw or lex.cues.get((low,)) in (
                "total", "period", "day", "partition", "irrealis", "later", "earlier"):
            if low in ("and", "or") and mods and k + 1 < n and s.is_word(k + 1) \
                    and not (lows[k + 1],) in lex.events:
                mods.append(low)
                k += 1
                continue
            break
        mods.append(low)
        k += 1
    words = [m for m in mods if m not in CONJUNCTIONS]
    if words and q.kind == "count":
        # a head this table does not know: keep it, so that it differs from known subjects;
        # the last plural-looking word ("body bags", "hamlets cut off") is the likeliest head
        plural = [x for x, w in enumerate(words) if w.endswith("s") and not w.endswith("ss")]
        head = plural[-1] if plural else len(words) - 1
        q.subject, q.subject_class = words[head], None
        q.modifiers = tuple(words[:head])
        q.subject_end = s.ends[j + mods.index(words[head]) + _hyphens(s, j, head)]
        q.tok_tail = k


def _hyphens(s: _Sentence, j: int, upto: int) -> int:
    """Hyphen tokens skipped among the first `upto` words after token j."""
    count, k, seen = 0, j, 0
    while k < len(s) and seen <= upto:
        if s.toks[k] == "-":
            count += 1
        elif seen == upto:
            break
        else:
            seen += 1
        k += 1
    return count


def _event_at(s: _Sentence, i: int, lex: Lexicon, backwards: bool) -> tuple[str, str, int, int] | None:
    """The event word (or pair of words) at token i: (event, form, first token, last token)."""
    if backwards:
        hit = s.phrase_ending(i, lex.events, 3)
        if hit:
            event, form = lex.events[hit[0]]
            return event, form, i - hit[1] + 1, i
        return None
    hit = s.phrase_at(i, lex.events, 3)
    if hit:
        event, form = lex.events[hit[0]]
        return event, form, i, i + hit[1] - 1
    return None


def _event(s: _Sentence, q: Quantity, lex: Lexicon) -> None:
    """What happened to what the number counts: an event word just before it ("killing at least
    12", "the death of four", "the toll rose to 15") or just after its subject ("eight people
    were killed", "five dead", "14 people received injuries")."""
    lows, n = s.lows, len(s)
    k = q.tok_start - 1
    skipped = 0
    found = None
    while k >= 0 and skipped <= 3:
        hit = _event_at(s, k, lex, backwards=True)
        if hit:
            found = hit
            break
        low = lows[k]
        if low in LINKS or lex.cues.get((low,)) == "later" or low in ("the", "a"):
            if lex.cues.get((low,)) == "later":
                q.later = True
            k -= 1
            skipped += 1
            continue
        break
    if found:
        event, form, first, last = found
        if form == "verb" or form == "noun" or form == "adj":
            q.event, q.event_span = event, (s.starts[first], s.ends[last])
            _irrealis(s, q, first, lex)
    else:
        k = q.tok_tail
        skipped = 0
        passive = False
        while k < n and skipped <= 4:
            low = lows[k]
            if s.toks[k] in (",", "–", "—", "(") and _cue_at(s, k + 1, lex) == "partition":
                # "eight people, including two children, were killed": skip the aside
                closer = ")" if s.toks[k] == "(" else s.toks[k]
                close = k + 1
                while close < n and close < k + 12 and s.toks[close] != closer:
                    close += 1
                if close < n and s.toks[close] == closer:
                    k = close + 1
                    continue
                break
            hit = _event_at(s, k, lex, backwards=False)
            if hit:
                event, form, first, last = hit
                # an active verb with an object after it: "12 drones killed three people"
                if form == "verb" and not passive and _object_follows(s, last + 1, lex):
                    return
                q.event, q.event_span = event, (s.starts[first], s.ends[last])
                q.tok_tail = last + 1
                _irrealis(s, q, q.tok_end, lex, stop=first)
                break
            if low in BE:
                passive = True
            if low in AUXILIARIES or low in RECEIVE or low.endswith("ly") or \
                    lex.cues.get((low,)) == "irrealis" or low in NEGATIONS:
                k += 1
                skipped += 1
                continue
            break
    if q.event is not None and q.subject is None and q.event in CASUALTY_EVENTS and \
            q.subject_class is None:
        q.subject, q.subject_class, q.implied = "people", "person", True
    if q.subject_class == "casualty":
        # "five dead", "12 deaths": the head is the toll itself
        q.event = q.event or _casualty_event(s, q, lex)
        q.subject, q.subject_class, q.implied = "people", "person", True


def _object_follows(s: _Sentence, k: int, lex: Lexicon) -> bool:
    """A number (perhaps qualified) right after a verb: its object ("killed three people")."""
    if k >= len(s):
        return False
    if s.is_num(k) or s.lows[k] in lex.numbers:
        return True
    q = s.phrase_at(k, lex.qualifiers, 4)
    return bool(q and lex.qualifiers[q[0]][1] == "before" and k + q[1] < len(s)
                and (s.is_num(k + q[1]) or s.lows[k + q[1]] in lex.numbers))


def _cue_at(s: _Sentence, k: int, lex: Lexicon) -> str | None:
    """The cue type of the longest cue phrase starting at token k."""
    if k >= len(s):
        return None
    hit = s.phrase_at(k, lex.cues, lex.longest)
    return lex.cues[hit[0]] if hit else None


def _casualty_event(s: _Sentence, q: Quantity, lex: Lexicon) -> str | None:
    for k in range(q.tok_end, min(q.tok_tail, len(s))):
        hit = lex.events.get((s.lows[k],))
        if hit:
            return hit[0]
    return None


def _irrealis(s: _Sentence, q: Quantity, first: int, lex: Lexicon, stop: int | None = None) -> None:
    """Mark a plan, threat, capacity or negation around the event ("could kill", "not hurt")."""
    lo, hi = (max(0, first - 3), first) if stop is None else (first, stop)
    for k in range(lo, hi):
        low = s.lows[k]
        if lex.cues.get((low,)) == "irrealis" or low in NEGATIONS:
            q.irrealis = True
            return


def _finance(s: _Sentence, q: Quantity, lex: Lexicon) -> None:
    """For money: the noun that names the sum, before it ("a net profit of $3.1 billion",
    "revenue rose to $4.5 billion") or after it ("$3.1 billion in revenue")."""
    lows, n = s.lows, len(s)
    k = q.tok_start - 1
    skipped = 0
    while k >= 0 and skipped <= 3:
        hit = lex.subjects.get((lows[k],))
        if hit and hit[1] == "finance":
            q.subject, q.subject_class = hit[0], "finance"
            mods = []
            m = k - 1
            while m >= 0 and len(mods) < 2 and s.is_word(m) and lows[m] not in lex.function_words \
                    and lows[m] not in DETERMINERS:
                mods.append(lows[m])
                m -= 1
            while m >= 0 and s.toks[m] == "-" and m - 1 >= 0 and s.is_word(m - 1):
                mods.append(lows[m - 1])
                m -= 2
            q.modifiers = tuple(reversed(mods))
            return
        low = lows[k]
        cue = lex.cues.get((low,))
        if low in LINKS or low in DETERMINERS or cue in ("later", "earlier") or low in (
                "was", "were", "of", "at", "to", "reached", "totalled", "fell", "dropped"):
            if cue == "later" or low in ("fell", "dropped"):
                q.later = True
            k -= 1
            skipped += 1
            continue
        break
    k = q.tok_end
    if k + 1 < n and lows[k] in ("in", "of"):
        hit = lex.subjects.get((lows[k + 1],))
        if hit and hit[1] == "finance":
            q.subject, q.subject_class = hit[0], "finance"
            q.subject_end = s.ends[k + 1]
            q.tok_tail = k + 2


def _percent(s: _Sentence, q: Quantity, lex: Lexicon) -> None:
    """For a percentage: a change or rate ("rose 5 percent", "interest of 4%") or a share, and
    its base ("52 percent of the vote", "40 percent of the 300 members")."""
    lows, n = s.lows, len(s)
    if q.unit == "pp":
        q.change = True
    for k in range(max(0, q.tok_start - 3), q.tok_start):
        cue = lex.cues.get((lows[k],))
        if cue in ("change", "later"):
            q.change = True
    k = q.tok_end
    if k < n and (lows[k] in ("a", "per", "annually", "year-on-year") or lex.cues.get((lows[k],)) in
                  ("change", "period")):
        q.change = True
    if k < n and lows[k] == "of":
        k += 1
        if k < n and lows[k] in DETERMINERS:
            k += 1
        words = []
        while k < n and len(words) < 3 and s.is_word(k) and lows[k] not in lex.function_words:
            words.append(lows[k])
            k += 1
        q.base_words = tuple(words)
        q.tok_tail = max(q.tok_tail, k)


# -- relations and scope ----------------------------------------------------------------------
_list_ids = iter(range(1 << 62))


def _relate(s: _Sentence, found: list[Quantity], out: Quantities, lex: Lexicon) -> None:
    """Lists, totals and parts among the quantities of one sentence, then their scope."""
    counted = [q for q in found if q.counted]
    lows = s.lows
    for q in counted:
        q.list_id = next(_list_ids)
    groups: dict[int, list[Quantity]] = {}
    for a, b in zip(counted, counted[1:]):
        gap = list(range(a.tok_tail, b.tok_start))
        words = [lows[g] for g in gap]
        if b.tok_start < a.tok_tail:
            # inside the aside a's event was read across: "14 people, including three
            # children, were killed"
            if a.part_of is None and b.tok_start > 0 and _cue_at(s, b.tok_start - 1, lex) \
                    == "partition" or (b.tok_start > 1 and _cue_at(s, b.tok_start - 2, lex)
                                       == "partition"):
                b.part_of = Group([a])
                b.event = b.event or a.event
                b.subject = b.subject or a.subject
                b.list_id = a.list_id
                out.partitions.append((Group([a]), Group([b])))
            continue
        if _is_of_whole(words, a, b):
            # "40 of the 36 drones", "3 out of 12 people"
            whole = Group([b])
            a.part_of = whole
            if a.subject is None or a.subject_class is None and b.subject:
                a.subject, a.subject_class, a.modifiers = b.subject, b.subject_class, b.modifiers
            b.event = b.event or a.event
            a.event = a.event or b.event
            if b.event and b.subject is None and b.event in CASUALTY_EVENTS:
                b.subject, b.subject_class, b.implied = "people", "person", True
            b.list_id = a.list_id
            out.partitions.append((whole, Group([a])))
            continue
        if _is_update_range(s, a, b, words):
            a.earlier = b.later = True
            b.list_id = a.list_id
            b.subject = b.subject or a.subject
            b.subject_class = b.subject_class or a.subject_class
            b.event = b.event or a.event
            continue
        if _is_list_gap(words, lex) and a.kind == b.kind and not _is_total(s, b, lex) \
                and not _is_total(s, a, lex) and not b.partitive:
            b.list_id = a.list_id
    for q in counted:
        groups.setdefault(q.list_id, []).append(q)
    lists = [g for g in groups.values()]
    for members in lists:
        _share_within_list(members)
    # partitions and totals between consecutive lists
    for first, second in zip(lists, lists[1:]):
        a, b = first[-1], second[0]
        if b.tok_start < a.tok_tail:
            continue
        gap = list(range(a.tok_tail, b.tok_start))
        words = [lows[g] for g in gap]
        toks = [s.toks[g] for g in gap]
        if any(q.part_of is not None for q in second) or any(q.part_of for q in first):
            continue
        if _has_partition(s, gap, lex) or (second[0].partitive and len(second) == 1
                                           and not _has_event(words, lex)):
            whole = Group(first)
            parts = Group(second)
            for p in second:
                p.part_of = whole
            _inherit_from_whole(first, second)
            out.partitions.append((whole, parts))
        elif len(second) >= 2 and len(first) == 1 and ":" in toks and not _has_event(words, lex):
            total = first[0]
            total.total_of = Group(second)
            out.totals.append((total, Group(second)))
            _inherit_total(total, second)
        elif len(first) >= 2 and len(second) == 1 and _is_total_after(s, words, toks, second[0], lex):
            total = second[0]
            total.total_of = Group(first)
            out.totals.append((total, Group(first)))
            _inherit_total(total, first)
    for q in counted:
        if q.event and q.subject is None and q.event in CASUALTY_EVENTS:
            q.subject, q.subject_class, q.implied = "people", "person", True
    _scope(s, counted, lex)


def _is_of_whole(words: list[str], a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind == "count" and words in (["of"], ["of", "the"], ["out", "of"],
                                                    ["out", "of", "the"]) and a.subject is None


def _is_update_range(s: _Sentence, a: Quantity, b: Quantity, words: list[str]) -> bool:
    """ "rose from nine to 12": the first figure is older, the second newer."""
    return words == ["to"] and a.tok_start > 0 and s.lows[a.tok_start - 1] == "from"


def _is_list_gap(words: list[str], lex: Lexicon) -> bool:
    """Coordination: only commas and "and" between two quantities, or a place phrase first
    ("180 in the sports hall and 160 in the school")."""
    if not words or len(words) > 9:
        return False
    if words[-1] not in ("and", ",", "or", "plus", "&") and words[-3:] != ["as", "well", "as"]:
        return False
    if all(w in (",", "and", "or", "plus", "&") for w in words):
        return True
    if words[0] not in PREPOSITIONS:
        return False
    for w in words:
        if w in (";", ":", "(", ")", "—", "–") or (w,) in lex.events or w in BE or \
                lex.cues.get((w,)) in ("partition", "total"):
            return False
    return True


def _has_partition(s: _Sentence, gap: list[int], lex: Lexicon) -> bool:
    """ ", including", ", of them", "(among them" between a whole and its parts."""
    if not gap or len(gap) > 8:
        return False
    for k in gap:
        if s.toks[k] in (",", "(", "–", "—") and _cue_at(s, k + 1, lex) == "partition":
            return True
    return _cue_at(s, gap[0], lex) == "partition"


def _has_event(words: list[str], lex: Lexicon) -> bool:
    return any((w,) in lex.events for w in words)


def _is_total_after(s: _Sentence, words: list[str], toks: list[str], t: Quantity,
                    lex: Lexicon) -> bool:
    """ "412 drones and 27 missiles, 439 in all" / "..., a total of 439"."""
    if len(words) > 9 or _has_event(words, lex) or not any(x in (",", "(", "—", "–", ";") for x in toks):
        return False
    return _is_total(s, t, lex)


def _is_total(s: _Sentence, q: Quantity, lex: Lexicon) -> bool:
    """ "a total of 104", "439 in all", "60 missiles altogether": a total, not a list member."""
    return q.total_cue or _cue_at(s, q.tok_tail, lex) == "total" or \
        _cue_at(s, q.tok_end, lex) == "total"


def _share_within_list(members: list[Quantity]) -> None:
    """Members of one list share an elided subject ("20 ballistic and 35 cruise missiles") and
    an event written once ("launched 412 drones and 27 missiles")."""
    if len(members) < 2:
        return
    for idx, q in enumerate(members):
        if q.subject is not None and q.subject_class is None and not q.modifiers:
            # "20 ballistic and 35 cruise missiles": the unknown word is a modifier whose head
            # is written once, after the last member
            donor = next((m for m in members[idx + 1:] if m.subject_class), None)
            if donor is not None and donor.modifiers:
                q.modifiers = (q.subject,)
                q.subject, q.subject_class = donor.subject, donor.subject_class
        if q.subject is None:
            donor = next((m for m in members[idx + 1:] if m.subject), None) or \
                next((m for m in reversed(members[:idx]) if m.subject), None)
            if donor is not None:
                q.subject, q.subject_class = donor.subject, donor.subject_class
                q.implied = donor.implied
        if q.event is None:
            donor = next((m for m in reversed(members[:idx]) if m.event), None) or \
                next((m for m in members[idx + 1:] if m.event), None)
            if donor is not None:
                q.event = donor.event
                q.irrealis = q.irrealis or donor.irrealis


def _inherit_from_whole(whole: list[Quantity], parts: list[Quantity]) -> None:
    events = {q.event for q in whole}
    subjects = {(q.subject, q.subject_class) for q in whole}
    for p in parts:
        if p.event is None and len(events) == 1:
            p.event = next(iter(events))
        if p.subject is None and len(subjects) == 1:
            p.subject, p.subject_class = next(iter(subjects))


def _inherit_total(total: Quantity, parts: list[Quantity]) -> None:
    events = {q.event for q in parts if q.event}
    if total.event is None and len(events) == 1:
        total.event = next(iter(events))
    subjects = sorted({q.subject for q in parts if q.subject})
    if total.subject is None and subjects and all(q.subject for q in parts):
        pieces = sorted({p for s in subjects for p in s.split("+")})
        total.subject = "+".join(pieces)
        total.subject_class = parts[0].subject_class
        total.implied = True


def _scope(s: _Sentence, counted: list[Quantity], lex: Lexicon) -> None:
    """Places, days, periods, other events and updates named around each quantity: in its own
    clause segment, the segments after it, and an opening adverbial ("In Lviv, ...")."""
    counted = [q for q in counted if q.event is not None or (q.kind == "money" and q.subject)]
    if not counted:
        return
    lows, toks, segs = s.lows, s.toks, s.segments()
    n = len(s)
    nseg = (max(segs) + 1) if segs else 1
    places: list[set] = [set() for _ in range(nseg)]
    days: list[set] = [set() for _ in range(nseg)]
    periods: list[set] = [set() for _ in range(nseg)]
    other: list[bool] = [False] * nseg
    clause_at: list[list[int]] = [[] for _ in range(nseg)]
    earlier = later = False
    k = 0
    while k < n:
        seg = segs[k]
        if seg < 0:
            k += 1
            continue
        low = lows[k]
        hit = s.phrase_at(k, lex.cues) if low in lex.cue_starts else None
        cue = lex.cues[hit[0]] if hit else None
        used = hit[1] if hit else 1
        if cue == "period":
            tail = lows[k + used] if k + used < n and toks[k + used][0].isalnum() else ""
            periods[seg].add(" ".join(lows[k:k + used]) + " " + tail)
        elif cue == "day":
            days[seg].add(low)
        elif cue == "other":
            other[seg] = True
        elif cue == "clause":
            clause_at[seg].append(k)
        elif cue == "earlier":
            earlier = True
        elif cue == "later":
            later = True
        if low in PLACE_PREPOSITIONS or low == "since":
            m = k + 1
            if m < n and lows[m] == "the":
                m += 1
            words = []
            while m < n and toks[m][:1].isupper() and toks[m][0].isalpha():
                words.append(lows[m].removesuffix("'s").removesuffix("’s"))
                m += 1
            if words and words[0] in lex.months or (m < n and toks[m].isdigit() and len(toks[m]) == 4):
                periods[seg].add(low + " " + (words[0] if words else lows[m]))
            elif words and words[0] in lex.weekdays:
                days[seg].add(words[0])
            elif words and low != "since":
                places[seg].add(" ".join(words))
        k += used
    opening = 0 if (lows and (lows[0] in PREPOSITIONS or lows[0] == "since" or (
        s.phrase_at(0, lex.cues, lex.longest) and lex.cues[s.phrase_at(0, lex.cues, lex.longest)[0]]
        == "period"))) and nseg > 1 else -1
    for q in counted:
        seg = segs[q.tok_num] if segs[q.tok_num] >= 0 else 0
        scope = set(range(seg, nseg))
        if opening == 0:
            scope.add(0)
        q.places = frozenset(p for g in scope for p in places[g])
        q.days = frozenset(d for g in scope for d in days[g])
        q.periods = frozenset(p for g in scope for p in periods[g])
        q.other_event = any(other[g] for g in scope) or any(c < q.tok_num for c in clause_at[seg])
        q.earlier = q.earlier or earlier
        q.later = q.later or (later and not q.earlier)
