"""Spelling of names: near-transliterations of known places (MT102) and misspelt known
entities (MT103).

Both rules look at every distinct word of a document, so they work on the set of distinct
words first (one split per megabyte, then a regex over each distinct chunk), block the known
names by a cheap key (first letter and length) before any fuzzy scoring, and remember their
verdict per distinct word. Only the few words that come out as findings are searched for in
the text again. rapidfuzz and the English lexicon are imported lazily, when a word is close
enough to a known name to need them.

Data lives in rules/wordlists/: the places, the variant forms MT101 already reports, the
exonyms kept on purpose, and the entities with their known misspellings; the rule records
name the tables in `options`, so another country's places are one more table.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Document
from ..kinds import match_case
from ..lifecycle import Option, preparer
from ..model import Applicability, Finding, Fix, Span

# A word: letters with inner apostrophes (soft signs, possessives) or hyphens.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*")
JOINERS = "'’ʼ-"
APOSTROPHES = "'’ʼ`"
POSSESSIVES = ("'s", "’s", "'S", "’S")
CACHE_LIMIT = 200_000          # distinct words remembered per rule before the memo is reset



# -- words of a document ------------------------------------------------------------------
def distinct_words(doc: Document) -> frozenset[str]:
    """The distinct words of the document (WORD_RE), computed once per document from its
    distinct white-space chunks (Document.distinct_chunks)."""
    return doc.shared("spelling.distinct-words", _distinct_words)


def _distinct_words(doc: Document) -> frozenset[str]:
    words: set[str] = set()
    for c in doc.distinct_chunks:
        words.update(WORD_RE.findall(c))
    return frozenset(words)


def occurrences(text: str, word: str) -> Iterator[int]:
    """Offsets where `word` stands as a word, a possessive, or a hyphen-separated part of one
    (not inside a longer word, nor beside an inner apostrophe: "L'viv" holds no word "L")."""
    n, size = len(text), len(word)
    find = text.find
    s = find(word)
    while s >= 0:
        e = s + size
        if _word_edges_ok(text, s, e, n):
            yield s
        s = find(word, s + 1)


def _word_edges_ok(text: str, s: int, e: int, n: int) -> bool:
    if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
        return False
    if e < n and (text[e].isalnum() or text[e] == "_"):
        return False
    if s > 1 and text[s - 1] in APOSTROPHES and text[s - 2].isalpha():
        return False
    if e + 1 < n and text[e] in APOSTROPHES and text[e + 1].isalpha():
        return text[e + 1] in "sS" and (e + 2 >= n or not text[e + 2].isalpha())
    return True


def strip_possessive(word: str) -> str:
    """'Kharkiw's' -> 'Kharkiw'."""
    return word[:-2] if word.endswith(POSSESSIVES) and len(word) > 3 else word


def in_url(text: str, start: int, end: int) -> bool:
    """True if the word at [start, end) is part of a web address, e-mail, handle or hashtag."""
    before = text[start - 1] if start else " "
    after = text[end:end + 2]
    if before in "@#" or (before == "." and start > 1 and text[start - 2].isalnum()):
        return True
    if after[:1] == "." and after[1:2].isalnum():
        return True
    lo = text.rfind(" ", max(0, start - 200), start) + 1
    hi = text.find(" ", end, end + 200)
    chunk = text[lo:hi if hi >= 0 else end + 200]
    return "://" in chunk or "www." in chunk


def person_context(text: str, start: int, end: int, titles: frozenset[str],
                   not_given: frozenset[str]) -> bool:
    """True if the word at [start, end) reads as a person's name here: after a title ("Mr",
    "spokesman") or a capitalised given name on the same line, or, unless a preposition comes
    first ("in", "near": words of `not_given` in lower case), before a verb of saying or an age
    in commas ("Kovalenko, 45,")."""
    m = _PREV_WORD_RE.search(text, max(0, start - 40), start)
    if m:
        prev = m.group(1)
        if prev in titles or prev.rstrip(".") in titles:
            return True
        if prev.islower() and prev.capitalize() in not_given:
            return False        # "in Avdiivka said" is a place: a preposition comes first
        if prev[:1].isupper() and not prev.isupper() and prev not in not_given \
                and not _sentence_start(text, m.start(1)):
            return True
    return bool(_NEXT_PERSON_RE.match(text, end))


