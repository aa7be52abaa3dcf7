"""kind: phrase — multi-word patterns that tolerate inflection, optional words and short gaps.

Keys: `table` (TSV next to the rule file, one entry a row:
pattern<TAB>replacement[|alternative...]<TAB>flags<TAB>languages<TAB>note), `words` (TSV of word
sets: word<TAB>set names), `inflections` (TSV of irregular forms:
lemma<TAB>s<TAB>past<TAB>past participle<TAB>-ing[<TAB>present plural]) and `exceptions` (regexes
whose matches protect what they cover). Message fields: {match}, {replacement}, {note},
{languages}.

The pattern language (space-separated elements, matched case-insensitively, word by word; two
matched words may be separated by white space only, so a pattern never runs over punctuation):

  word          a literal word ("alarm", "air-raid", "don't")
  a|b|c         one of several alternatives at one place
  {receive}     any inflected form of a lemma: receive, receives, received, receiving
                (regular English spelling rules; irregular forms come from `inflections`)
  <weekday>     any word of a set of the `words` table
  <number>      a number: digits ("320", "1.5") or a word of the `number` set ("three")
  {*ing}        any verb in -ing ("strengthening"); the replacement gets its lemma as {*}
  (x|y)         optional: one of the alternatives, or nothing
  *2            up to two intervening words (none of the `stop` set: prepositions, conjunctions,
                pronouns, auxiliaries, so "received treatment for injuries" is not bridged)
  !x|y          a guard that consumes nothing: first in a pattern, the word before the match
                (adverbs skipped) must not be one of these; elsewhere, the next word must not be

Alternatives mix freely: `{alarm}|{siren}`, `<number>|several`, `!<weather>|<number>`.

Replacements are templates: literal words; `$3` copies what element 3 of the pattern matched
(elements counted as written, guards included); `{hold}` inflects a lemma like the pattern's
lemma element in the same position among lemma elements ("conducted" -> "held", "conducts" ->
"holds"); `{be@2}` takes the form of element 2; `{decide:base}` forces a form (base, s, past,
pp, ing); `{*}` is the lemma of `{*ing}`. Where a past and a past participle look alike
("received"), an auxiliary before the verb decides ("has received" -> "has been"). A form with
a singular|plural choice in `inflections` ("was|were") agrees with the subject before the verb:
a pronoun, a number or a word of the `plural`/`singular` sets is certain; a noun in -s is a guess
that makes the fix unsafe and offers the other form as an alternative. A replacement that cannot
be formed ("be" after "did not") is skipped for the next one. The fix carries the matched case
(a sentence-initial capital, headline capitals, title case; a stray mid-sentence capital is
dropped) and corrects "a"/"an" before it and inside it ("an imitator drone" -> "a decoy drone").

Flags: `safe`, `unsafe` or `display` caps the rule's `fix:` for the entry; `hint` reports it as
info. When several entries match overlapping text, the leftmost match wins, then the longest,
then the entry with fewer gaps, then the first in the table.

Cost: candidates come from the document's word index. Each pattern is anchored on one required
element, preferring words outside the `stop` and `common` sets, few alternatives and long words;
at each place the index gives for an anchor word, the words around it are read outward only as
far as the pattern needs. So the cost follows the candidates, whatever the table's size.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from ..document import TOKEN_RE
from ..model import Applicability, Fix, Severity, Span
from . import exception_matcher

FORM_NAMES = ("base", "s", "past", "pp", "ing")
BASE, S, PAST, PP, ING, PRESENT = range(6)
FLAG_FIX = {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE,
            "display": Applicability.DISPLAY_ONLY}
FLAGS = {*FLAG_FIX, "hint"}
# word sets the engine itself reads from the `words` table (patterns may use them too)
ROLE_SETS = ("stop", "common", "adverb", "aux", "modal", "do", "plural", "singular", "singular-s", "number",
             "article-a", "article-an", "ing-noun", "no-do-support")
SOFT, WEAK, HARD = 0, 1, 2
SENTENCE_END = frozenset(".!?…;:")
OPENERS = "\"'“‘«([—–-"
CLOSERS = "\"'”’»)]"
SMALL_WORDS = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "into", "from", "as"])
SCAN = 80               # characters read at a time when a window looks for more words
MAX_GAP = 5

ELEMENT_RE = regex.compile(r"^(?:\{\*ing\}|\{[a-z][a-z'\-]*\}|<[a-z][a-z0-9\-]*>|"
                           r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-\.]*)$")
PIECE_LEMMA_RE = regex.compile(r"^\{(\*|[a-z][a-z'\-]*)(?::(base|s|past|pp|ing))?(?:@(\d+))?\}$")
PIECE_COPY_RE = regex.compile(r"^\$(\d+)$")


class PatternError(ValueError):
    """A table row that does not parse; the loader turns it into a RuleError."""


# -- English morphology ---------------------------------------------------------------------
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

    def __init__(self, rows: list[list[str]], fail: Callable[[str], Exception]) -> None:
        self.irregular: dict[str, tuple[str, ...]] = {}
        for row in rows:
            if len(row) not in (5, 6) or not all(row):
                raise fail(f"inflections row {row!r} needs lemma, s, past, pp, ing "
                           f"[, present plural]")
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
        from ..lexicon import zipf  # lazy: only when spelling alone cannot decide
        return max(fits, key=zipf)


# -- patterns ---------------------------------------------------------------------------------
@dataclass
class Element:
    """One element of a pattern."""

    text: str
    kind: str = "word"          # word | gap | guard
    words: dict[str, frozenset[int] | None] = field(default_factory=dict)  # surface -> forms
    number: bool = False        # '<number>' is among the alternatives
    open_ing: bool = False      # '{*ing}'
    optional: bool = False
    gap: int = 0
    slot: int | None = None     # index among lemma elements

    def accepts(self, low: str, words: WordSets) -> bool:
        """Whether the lower-case token `low` is one of this element's alternatives."""
        if low in self.words:
            return True
        if self.number and words.is_number(low):
            return True
        return self.open_ing and words.is_ing_verb(low)


