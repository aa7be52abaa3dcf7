"""Word-level translation artifacts that need to know English words: two words run together
(MT401, "Zelenskyyaccusing") and a common word capitalised in mid-sentence where machine-
translated segments were joined (MT501, "in More than three years of war Those who").

Both start from cheap, exact tests on the document and the rule's word lists (rules/wordlists:
English words written in lower case, function words, words news capitalises) and consult
wordfreq through lint.lexicon only for the few candidates that survive them, so clean copy
rarely loads it. Both are linear: one pass over the text plus work per candidate.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import LETTER_RUN_RE, Document
from ..lifecycle import Option, check
from ..model import Applicability, Finding, Fix, Span

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
CAPITAL_OPTIONS = {
    **WORD_TABLES,
    "names": Option("table", "capitalised-in-news", "words news copy capitalises"),
    "closed_classes": Option("words", [], "function-word classes that are never names"),
    "min_zipf": Option("float", 3.0, "an open-class word reported only if this common"),
    "label_max_words": Option("int", 12, "a paragraph this short without closing punctuation is a label"),
    "bridges": Option("words", [], "words that link the parts of a multi-word name"),
    "title_minor_words": Option("words", [], "lower-case words allowed inside a title-case run"),
    "name_introducers": Option("words", [], "words after which a capital starts a name"),
    "definers": Option("words", [], "determiners after which a capitalised noun is a defined term "
                                    "or a title ('this Regulation', 'the Summit')"),
    "address_words": Option("words", [], "words capitalised on purpose in letters and chat "
                                         "(polite 'You', kinship names: 'Mom')"),
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


# == MT501: capitals in mid-sentence ====================================================
# A capitalised word (ASCII: common English words are), with an optional possessive, that is
# not part of a hyphenated or dotted token.
# A capitalised word (ASCII: common English words are), with an optional possessive, not part
# of a hyphenated or dotted token, after one space (or a line break, in wrapped text) that
# follows neither a sentence end nor an opening mark (the first, cheap cut; _Context decides).
CAPITAL = r"([A-Z][a-z]+)(?:['’]s)?(?![\w\-]|['’]\w)"
AFTER_SPACE = r"(?<=[^\s.!?…:;“\"‘'«„—–\-•*·|>/(\[{#+=`~][ \n])"
CAPITAL_RE = re.compile(AFTER_SPACE + CAPITAL)
OPENERS = ".!?…:;“\"‘'«„—–-•*·|>/([{#+=`~"
NOT_EVIDENCE = ".!?…:;“\"‘'«„—–-•*·|>/#+=`~"
LIST_MARKER_RE = re.compile(r"^\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")
CODE_CHARS = set("\\{}[]<>=|*_/@#$%^~`")
TERMINAL = ".!?…\"”’)»"
SHORT_LINE = 45     # a hard-wrapped paragraph's lines run to 60-80 characters


@check(options=CAPITAL_OPTIONS, fields=("match", "reason"))
def mid_sentence_capital(doc: Document, rule) -> Iterator[Finding]:
    """A common word capitalised inside a sentence ("in More than three years", "powerful
    Glide bombs"), as when translated segments are joined; lower-casing it is the fix."""
    opts = rule.options
    words, func, names = lowercase_words(rule), function_words(rule), news_names(rule)
    closed = frozenset(opts["closed_classes"])
    ctx = _Context(doc, rule)
    headline = doc.headline
    wanted = {}
    for word in set(CAPITAL_RE.findall(doc.text)):      # distinct words first: one C pass
        low = word.lower()
        is_closed = func.get(low) in closed
        if is_closed or (low in words and not words.also_a_name(low) and not _named(low, names)):
            wanted[word] = is_closed
    if not wanted:
        return
    if len(wanted) <= 24:   # a short alternation skips the other capitals in C
        alternation = "|".join(sorted(wanted, key=len, reverse=True))
        pattern = re.compile(AFTER_SPACE + CAPITAL.replace("[A-Z][a-z]+", alternation))
    else:
        pattern = CAPITAL_RE
    found: list[tuple[int, int, str, bool]] = []
    for m in pattern.finditer(doc.text):
        word = m.group(1)
        closed_word = wanted.get(word)
        if closed_word is None:
            continue
        start, end = m.span(1)
        if headline and headline.start <= start < headline.end:
            continue
        if not ctx.mid_sentence(start, end, closed_word):
            continue
        found.append((start, end, word, closed_word))
    if not found:
        return
    evidence = _evidence(doc, {w.lower() for _, _, w, _ in found}, ctx)
    min_zipf = float(opts["min_zipf"])
    for start, end, word, closed_word in found:
        low = word.lower()
        ev = evidence[low]
        if ev.name_part or ev.capital >= (3 if closed_word else 2):
            continue                # a name, or a term the text capitalises on purpose
                                    # (a licence's "Your"): a slip is not that regular
        if closed_word:
            reason = f"'{low}' is a function word"
            safe = True
        elif ev.lower:
            reason = f"the text writes '{low}' in lower case elsewhere"
            safe = False
        else:
            from .. import lexicon
            if lexicon.zipf(low) < min_zipf:
                continue
            reason = f"'{low}' is a common word, not a name"
            safe = False
        span = Span(start, end)
        fix = _fix_case(rule, span, low, safe)
        yield rule.finding(span, fix=fix, match=word, replacement=low, reason=reason)


def _named(low: str, names: frozenset[str]) -> bool:
    return low in names or (low.endswith("s") and low[:-1] in names)


def _fix_case(rule, span: Span, low: str, safe: bool) -> Fix | None:
    if rule.fix is None:
        return None
    level = min(rule.fix, Applicability.SAFE if safe else Applicability.UNSAFE)
    return Fix.replace(span, low, f"Lowercase '{low}'", level)


class _Context:
    """Position tests for MT501, sharing the document's sentences and paragraphs."""

    def __init__(self, doc: Document, rule) -> None:
        self.doc, self.text = doc, doc.text
        opts = rule.options
        self.bridges = _option_set(rule, "bridges")
        self.minor = _option_set(rule, "title_minor_words")
        self.introducers = _option_set(rule, "name_introducers")
        self.definers = _option_set(rule, "definers")
        self.address = _option_set(rule, "address_words")
        self.words = lowercase_words(rule)
        self.func = function_words(rule)
        self.wrapped = doc.hard_wrapped
        self.label_words = int(opts["label_max_words"])
        self._labels: dict[int, bool] = {}
        self._para_starts: list[int] | None = None

    def mid_sentence(self, start: int, end: int, closed: bool) -> bool:
        """True if a capital at text[start:end] cannot be explained by its position."""
        text = self.text
        prev = _prev_char(text, start, self.wrapped)
        if prev in OPENERS or prev in "\n)" or "\t" in text[max(0, start - 3):start] \
                or text[start - 3:start] == "   ":
            return False            # a start, or a column in a table or list; after ")" a
                                    # chat line or an aside has often ended its sentence
        gap = _gap_back(text, start, self.wrapped)
        if "\n" in text[gap:start] and self._short_line_before(gap):
            return False            # a line start after a short line: a chat, a list, a verse
        if text[end:end + 2] in ("'s", "’s") or text[start:end].lower() in self.address:
            return False            # part of a name ("People's Bank"); polite "You", "Mom"
        sentence = self.doc.sentence_at(start)
        if sentence is None or sentence.start == start or self._label(start):
            return False
        after = text[end:end + 2]
        if after[:1] == "." and (sentence.end > end + 1 or prev == ","):
            return False            # an abbreviation: "Odessa, Wash., a town", "Dec. 10"
        if after[:1] in "(=`:" or (after[:1] == "." and after[1:2].isalpha()):
            return False            # code or a label: "Lock()", "Loader=...", "From:"
        wrapped = self.wrapped
        before_word = _word_before(text, start, wrapped)
        after_word = _word_after(text, end, wrapped)
        if LIST_MARKER_RE.match(before_word) or CODE_CHARS.intersection(before_word):
            return False            # "a) Convey the ...", "{m,n}  Matches ..."
        if before_word.endswith(",") and _capital(before_word) and after[:1] == "," \
                and _capital(_word_after(text, end + 1, wrapped)):
            return False            # a list of capitalised items: "Requests, Contributions, Etc."
        if _next_to_capital(text, start, end, self.func, wrapped) or after_word[:1].isdigit():
            return False            # part of a name: "Black Sea", "Sumi City", "Boeing 737"
        if not closed:
            if before_word.lower() in self.introducers or (
                    (before_word.lower() in self.bridges or after_word.lower() in self.bridges)
                    and self._bridged(start, end)):
                return False
            word = text[start:end].lower()
            if before_word.lower() in self.definers and not re.search(
                    rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                return False        # a defined term or a title: "this Regulation", "the Summit",
                                    # "the Giants", unless the text writes the word in lower case
            if before_word.lower() == "to" and _word_before(
                    text, text.rfind(before_word, 0, start), wrapped).lower() == "according":
                return False
        if not closed and self.title_phrase(start, end):
            return False            # a title: "Inheritance as an Experiment", "Behind the Story"
        if not (_title_part(before_word, self.minor) or _title_part(after_word, self.minor)):
            return True
        return self.title_run(start, end) < 3

    def title_phrase(self, start: int, end: int) -> bool:
        """True if one or two minor words link the word to another capitalised word on either
        side ("Thinking at the Edge", "Walking to the Public"): the shape of a title, which a
        joined segment's stray capital does not have."""
        text, wrapped = self.text, self.wrapped
        pos = end
        for _ in range(2):
            word = _word_after(text, pos, wrapped)
            if not word or word.lower() not in self.minor or word[0].isupper():
                break
            pos = text.find(word, pos) + len(word)
            if _is_title(_word_after(text, pos, wrapped).rstrip(",;:.!?)\"”’")):
                return True
        pos = start
        for _ in range(2):
            word = _word_before(text, pos, wrapped)
            if not word or word.lower() not in self.minor or word[0].isupper():
                break
            pos = text.rfind(word, 0, pos)
            before = _word_before(text, pos, wrapped)
            if _is_title(before) and before[-1:] not in ",;:.!?":
                return True
        return False

    def _short_line_before(self, end: int) -> bool:
        """True if the line ending at `end` is short (under SHORT_LINE characters): a line of a
        chat or a list, not a hard-wrapped line of a paragraph, which runs on."""
        line_start = self.text.rfind("\n", 0, max(0, end - 1)) + 1
        return len(self.text[line_start:end].strip()) < SHORT_LINE

    def _bridged(self, start: int, end: int) -> bool:
        """Capitalised words on either side across one or two linking words ("Bank of the
        West", "Procter and Gamble")."""
        text = self.text
        pos = start
        for _ in range(2):
            word = _word_before(text, pos, self.wrapped)
            if word.lower() not in self.bridges:
                break
            pos = text.rfind(word, 0, pos)
            if _capital(_word_before(text, pos, self.wrapped)):
                return True
        pos = end
        for _ in range(2):
            word = _word_after(text, pos, self.wrapped)
            if word.lower() not in self.bridges:
                break
            pos = text.find(word, pos) + len(word)
            if _capital(_word_after(text, pos, self.wrapped)):
                return True
        return False

    def title_run(self, start: int, end: int) -> int:
        """Capitalised words in the title-case run around the word ("... Attack Kills at Least
        15 in Kyiv"): runs of capitals, numbers and minor words, unbroken by punctuation."""
        text = self.text
        count, pos = 1, start
        for _ in range(8):
            word = _word_before(text, pos, self.wrapped)
            if not _title_part(word, self.minor):
                break
            count += _capital(word)
            pos = text.rfind(word, 0, pos)
        pos = end
        for _ in range(8):
            word = _word_after(text, pos, self.wrapped)
            if not _title_part(word, self.minor):
                break
            count += _capital(word)
            pos = text.find(word, pos) + len(word)
        return count

    def _label(self, offset: int) -> bool:
        """True inside a short paragraph with no closing punctuation: a caption, button,
        byline or heading, not running prose."""
        paras = self.doc.paragraphs
        if self._para_starts is None:
            self._para_starts = [p.start for p in paras]
        i = bisect.bisect_right(self._para_starts, offset) - 1
        if i < 0:
            return False
        if i not in self._labels:
            para = paras[i]
            body = self.text[para.start:para.end]
            self._labels[i] = (body.rstrip()[-1:] not in TERMINAL
                               and len(body.split()) <= self.label_words)
        return self._labels[i]

    def evidence_position(self, start: int) -> bool:
        """True where a capital says something about the word (not a sentence or line start,
        not after a colon, quotation mark, dash or bullet)."""
        prev = _prev_char(self.text, start, self.wrapped)
        if prev == "\n" or prev in NOT_EVIDENCE:
            return False
        sentence = self.doc.sentence_at(start)
        return sentence is not None and sentence.start != start


def _capital(word: str) -> bool:
    """A word that starts with a capital letter (after any opening punctuation)."""
    for ch in word:
        if ch.isalnum():
            return ch.isupper()
    return False


def _next_to_capital(text: str, start: int, end: int, func: dict[str, str],
                     wrapped: bool = False) -> bool:
    """True if a capitalised word touches text[start:end] on either side, with nothing but
    spaces between (a comma or other stop before the word breaks the link). A capitalised
    function word ("The Crane was old") is no part of a name."""
    before, after = _word_before(text, start, wrapped), _word_after(text, end, wrapped)
    return (_capital(before) and before[-1] not in ",;:" and _bare(before) not in func) \
        or (_capital(after) and _bare(after) not in func)


def _bare(word: str) -> str:
    return word.strip(STRIP).lower()


def _title_part(word: str, minor: frozenset[str]) -> bool:
    if not word or word[-1] in ",;:.!?)\"”":
        return False
    return word[0].isupper() or word[0].isdigit() or word.lower() in minor


@dataclass
class _Evidence:
    lower: int = 0        # uses in lower case
    capital: int = 0      # capitalised uses where a capital means something
    name_part: bool = False  # capitalised next to another capitalised word somewhere


def _evidence(doc: Document, lows: set[str], ctx: _Context) -> dict[str, _Evidence]:
    """How the document writes each candidate word elsewhere."""
    text = doc.text
    out = {}
    for low, starts in _occurrences(doc, lows).items():
        ev = _Evidence()
        for pos in starts:
            end = pos + len(low)
            word = text[pos:end]
            if word.islower():
                ev.lower += 1
            elif _is_title(word) or word == word.title():
                if ctx.title_run(pos, end) >= 3:
                    continue        # a title-case run ("Crane Collapse Halts Work") says nothing
                if ctx.evidence_position(pos):
                    ev.capital += 1
                if _next_to_capital(text, pos, end, ctx.func, ctx.wrapped):
                    ev.name_part = True
        out[low] = ev
    return out


def _occurrences(doc: Document, lows: set[str]) -> dict[str, list[int]]:
    """Offsets of each lower-case word as a whole run of letters, in any case: one scan for a
    few words, the document's shared word index for many."""
    if len(lows) > 40:
        doc.want_words(frozenset(lows))
        return {low: doc.word_starts(low) for low in lows}
    out: dict[str, list[int]] = {low: [] for low in lows}
    forms = {form for low in lows for form in (low, low.capitalize())}   # case-blind is slower
    alternation = "|".join(sorted(forms, key=len, reverse=True))
    for m in re.finditer(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", doc.text):
        out[m.group().lower()].append(m.start())
    return out