_PREV_WORD_RE = re.compile(r"([^\W\d_]+\.?) $")
_NEXT_PERSON_RE = re.compile(
    r"(?:,\s+\d{1,3},|\s+(?:said|says|told|added|wrote|noted|argued|explained|recalled|insisted|"
    r"replied|stressed|warned|asked)\b)")


def _sentence_start(text: str, pos: int) -> bool:
    """True if `pos` begins a sentence or a line (only white space or terminal punctuation
    and quotes before it)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    while i >= 0 and text[i] in "\"'“‘«(":
        i -= 1
    return i < 0 or text[i] in "\n.!?:;—–-"


def bag_distance(a: str, b: str) -> int:
    """A cheap lower bound of the edit distance: letters one string has and the other lacks.
    Used to skip pairs before rapidfuzz is imported or called."""
    extra = Counter(a)
    extra.subtract(b)
    return max(sum(v for v in extra.values() if v > 0), -sum(v for v in extra.values() if v < 0))


def _is_english(word: str, min_zipf: float) -> bool:
    from .. import lexicon
    return lexicon.zipf(word) >= min_zipf


def _replacement_fix(rule, span: Span, shown: str, replacement: str,
                     applicability: Applicability) -> Fix | None:
    if rule.fix is None:
        return None
    level = min(rule.fix, applicability)
    return Fix.replace(span, replacement, f"Replace '{shown}' with '{replacement}'", level)


# -- transliteration keys ------------------------------------------------------------------
_CHAR_MAP = str.maketrans({
    "ž": "zh", "ż": "zh", "ź": "zh", "š": "sh", "ś": "sh", "č": "ch", "ć": "ch", "ł": "l",
    "ß": "ss", "ı": "i"})
# one pass, longest spellings first: each alternative becomes one key letter
_FOLDS = {
    "schtsch": "ŝ", "shch": "ŝ", "tsch": "č", "sch": "š", "tch": "č", "sz": "š", "cz": "č",
    "ch": "č", "sh": "š", "zh": "ž", "kh": "h", "ph": "f", "ck": "k", "ts": "c", "tz": "c",
    "ie": "e", "ye": "e", "je": "e", "w": "v", "x": "ks", "q": "k", "g": "h", "y": "i", "j": "i",
}
_FOLD_RE = re.compile("|".join(sorted(_FOLDS, key=len, reverse=True)))
_DOUBLES_RE = re.compile(r"(.)\1+")
_NOT_LETTER_RE = re.compile(r"[^a-zčšžŝ]+")


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A spelling key under which the usual romanisations of one Slavic name meet.

    Lower case, no diacritics, apostrophes (soft signs), hyphens or spaces; kh/h/g, ch/tch/cz,
    sh/sch/sz, zh, shch, ts/tz/c, w/v, y/i/j (so ii, iy, yi, ji), ie/ye/e folded; doubled
    letters collapsed. "Kharkiw", "Kharkiv" -> "harkiv"; "Zaporizhia", "Zaporizhzhia" ->
    "zaporižia"; "Dnipropetrovs'k" -> "dnipropetrovsk".
    """
    s = word.lower()
    if not s.isascii():
        s = s.translate(_CHAR_MAP)
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = _NOT_LETTER_RE.sub("", _FOLD_RE.sub(lambda m: _FOLDS[m.group()], s))
    return _DOUBLES_RE.sub(r"\1", s)


def key_tolerance(key: str, short: int, long: int) -> int:
    """Edits allowed between two keys: none below `short` letters, one up to `long`, then two."""
    n = len(key)
    return 0 if n < short else (1 if n < long else 2)


# -- MT102: near-transliterations of known places --------------------------------------------
@dataclass(eq=False)
class Place:
    """A standard place name and its transliteration key."""

    name: str
    key: str
    words: tuple[str, ...]


@dataclass(eq=False)
class PlaceIndex:
    """Known places, blocked by the first letter of their key for fuzzy lookup."""

    places: list[Place]
    known: frozenset[str]          # case-folded names never reported (standard, kept, variants)
    variants: frozenset[str]       # case-folded forms another rule (MT101) reports
    standard: frozenset[str]       # case-folded standard forms, for derived words ("Kyivan")
    suffixes: tuple[str, ...]      # endings of derived words: "an", "ite"...
    by_key: dict[str, Place]       # exact keys of single-word places
    by_first: dict[tuple[str, int], list[Place]]      # (first letter, length) of the key
    by_word_key: dict[tuple[str, int], list[tuple[Place, int]]]   # two-word places, by a word
    memo: dict[str, tuple[Place, int] | None] = field(default_factory=dict)


