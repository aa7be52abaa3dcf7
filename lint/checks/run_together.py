"""MT401: two words run together ("operatorsaid", "Zelenskyyaccusing").

Cheap exact tests on the document and the rule's word lists first; wordfreq (lint.lexicon) only
for the few tokens that survive them, so clean copy rarely loads it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import LETTER_RUN_RE, Document
from ..lifecycle import Option, check
from ..model import Applicability, Finding, Fix, Span
from .words import (
    NOT_PROSE_RE,
    OPENERS,
    STRIP,
    WORD_TABLES,
    Lowercase,
    _chunk,
    _is_title,
    _option_set,
    _prev_char,
    _word_after,
    _word_before,
    function_words,
    lowercase_words,
)

RUN_TOGETHER_OPTIONS = {
    **WORD_TABLES,
    "min_length": Option("int", 6, "shorter tokens are left alone"),
    "glue_classes": Option("words", [], "function-word classes that glue two halves"),
    "weak_glue": Option("words", [], "glue words too common inside other languages' words"),
    "min_zipf": Option("float", 3.0, "each half at least this common (Zipf)"),
    "min_name_zipf": Option("float", 2.5, "a capitalised first half at least this common as a name"),
    "safe_zipf": Option("float", 4.0, "both halves this common (and glue) for a safe fix"),
    "max_uses": Option("int", 1, "a token used more often is a deliberate term"),
    "languages": Option("words", [], "other languages whose words are not run-together English"),
    "foreign_zipf": Option("float", 2.0, "a word this common in one of `languages` is left alone"),
    "prefixes": Option("words", [], "prefixes that make one word, not two"),
    "suffixes": Option("words", [], "suffixes that make one word, not two"),
}


# == MT401: words run together ==========================================================
@dataclass(frozen=True)
class Split:
    """One way to cut a run-together token: `first` + `second`."""

    first: str
    second: str
    kind: str          # "words" (lower case), "name" (a name, then a verb form or function
                       # word) or "opening" (a capitalised function word: "Theattack")
    in_document: bool  # the first half is a name the document uses on its own
    score: tuple       # higher is better: the rarer half's frequency, then both


# classes of function words that may follow a name the document does not confirm
AFTER_NAME = ("reporting-verb", "auxiliary", "conjunction")
OBJECT_CLASSES = ("determiner", "pronoun", "preposition", "conjunction")


@check(options=RUN_TOGETHER_OPTIONS, fields=("match", "replacement"))
def run_together(doc: Document, rule) -> Iterator[Finding]:
    """A token that is no English word but two words glued together ("operatorsaid"), or a
    name and a word ("Zelenskyyaccusing"): the fix puts the space back, and a comma where a
    participle clause follows a name ("Zelenskyy, accusing him")."""
    opts = rule.options
    min_len = int(opts["min_length"])
    words = lowercase_words(rule)
    func = function_words(rule)
    glue = _glue(rule, func)
    prefixes, suffixes = _option_set(rule, "prefixes"), _option_set(rule, "suffixes")
    runs = doc.distinct_letter_runs
    pending: dict[str, list[tuple[str, str]]] = {}
    for run in runs:
        if len(run) < min_len or not (run.islower() or _is_title(run)) or not run.isascii():
            continue
        if run.lower() in words:
            continue
        cuts = list(_cuts(run, words, glue, prefixes, suffixes, func))
        if cuts:
            pending[run] = cuts
    if not pending:
        return
    from .. import lexicon  # only now: some token may be two words
    # names the document uses on their own (a capitalised common word is no name)
    names = {r for r in runs
             if _is_title(r) and (r.lower() not in words or words.also_a_name(r.lower()))}
    languages = tuple(opts["languages"])
    foreign_min = float(opts["foreign_zipf"])
    chosen: dict[str, list[Split]] = {}
    for run, cuts in pending.items():
        if lexicon.known(run) or _inflected(run, lexicon) or \
                (languages and lexicon.foreign_zipf(run, languages) >= foreign_min):
            continue
        splits = _splits(cuts, names, words, func, glue, lexicon, opts)
        if splits:
            chosen[run] = splits
    if chosen:
        yield from _run_together_findings(doc, rule, chosen, func, lexicon)


INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")


def _inflected(run: str, lexicon) -> bool:
    """True for an inflection of a known word ("formatters" from "formatter")."""
    low = run.lower()
    return any(low.endswith(end) and len(low) - len(end) >= 4 and lexicon.known(low[:-len(end)])
               for end in INFLECTIONS)


def _cuts(run: str, words: Lowercase, glue: frozenset[str], prefixes, suffixes,
          func: dict[str, str] | None = None):
    """Every (first, second) cut worth a look-up: both halves three letters or more, the second
    a common lower-case word; for a lower-case token the first one too, with a glue word (a
    function word: "operatorsaid", "thebuilding") on one side, or a plural noun before a verb
    form ("voterscheered", "shipsare": a compound's first part is never plural); for a
    capitalised token, a glue word first or a verb form or glue word second."""
    low = run.lower()
    capital = run[0].isupper()
    func = func or {}
    for i in range(3, len(run) - 2):
        a, b = low[:i], low[i:]
        if a in prefixes or b in suffixes or b not in words:
            continue
        if capital:
            if not (a in glue or b in glue or b.endswith(("ed", "ing"))
                    or func.get(b) in VERB_CLASSES):
                continue
        elif a not in words or not (a in glue or b in glue or _plural_then_verb(a, b, words, func)):
            continue            # two content words may be a compound ("fontsize", "hardcoding")
        yield run[:i], run[i:]


VERB_CLASSES = ("auxiliary", "reporting-verb")


def _plural_then_verb(a: str, b: str, words: Lowercase, func: dict[str, str]) -> bool:
    """A plural noun and a verb form: "voters" + "cheered", "ships" + "are"."""
    plural = len(a) >= 4 and a.endswith("s") and not a.endswith("ss") and (
        a[:-1] in words or (a.endswith("es") and a[:-2] in words))
    return plural and (func.get(b) in VERB_CLASSES or (b.endswith("ed") and len(b) >= 5))


def _real_ing(b: str, words: Lowercase) -> bool:
    """An -ing form of an English verb ("accusing" from accuse, "running" from run), not a word
    that merely ends in -ing ("ping", "Liangping")."""
    if not b.endswith("ing") or len(b) < 6:
        return False
    stem = b[:-3]
    return any(s in words for s in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else ""))


def _glue(rule, func: dict[str, str]) -> frozenset[str]:
    """Function words that show a token is two words glued: the rule's glue classes, three
    letters or more, less the weak ones that end or start many foreign words ("are", "per")."""
    classes = set(rule.options["glue_classes"])
    weak = _option_set(rule, "weak_glue")
    return frozenset(w for w, c in func.items() if c in classes and len(w) >= 3 and w not in weak)


def _splits(cuts, names, words, func, glue, lexicon, opts) -> list[Split]:
    """The acceptable cuts, most frequent halves first (thresholds: see run-together.yml)."""
    min_zipf = float(opts["min_zipf"])
    name_zipf = float(opts["min_name_zipf"])
    out = []
    for a, b in cuts:
        zb = lexicon.zipf(b)
        low = a.lower()
        if zb < min_zipf:
            continue
        if not a[0].isupper():
            za = lexicon.zipf(a)
            if za < min_zipf:
                continue
            out.append(Split(a, b, "words", False, (min(za, zb), za + zb)))
            continue
        if low in glue:
            za = lexicon.zipf(a)
            out.append(Split(a, b, "opening", False, (min(za, zb), za + zb)))
            continue
        verb = b.endswith("ed") or _real_ing(b, words)
        in_doc = a in names and len(a) >= 3
        if not in_doc:      # a name the lexicon knows, and no common word ("Roundtripping")
            if low in words and not (_sentence_opener(low, words) and (
                    b.endswith("ed") or func.get(b) in VERB_CLASSES)):
                continue    # "Officialssaid", "Policearrested": a subject before its verb
            if len(a) < 4 or (low not in words and lexicon.zipf(a) < name_zipf):
                continue
            if not (verb or (b in glue and func[b] in AFTER_NAME) or func.get(b) in VERB_CLASSES):
                continue
        elif not (verb or b in glue):
            continue
        strength = 9.0 if in_doc else lexicon.zipf(a)
        out.append(Split(a, b, "name", in_doc, (min(strength, zb), strength + zb)))
    return sorted(out, key=lambda sp: sp.score, reverse=True)


def _sentence_opener(low: str, words: Lowercase) -> bool:
    """A common noun that opens news sentences as a subject: a plural ("officials", "residents")
    or a collective noun of the lower-case list ("police")."""
    return (low.endswith("s") and low[:-1] in words) or low in COLLECTIVE_SUBJECTS


COLLECTIVE_SUBJECTS = frozenset({"police", "people", "military", "government", "army", "navy",
                                 "council", "parliament", "ministry", "court", "public"})


def _run_together_findings(doc, rule, chosen: dict[str, list[Split]], func, lexicon):
    text = doc.text
    safe_zipf = float(rule.options["safe_zipf"])
    hits = _find_runs(text, chosen)
    uses: dict[str, int] = {}
    for token, _ in hits:
        uses[token] = uses.get(token, 0) + 1
    max_uses = int(rule.options["max_uses"])
    for token, start in hits:
        end = start + len(token)
        if uses[token] > max_uses or _code_like(text, start, end):
            continue
        opening = _opening(doc, start)
        split = next((sp for sp in chosen[token] if sp.kind != "opening" or opening), None)
        if split is None:
            continue        # a capitalised function word glued on inside a sentence: a name
        joined, alternative, guessed = _joined(doc, split, start, end, func)
        if split.kind == "name":
            safe = split.in_document and not guessed
        else:
            safe = min(lexicon.zipf(split.first), lexicon.zipf(split.second)) >= safe_zipf
        span = Span(start, end)
        fix = _fix(rule, span, joined, safe)
        alternatives = [_fix(rule, span, alternative, False)] if alternative else []
        yield rule.finding(span, fix=fix, alternatives=alternatives, match=token,
                           replacement=joined)


def _find_runs(text: str, tokens) -> list[tuple[str, int]]:
    """(token, offset) for every whole run of letters equal to one of `tokens`: an alternation
    for a few, a set lookup per run for many (a long alternation is slow)."""
    if len(tokens) <= 24:
        alternation = "|".join(sorted(map(re.escape, tokens), key=len, reverse=True))
        pattern = re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])")
        return [(m.group(), m.start()) for m in pattern.finditer(text)]
    return [(m.group(), m.start()) for m in LETTER_RUN_RE.finditer(text) if m.group() in tokens]


def _opening(doc: Document, start: int) -> bool:
    """True at the start of a sentence, line, quotation or parenthesis."""
    prev = _prev_char(doc.text, start, doc.hard_wrapped)
    if prev == "\n" or prev in OPENERS:
        return True
    sentence = doc.sentence_at(start)
    return sentence is not None and sentence.start == start


def _code_like(text: str, start: int, end: int) -> bool:
    """True where a token is not prose: next to a digit, inside an address, handle, hashtag or
    identifier, one part of a hyphenated or dotted name ("dpkg-buildflags"), a call
    ("getmark(id)"), or a single word set off in quotation marks or backticks."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or after.isdigit() or NOT_PROSE_RE.search(_chunk(text, start, end)):
        return True
    if (before and before in "-." and start > 1 and text[start - 2].isalpha()) or after == "(" \
            or (after and after in "-." and text[end + 1:end + 2].isalpha()):
        return True
    return bool(before) and before in QUOTES and after == QUOTE_PAIRS.get(before, before)


QUOTES = "'\"`‘“«"
QUOTE_PAIRS = {"‘": "’", "“": "”", "«": "»"}


def _fix(rule, span: Span, replacement: str, safe: bool) -> Fix | None:
    if rule.fix is None:
        return None
    level = min(rule.fix, Applicability.SAFE if safe else Applicability.UNSAFE)
    return Fix.replace(span, replacement, f"Separate the words: '{replacement}'", level)


def _joined(doc, split: Split, start: int, end: int, func) -> tuple[str, str | None, bool]:
    """(replacement, alternative or None, True if the comma is a guess).

    After a name, an -ing form starts a participle clause ("Zelenskyy, accusing him") when an
    object or clause follows; an -ed form takes a comma only when it closes an apposition
    opened by a comma ("the mayor, Lucia Serrano, explained that ...").
    """
    plain = f"{split.first} {split.second}"
    if split.kind != "name":
        return plain, None, False
    comma = f"{split.first}, {split.second}"
    text = doc.text
    wrapped = doc.hard_wrapped
    nxt = _word_after(text, end, wrapped)
    if split.second.endswith("ing"):
        if nxt and func.get(nxt.strip(STRIP).lower()) in OBJECT_CLASSES:
            return comma, plain, False
        return plain, comma, True
    if split.second.endswith("ed"):
        opened = _prev_char(text, _name_phrase_start(text, start, wrapped), wrapped) == ","
        continues = bool(nxt) and text[end:end + 1] not in ",.;:!?"
        if opened and continues:
            return comma, plain, True
    return plain, None, False


def _name_phrase_start(text: str, pos: int, wrapped: bool) -> int:
    """Start of the run of capitalised words that ends at `pos` ("Lucia Serrano...")."""
    while True:
        word = _word_before(text, pos, wrapped)
        if not word or not word[0].isupper() or not word.rstrip(".").isalpha():
            return pos
        pos = text.rfind(word, 0, pos)