class WordSets:
    """The `words` table: named sets of lower-case words."""

    def __init__(self, rows: list[list[str]], fail: Callable[[str], Exception]) -> None:
        self.sets: dict[str, set[str]] = {}
        for row in rows:
            if len(row) < 2 or not row[0] or not row[1]:
                raise fail(f"words row {row!r} needs word<TAB>set names")
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


@dataclass
class Entry:
    """One compiled table row."""

    index: int
    pattern: str
    elements: list[Element]
    templates: list[list[str]]
    applicability: Applicability | None
    hint: bool
    languages: str
    note: str
    anchor: int = 0
    min_left: int = 0
    max_left: int = 0
    max_right: int = 0
    gaps: int = 0

    def anchor_keys(self) -> set[str]:
        """Lower-case letter runs the word index is asked for: each anchor alternative's first."""
        keys = set()
        for word in self.elements[self.anchor].words:
            m = regex.match(r"\p{L}+", word)
            if m:
                keys.add(m.group())
        return keys


def parse_element(text: str, morph: Morphology, words: WordSets) -> Element:
    """Parse one space-separated element of a pattern."""
    if regex.fullmatch(r"\*\d", text):
        n = int(text[1:])
        if not 1 <= n <= MAX_GAP:
            raise PatternError(f"gap {text!r}: up to {MAX_GAP} words")
        return Element(text, kind="gap", gap=n)
    el = Element(text)
    body = text
    if body.startswith("!"):
        el.kind, body = "guard", body[1:]
    elif body.startswith("(") and body.endswith(")"):
        el.optional, body = True, body[1:-1]
    if not body:
        raise PatternError(f"empty element {text!r}")
    has_lemma = False
    for alt in body.split("|"):
        if not ELEMENT_RE.match(alt):
            raise PatternError(f"element {text!r}: cannot read {alt!r}")
        if alt == "<number>":
            el.number = True
        elif alt == "{*ing}":
            el.open_ing = True
            has_lemma = True
        elif alt.startswith("{"):
            has_lemma = True
            for surface, forms in morph.surfaces(alt[1:-1]).items():
                el.words[surface] = forms if surface not in el.words else el.words[surface] | forms
        elif alt.startswith("<"):
            try:
                members = words.get(alt[1:-1])
            except KeyError:
                raise PatternError(f"element {text!r}: no word set {alt!r}") from None
            for w in members:
                el.words.setdefault(w, None)
        else:
            el.words.setdefault(alt.lower().replace("’", "'"), None)
    if has_lemma and el.kind != "guard":
        el.slot = -1   # numbered by the caller (a guard's lemmas only list words)
    return el