def _table_cells(rule, tables: Iterable) -> list[tuple[str, ...]]:
    """The rows (with a first cell) of several tables, in order."""
    return [row for table in tables for row in table.rows if row and row[0]]


def place_index(rule) -> PlaceIndex:
    """Read the rule's tables: `places` (standard<TAB>...: reported when spelt nearly),
    `known_places` (standard<TAB>...: known names only), `variants` (wrong<TAB>right: MT101's
    table; the right-hand forms are reported places too) and `kept` (legitimate exonyms)."""
    opts = rule.options
    places: dict[str, Place] = {}
    for row in _table_cells(rule, opts["places"]):
        places[row[0]] = Place(row[0], translit_key(row[0]), tuple(row[0].split()))
    variant_rows = _table_cells(rule, opts["variants"])
    for row in variant_rows:
        for right in row[1].split("|") if len(row) > 1 else ():
            if right not in places and " " not in right and right[:1].isupper():
                places[right] = Place(right, translit_key(right), (right,))
    others = {row[0].casefold() for row in _table_cells(rule, opts["known_places"])}
    kept = {row[0].casefold() for row in _table_cells(rule, opts["kept"])}
    variants = frozenset(" ".join(row[0].split()).casefold() for row in variant_rows)
    standard = frozenset(p.casefold() for p in places) | others
    by_key: dict[str, Place] = {}
    by_first: dict[tuple[str, int], list[Place]] = {}
    by_word_key: dict[tuple[str, int], list[tuple[Place, int]]] = {}
    for p in places.values():
        if len(p.words) == 1:
            by_key.setdefault(p.key, p)
            by_first.setdefault((p.key[:1], len(p.key)), []).append(p)
            continue
        for i, w in enumerate(p.words):
            k = translit_key(w)
            if len(k) >= 5:
                by_word_key.setdefault((k[:1], len(k)), []).append((p, i))
    suffixes = tuple(sorted(opts["derived_suffixes"], key=len, reverse=True))
    return PlaceIndex(list(places.values()), standard | kept | variants, variants, standard,
                      suffixes, by_key, by_first, by_word_key)


def _derived(index: PlaceIndex, folded: str) -> bool:
    """A word built on a standard form with a derivational ending ("kyivan", "kharkivites")."""
    return any(folded.endswith(suf) and folded[:-len(suf)] in index.standard
               for suf in index.suffixes)


def _closest_place(index: PlaceIndex, word: str, key: str, short: int,
                   long: int) -> tuple[Place, int] | None:
    """The single-word place whose key equals `key` or is within tolerance of it (with the
    same last letter: a different ending is another word, "Pivdennyi" beside "Pivdenne")."""
    exact = index.by_key.get(key)
    if exact is not None:
        return exact, 0
    if len(key) < short - 1:
        return None
    memo = index.memo
    if word in memo:
        return memo[word]
    if len(memo) > CACHE_LIMIT:
        memo.clear()
    best = None
    first, n = key[:1], len(key)
    for length in range(n - 2, n + 3):
        for p in index.by_first.get((first, length), ()):
            allowed = key_tolerance(p.key, short, long)
            if not allowed or p.key[-1] != key[-1] or abs(length - n) > allowed \
                    or bag_distance(key, p.key) > allowed:
                continue
            from rapidfuzz.distance import Levenshtein
            d = Levenshtein.distance(key, p.key, score_cutoff=allowed)
            if d <= allowed and (best is None or d < best[1]):
                best = (p, d)
    memo[word] = best
    return best


@dataclass
class _Settings:
    short: int
    long: int
    min_key: int
    min_zipf: float
    titles: frozenset[str]
    not_given: frozenset[str]
    place_words: frozenset[str]


def _settings(rule, index: PlaceIndex) -> _Settings:
    opts = rule.options
    return _Settings(opts["fuzzy_from"], opts["two_edits_from"], opts["min_key"], opts["known_zipf"],
                     frozenset(opts["titles"]),
                     frozenset(opts["not_given_names"]) | {p.name for p in index.places},
                     frozenset(opts["place_words"]))


