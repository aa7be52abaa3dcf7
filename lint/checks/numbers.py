"""Numbers that disagree inside one article (NU rules), read from the shared quantity layer
(`doc.quantities`, lint/quantities/).

Precision first: news copy is full of numbers, and most numbers that differ count different
things. Two mentions are compared only when they count the same subject with the same event
("people" + "killed"), with no place, day, period or other event named for one and not the
other, and neither is a plan, a threat or an increment. Explicit updates ("had earlier said
nine", "rose to 15") are hints, never conflicts.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import lru_cache

from ..document import Document
from ..lifecycle import Option, check
from ..model import Applicability, Finding, Fix, Related, Span
from ..quantities import Quantity, lexicon, number_words

MAX_EARLIER = 24        # earlier mentions of one count that a mention is compared with


TOLERANCE = {"tolerance": Option("float", 1.5, "percentage points of rounding allowed")}


def _line(doc: Document, offset: int) -> int:
    return doc.lines.position(offset)[0]


def _span(q: Quantity) -> Span:
    return Span(q.start, q.end)


def _extent(q: Quantity) -> int:
    """Where a quantity ends with its subject ("17 missiles"), if the subject is close."""
    return q.subject_end if q.end < q.subject_end <= q.end + 40 else q.end


def _same_scope(a: Quantity, b: Quantity) -> bool:
    """True if nothing around either mention says it counts another place, day, period or
    event than the other: when unsure, the mentions are not compared."""
    if a.other_event or b.other_event:
        return False
    if a.places != b.places or a.periods != b.periods:
        return False
    if a.days and b.days and not a.days & b.days:
        return False
    if a.days != b.days and not (a.days and b.days):
        # one count is named for a day and the other is not: the day's count may be a part
        # of the other ("12 arrested ... four arrested on Friday"), a conflict only if larger
        dated, plain = (a, b) if a.days else (b, a)
        return dated.low > plain.high
    return True


def _update(a: Quantity, b: Quantity) -> bool:
    return a.earlier or a.later or b.earlier or b.later


def _pairs(doc: Document) -> dict[Quantity, tuple[list[Quantity], list[Quantity]]]:
    """For each body mention: earlier mentions of the same count it contradicts, split into
    plain conflicts and explicit updates. Computed once per document, shared by NU101/NU103."""
    quantities = doc.quantities
    if quantities._pairs is not None:
        return quantities._pairs
    out: dict[Quantity, tuple[list[Quantity], list[Quantity]]] = {}
    for mentions in quantities.by_key().values():
        if len(mentions) < 2:
            continue
        for idx, b in enumerate(mentions):
            hard: list[Quantity] = []
            soft: list[Quantity] = []
            for a in mentions[max(0, idx - MAX_EARLIER):idx]:
                if a.list_id == b.list_id or not a.contradicts(b) or not _same_scope(a, b):
                    continue
                (soft if _update(a, b) else hard).append(a)
            if hard or soft:
                out[b] = (hard, soft)
    quantities._pairs = out
    return out


@check(fields=("event", "first", "line", "second"))
def conflicting_counts(doc: Document, rule) -> Iterator[Finding]:
    """NU101: the same count given twice with values that cannot both hold."""
    for b, (hard, _) in _pairs(doc).items():
        if not hard:
            continue
        a = hard[-1]
        related = [Related(_span(x), f"'{x.describe()}' is given here") for x in hard]
        yield rule.finding(_span(b), related=related, first=a.describe(), second=b.describe(),
                           line=_line(doc, a.start), event=b.event or b.subject or "")


@check(fields=("event", "first", "line", "second"))
def updated_counts(doc: Document, rule) -> Iterator[Finding]:
    """NU103: a count that the article itself marks as updated ("had earlier said nine")."""
    for b, (hard, soft) in _pairs(doc).items():
        if hard or not soft:
            continue
        a = soft[-1]
        related = [Related(_span(x), f"'{x.describe()}' is given here") for x in soft]
        yield rule.finding(_span(b), related=related, first=a.describe(), second=b.describe(),
                           line=_line(doc, a.start), event=b.event or b.subject or "")


# -- headline ---------------------------------------------------------------------------------
def _current(mentions: list[Quantity]) -> list[Quantity]:
    """The body's current figures: older figures dropped, and only the latest update kept once
    the article says a figure changed."""
    current = [m for m in mentions if not m.earlier and not m.periods and not m.other_event]
    updates = [i for i, m in enumerate(current) if m.later]
    return current[updates[-1]:] if updates else current


@check(fields=("event", "first", "line", "second"))
def headline_counts(doc: Document, rule) -> Iterator[Finding]:
    """NU102: a count in the headline that the body contradicts ("kills dozens" over a body that
    says eight were killed)."""
    heads = doc.quantities.by_key(headline=True)
    if not heads:
        return
    body = doc.quantities.by_key()
    for key, mentions in heads.items():
        current = _current(body.get(key, []))
        for h in mentions:
            against = [m for m in current if m.contradicts(h)]
            if not against:
                continue
            m = against[0]
            related = [Related(_span(x), f"the body gives '{x.describe()}' here") for x in against]
            yield rule.finding(_span(h), related=related, first=h.describe(), second=m.describe(),
                               line=_line(doc, m.start), event=h.event or "")


# -- parts and totals -------------------------------------------------------------------------
def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _total_subject_fits(total: Quantity, parts: list[Quantity]) -> bool:
    """A total may count an umbrella ("means of air attack", "weapons") or what its parts count;
    a total of another known subject ("people" over drones) is not their total."""
    if total.subject is None or total.subject_class is None:
        return True
    pieces = set(total.subject.split("+"))
    if total.subject == "people":       # "214 passengers and 31 crew, 245 people in all"
        return all(p.subject is None or p.subject_class == "person" for p in parts)
    return all(p.subject is None or p.subject in pieces for p in parts)


@check(fields=("parts", "sum", "total"))
def stated_totals(doc: Document, rule) -> Iterator[Finding]:
    """NU201: a stated total that its parts contradict ("20 ballistic and 35 cruise missiles,
    60 in all")."""
    quantities = doc.quantities
    for total, group in quantities.totals:
        parts = group.members
        if total.headline or not _total_subject_fits(total, parts) or \
                any(p.kind != total.kind or p.irrealis for p in parts):
            continue
        low, high = group.low, group.high
        if not (high < total.low or total.high < low):
            continue
        shown = " + ".join(_fmt(p.value) for p in parts)
        summed = _fmt(low) if low == high else f"{_fmt(low)}-{_fmt(high)}"
        later_first = total.start > parts[0].start
        span = _span(total) if later_first else Span(parts[0].start, _extent(parts[-1]))
        related = [Related(Span(parts[0].start, _extent(parts[-1])), f"the parts: {shown}")] \
            if later_first else [Related(_span(total), f"the total: '{total.describe()}'")]
        fix = None
        if low == high and total.exact and rule.fix is not None:
            number = doc.text[total.num_start:total.num_end]
            replacement = _fmt(low) if number.replace(",", "").isdigit() else None
            if replacement:
                level = Applicability.UNSAFE if _agrees_elsewhere(doc, total, low) \
                    else Applicability.DISPLAY_ONLY
                fix = Fix.replace(Span(total.num_start, total.num_end), replacement,
                                  f"Replace the total '{number}' with '{replacement}'",
                                  min(rule.fix, level))
        yield rule.finding(span, fix=fix, related=related, parts=shown, sum=summed,
                           total=total.describe())


def _agrees_elsewhere(doc: Document, total: Quantity, value: float) -> bool:
    """The sum is the certain answer: another mention of the same total (the headline, a later
    paragraph) gives the sum, and none gives the stated total."""
    index = _values_by_count(doc)
    values = index.get((total.kind, total.subject, total.event), {})
    return value in values and not any(v == total.value for v, q in values.items()
                                       if q is not total)


def _values_by_count(doc: Document) -> dict[tuple, dict[float, Quantity]]:
    """Exact values of standalone counts (no part, no total), by kind, subject and event;
    built once per document."""
    quantities = doc.quantities
    cached = getattr(quantities, "_values", None)
    if cached is not None:
        return cached
    out: dict[tuple, dict[float, Quantity]] = {}
    for q in quantities.items:
        if q.counted and q.exact and q.part_of is None and q.total_of is None and q.subject:
            out.setdefault((q.kind, q.subject, q.event), {}).setdefault(q.value, q)
    quantities._values = out
    return out


@check(fields=("parts", "whole"))
def parts_exceed_whole(doc: Document, rule) -> Iterator[Finding]:
    """NU202: parts that add up to more than their whole ("two people died, among them three
    teenagers"; "intercepted 40 of the 36 drones")."""
    for whole, parts in doc.quantities.partitions:
        if any(q.headline for q in parts.members):
            continue
        for wgroup, pgroup in _matched(whole.members, parts.members):
            if any(p.kind != w.kind for p in pgroup for w in wgroup):
                continue        # a share of a count ("40% of the 27 artists' works") is no part
            low = sum(p.low for p in pgroup)
            high = sum(w.high for w in wgroup)
            if low <= high:
                continue
            shown = " + ".join(_fmt(p.value) for p in pgroup) + f" = {_fmt(low)}" \
                if len(pgroup) > 1 else f"'{pgroup[0].describe()}'"
            span = Span(pgroup[0].start, _extent(pgroup[-1]))
            wshown = " and ".join(f"'{w.describe()}'" for w in wgroup)
            related = [Related(Span(wgroup[0].start, _extent(wgroup[-1])), f"the whole: {wshown}")]
            yield rule.finding(span, related=related, parts=shown, whole=wshown)


def _matched(whole: list[Quantity], parts: list[Quantity]):
    """Pair parts with the member of the whole they belong to: by event and subject when the
    whole is a list of different counts ("3 dead and 12 injured, of which 4 seriously injured
    and 9 slightly"), else the whole as one."""
    if len(whole) == 1:
        return [(whole, parts)]
    out = []
    for w in whole:
        mine = [p for p in parts if (p.event, p.subject) == (w.event, w.subject)]
        if mine:
            out.append(([w], mine))
    matched = sum(len(p) for _, p in out)
    if matched != len(parts):
        same = {(w.subject, w.event) for w in whole}
        return [(whole, parts)] if len(same) == 1 else []
    return out


# -- percentages ------------------------------------------------------------------------------
def _split_words() -> frozenset[str]:
    return frozenset(k[0] for k, t in lexicon().cues.items() if t == "split" and len(k) == 1)


@check(fields=("shares", "sum"), options=TOLERANCE)
def share_sums(doc: Document, rule) -> Iterator[Finding]:
    """NU203: the shares of one split (a poll, a vote) that add up to far more than 100
    percent."""
    split = _split_words()
    tolerance = rule.options["tolerance"]
    by_sentence: dict[int, list[Quantity]] = {}
    for q in doc.quantities.items:
        if q.kind == "percent" and not q.change and q.unit == "percent" \
                and not q.headline and q.qualifier not in ("max", "min"):
            by_sentence.setdefault(q.sentence, []).append(q)
    for index, shares in by_sentence.items():
        if len(shares) < 2:
            continue
        bases = {q.base_words for q in shares if q.base_words}
        if len(bases) > 1:
            continue
        sentence = doc.sentences[index]
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", doc.text[sentence.start:sentence.end])}
        if not words & split:
            continue
        low = sum(q.low for q in shares)
        if low <= 100 + max(tolerance, 0.5 * len(shares)):
            continue
        last = shares[-1]
        shown = " + ".join(_fmt(q.value) for q in shares)
        related = [Related(_span(q), f"'{q.describe()}' is one share") for q in shares[:-1]]
        yield rule.finding(_span(last), related=related, shares=shown, sum=_fmt(low))


@check(fields=("computed", "count", "percent", "whole"), options=TOLERANCE)
def percent_of_counts(doc: Document, rule) -> Iterator[Finding]:
    """NU204: a percentage that contradicts the counts it was computed from ("600 of the 1,200
    members (45 percent)")."""
    tolerance = rule.options["tolerance"]
    items = doc.quantities.items
    for idx, q in enumerate(items):
        if q.kind != "percent" or q.change or q.headline:
            continue
        count, whole = _count_for(doc, items, idx)
        if count is None or whole is None or whole.value <= 0:
            continue
        expected = 100.0 * count.value / whole.value
        slack = tolerance + (5.0 if q.qualifier in ("approx", "near") else 0.0)
        if q.qualifier in ("min", "max") or abs(expected - q.value) <= slack:
            continue
        computed = _fmt(round(expected, 1))
        related = [Related(_span(count), f"the count: '{count.describe()}'"),
                   Related(_span(whole), f"the whole: '{whole.describe()}'")]
        number = doc.text[q.num_start:q.num_end]
        fix = None
        if rule.fix is not None:
            fix = Fix.replace(Span(q.num_start, q.num_end), _fmt(round(expected)),
                              f"Replace '{number}' with '{_fmt(round(expected))}'",
                              min(rule.fix, Applicability.DISPLAY_ONLY))
        yield rule.finding(_span(q), fix=fix, related=related, percent=q.describe(),
                           count=count.describe(), whole=whole.describe(), computed=computed)


def _count_for(doc: Document, items: list[Quantity], idx: int):
    """The count a percentage stands beside ("600 (45 percent)", "45 percent, or 600") and the
    whole it is a share of ("of the 1,200 members", "Of 1,200 respondents, ...")."""
    q = items[idx]
    text = doc.text
    count = None
    neighbours = []
    if idx:
        before = items[idx - 1]
        # "30 of the 120 bridges, or 25 percent": the count stands before its whole
        whole_of = items[idx - 2].part_of if idx > 1 else None
        if whole_of is not None and whole_of.members == [before]:
            neighbours.append((items[idx - 2], before))
        else:
            neighbours.append((before, before))
    if idx + 1 < len(items):
        neighbours.append((items[idx + 1], items[idx + 1]))
    for other, edge in neighbours:
        if other.kind != "count" or other.sentence != q.sentence:
            continue
        if other.start < q.start:
            gap = text[max(edge.end, _extent(edge)):q.start]
        else:
            gap = text[q.end:other.start]
        if PERCENT_GAP_RE.fullmatch(gap):
            count = other
            break
    if count is None:
        return None, None
    whole = count.part_of.members[0] if count.part_of and len(count.part_of.members) == 1 else None
    if whole is None:
        whole = _sentence_whole(doc, items, count)
    if whole is None or whole is count or whole.kind != "count":
        return None, None
    return count, whole


PERCENT_GAP_RE = re.compile(r"\s*(?:\(|,\s*or|or|—|–)\s*")
OPENING_OF_RE = re.compile(r"(?i)(?:out\s+)?of\s+(?:the\s+)?")


def _first_in_sentence(doc: Document) -> dict[int, Quantity]:
    """The first quantity of each sentence that has one; built once per document."""
    quantities = doc.quantities
    cached = getattr(quantities, "_firsts", None)
    if cached is None:
        cached = {}
        for q in quantities.items:
            cached.setdefault(q.sentence, q)
        quantities._firsts = cached
    return cached


def _sentence_whole(doc: Document, items: list[Quantity], count: Quantity) -> Quantity | None:
    """ "Of the 1,200 respondents, 600 ..." / "Of 40 members, 12 ...": a whole that opens the
    sentence."""
    sentence = doc.sentences[count.sentence]
    opening = OPENING_OF_RE.match(doc.text, sentence.start, sentence.end)
    if not opening:
        return None
    first = _first_in_sentence(doc).get(count.sentence)
    if first is None or first is count or first.start != opening.end():
        return None
    return first


# -- dates ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _calendar():
    lex = lexicon()
    months = sorted(lex.months, key=len, reverse=True)
    month = "(?P<{g}>" + "|".join(m.capitalize() for m in months) + r")\.?"
    day = r"(?P<{g}>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
    after_weekday = re.compile(
        r"\.?,?\s*\(?\s*(?:" + month.format(g="m1") + r"\s+" + day.format(g="d1") + "|"
        + day.format(g="d2") + r"\s+(?:of\s+)?" + month.format(g="m2") + r")(?![\w])"
        r"(?:,?\s+(?P<y>1[6-9]\d\d|2[01]\d\d)(?!\d))?")
    full_date = re.compile(
        r"(?:" + month.format(g="m1") + r"\s+" + day.format(g="d1") + r",?|"
        + day.format(g="d2") + r"\s+" + month.format(g="m2") + r",?)\s+(?P<y>1[6-9]\d\d|2[01]\d\d)(?!\d)")
    return after_weekday, full_date


def _weekday_words() -> frozenset[str]:
    return frozenset(lexicon().weekdays)


def _month_words() -> frozenset[str]:
    return frozenset(lexicon().months)


@check(fields=("actual", "date", "weekday"))
def weekday_dates(doc: Document, rule) -> Iterator[Finding]:
    """NU301: a weekday that contradicts the date written beside it ("Thursday, April 25, 2025"
    was a Friday). The year is the date's own, or the one year every full date of the article
    names, within a few months of the date."""
    lex = lexicon()
    after_weekday, _ = _calendar()
    text = doc.text
    hits = []
    for word in _weekday_words():
        for start in doc.word_starts(word):
            end = start + len(word)
            if not text[start].isupper():
                continue
            m = after_weekday.match(text, end)
            if not m:
                continue
            month = lex.months[(m.group("m1") or m.group("m2")).lower()]
            day = int(m.group("d1") or m.group("d2"))
            hits.append((start, end, m, month, day, lex.weekdays[word]))
    if not hits:
        return
    years = None
    inferred: dict[int, tuple[int | None, Span | None]] = {}
    for start, end, m, month, day, weekday in sorted(hits):
        year = int(m.group("y")) if m.group("y") else None
        source = None
        if year is None:
            if years is None:
                years = _article_years(doc)
            if month not in inferred:
                inferred[month] = _infer_year(years, month)
            year, source = inferred[month]
            if year is None:
                continue
        try:
            actual = datetime.date(year, month, day)
        except ValueError:
            continue
        if actual.weekday() == weekday:
            continue
        written = text[start:end]
        right = actual.strftime("%A")
        if written.isupper():
            right = right.upper()
        elif len(written) < len(right) and written[:3].lower() == right[:3].lower():
            continue
        date_text = text[m.start():m.end()].strip(" ,.(")
        related = [Related(Span(m.start() + (len(m.group()) - len(m.group().lstrip(" ,.("))),
                                m.end()), f"the date: {date_text}")]
        if source is not None:
            related.append(Related(source, f"the year {year} is taken from this date"))
        fix = None
        if rule.fix is not None and len(written) >= 6:
            fix = Fix.replace(Span(start, end), right, f"Replace '{written}' with '{right}'",
                              min(rule.fix, Applicability.DISPLAY_ONLY))
        yield rule.finding(Span(start, end), fix=fix, related=related, weekday=written,
                           date=date_text if m.group("y") else
                           f"{date_text}{', ' if m.group('m1') else ' '}{year}",
                           actual=right)


weekday_dates.vocabulary = frozenset()   # filled below, once the tables are readable


def _article_years(doc: Document) -> list[tuple[int, int, Span]]:
    """(year, month, span) of every full date (day, month and year) in the article."""
    _, full_date = _calendar()
    lex = lexicon()
    text = doc.text
    out = []
    for word in _month_words():
        for start in doc.word_starts(word):
            window_start = max(0, start - 4)
            for m in full_date.finditer(text, window_start, min(len(text), start + 30)):
                if m.start() <= start < m.end():
                    month = lex.months[(m.group("m1") or m.group("m2")).lower()]
                    out.append((int(m.group("y")), month, Span(m.start(), m.end())))
                    break
    return out


def _infer_year(years: list[tuple[int, int, Span]], month: int) -> tuple[int | None, Span | None]:
    """The article's year for a date without one: every full date names the same year and one of
    them is within three months of the date."""
    if not years or len({y for y, _, _ in years}) != 1:
        return None, None
    close = [(y, s) for y, m, s in years if abs(m - month) <= 3]
    if not close:
        return None, None
    return close[0]


QUANTITY_RULES = (conflicting_counts, updated_counts, headline_counts, stated_totals,
                   parts_exceed_whole, share_sums, percent_of_counts)


def _declare_vocabulary() -> None:
    """The words each rule looks up in the shared word index, declared up front so that the
    engine builds the index once for every rule."""
    try:
        weekday_dates.vocabulary = _weekday_words() | _month_words()
        for check in QUANTITY_RULES:
            check.vocabulary = number_words()
    except OSError:      # tables unreadable: the rules report it when they run
        weekday_dates.vocabulary = frozenset()


_declare_vocabulary()