def parse_pattern(pattern: str, morph: Morphology, words: WordSets) -> list[Element]:
    """Parse a pattern into elements; check it can anchor and does not start or end in a gap."""
    elements = [parse_element(t, morph, words) for t in pattern.split()]
    consuming = [e for e in elements if e.kind != "guard"]
    if not any(e.kind == "word" and not e.optional and e.words for e in consuming):
        raise PatternError("a pattern needs at least one required word to anchor on")
    if consuming[0].kind == "gap" or consuming[-1].kind == "gap":
        raise PatternError("a pattern cannot start or end with a gap")
    if sum(e.open_ing for e in elements) > 1:
        raise PatternError("a pattern may hold one {*ing} at most")
    slot = 0
    for e in elements:
        if e.slot is not None:
            e.slot = slot
            slot += 1
    return elements


def parse_template(template: str, elements: list[Element]) -> list[str]:
    """Split a replacement template into pieces and check every reference resolves."""
    pieces = template.split()
    if not pieces:
        raise PatternError("empty replacement")
    slots = [e for e in elements if e.slot is not None]
    nth = 0
    for piece in pieces:
        m = PIECE_COPY_RE.match(piece)
        if m:
            if not 1 <= int(m.group(1)) <= len(elements) or elements[int(m.group(1)) - 1].kind == "guard":
                raise PatternError(f"replacement {template!r}: {piece} names no element that matches words")
            continue
        m = PIECE_LEMMA_RE.match(piece)
        if m:
            lemma, form, ref = m.groups()
            if lemma == "*" and not any(e.open_ing for e in elements):
                raise PatternError(f"replacement {template!r}: {{*}} needs {{*ing}} in the pattern")
            if ref is not None:
                n = int(ref)
                if not 1 <= n <= len(elements) or elements[n - 1].slot is None:
                    raise PatternError(f"replacement {template!r}: {piece} names no lemma element")
            elif form is None and lemma != "*" and nth >= len(slots):
                raise PatternError(f"replacement {template!r}: {piece} has no lemma element in the "
                                   f"pattern to take its form from (add :form or @element)")
            if ref is None and form is None and lemma != "*":
                nth += 1
            continue
        if "{" in piece or "}" in piece or "$" in piece:
            raise PatternError(f"replacement {template!r}: cannot read {piece!r}")
    return pieces


def compile_entry(index: int, row: list[str], morph: Morphology, words: WordSets,
                  default_fix: Applicability | None) -> Entry:
    """One table row -> Entry, with its anchor and how far the match can reach either side."""
    if len(row) < 2 or not row[0] or not row[1]:
        raise PatternError("a row needs pattern<TAB>replacement")
    elements = parse_pattern(row[0], morph, words)
    templates = [parse_template(t, elements) for t in row[1].split("|")]
    flags = set((row[2] if len(row) > 2 else "").replace(",", " ").split()) - {"-"}
    unknown = flags - FLAGS
    if unknown:
        raise PatternError(f"unknown flag(s) {sorted(unknown)} (use {', '.join(sorted(FLAGS))})")
    applicability = default_fix
    for flag in flags & set(FLAG_FIX):
        if applicability is not None:
            applicability = min(applicability, FLAG_FIX[flag])
    entry = Entry(index, row[0], elements, templates, applicability, "hint" in flags,
                  row[3] if len(row) > 3 else "", row[4] if len(row) > 4 else "")

    def rarity(i: int) -> tuple:
        """Sort key of anchor candidates: no stop word, few alternatives, long words first."""
        e = elements[i]
        stop = any(w in words.stop or len(w) < 3 for w in e.words)
        common = any(w in words.common for w in e.words)
        return (stop, common, len(e.words) > 6, -min(len(w) for w in e.words), len(e.words))

    candidates = [i for i, e in enumerate(elements)
                  if e.kind == "word" and not e.optional and e.words and not e.number
                  and not e.open_ing]
    if not candidates:
        candidates = [i for i, e in enumerate(elements)
                      if e.kind == "word" and not e.optional and e.words]
    entry.anchor = min(candidates, key=rarity)
    for e in elements[:entry.anchor]:
        if e.kind == "word":
            entry.max_left += 1
            entry.min_left += 0 if e.optional else 1
        elif e.kind == "gap":
            entry.max_left += e.gap
    for e in elements[entry.anchor:]:
        entry.max_right += e.gap if e.kind == "gap" else 1
    entry.gaps = sum(1 for e in elements if e.kind == "gap")
    return entry