NEAR_OPTIONS = {
    "places": Option("tables", [], "places whose near-spellings are reported (standard<TAB>...)"),
    "known_places": Option("tables", [], "other places: known names, never reported"),
    "variants": Option("tables", [], "wrong<TAB>right tables reported elsewhere; right forms are places"),
    "kept": Option("tables", [], "legitimate exonyms: known names, never variants"),
    "min_key": Option("int", 5, "keys shorter than this are never compared"),
    "fuzzy_from": Option("int", 8, "a key this long may differ by one edit"),
    "two_edits_from": Option("int", 12, "a key this long may differ by two edits"),
    "derived_suffixes": Option("words", [], "endings of words derived from a place (Kyivan)"),
    "known_zipf": Option("float", 2.0, "a word this frequent in English is a known word"),
    "titles": Option("words", [], "titles before a name: the next word is a person"),
    "place_words": Option("words", [], "capitalised words that may follow a place's name"),
    "not_given_names": Option("words", [], "capitalised words before places that are not given names"),
}


@preparer(options=NEAR_OPTIONS, fields=("how", "match", "replacement"))
def near_transliteration(rule, env):
    """MT102: the place index is built once per rule set."""
    index = place_index(rule)
    cfg = _settings(rule, index)
    return lambda doc, budget: _near_transliterations(doc, rule, index, cfg)


def _near_transliterations(doc: Document, rule, index: PlaceIndex, cfg: _Settings) -> Iterator[Finding]:
    """A capitalised word that is a near-transliteration of a known place ("Kharkiw",
    "Mykolayiv", "Dnipropetrovs'k", "Krivyi Rih"), with an unsafe fix to the standard form."""
    text = doc.text
    single: dict[str, tuple[Place, int]] = {}       # word or hyphen part -> place, distance
    multi: list[tuple[str, Place, int]] = []         # word -> two-word place, which word
    for raw in distinct_words(doc):
        if not raw[:1].isupper():
            continue
        word = strip_possessive(raw)
        folded = word.casefold()
        if folded in index.known or len(word) < 3:
            continue
        for piece in [word] + (word.split("-") if "-" in word else []):
            if len(piece) < 4 or not piece[:1].isupper():
                continue
            key = translit_key(piece)
            if len(key) < cfg.min_key:
                continue
            hit = _closest_place(index, piece, key, cfg.short, cfg.long)
            if hit:
                pf = piece.casefold()
                if pf not in index.known and not _derived(index, pf):
                    single[piece] = hit
                break
        if index.by_word_key:
            key = translit_key(word)
            for length in (len(key) - 1, len(key), len(key) + 1):
                multi.extend((word, p, i) for p, i in index.by_word_key.get((key[:1], length), ())
                             if _near(key, translit_key(p.words[i])))
    hits: list[tuple[int, int, Place, int]] = []
    for word, (place, dist) in single.items():
        if _is_english(word, cfg.min_zipf):
            continue
        starts = list(occurrences(text, word))
        if not any(_as_person(text, s, s + len(word), cfg) for s in starts):
            hits.extend((s, s + len(word), place, dist) for s in starts)
    for word, place, i in multi:
        for s in occurrences(text, word):
            span = _other_words_match(text, s, s + len(word), place, i)
            if span:
                shown = " ".join(text[span[0]:span[1]].split())
                if shown != place.name and shown.casefold() not in index.variants:
                    hits.append((span[0], span[1], place, 1))
    last_end = -1
    for s, e, place, dist in sorted(hits, key=lambda h: (h[0], -h[1])):
        if s < last_end:
            continue
        last_end = e
        shown = " ".join(text[s:e].split())
        replacement = match_case(shown, place.name)
        where = Span(s, e)
        yield rule.finding(
            where, fix=_replacement_fix(rule, where, shown, replacement, Applicability.UNSAFE),
            match=shown, replacement=replacement, place=place.name,
            how="a close variant" if dist else "another romanisation")


def _near(key: str, target: str) -> bool:
    if key == target:
        return True
    if abs(len(key) - len(target)) > 1 or key[-1] != target[-1] or bag_distance(key, target) > 1:
        return False
    from rapidfuzz.distance import Levenshtein
    return Levenshtein.distance(key, target, score_cutoff=1) <= 1


def _as_person(text: str, start: int, end: int, cfg: _Settings) -> bool:
    """Person context, or a given name: a capitalised word right after it that is not part
    of a place's name ("Borislav Petrov" but not "Zaporizhia Oblast")."""
    if person_context(text, start, end, cfg.titles, cfg.not_given):
        return True
    if text[start:end].isupper():
        return False
    m = _NEXT_CAP_RE.match(text, end)
    return bool(m and m.group(1)[:1].isupper() and m.group(1)[1:2].islower()
                and m.group(1) not in cfg.place_words)


