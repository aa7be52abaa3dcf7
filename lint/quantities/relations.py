"""Relations: how the quantities of one sentence belong together, and their scope.

`relate` groups the members of a coordinated list ("412 drones and 27 missiles"), finds totals
("439 in all", "a total of 104") and parts of a whole ("15 people, including four children";
"40 of the 36 drones"), an update range ("rose from nine to 12"), shares an elided subject or
event within a list, and records the scope of each quantity: places, days and periods named
around it, another event ("another strike"), an earlier or later figure.
"""
from __future__ import annotations

from .lexicon import BE, CASUALTY_EVENTS, PLACE_PREPOSITIONS, PREPOSITIONS, Lexicon
from .record import Group, Quantities, Quantity
from .sentence import Sentence, cue_at

_list_ids = iter(range(1 << 62))


def relate(s: Sentence, found: list[Quantity], out: Quantities, lex: Lexicon) -> None:
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
            if a.part_of is None and b.tok_start > 0 and cue_at(s, b.tok_start - 1, lex) \
                    == "partition" or (b.tok_start > 1 and cue_at(s, b.tok_start - 2, lex)
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


def _is_update_range(s: Sentence, a: Quantity, b: Quantity, words: list[str]) -> bool:
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


def _has_partition(s: Sentence, gap: list[int], lex: Lexicon) -> bool:
    """ ", including", ", of them", "(among them" between a whole and its parts."""
    if not gap or len(gap) > 8:
        return False
    for k in gap:
        if s.toks[k] in (",", "(", "–", "—") and cue_at(s, k + 1, lex) == "partition":
            return True
    return cue_at(s, gap[0], lex) == "partition"


def _has_event(words: list[str], lex: Lexicon) -> bool:
    return any((w,) in lex.events for w in words)


def _is_total_after(s: Sentence, words: list[str], toks: list[str], t: Quantity,
                    lex: Lexicon) -> bool:
    """ "412 drones and 27 missiles, 439 in all" / "..., a total of 439"."""
    if len(words) > 9 or _has_event(words, lex) or not any(x in (",", "(", "—", "–", ";") for x in toks):
        return False
    return _is_total(s, t, lex)


def _is_total(s: Sentence, q: Quantity, lex: Lexicon) -> bool:
    """ "a total of 104", "439 in all", "60 missiles altogether": a total, not a list member."""
    return q.total_cue or cue_at(s, q.tok_tail, lex) == "total" or \
        cue_at(s, q.tok_end, lex) == "total"


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


def _calendar_day(toks: list[str], lows: list[str], k: int, lex: Lexicon) -> str:
    """'march 18' if a month name and a day number stand at token k ("March 18", "18 March"),
    else ''."""
    def day(tok: str) -> int:
        return int(tok) if tok.isdigit() and len(tok) <= 2 and 1 <= int(tok) <= 31 else 0
    if k + 1 < len(toks) and toks[k][:1].isupper() and lows[k] in lex.months and day(toks[k + 1]):
        return f"{lows[k]} {day(toks[k + 1])}"
    if k + 1 < len(toks) and day(toks[k]) and toks[k + 1][:1].isupper() and lows[k + 1] in lex.months:
        return f"{lows[k + 1]} {day(toks[k])}"
    return ""


def _scope(s: Sentence, counted: list[Quantity], lex: Lexicon) -> None:
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
        date = _calendar_day(toks, lows, k, lex)
        if date:
            days[seg].add(date)     # "March 18", "18 March": one day, whatever the preposition
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
    first = s.phrase_at(0, lex.cues, lex.longest)
    opening = 0 if (lows and (lows[0] in PREPOSITIONS or lows[0] == "since" or (
        first and lex.cues[first[0]] == "period"))) and nseg > 1 else -1
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
