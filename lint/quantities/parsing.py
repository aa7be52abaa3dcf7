"""Parsing: finding the quantities of a text.

`extract(doc)` finds candidate offsets (`candidates`: digits, and number words through the
document's word index), reads each sentence that holds one as tokens, and parses every number
expression in it: the value as a range ("13,000", "4.5 billion", "tens of thousands", "12 to
15"), widened by a qualifier and by the precision a round figure implies; its kind (a count,
money, a percentage, or an age, time, date, year, label, address, phone number...). What a
count counts and what happened to it is read by subjects.py; how the quantities of a sentence
relate to one another by relations.py.
"""
from __future__ import annotations

import bisect
import math
import re

from .lexicon import CURRENCY_SYMBOLS, Lexicon, lexicon, number_words, time_re
from .record import COUNT_KINDS, Quantities, Quantity
from .relations import relate
from .sentence import Sentence
from .subjects import read_event, read_finance, read_percent, read_subject

INF = math.inf
THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
DIGITS_RE = re.compile(r"\d+")
ONE_AFTER_RE = re.compile(r"[ \t]+([^\W\d_]+)")
ONE_BEFORE = frozenset({"no", "the", "any", "every", "each", "this", "that", "which", "anyone",
                        "someone", "everyone", "little"})


def candidates(doc) -> list[int]:
    """Offsets where a number may start: one scan for digits, plus the shared word index for
    number words; sorted."""
    found = [m.start() for m in DIGITS_RE.finditer(doc.text)]
    doc.want_words(number_words())      # a no-op when the engine declared them already
    for word in number_words():
        found.extend(doc.word_starts(word))
    found.sort()
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
        sent = Sentence(text, block.start, block.end, i)
        found = _read_sentence(sent, lex)
        if not found:
            continue
        in_headline = headline is not None and headline.start <= block.start < headline.end
        for q in found:
            q.sentence = i
            q.headline = in_headline
            q.text = text[q.start:q.end]
            q.described = _describe(text, q)
        relate(sent, found, out, lex)
        items.extend(found)
    return out


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


def _describe(text: str, q: Quantity) -> str:
    shown = text[q.start:q.end]
    if q.subject_end > q.end and q.subject_end - q.end < 60:
        shown = text[q.start:q.subject_end]
    return " ".join(shown.split())


def _read_sentence(s: Sentence, lex: Lexicon) -> list[Quantity]:
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


def _word_value(s: Sentence, i: int, lex: Lexicon) -> tuple[float, float, str, int] | None:
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


def _number(s: Sentence, i: int, lex: Lexicon) -> dict | None:
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
        word = _word_value(s, i, lex)
        if word is None:
            return None
        lo, hi, kind, used = word
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


def _after_number(s: Sentence, info: dict, lex: Lexicon) -> dict:
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
def _classify(s: Sentence, info: dict, lex: Lexicon) -> Quantity | None:
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
    hit = s.phrase_ending(start_tok - 1, lex.qualifiers, 4) if start_tok > 0 else None
    if hit and lex.qualifiers[hit[0]][1] == "before":
        bound = lex.qualifiers[hit[0]][0]
        if bound == "total":
            total_cue = True
        else:
            qualifier = bound
        start_tok -= hit[1]
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
        hit = s.phrase_at(end_tok, lex.qualifiers, 3)
        if hit and lex.qualifiers[hit[0]][1] == "after":
            bound = lex.qualifiers[hit[0]][0]
            qualifier = bound if bound == "additional" or not qualifier else qualifier
            end_tok += hit[1]
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
        read_subject(s, q, lex)
        if kind == "count" and q.subject_class in ("measure", "duration"):
            q.kind = q.subject_class
        elif kind == "count" and q.subject_class == "currency":
            q.kind, q.unit = "money", q.subject or ""
        if q.kind == "count":
            read_event(s, q, lex)
            if s.lows[i] == "one" and q.subject is None and q.event is None and not qualifier:
                return None     # "one of the", "no one", "the one": a pronoun, not a count
        elif q.kind == "money":
            read_finance(s, q, lex)
        elif q.kind == "percent":
            read_percent(s, q, lex)
    return q


def _not_a_count(s: Sentence, info: dict, start: int, end: int, lex: Lexicon) -> str | None:
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