_NEXT_CAP_RE = re.compile(r" ([^\W\d_][^\W\d_]*)")


def _other_words_match(text: str, start: int, end: int, place: Place,
                       i: int) -> tuple[int, int] | None:
    """The span of the whole place name around word `i` at [start, end), if the neighbouring
    words have the keys of the place's other words (one space or line break between them)."""
    s, e = start, end
    for j in range(i - 1, -1, -1):
        m = re.search(r"([^\W\d_]+)\s$", text[max(0, s - 40):s])
        if not m or translit_key(m.group(1)) != translit_key(place.words[j]):
            return None
        s -= len(m.group(0))
    for j in range(i + 1, len(place.words)):
        m = re.match(r"\s([^\W\d_]+)", text[e:e + 40])
        if not m or translit_key(m.group(1)) != translit_key(place.words[j]):
            return None
        e += m.end()
    return s, e


# -- MT103: misspelt known entities ----------------------------------------------------------
@dataclass(eq=False)
class Entity:
    """A medium, agency or institution: its canonical spelling and what it is."""

    name: str
    what: str
    words: tuple[str, ...]


@dataclass(eq=False)
class EntityIndex:
    """Entities, their known misspellings, and their words blocked for fuzzy lookup."""

    entities: list[Entity]
    misspellings: dict[str, tuple[str, Entity]]     # case-folded misspelling -> (as listed, entity)
    by_first_word: dict[str, list[str]]            # case-folded first word -> misspellings
    targets: dict[str, list[tuple[Entity, int]]]   # first letter -> (entity, word index)
    known: frozenset[str]                          # case-folded names never treated as misspelt
    exact: frozenset[str]                          # the entities' words as spelt
    memo: dict[str, tuple[Entity, int, int] | None] = field(default_factory=dict)


def entity_index(rule) -> EntityIndex:
    """Read the rule's `entities` tables (canonical<TAB>misspellings|...<TAB>what<TAB>source)
    and the `known` tables whose first column holds names that are never misspellings."""
    opts = rule.options
    min_len = int(opts["fuzzy_min_length"])
    entities: list[Entity] = []
    misspellings: dict[str, tuple[str, Entity]] = {}
    by_first_word: dict[str, list[str]] = {}
    targets: dict[str, list[tuple[Entity, int]]] = {}
    for row in _table_cells(rule, opts["entities"]):
        ent = Entity(row[0], row[2] if len(row) > 2 else "", tuple(row[0].split()))
        entities.append(ent)
        for wrong in (row[1].split("|") if len(row) > 1 and row[1] not in ("", "-") else ()):
            misspellings[" ".join(wrong.split()).casefold()] = (wrong, ent)
            by_first_word.setdefault(wrong.split()[0].casefold(), []).append(wrong)
        for i, w in enumerate(ent.words):
            if len(w) >= min_len and not w.isupper():     # acronyms are matched as listed only
                targets.setdefault(w[:1].casefold(), []).append((ent, i))
    known = set()
    for row in _table_cells(rule, opts["known"]):
        known.add(row[0].casefold())
        known.update(w.casefold() for w in row[0].split())
    exact = frozenset(w for e in entities for w in e.words)
    known -= {w.casefold() for w in exact}
    return EntityIndex(entities, misspellings, by_first_word, targets, frozenset(known), exact)


def _closest_entity(index: EntityIndex, word: str, long: int) -> tuple[Entity, int, int] | None:
    """(entity, word index, distance) for the entity word nearest to `word` (case-insensitive
    optimal-string-alignment distance: one edit below `long` letters, two from there)."""
    memo = index.memo
    if word in memo:
        return memo[word]
    if len(memo) > CACHE_LIMIT:
        memo.clear()
    folded = word.casefold()
    best = None
    candidates = [(e, i) for e, i in index.targets.get(folded[:1], ())
                  if abs(len(e.words[i]) - len(folded)) <= 2]
    if candidates:
        for ent, i in candidates:
            target = ent.words[i].casefold()
            allowed = 1 if len(target) < long else 2
            if folded[-1] != target[-1] and sorted(folded) != sorted(target):
                continue        # another ending is another word ("Reuteri"), unless letters swapped
            if bag_distance(folded, target) > allowed:
                continue
            from rapidfuzz.distance import OSA
            d = OSA.distance(folded, target, score_cutoff=allowed)
            if d <= allowed and (best is None or d < best[2]):
                best = (ent, i, d)
    memo[word] = best
    return best


