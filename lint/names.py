"""Proper-name mentions and transliteration-aware keys: the shared layer under the name rules.

A *mention* is a capitalised word that reads as a name: not a common English word (those are
titles, institutions, or names too common to be spelt two ways); possessives are stripped
("Zelensky's" -> "Zelensky"); runs of mentions
("Oksana Bilozir", "Verkhovna Rada") form a full name whose last word is its surname.

Two spellings are *variants* when their folded keys agree (romanisation differences folded away:
y/i, ie/i, kh/h, g/h, ts/c, cz/ch, w/v, doubled letters, diacritics, hyphens), when their vowel
skeletons agree (Mohammed / Muhammad), or when their folded keys are close and both are rare
(Tsikhanouskaya / Tikhanovskaya). Known words of English (Austria / Australia), a man's and a
woman's form of one surname (Navalny / Navalnaya), and derived forms (Kyiv / Kyivan) never are.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from anyascii import anyascii

from .document import Document
from .tables import builtin_rules_dir, read_tsv

# a capitalised word, with inner apostrophes or hyphens (O'Brien, Ivano-Frankivsk), and the
# possessive 's kept apart
NAME_RE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}'’-])(\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*?)(?:['’]s)?"
    r"(?![\p{L}\p{M}\p{N}])")
# words that join a full name without ending it
PARTICLES = frozenset("de del della di da van von der den la le al el bin ibn bint ben".split())
KNOWN_ZIPF = 3.9           # two spellings both this common are two words, not one name
# feminine surname endings, in folded form (y -> i): -skaya, -aya, -ska, -ova, -eva, -ina, -a
FEMININE = ("skaia", "aia", "ska", "cka", "ova", "eva", "iova", "ina", "na", "a")
DERIVED = ("ians", "ian", "ans", "an", "ites", "ite", "ers", "er", "s", "i", "d", "ed", "ing",
           "es", "e")

FOLDS = [("dj", "d"), ("shch", "sc"), ("kh", "h"), ("zh", "j"), ("ts", "c"), ("tz", "c"), ("cz", "ch"),
         ("sz", "sh"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("g", "h"), ("ie", "i"),
         ("iy", "i"), ("yi", "i"), ("y", "i"), ("j", "i"), ("ou", "ov"), ("x", "ks"), ("q", "k")]


@dataclass
class Mention:
    """One occurrence of a name word."""

    word: str            # as written, possessive stripped
    start: int
    end: int
    full: bool = False   # part of a multi-word name
    surname: bool = True  # the last word of its name (or a name standing alone)
    partner: str = ""    # for a first name: the surname it goes with
    given: str = ""      # for a surname in a full name: the name's first word


@dataclass
class Spelling:
    """Every mention of one spelling in a document."""

    word: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]


def strip_accents(word: str) -> str:
    """The word without diacritics (Zelenskyi with an acute -> Zelenskyi), Latin letters that
    have no decomposition spelt in ASCII as well (ł -> l, đ -> d, ø -> o, ß -> ss, æ -> ae,
    ı -> i: anyascii's tables). Letters of other scripts are kept: a Cyrillic spelling is
    untranslated text, not a variant."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if plain.isascii():
        return plain
    return "".join(anyascii(ch) if not ch.isascii() and unicodedata.name(ch, "").startswith("LATIN")
                   else ch for ch in plain)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Transliteration-folded key: lower case, no diacritics, hyphens or apostrophes,
    romanisation alternatives reduced to one form, doubled letters collapsed."""
    key = strip_accents(word).lower()
    key = regex.sub(r"[\W_]", "", key)
    if key.startswith("ts"):        # Tsikhanouskaya / Tikhanovskaya: one sound, two spellings
        key = "t" + key[2:]
    for a, b in FOLDS:
        key = key.replace(a, b)
    return regex.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The folded key with vowels reduced to three classes (Mohammed ~ Muhammad)."""
    return fold(word).translate(str.maketrans("aeoui", "aauui"))


@lru_cache(maxsize=1)
def _lowercase_words() -> frozenset[str]:
    """English words written in lower case (rules/wordlists/lowercase-words.tsv, from SCOWL):
    a small shipped list, so telling "Mayor" from "Marchuk" never loads the big lexicon."""
    return frozenset(row[0] for row in read_tsv(builtin_rules_dir() / "wordlists" / "lowercase-words.tsv"))


def is_common(word: str) -> bool:
    """True if the word is one English writes in lower case ("Mayor", "Air", "Trump"): a
    title, an institution, or a name too common to be spelt two ways."""
    low = word.lower()
    return low in _lowercase_words() or low in not_given_names()


def mentions(doc: Document) -> list[Mention]:
    """Name mentions in document order (cached on the document)."""
    return doc.shared("names.mentions", lambda d: list(_mentions(d)))


def _mentions(doc: Document) -> Iterator[Mention]:
    text = doc.text
    run: list[Mention] = []
    for m in NAME_RE.finditer(text):
        word = m.group(1)
        if len(word) < 3 or word.isupper():
            _close(run, text)
            yield from run
            run = []
            continue
        if is_common(word):     # "Mayor", "Air", "Trump": words, or names too common to vary
            _close(run, text)
            yield from run
            run = []
            continue
        mention = Mention(word, m.start(1), m.end(1))
        if run and _joined(text, run[-1].end, m.start()):
            run.append(mention)
        else:
            _close(run, text)
            yield from run
            run = [mention]
    _close(run, text)
    yield from run


GIVEN_BEFORE_RE = regex.compile(r"(?<![\p{L}\p{M}'’-])(\p{Lu}\p{Ll}+) $")


@lru_cache(maxsize=1)
def not_given_names() -> frozenset[str]:
    """Capitalised common words that never begin a person's name (titles, days, function
    words, nationalities), from rules/wordlists/not-given-names.txt."""
    return frozenset(row[0] for row in read_tsv(builtin_rules_dir() / "wordlists" / "not-given-names.txt"))


def _given_before(text: str, start: int) -> str:
    """A common first name right before a name ("Maria" in "Maria Kovalenko"), if any: a
    capitalised word, one space before, that is no title, day or function word."""
    m = GIVEN_BEFORE_RE.search(text, max(0, start - 24), start)
    if m and m.group(1).lower() not in not_given_names():
        return m.group(1)
    return ""


def reads_as_person(text: str, start: int, end: int, places: frozenset[str] = frozenset()) -> bool:
    """True if the capitalised word at [start, end) is a person's surname here: a first name
    stands right before it ("Alexander Cherkassy": a capitalised word that is no title, day,
    function word, common English word, sentence opener or one of `places`), or an age follows
    ("Cherkassy, 45,"). A verb of saying proves nothing: "Kyiv said" is the government."""
    given = _given_before(text, start)
    if given and not is_common(given) and given not in places:
        j = start - len(given) - 2          # the character before the first name and its space
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and text[j] not in ".!?:\n\"“”«»(":
            return True
    return bool(AGE_AFTER_RE.match(text, end))


AGE_AFTER_RE = regex.compile(r",\s+\d{1,3},")


def _joined(text: str, end: int, start: int) -> bool:
    """True if two capitalised words belong to one name: only spaces (or a particle) between."""
    gap = text[end:start]
    if gap == " ":
        return True
    words = gap.split()
    return len(words) == 1 and words[0].lower() in PARTICLES and gap.startswith(" ")


def _close(run: list[Mention], text: str = "") -> None:
    if run and text and not run[0].given:
        given = _given_before(text, run[0].start)
        if given:               # "Maria Kovalenko": a common first name before a rare surname
            run[-1].given = given
            for m in run:
                m.full = True
    if len(run) > 1:
        surname = run[-1].word
        for m in run:
            m.full = True
        for m in run[:-1]:
            m.surname = False
            m.partner = surname
        run[-1].given = run[0].word


def spellings(found: Iterable[Mention]) -> dict[str, Spelling]:
    """Mentions grouped by spelling, in order of first appearance."""
    out: dict[str, Spelling] = {}
    for m in found:
        out.setdefault(m.word, Spelling(m.word)).mentions.append(m)
    return out


def gendered(a: str, b: str) -> bool:
    """True for a man's and a woman's form of one surname (Navalny / Navalnaya,
    Tsikhanouski / Tsikhanouskaya, Ivanov / Ivanova, Kowalski / Kowalska)."""
    fa, fb = fold(a), fold(b)
    if len(fa) > len(fb):
        fa, fb = fb, fa
    for suffix in FEMININE:
        if fb.endswith(suffix) and not fa.endswith(suffix):
            stem = fb[: -len(suffix)]
            if fa == stem or fa.startswith(stem) and len(fa) - len(stem) <= 3:
                return True
    return False


def derived(a: str, b: str) -> bool:
    """True if one spelling is the other plus a derivational ending (Kyiv / Kyivan)."""
    la, lb = a.lower(), b.lower()
    if len(la) > len(lb):
        la, lb = lb, la
    end = lb[len(la):]
    return lb.startswith(la) and (end in DERIVED or (end == "n" and la[-1:] in "aeiou"))


RARE_ZIPF = 3.5        # only spellings rarer than this are compared by similarity
FUZZY_MIN = 6          # ... and only if their folded keys have at least this many letters


def _fuzzy_cutoff(fa: str, fb: str) -> int:
    return 85 if min(len(fa), len(fb)) >= 8 else 90


def variants(a: str, b: str) -> bool:
    """True if two different spellings are most likely the same name."""
    if a == b:
        return False
    fa, fb = fold(a), fold(b)
    if fa != fb:
        same_skeleton = min(len(fa), len(fb)) >= FUZZY_MIN and skeleton(a) == skeleton(b)
        if not same_skeleton:
            if fa[:1] != fb[:1] or min(len(fa), len(fb)) < FUZZY_MIN:
                return False
            from rapidfuzz.fuzz import ratio
            if ratio(fa, fb) < _fuzzy_cutoff(fa, fb):
                return False
        # the word list last, and only for a close pair: two known words are two words
        from .lexicon import zipf
        za, zb = zipf(a), zipf(b)
        if za >= KNOWN_ZIPF and zb >= KNOWN_ZIPF:
            return False
        if not same_skeleton and max(za, zb) >= RARE_ZIPF:
            return False
    # one folded key is one name even if one spelling looks derived (Zelensky / Zelenskyi)
    return not gendered(a, b) and (fa == fb or not derived(a, b))


def candidate_pairs(words: Iterable[str]) -> set[tuple[str, str]]:
    """Pairs of spellings worth testing with `variants`, found without comparing every word
    with every other: words sharing a folded key or vowel skeleton, and rare long words whose
    folded keys are close (rapidfuzz, within blocks of one first letter)."""
    from itertools import combinations

    words = sorted(set(words))
    same_key: dict[str, list[str]] = {}
    for w in words:
        same_key.setdefault("f:" + fold(w), []).append(w)
        if len(fold(w)) >= FUZZY_MIN:
            same_key.setdefault("s:" + skeleton(w), []).append(w)
    pairs = {(a, b) for group in same_key.values() if len(group) > 1
             for a, b in combinations(group, 2)}
    blocks: dict[str, list[str]] = {}
    for w in words:
        if len(fold(w)) >= FUZZY_MIN and not is_common(w):
            blocks.setdefault(fold(w)[:1], []).append(w)
    if any(len(b) > 1 for b in blocks.values()):
        from rapidfuzz import fuzz, process
        for block in blocks.values():
            keys = [fold(w) for w in block]
            for i, w in enumerate(block):
                for _, _score, j in process.extract(keys[i], keys, scorer=fuzz.ratio,
                                                   score_cutoff=85, limit=None):
                    if j > i:
                        pairs.add((w, block[j]))
    return pairs


def variant_groups(words: Iterable[str], same=variants) -> list[list[str]]:
    """Spellings grouped into sets of variants of one name (by the predicate `same`, default
    `variants`), testing only the candidate pairs, so the work never goes quadratic."""
    parent: dict[str, str] = {}

    def root(w: str) -> str:
        while parent.get(w, w) != w:
            w = parent[w]
        return w

    for a, b in sorted(candidate_pairs(words)):
        if root(a) != root(b) and same(a, b):
            parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for w in sorted(set(parent) | set(parent.values())):
        groups.setdefault(root(w), []).append(w)
    return [g for g in groups.values() if len(g) > 1]
