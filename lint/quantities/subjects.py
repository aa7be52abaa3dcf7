"""Subjects and events: what a parsed number counts and what happened to it.

`read_subject` finds the head word after a count ("people", "Shahed drones", "drones and
missiles"), `read_event` the event word before or after it ("killing at least 12", "eight people
were killed") and marks plans, threats and negations (irrealis); `read_finance` names a sum of
money ("a net profit of $3.1 billion"), `read_percent` tells a change from a share and finds the
share's base ("52 percent of the vote"). Each fills in fields of a `Quantity` in place.
"""
from __future__ import annotations

from .lexicon import (
    AUXILIARIES,
    BE,
    CASUALTY_EVENTS,
    CONJUNCTIONS,
    DETERMINERS,
    LINKS,
    NEGATIONS,
    RECEIVE,
    Lexicon,
)
from .record import Quantity
from .sentence import Sentence, cue_at


def read_subject(s: Sentence, q: Quantity, lex: Lexicon) -> None:
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
        after = s.phrase_at(k + hit[1], lex.subjects, 3) if hit and k + hit[1] < n else None
        if hit and after and lex.subjects[after[0]][1] not in ("percent", "currency", "casualty"):
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
                    and (lows[k + 1],) not in lex.events:
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


def _hyphens(s: Sentence, j: int, upto: int) -> int:
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


def _event_at(s: Sentence, i: int, lex: Lexicon, backwards: bool) -> tuple[str, str, int, int] | None:
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


def read_event(s: Sentence, q: Quantity, lex: Lexicon) -> None:
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
        event, form, first, _ = found
        if form == "verb" or form == "noun" or form == "adj":
            q.event = event
            _irrealis(s, q, first, lex)
    else:
        k = q.tok_tail
        skipped = 0
        passive = False
        while k < n and skipped <= 4:
            low = lows[k]
            if s.toks[k] in (",", "–", "—", "(") and cue_at(s, k + 1, lex) == "partition":
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
                q.event = event
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


def _object_follows(s: Sentence, k: int, lex: Lexicon) -> bool:
    """A number (perhaps qualified) right after a verb: its object ("killed three people")."""
    if k >= len(s):
        return False
    if s.is_num(k) or s.lows[k] in lex.numbers:
        return True
    q = s.phrase_at(k, lex.qualifiers, 4)
    return bool(q and lex.qualifiers[q[0]][1] == "before" and k + q[1] < len(s)
                and (s.is_num(k + q[1]) or s.lows[k + q[1]] in lex.numbers))



def _casualty_event(s: Sentence, q: Quantity, lex: Lexicon) -> str | None:
    for k in range(q.tok_end, min(q.tok_tail, len(s))):
        hit = lex.events.get((s.lows[k],))
        if hit:
            return hit[0]
    return None


def _irrealis(s: Sentence, q: Quantity, first: int, lex: Lexicon, stop: int | None = None) -> None:
    """Mark a plan, threat, capacity or negation around the event ("could kill", "not hurt")."""
    lo, hi = (max(0, first - 3), first) if stop is None else (first, stop)
    for k in range(lo, hi):
        low = s.lows[k]
        if lex.cues.get((low,)) == "irrealis" or low in NEGATIONS:
            q.irrealis = True
            return


def read_finance(s: Sentence, q: Quantity, lex: Lexicon) -> None:
    """For money: the noun that names the sum, before it ("a net profit of $3.1 billion",
    "revenue rose to $4.5 billion") or after it ("$3.1 billion in revenue")."""
    lows, n = s.lows, len(s)
    k = q.tok_start - 1
    skipped = 0
    while k >= 0 and skipped <= 3:
        hit = lex.subjects.get((lows[k],))
        if hit and hit[1] == "finance":
            q.subject, q.subject_class = hit[0], "finance"
            mods: list[str] = []
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


def read_percent(s: Sentence, q: Quantity, lex: Lexicon) -> None:
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
        words: list[str] = []
        while k < n and len(words) < 3 and s.is_word(k) and lows[k] not in lex.function_words:
            words.append(lows[k])
            k += 1
        q.base_words = tuple(words)
        q.tok_tail = max(q.tok_tail, k)


