"""MT501: a common word capitalised in mid-sentence, as when translated segments are joined
("in More than three years of war Those who").

Position tests share the document's sentences and paragraphs; wordfreq (lint.lexicon) is
consulted only for candidates that survive them.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..lifecycle import Option, check
from ..model import Applicability, Finding, Fix, Span
from .words import (
    OPENERS,
    STRIP,
    WORD_TABLES,
    _gap_back,
    _is_title,
    _option_set,
    _prev_char,
    _word_after,
    _word_before,
    function_words,
    lowercase_words,
    news_names,
)

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


# == MT501: capitals in mid-sentence ====================================================
# A capitalised word (ASCII: common English words are), with an optional possessive, that is
# not part of a hyphenated or dotted token.
# A capitalised word (ASCII: common English words are), with an optional possessive, not part
# of a hyphenated or dotted token, after one space (or a line break, in wrapped text) that
# follows neither a sentence end nor an opening mark (the first, cheap cut; _Context decides).
CAPITAL = r"([A-Z][a-z]+)(?:['’]s)?(?![\w\-]|['’]\w)"
AFTER_SPACE = r"(?<=[^\s.!?…:;“\"‘'«„—–\-•*·|>/(\[{#+=`~][ \n])"
CAPITAL_RE = re.compile(AFTER_SPACE + CAPITAL)
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
        if prev in OPENERS or prev in "\n)\ufe0f\ufe0e" or unicodedata.category(prev)[0] == "S" \
                or "\t" in text[max(0, start - 3):start] or text[start - 3:start] == "   ":
            return False            # a start, or a column in a table or list; after ")" a
                                    # chat line or an aside has often ended its sentence, and
                                    # after a symbol or emoji a bullet point begins
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
        if self.title_phrase(start, end, strict=closed):
            return False            # a title: "Inheritance as an Experiment", "Behind the Story
                                    # Series" (a function word opens a title only before two
                                    # capitalised words: "in More than three" is no title)
        if not (_title_part(before_word, self.minor) or _title_part(after_word, self.minor)):
            return True
        return self.title_run(start, end) < 3

    def title_phrase(self, start: int, end: int, strict: bool = False) -> bool:
        """True if one or two minor words link the word to another capitalised word on either
        side ("Thinking at the Edge", "Walking to the Public"): the shape of a title, which a
        joined segment's stray capital does not have. `strict` (for a function word): only
        forward, and two capitalised words must follow the link ("Behind the Story Series")."""
        text, wrapped = self.text, self.wrapped
        pos = end
        for _ in range(2):
            word = _word_after(text, pos, wrapped)
            if not word or word.lower() not in self.minor or word[0].isupper():
                break
            pos = text.find(word, pos) + len(word)
            nxt = _word_after(text, pos, wrapped)
            if not _is_title(nxt.rstrip(",;:.!?)\"”’")):
                continue
            if not strict:
                return True
            pos2 = text.find(nxt, pos) + len(nxt)
            if nxt[-1:].isalpha() and _is_title(_word_after(text, pos2, wrapped).rstrip(",;:.!?)\"”’")):
                return True
        if strict:
            return False
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
                # a capitalised word carrying the punctuation that ends the title still counts
                # ("From Tomorrow On, the sketch ...")
                count += _is_title(word.rstrip(",;:")) and word[-1:] in ",;:"
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
