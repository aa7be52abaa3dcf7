"""Repetition checks: words and phrases said twice by accident."""
from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, count, islice

from ..document import NEVER_FINAL, Document
from ..lifecycle import Option, preparer
from ..model import Applicability, Finding, Fix, Span

# a word, then the same word again (any case) one or more times, separated by white space
# (stdlib re: four times faster than the regex module on this pattern)
DOUBLED_RE = re.compile(r"\b([^\W\d_]+)((?:\s+\1)+)\b", re.IGNORECASE)
SEPARATOR_RE = re.compile(r"\s+")
# a word looped: three or more copies in a comma chain ("Bern, Bern, Bern"), or two joined by
# "and"/"or" ("drainage and drainage")
COMMA_LOOP_RE = re.compile(r"\b([^\W\d_]{2,})((?:,[ \t]+\1){2,})\b")
CAPITAL_BEFORE_RE = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]+[ \t]+$")
JOINED_LOOP_RE = re.compile(r"\b([^\W\d_]{3,})([ \t]+(?:and|or)[ \t]+\1)\b")
JOINERS = "'’-"
SPACE_RE = re.compile(r"\s")
PARA_BREAK_RE = re.compile(r"\n[^\S\n]*\n")


@preparer(options={
    "allow": Option("words", [], "words whose doubling is grammatical (had had)"),
    "loop_allow": Option("words", [], "words English joins to themselves on purpose "
                                      "(again and again, round and round)"),
    "function_words": Option("table", "function-words", "function words: never a loop"),
    "places": Option("tables", [], "known places: a capitalised double of one is a slip, not a "
                                   "reduplicated name")},
    fields=("word",))
def doubled_word(rule, env):
    """MT301: prepared once per rule set."""
    allowed = frozenset(w.lower() for w in rule.options["allow"])
    places = frozenset(w for table in rule.options["places"] for row in table.rows
                       for cell in row[:2] for w in cell.split("|"))
    loop_allowed = frozenset(w.lower() for w in rule.options["loop_allow"]) | frozenset(
        row[0].lower() for row in rule.options["function_words"].rows)

    def check(doc: Document, budget) -> Iterator[Finding]:
        yield from _doubled_words(doc, rule, allowed, places)
        yield from _looped_words(doc, rule, loop_allowed)
    return check


def _looped_words(doc: Document, rule, allowed: frozenset[str]) -> Iterator[Finding]:
    """A word looped: "Bern, Bern, Bern" (three or more in a comma chain) or "drainage and
    drainage" (one content word joined to itself). Intensifying idioms stay quiet: function
    words and `loop_allow` ("again and again", "round and round"), comparatives ("bigger and
    bigger") and plurals ("years and years"). The fix keeps the first copy (unsafe: the
    translation may have lost a second, different word)."""
    text = doc.text
    for pattern, chain in ((COMMA_LOOP_RE, True), (JOINED_LOOP_RE, False)):
        for m in pattern.finditer(text):
            word = m.group(1)
            low = word.lower()
            if low in allowed or (not chain and (low.endswith(("er", "s")) or len(low) < 4)):
                continue
            if text[m.end():m.end() + 1] in JOINERS or text[m.start() - 1:m.start()] in JOINERS:
                continue
            if not chain and CAPITAL_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()):
                continue          # "Greek Catholic or Catholic": the first copy ends a longer name
            span = Span(m.start(), m.end())
            fix = None
            if rule.fix is not None:
                fix = Fix.replace(Span(m.end(1), m.end()), "", f"Keep one '{word}'",
                                  min(rule.fix, Applicability.UNSAFE))
            yield rule.finding(span, fix=fix, word=word)