# -- a window of tokens around a candidate ---------------------------------------------------
class Window:
    """The tokens around a candidate word, read outward on demand.

    Token 0 is the candidate; 1, 2... follow it and -1, -2... precede it. Most candidates are
    rejected after a word or two, so only those words are ever tokenised.
    """

    __slots__ = ("left", "left_done", "right", "right_done", "seps", "text", "wrapped")

    def __init__(self, text: str, first: tuple[int, int, str], wrapped: bool) -> None:
        self.text, self.wrapped = text, wrapped
        self.right: list[tuple[int, int, str]] = [first]
        self.left: list[tuple[int, int, str]] = []
        self.right_done = self.left_done = False
        self.seps: dict[int, int] = {}

    @classmethod
    def at(cls, text: str, pos: int, wrapped: bool) -> Window | None:
        """The window of the token starting exactly at `pos`, or None if none starts there."""
        if pos > 0 and _wordish(text, pos - 1):
            return None
        m = TOKEN_RE.match(text, pos)
        if m is None:
            return None
        return cls(text, (pos, m.end(), _low(m.group())), wrapped)

    def tok(self, i: int) -> tuple[int, int, str] | None:
        """(start, end, lower-case text) of token `i`, or None past either end of the text."""
        if 0 <= i < len(self.right):
            return self.right[i]
        if i >= 0:
            right = self.right
            while len(right) <= i and not self.right_done:
                pos = right[-1][1]
                m = TOKEN_RE.search(self.text, pos, min(len(self.text), pos + SCAN))
                if m is None:
                    self.right_done = True
                else:
                    right.append((m.start(), m.end(), _low(m.group())))
            return right[i] if i < len(right) else None
        left, k = self.left, -i - 1
        while len(left) <= k and not self.left_done:
            end = (left[-1] if left else self.right[0])[0]
            lo = max(0, end - SCAN // 2)
            while lo > 0 and _wordish(self.text, lo - 1) and end - lo < 4 * SCAN:
                lo -= 1                      # never cut a word at the chunk's edge
            found = [(m.start(), m.end(), _low(m.group()))
                     for m in TOKEN_RE.finditer(self.text, lo, end)]
            left.extend(reversed(found))
            if lo == 0 or not found:
                self.left_done = True
        return left[k] if k < len(left) else None

    def low(self, i: int) -> str | None:
        """The lower-case text of token `i` (None if there is no such token)."""
        t = self.tok(i)
        return t[2] if t else None

    def start(self, i: int) -> int:
        """Offset where token `i` starts."""
        return self.tok(i)[0]

    def end(self, i: int) -> int:
        """Offset where token `i` ends."""
        return self.tok(i)[1]

    def sep(self, i: int) -> int:
        """How token `i` is separated from token `i - 1` (HARD if either is missing)."""
        kind = self.seps.get(i)
        if kind is not None:
            return kind
        a, b = self.tok(i - 1), self.tok(i)
        kind = HARD if a is None or b is None else _separation(self.text[a[1]:b[0]], self.wrapped)
        self.seps[i] = kind
        return kind

    def joined(self, i: int) -> bool:
        """Whether token `i` exists and follows token `i - 1` across white space only."""
        return self.sep(i) == SOFT


def _low(token: str) -> str:
    return token.lower().replace("’", "'")


def _wordish(text: str, i: int) -> bool:
    ch = text[i]
    return ch.isalnum() or (ch in "'’-." and 0 < i < len(text) - 1
                            and text[i - 1].isalnum() and text[i + 1].isalnum())


def _separation(gap: str, hard_wrapped: bool) -> int:
    """SOFT: white space only (one line break in wrapped copy); WEAK: other punctuation inside
    a sentence; HARD: a sentence or paragraph ends between the two words."""
    if not gap or gap.isspace():
        newlines = gap.count("\n")
        if newlines == 0 or (newlines == 1 and hard_wrapped):
            return SOFT
        return HARD if newlines > 1 or not hard_wrapped else WEAK
    if any(ch in SENTENCE_END for ch in gap) or gap.count("\n") > (1 if hard_wrapped else 0):
        return HARD
    return WEAK


# -- matching --------------------------------------------------------------------------------
@dataclass
class Hit:
    """One match of one entry: token range in its window and what each element captured."""

    entry: Entry
    window: Window
    first: int
    end: int                               # token index after the last matched token
    captures: list[tuple[int, int, frozenset[int] | None] | None]
    span: Span = field(init=False)

    def __post_init__(self) -> None:
        self.span = Span(self.window.start(self.first), self.window.end(self.end - 1))


def _no_word_before(el: Element, win: Window, first: int, words: WordSets) -> bool:
    """A leading guard: the word just before the match (adverbs skipped) is not one of `el`'s."""
    j = first - 1
    while win.joined(j + 1) and words.skippable(win.low(j)):
        j -= 1
    if not win.joined(j + 1):
        return True
    return not el.accepts(win.low(j), words)


def match_at(entry: Entry, win: Window, first: int, words: WordSets) -> Hit | None:
    """The longest match of `entry` starting at token `first` of the window, if any."""
    elements = entry.elements
    n = len(elements)
    best: list = []

    def usable(ti: int) -> bool:
        return win.tok(ti) is not None if ti == first else win.joined(ti)

    def step(ei: int, ti: int, caps: list) -> None:
        if ei == n:
            if ti > first and (not best or ti > best[0]):
                best[:] = [ti, list(caps)]
            return
        el = elements[ei]
        if el.kind == "guard":
            if ei == 0:
                ok = _no_word_before(el, win, first, words)
            else:
                ok = not (ti > first and win.joined(ti) and el.accepts(win.low(ti), words))
            if ok:
                caps.append(None)
                step(ei + 1, ti, caps)
                caps.pop()
            return
        if el.kind == "gap":
            k = 0
            while True:
                caps.append((ti, ti + k, None))
                step(ei + 1, ti + k, caps)
                caps.pop()
                if k == el.gap or not win.joined(ti + k) or win.low(ti + k) in words.stop:
                    break
                k += 1
            return
        if usable(ti):
            low = win.low(ti)
            if el.accepts(low, words):
                forms = el.words.get(low) if low in el.words else (
                    frozenset([ING]) if el.open_ing and words.is_ing_verb(low) else None)
                caps.append((ti, ti + 1, forms))
                step(ei + 1, ti + 1, caps)
                caps.pop()
        if el.optional:
            caps.append((ti, ti, None))
            step(ei + 1, ti, caps)
            caps.pop()

    step(0, first, [])
    if not best:
        return None
    return Hit(entry, win, first, best[0], best[1])


# -- rendering a replacement -------------------------------------------------------------------
class Renderer:
    """Turns a hit and a template into replacement text, inflecting lemmas to fit."""

    def __init__(self, morph: Morphology, words: WordSets) -> None:
        self.morph, self.words = morph, words

    def _back(self, win: Window, ti: int, skip_aux: bool = False) -> int | None:
        """The nearest token before `ti` in the same sentence, adverbs (and, if asked,
        auxiliaries and modals) skipped."""
        j = ti - 1
        while win.sep(j + 1) != HARD:
            low = win.low(j)
            if self.words.skippable(low) or (skip_aux and (low in self.words.aux
                                                           or low in self.words.modal
                                                           or low in self.words.do)):
                j -= 1
                continue
            return j
        return None

    def subject_number(self, win: Window, verb: int) -> tuple[bool, bool]:
        """(plural, certain) for the subject before the verb at token `verb`: a pronoun, a
        number or a word of the `plural`/`singular` sets is certain; a noun in -s is a guess,
        and so is anything else (read as singular)."""
        j = self._back(win, verb, skip_aux=True)
        if j is None:
            return False, False
        low = win.low(j)
        if low in self.words.plural:
            return True, True
        if low in self.words.singular:
            return False, True
        if self.words.is_number(low):
            return low not in ("1", "one"), True
        if low.endswith("s") and not low.endswith(("ss", "us", "is", "'s")) \
                and low not in self.words.singular_s and low not in self.words.stop:
            return True, False
        return False, False

    def choose_form(self, win: Window, verb: int, forms: frozenset[int] | None) -> tuple[int, bool]:
        """(form, after do-support) to give a replacement lemma whose pattern lemma matched
        token `verb` as `forms`: a modal or do-support before it asks for the bare form, an
        auxiliary for the participle where past and participle look alike."""
        if not forms:
            return BASE, False
        j = self._back(win, verb)
        before = win.low(j) if j is not None else ""
        do_support = before in self.words.do
        if BASE in forms and (before in self.words.modal or do_support):
            return BASE, do_support
        if PAST in forms and PP in forms:
            return (PP if before in self.words.aux else PAST), do_support
        if forms <= {BASE, PRESENT}:
            return PRESENT, do_support
        for f in (PP, PAST, S, ING, BASE, PRESENT):
            if f in forms:
                return f, do_support
        return BASE, do_support

    def render(self, hit: Hit, template: list[str], initial_cap: bool,
               plural_choice: bool | None = None) -> tuple[str, bool] | None:
        """Replacement text and whether a singular/plural guess went into it; None if a form
        cannot be given here (a 'be' after do-support)."""
        win, elements = hit.window, hit.entry.elements
        slots = [i for i, e in enumerate(elements) if e.slot is not None]
        out: list[str] = []
        guessed = False
        nth = 0
        for piece in template:
            m = PIECE_COPY_RE.match(piece)
            if m:
                cap = hit.captures[int(m.group(1)) - 1]
                if cap is None or cap[0] == cap[1]:
                    continue
                copied = win.text[win.start(cap[0]):win.end(cap[1] - 1)]
                if initial_cap and cap[0] == hit.first and out:
                    copied = _uncap(copied)
                out.append(" ".join(copied.split()))
                continue
            m = PIECE_LEMMA_RE.match(piece)
            if not m:
                out.append(piece)
                continue
            lemma, form_name, ref = m.groups()
            if ref is not None:
                source = int(ref) - 1
            elif form_name is None and lemma != "*":
                source = slots[nth]
                nth += 1
            else:
                source = next((i for i, e in enumerate(elements) if e.open_ing), None) \
                    if lemma == "*" else None
            cap = hit.captures[source] if source is not None else None
            if lemma == "*":
                ing = next(i for i, e in enumerate(elements) if e.open_ing)
                ing_cap = hit.captures[ing]
                lemma = self.morph.lemma_of_ing(win.low(ing_cap[0]))
            if form_name is not None:
                form, do_support = FORM_NAMES.index(form_name), False
            elif cap is None or cap[0] == cap[1]:
                form, do_support = BASE, False
            else:
                form, do_support = self.choose_form(win, cap[0], cap[2])
            if do_support and lemma in self.words.no_do_support:
                return None
            cell = self.morph.forms(lemma)[form]
            if cell == "-":
                return None
            if "|" in cell:
                singular, plural = cell.split("|", 1)
                verb = cap[0] if cap is not None and cap[0] != cap[1] else hit.first
                number, certain = self.subject_number(win, verb)
                if plural_choice is not None:
                    number = plural_choice
                cell = plural if number else singular
                guessed = guessed or not certain
            out.append(cell)
        text = " ".join(out)
        return self.fix_articles(text), guessed

    def fix_articles(self, text: str) -> str:
        """Make every 'a'/'an' in `text` agree with the word after it."""
        parts = text.split(" ")
        for i, w in enumerate(parts[:-1]):
            if w.lower() in ("a", "an"):
                want = self.words.article_for(parts[i + 1])
                if w.lower() != want:
                    parts[i] = _same_case(w, want)
        return " ".join(parts)


def _uncap(word: str) -> str:
    if len(word) > 1 and word[1:2].isupper():
        return word           # an acronym or capitals throughout: keep
    return word[:1].lower() + word[1:]


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def sentence_initial(text: str, start: int) -> bool:
    """Whether `start` begins a sentence: only openers and white space since the text's
    start, a line break, or sentence-final punctuation (closing quotes allowed after it)."""
    j = start - 1
    while j >= 0 and (text[j] in " \t" or text[j] in OPENERS):
        j -= 1
    if j < 0 or text[j] in "\r\n":
        return True
    while j >= 0 and text[j] in CLOSERS:
        j -= 1
    return j >= 0 and text[j] in ".!?…"


def recase(matched: str, replacement: str, initial: bool) -> str:
    """Carry the match's case over: all capitals, title case, or a sentence-initial capital."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = [w for w in matched.split() if w[:1].isalpha()]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(_title(w, i == 0) for i, w in enumerate(replacement.split()))
    if initial and matched[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _title(word: str, first: bool) -> str:
    if not first and word.lower() in SMALL_WORDS:
        return word
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


# -- the rule ----------------------------------------------------------------------------------
class PhraseRules:
    """A compiled phrase table: entries grouped by anchor word."""

    def __init__(self, rule, fail: Callable[[str], Exception]) -> None:
        spec = rule.spec
        self.words = WordSets(rule.read_table(spec["words"]) if "words" in spec else [], fail)
        self.morph = Morphology(rule.read_table(spec["inflections"])
                                if "inflections" in spec else [], fail)
        self.renderer = Renderer(self.morph, self.words)
        self.entries: list[Entry] = []
        for i, row in enumerate(rule.read_table(spec["table"])):
            try:
                self.entries.append(compile_entry(i, row, self.morph, self.words, rule.fix))
            except PatternError as exc:
                raise fail(f"table row {row[0]!r}: {exc}") from None
        self.groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for key in entry.anchor_keys():
                self.groups.setdefault(key, []).append(entry)
        self.vocabulary = frozenset(self.groups)

    def hits(self, doc) -> list[Hit]:
        """Every match, overlaps resolved: the leftmost, then the longest, then the one with
        fewer gaps, then the first in the table."""
        doc.want_words(self.vocabulary)
        text = doc.text
        wrapped = None
        found: dict[tuple[int, int, int], Hit] = {}
        for key in doc.words_present(self.vocabulary):
            entries = self.groups[key]
            positions = doc.word_starts(key)
            if wrapped is None:
                wrapped = doc.hard_wrapped
            for pos in positions:
                win = Window.at(text, pos, wrapped)
                if win is None:
                    continue
                low = win.low(0)
                for entry in entries:
                    if low not in entry.elements[entry.anchor].words:
                        continue
                    for first in range(-entry.max_left, -entry.min_left + 1):
                        hit = match_at(entry, win, first, self.words)
                        if hit is None or hit.end <= 0:
                            continue
                        span = hit.span
                        found.setdefault((span.start, span.end, entry.index), hit)
        ordered = sorted(found.values(), key=lambda h: (h.span.start, -(h.span.end - h.span.start),
                                                        h.entry.gaps, h.entry.index))
        kept: list[Hit] = []
        reach = -1
        for hit in ordered:
            if hit.span.start >= reach:
                kept.append(hit)
                reach = hit.span.end
        return kept

    def fixes(self, hit: Hit) -> tuple[list[Fix], list[str]]:
        """The fixes for a hit, best first (none if the entry's rule has no fix), and the
        replacement texts they put in (for the message, fix or not)."""
        text = hit.window.text
        span = hit.span
        matched = text[span.start:span.end]
        initial = sentence_initial(text, span.start)
        shown = " ".join(matched.split())
        fixes: list[Fix] = []
        texts: list[str] = []
        for template in hit.entry.templates:
            first = self.renderer.render(hit, template, initial and matched[:1].isupper())
            if first is None:
                continue
            variants = [first]
            if first[1]:
                number, _ = self.renderer.subject_number(hit.window, _verb_token(hit))
                other = self.renderer.render(hit, template, initial and matched[:1].isupper(),
                                             plural_choice=not number)
                if other is not None and other[0] != first[0]:
                    variants.append(other)
            for rendered, guessed in variants:
                replacement = recase(matched, rendered, initial)
                edit_span, new = self._with_article(hit, span, replacement)
                if new == text[edit_span.start:edit_span.end] or replacement in texts:
                    continue
                texts.append(replacement)
                applicability = hit.entry.applicability
                if applicability is None:
                    continue
                if guessed:
                    applicability = min(applicability, Applicability.UNSAFE)
                fixes.append(Fix.replace(edit_span, new, f"Replace '{shown}' with '{replacement}'",
                                         applicability))
        return fixes, texts

    def _with_article(self, hit: Hit, span: Span, replacement: str) -> tuple[Span, str]:
        """Widen the edit over an 'a'/'an' just before the match if the replacement needs the
        other one."""
        win = hit.window
        j = hit.first - 1
        if not win.joined(hit.first) or win.low(j) not in ("a", "an"):
            return span, replacement
        first_word = replacement.split(" ", 1)[0]
        want = self.words.article_for(first_word)
        if want == win.low(j):
            return span, replacement
        article = win.text[win.start(j):win.end(j)]
        return Span(win.start(j), span.end), f"{_same_case(article, want)} {replacement}"


def _verb_token(hit: Hit) -> int:
    """The token of the hit's first lemma element (the verb a number guess agrees with)."""
    for el, cap in zip(hit.entry.elements, hit.captures):
        if el.slot is not None and cap is not None and cap[0] != cap[1]:
            return cap[0]
    return hit.first


# -- kind interface ------------------------------------------------------------------------------
def validate(rule, fail) -> None:
    """Check the keys of a phrase rule (the loader calls this for kinds that offer it)."""
    if not isinstance(rule.spec.get("table"), str):
        raise fail("a phrase rule needs 'table', a path relative to the rule file")
    for key in ("words", "inflections"):
        if key in rule.spec and not isinstance(rule.spec[key], str):
            raise fail(f"key '{key}' must be a path relative to the rule file")
    exceptions = rule.spec.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(e, str) for e in exceptions):
        raise fail("key 'exceptions' must be a list of regular expressions")


def prepare(rule):
    """Compile the rule's table; return its check function (which carries `vocabulary` and the
    compiled `phrases`, for tests)."""
    def fail(msg: str) -> Exception:
        from ..rules import RuleError
        return RuleError(f"{rule.origin}: rule {rule.code}: {msg}")

    validate(rule, fail)
    phrases = PhraseRules(rule, fail)
    protected = exception_matcher(rule)

    def check(doc, rule) -> Iterator:
        hits = phrases.hits(doc)
        if not hits:
            return
        covered = protected(doc.text, [h.span for h in hits])
        for hit in hits:
            span = hit.span
            if covered(span):
                continue
            fixes, texts = phrases.fixes(hit)
            matched = " ".join(doc.text[span.start:span.end].split())
            entry = hit.entry
            replacement = texts[0] if texts else " ".join(entry.templates[0])
            finding = rule.finding(span, fix=fixes[0] if fixes else None, alternatives=fixes[1:],
                                   match=matched, replacement=replacement, note=entry.note,
                                   languages=entry.languages)
            # set after the fact: Severity.INFO is 0, which rule.finding reads as "not given"
            yield dataclasses.replace(finding, severity=Severity.INFO) if entry.hint else finding

    check.vocabulary = phrases.vocabulary
    check.phrases = phrases
    return check