def _wrong_case(word: str, target: str) -> bool:
    """An all-lower-case spelling of a capitalised name ("ukrinform" for "Ukrinform")."""
    return word.islower() and not target.islower() and word == target.casefold()


ENTITY_OPTIONS = {
    "entities": Option("tables", [], "canonical<TAB>misspellings|...<TAB>what<TAB>source"),
    "known": Option("tables", [], "tables whose first column holds names never misspelt"),
    "fuzzy_min_length": Option("int", 6, "shorter names are matched from the listed misspellings only"),
    "two_edits_from": Option("int", 10, "names this long may be two edits away"),
    "known_zipf": Option("float", 2.0, "a word this frequent in English is a word, not a misspelling"),
}


@preparer(options=ENTITY_OPTIONS, fields=("entity", "match", "replacement", "what"))
def misspelt_entity(rule, env):
    """MT103: the entity index is built once per rule set."""
    index = entity_index(rule)
    return lambda doc, budget: _misspelt_entities(doc, rule, index)


def _misspelt_entities(doc: Document, rule, index: EntityIndex) -> Iterator[Finding]:
    """A known medium, agency or institution misspelt: a listed misspelling ("Verkhovnaya
    Rada"), or a word that is not English and is one or two edits from the entity's name
    ("supilne" for Suspilne, "Ukrinfrom" for Ukrinform)."""
    opts = rule.options
    long = int(opts["two_edits_from"])
    min_len = int(opts["fuzzy_min_length"])
    min_zipf = float(opts["known_zipf"])
    text = doc.text
    words = distinct_words(doc)
    hits: list[tuple[int, int, str, Entity, Applicability]] = []

    # listed misspellings, found where their first word occurs
    folded_words = {w.casefold() for w in words} if index.by_first_word else set()
    for first, listed in index.by_first_word.items():
        if first not in folded_words:
            continue
        phrases = [p for p in listed if all(w.casefold() in folded_words for w in p.split())]
        if not phrases:
            continue
        alternation = "|".join(sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases),
                                      key=len, reverse=True))
        for m in re.finditer(rf"(?:{alternation})(?![^\W\d_]|-[^\W\d_])", text, re.IGNORECASE):
            s = m.start()
            if s and (text[s - 1].isalnum() or text[s - 1] in JOINERS):
                continue
            _, ent = index.misspellings[" ".join(m.group().split()).casefold()]
            hits.append((m.start(), m.end(), ent.name, ent, Applicability.SAFE))

    # fuzzy: words one or two edits from an entity's word
    for raw in words:
        word = strip_possessive(raw)
        if len(word) < min_len or word in index.exact or word.casefold() in index.known \
                or (word.isupper() and len(word) < 6):
            continue
        hit = _closest_entity(index, word, long)
        if hit is None:
            continue
        ent, i, dist = hit
        target = ent.words[i]
        if dist == 0 and not _wrong_case(word, target):
            continue
        if _is_english(word, min_zipf):
            continue
        for s in occurrences(text, word):
            e = s + len(word)
            if in_url(text, s, e) or not _entity_neighbours(text, s, e, ent, i):
                continue
            hits.append((s, e, target, ent, Applicability.UNSAFE))

    seen: set[tuple[int, int]] = set()
    for s, e, replacement, ent, level in sorted(hits, key=lambda h: (h[0], -h[1])):
        if any(a < e and s < b for a, b in seen):
            continue
        seen.add((s, e))
        shown = " ".join(text[s:e].split())
        span = Span(s, e)
        yield rule.finding(span, fix=_replacement_fix(rule, span, shown, replacement, level),
                           match=shown, replacement=replacement, entity=ent.name, what=ent.what)


def _entity_neighbours(text: str, start: int, end: int, ent: Entity, i: int) -> bool:
    """For a word of a several-word entity, are the other words there (case-insensitive)?"""
    if len(ent.words) == 1:
        return True
    pos = start
    for j in range(i - 1, -1, -1):
        m = re.search(r"(\S+)\s+$", text[max(0, pos - 60):pos])
        if not m or m.group(1).casefold() != ent.words[j].casefold():
            return False
        pos -= len(m.group(0))
    pos = end
    for j in range(i + 1, len(ent.words)):
        m = re.match(r"\s+([^\s,.;:!?)\]”\"']+)", text[pos:pos + 60])
        if not m or strip_possessive(m.group(1)).casefold() != ent.words[j].casefold():
            return False
        pos += m.end()
    return True