def _doubled_words(doc: Document, rule, allowed: frozenset[str],
                   places: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """The same word twice or more in a row ("the the"), except legitimate doubles ("had had")
    and reduplicated names: a capitalised word doubled inside a sentence ("Ni Ni", "Fang
    Fang", "Bora Bora") is a name, unless it is a known place ("in Kyiv Kyiv region").

    A repeat across a paragraph break, or across a line break where the copy changes register
    (a headline ending "... near Lviv" above a dateline "LVIV (Agency) -"), is not a slip.
    """
    text = doc.text
    for m in DOUBLED_RE.finditer(text):
        word, repeats = m.group(1), m.group(2)
        if word.lower() in allowed:
            continue
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if (before and before in JOINERS) or (after and after in JOINERS):
            continue
        if _reduplicated_name(doc, m.start(), word, repeats, places):
            continue
        end = _first_break(doc, m.start(1), word, repeats)
        if end <= m.end(1):
            continue
        span = Span(m.start(), end)
        fix = rule.make_fix(Span(m.end(1), end), "", f"Delete the repeated '{word}'")
        yield rule.finding(span, fix=fix, word=word)


def _reduplicated_name(doc: Document, start: int, word: str, repeats: str,
                       places: frozenset[str]) -> bool:
    """True for a capitalised double inside a sentence that is not a known place."""
    copies = repeats.split()
    if not (word[:1].isupper() and word[1:].islower() and all(c == word for c in copies)):
        return False
    if word in places:
        return False
    sentence = doc.sentence_at(start)
    return sentence is not None and sentence.start != start


def _first_break(doc: Document, start: int, word: str, repeats: str) -> int:
    """End of the run of repeats before the first separator that is not a slip: a blank line,
    or a line break leaving the headline or changing case shape (Lviv / LVIV)."""
    pos = start + len(word)
    end = pos
    headline = doc.headline
    for sep in SEPARATOR_RE.finditer(repeats):
        nxt = repeats[sep.end():sep.end() + len(word)]
        gap = sep.group()
        if gap.count("\n") > 1:
            break
        if "\n" in gap:
            in_headline = headline is not None and headline.start <= start < headline.end
            if in_headline or nxt.isupper() != word.isupper() or nxt.istitle() != word.istitle():
                break
        end = pos + sep.end() + len(word)
    return end


# -- stuttered phrases (MT302) ------------------------------------------------------------
# Characters that may be glued to the end of a whitespace token ("drones,", "U.S.", "said.”").
TRAILING = ",.;:!?\"'“”‘’«»()[]{}…–—"
# Opening marks replaced by a space before tokens are compared, so "(145 drones and 145
# drones)" compares "145" with "145"; straight quotes open and close alike and stay.
OPENERS_RE = re.compile(r"[(\[“«„‘]")
# A word as MT302 compares it: letters or digits, with inner apostrophes, hyphens and dots.
WORDLIKE_RE = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?\.?")
# What may stand between two copies in the text: white space, a comma, "and" or "or".
GAP_RE = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?", re.IGNORECASE)
CONNECTORS = frozenset({"and", "or"})
COORDINATORS = frozenset({"and", "or", "but", "nor"})
WS_RUN_RE = re.compile(r"\S+")
CHUNK = 1 << 12          # text is scanned in pieces of about 4K characters, cut at line breaks


@dataclass(frozen=True)
class _StutterData:
    """MT302's settings, read once per rule from its options and word list."""

    max_tokens: int
    allow: frozenset[str]
    function_words: dict[str, str]       # word -> class ("preposition", "reporting-verb", ...)
    intensifiers: frozenset[str]


def _stutter_data(rule) -> _StutterData:
    opts = rule.options
    classes = {w.lower(): "function word" for w in opts["more_function_words"]}
    classes.update((r[0].lower(), r[1] if len(r) > 1 else "function word")
                   for r in opts["function_words"].rows)
    return _StutterData(
        max_tokens=opts["max_tokens"],
        allow=frozenset(" ".join(a.lower().split()) for a in opts["allow"]),
        function_words=classes,
        intensifiers=frozenset(w.lower() for w in opts["intensifiers"]))


STUTTER_OPTIONS = {
    "max_tokens": Option("int", 6, "the longest repeated phrase looked for, in tokens"),
    "function_words": Option("table", "function-words", "function words and their classes"),
    "more_function_words": Option("words", [], "more words treated as function words"),
    "allow": Option("words", [], "phrases whose repetition is deliberate"),
    "intensifiers": Option("words", [], "words repeated for emphasis (very very)"),
}


@dataclass(frozen=True)
class _Stutter:
    """A phrase of `n` whitespace tokens starting at token `first` and repeated `copies` more
    times, each copy `step` tokens after the one before (step == n: side by side or after a
    comma; step == n + 1: around 'and' / 'or'). Checks that need the text itself are left to
    the caller: `city_state` ("New York, New York") and `follow`, what must be true of the word
    after the last copy (see `_repeat_is_a_slip`)."""

    first: int
    n: int
    step: int
    copies: int
    city_state: bool
    follow: str

    @property
    def last(self) -> int:
        """Index of the last token of the last copy."""
        return self.first + self.step * self.copies + self.n - 1


@preparer(options=STUTTER_OPTIONS, fields=("phrase",))
def stuttered_phrase(rule, env):
    """MT302: prepared once per rule set."""
    data = _stutter_data(rule)
    return lambda doc, budget: _stuttered_phrases(doc, rule, data)


def _stuttered_phrases(doc: Document, rule, data: _StutterData) -> Iterator[Finding]:
    """A phrase of two or more words said twice: around 'and'/'or' or a comma ("12 drones and
    12 drones"), or side by side ("in the city in the city"); the fix keeps the first copy.

    The text is read a piece at a time as lower-case whitespace tokens. A stutter with a period
    of `step` tokens starts with the same token `step` tokens apart; those places are found for
    every position at once (`map` over the token list and its shifted self, in C), and only they
    are examined word by word, so the cost is a few passes over the tokens, whatever the text.
    """
    text = doc.text
    steps = range(2, data.max_tokens + 2)
    for lo, hi in _chunks(text):
        seg = _comparable(text[lo:hi])
        toks = seg.split()
        size = len(toks)
        if size < 4:
            continue
        found: list[_Stutter] = []
        for step in steps:
            for i in compress(count(), map(operator.eq, toks, islice(toks, step, None))):
                # the second words must agree too (up to trailing punctuation when they may be
                # the last word of a two-word phrase)
                j = i + step + 1
                if j >= size:
                    continue
                a, b = toks[i + 1], toks[j]
                if a != b and (step > 3 or a.rstrip(TRAILING) != b.rstrip(TRAILING)):
                    continue
                stutter = _stutter_at(toks, i, step, data)
                if stutter is not None:
                    found.append(stutter)
        if found:
            yield from _stutter_findings(doc, rule, lo, seg, _leftmost(found))


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of pieces of about CHUNK characters, cut at a paragraph or line break (a
    stutter never spans one) or, failing that, at white space."""
    n, lo = len(text), 0
    while lo < n:
        hi = lo + CHUNK
        if hi >= n:
            yield lo, n
            return
        cut = text.find("\n\n", hi, hi + CHUNK)
        if cut < 0:
            cut = text.find("\n", hi, hi + CHUNK)
        if cut < 0:
            m = SPACE_RE.search(text, hi)
            cut = m.start() if m else n
        yield lo, cut
        lo = cut


def _comparable(seg: str) -> str:
    """`seg` in lower case with opening brackets and quotes blanked, offsets unchanged."""
    low = seg.lower()
    if len(low) != len(seg):     # a letter whose lower case is longer ("İ"): keep it as it is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in seg)
    return OPENERS_RE.sub(" ", low)


def _core(token: str) -> str:
    """A token without the punctuation glued to its end."""
    return token.rstrip(TRAILING)


def _stutter_at(toks: list[str], i: int, step: int, data: _StutterData) -> _Stutter | None:
    """The stutter whose first copy starts at token `i` with period `step`, if there is one
    (toks[i] == toks[i + step] is given)."""
    n = step - 1 if toks[i + step - 1] in CONNECTORS else step
    j = i + step
    if n < 2 or j + n > len(toks):
        return None
    for k in range(1, n - 1):               # inner tokens: written alike, punctuation included
        if toks[i + k] != toks[j + k]:
            return None
    a, b = toks[i + n - 1], toks[j + n - 1]
    last = _core(a)
    if not last or last != _core(b):
        return None
    words = toks[i:i + n - 1] + [last]
    if len(set(words)) == 1 or words[0] in COORDINATORS or last in COORDINATORS:
        return None               # one word said again is MT301's; "and p and p" is "p and p"
    if " ".join(words) in data.allow or not all(WORDLIKE_RE.fullmatch(w) for w in words):
        return None               # an idiom, or code and tables ("| --- |", "$ make")
    for k in range(n):
        token = toks[i + k]
        if token[0] in TRAILING or (k < n - 1 and token[-1] in TRAILING
                                    and not _abbreviation(token)):
            return None           # a clause ends inside the phrase, or a mark stands before a word
    if toks[j][0] in TRAILING:
        return None
    between = a[len(last):]
    if between == "." and _abbreviation(a):
        between = ""              # "in the U.S. and in the U.S."
    if between not in ("", ","):
        return None               # a full stop, colon or quote mark: not one phrase said twice
    if n < step or between:       # around "and", "or" or a comma: a second copy may be meant
        follow = _repeat_is_a_slip(toks, i, n, step, words, data)
    elif data.function_words.get(last, "reporting-verb") != "reporting-verb" and not all(
            w in data.function_words for w in words):
        return None               # "pointer to pointer to": a chain, not a phrase said twice;
                                  # but "on the on the", all function words, is a stutter
    elif i and _core(toks[i - 1]) == last:
        return None               # "thank you thank you": read from its first word, not "you thank"
    else:
        follow = "not-a-name"     # side by side: "in the city in the city"
    copies = 1
    nxt = j + step                # a third copy, and more: "12 drones and 12 drones and 12 drones"
    while nxt + n <= len(toks):
        prev = toks[nxt - step + n - 1]
        if prev[len(_core(prev)):] != between or (n < step and toks[nxt - 1] != toks[i + n]):
            break
        if toks[nxt][0] in TRAILING or _core(toks[nxt + n - 1]) != last or any(
                toks[nxt + k] != toks[i + k] for k in range(n - 1)):
            break
        copies += 1
        nxt += step
    return _Stutter(i, n, step, copies, city_state=(n == step and between == ","),
                    follow=follow)


def _word(token: str) -> str:
    """A token without the punctuation glued to its end, keeping an abbreviation's dot."""
    core = _core(token)
    if token[len(core):len(core) + 1] == "." and _abbreviation(token[:len(core) + 1].lower()):
        return token[:len(core) + 1]
    return core


def _abbreviation(token: str) -> bool:
    """'u.s.', 'mr.': a full stop that ends an abbreviation, not a sentence."""
    word = token.rstrip(".")
    return token.endswith(".") and not token.endswith("..") and (
        "." in word or word in NEVER_FINAL)


def _repeat_is_a_slip(toks: list[str], i: int, n: int, step: int, words: list[str],
                      data: _StutterData) -> str:
    """Around 'and', 'or' or a comma a phrase may be repeated on purpose when the second copy
    begins a longer noun phrase ("the city and the city council"). What the word after the
    second copy must be for the repeat to be a slip:

    - "any": the copy visibly ends there (punctuation, the end of the paragraph, or a function
      word follows: "12 drones and 12 drones were shot down");
    - "not-a-name": an ordinary word follows, but the phrase ends in a function word ("the mayor
      said, the mayor said officials ...") or holds a number ("212 Shahed and 212 Shahed drones":
      a count is not a modifier); still, a capitalised word after a capitalised phrase may
      continue a name ("the Army and the Army Reserve");
    - "marked": an opening bracket or quote mark must stand before it ("... Unit (UME)").
    """
    end = i + step + n - 1
    if toks[end][-1] in TRAILING or end + 1 >= len(toks):
        return "any"
    after = toks[end + 1]
    word = _core(after)
    if after[0] in TRAILING or (word in data.function_words and word not in data.intensifiers):
        return "any"
    if words[-1] in data.function_words or any(
            ch.isdigit() for w in words for ch in w) or any(
            data.function_words.get(w) == "numeral" for w in words):
        return "not-a-name"
    return "marked"


def _leftmost(found: list[_Stutter]) -> list[_Stutter]:
    """Non-overlapping stutters, leftmost first, the longer one where two start together."""
    found.sort(key=lambda s: (s.first, -s.last))
    kept: list[_Stutter] = []
    for s in found:
        if not kept or s.first > kept[-1].last:
            kept.append(s)
    return kept


def _stutter_findings(doc: Document, rule, lo: int, seg: str,
                      stutters: list[_Stutter]) -> Iterator[Finding]:
    """Findings for the stutters of one piece of text starting at `lo`, checked against the
    text's capitals and line breaks."""
    text = doc.text
    headline = doc.headline
    for s in stutters:
        starts = _token_offsets(seg, s.first, s.last - s.first + 2)
        spans = [(lo + p, lo + p + _token_len(seg, p)) for p in starts]
        original = [text[a:b] for a, b in spans]
        if s.city_state and all(t[:1].isupper() for t in original[:s.n]):
            continue              # "New York, New York": a city, then its state
        start = spans[0][0]
        end_first = spans[s.n - 1][0] + len(_word(original[s.n - 1]))
        end = spans[s.last - s.first][0] + len(_word(original[s.last - s.first]))
        if s.follow != "any":
            # the word after the last copy, and whether a mark stands before it
            after = original[-1] if len(original) > s.last - s.first + 1 else ""
            marked = bool(after) and text[end:spans[-1][0]].strip() != ""
            if not marked and (s.follow == "marked" or (
                    after[:1].isupper() and original[s.last - s.first][:1].isupper())):
                continue          # "the city and the city council", "the Army and the Army Reserve"
        gaps = [text[_word_end(spans, original, c * s.step - s.step + s.n - 1):spans[c * s.step][0]]
                for c in range(1, s.copies + 1)]
        if not all(GAP_RE.fullmatch(gap) for gap in gaps):
            continue              # an opening bracket or quote between the copies
        if s.n == s.step and any("\n" in gap and "," not in gap for gap in gaps):
            continue              # a line that starts as the one before: a list, verse or code
        whole = text[start:end]
        if "\n" in whole and (not doc.hard_wrapped or PARA_BREAK_RE.search(whole)
                              or (headline is not None and headline.start <= start < headline.end)):
            continue              # a paragraph break, or a headline above the story's first line
        phrase = " ".join(text[start:end_first].split())
        fix = rule.make_fix(Span(end_first, end), "", f"Delete the repeated '{phrase}'")
        yield rule.finding(Span(start, end), fix=fix, phrase=phrase)


def _word_end(spans: list[tuple[int, int]], original: list[str], k: int) -> int:
    """Offset just after the words of token `k` (of a stutter's tokens)."""
    return spans[k][0] + len(_word(original[k]))


def _token_offsets(seg: str, first: int, count_: int) -> list[int]:
    """Offsets in `seg` of its whitespace tokens first, first + 1, ... (at most `count_`)."""
    rest = seg.split(None, first)[-1] if first else seg.lstrip()
    base = len(seg) - len(rest)
    return [base + m.start() for m in islice(WS_RUN_RE.finditer(rest), count_)]


def _token_len(seg: str, pos: int) -> int:
    """Length of the whitespace token at `pos`."""
    m = WS_RUN_RE.match(seg, pos)
    return m.end() - pos if m else 0
