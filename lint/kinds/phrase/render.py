"""Building replacement text and fixes for phrase matches.

`Renderer` fills a replacement template from a `Hit`: copies ($n), lemmas inflected to the form
the matched verb had, singular/plural agreement with the subject, 'a'/'an' made to agree. It then
carries the matched text's case over (`recase`) and turns each alternative into a Fix, widening
the edit over an article just before the match when the replacement needs the other one. The
template syntax is described in docs/phrase-patterns.md.
"""
from __future__ import annotations

from ...model import Applicability, Fix, Span
from .match import HARD, Hit, Window
from .morphology import BASE, FORM_NAMES, ING, PAST, PP, PRESENT, Morphology, S, WordSets
from .pattern import PIECE_COPY_RE, PIECE_LEMMA_RE

OPENERS = "\"'“‘«([—–-"
CLOSERS = "\"'”’»)]"
SMALL_WORDS = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by",
                         "with", "into", "from", "as"])


class Renderer:
    """Turns a hit and a template into replacement text, inflecting lemmas to fit."""

    def __init__(self, morph: Morphology, words: WordSets) -> None:
        self.morph, self.words = morph, words

    def _back(self, win: Window, ti: int, skip_aux: bool = False) -> int | None:
        """The nearest token before `ti` in the same sentence, adverbs (and, if asked,
        auxiliaries and modals) skipped."""
        j = ti - 1
        while win.sep(j + 1) != HARD:
            low = win.low(j)
            if self.words.skippable(low) or (skip_aux and (low in self.words.aux
                                                           or low in self.words.modal
                                                           or low in self.words.do)):
                j -= 1
                continue
            return j
        return None

    def subject_number(self, win: Window, verb: int) -> tuple[bool, bool]:
        """(plural, certain) for the subject before the verb at token `verb`: a pronoun, a
        number or a word of the `plural`/`singular` sets is certain; a noun in -s is a guess,
        and so is anything else (read as singular)."""
        j = self._back(win, verb, skip_aux=True)
        if j is None:
            return False, False
        low = win.low(j)
        if low in self.words.plural:
            return True, True
        if low in self.words.singular:
            return False, True
        if self.words.is_number(low):
            return low not in ("1", "one"), True
        if low.endswith("s") and not low.endswith(("ss", "us", "is", "'s")) \
                and low not in self.words.singular_s and low not in self.words.stop:
            return True, False
        return False, False

    def choose_form(self, win: Window, verb: int, forms: frozenset[int] | None) -> tuple[int, bool]:
        """(form, after do-support) to give a replacement lemma whose pattern lemma matched
        token `verb` as `forms`: a modal or do-support before it asks for the bare form, an
        auxiliary for the participle where past and participle look alike."""
        if not forms:
            return BASE, False
        j = self._back(win, verb)
        before = win.low(j) if j is not None else ""
        do_support = before in self.words.do
        if BASE in forms and (before in self.words.modal or do_support):
            return BASE, do_support
        if PAST in forms and PP in forms:
            return (PP if before in self.words.aux else PAST), do_support
        if forms <= {BASE, PRESENT}:
            return PRESENT, do_support
        for f in (PP, PAST, S, ING, BASE, PRESENT):
            if f in forms:
                return f, do_support
        return BASE, do_support

    def render(self, hit: Hit, template: list[str], initial_cap: bool,
               plural_choice: bool | None = None) -> tuple[str, bool] | None:
        """Replacement text and whether a singular/plural guess went into it; None if a form
        cannot be given here (a 'be' after do-support)."""
        win, elements = hit.window, hit.entry.elements
        slots = [i for i, e in enumerate(elements) if e.slot is not None]
        open_ing = next((i for i, e in enumerate(elements) if e.open_ing), None)
        out: list[str] = []
        guessed = False
        nth = 0
        for piece in template:
            m = PIECE_COPY_RE.match(piece)
            if m:
                cap = hit.captures[int(m.group(1)) - 1]
                if cap is None or cap[0] == cap[1]:
                    continue
                copied = win.text[win.start(cap[0]):win.end(cap[1] - 1)]
                if initial_cap and cap[0] == hit.first and out:
                    copied = _uncap(copied)
                out.append(" ".join(copied.split()))
                continue
            m = PIECE_LEMMA_RE.match(piece)
            if not m:
                out.append(piece)
                continue
            lemma, form_name, ref = m.groups()
            source: int | None
            if ref is not None:
                source = int(ref) - 1
            elif form_name is None and lemma != "*":
                source = slots[nth]
                nth += 1
            else:
                source = open_ing if lemma == "*" else None
            cap = hit.captures[source] if source is not None else None
            if lemma == "*":
                ing_cap = hit.captures[open_ing] if open_ing is not None else None
                if ing_cap is None:
                    return None       # the {*ing} is a guard's: it captured no word
                lemma = self.morph.lemma_of_ing(win.low(ing_cap[0]))
            if form_name is not None:
                form, do_support = FORM_NAMES.index(form_name), False
            elif cap is None or cap[0] == cap[1]:
                form, do_support = BASE, False
            else:
                form, do_support = self.choose_form(win, cap[0], cap[2])
            if do_support and lemma in self.words.no_do_support:
                return None
            cell = self.morph.forms(lemma)[form]
            if cell == "-":
                return None
            if "|" in cell:
                singular, plural = cell.split("|", 1)
                verb = cap[0] if cap is not None and cap[0] != cap[1] else hit.first
                number, certain = self.subject_number(win, verb)
                if plural_choice is not None:
                    number = plural_choice
                cell = plural if number else singular
                guessed = guessed or not certain
            out.append(cell)
        text = " ".join(out)
        return self.fix_articles(text), guessed

    def fix_articles(self, text: str) -> str:
        """Make every 'a'/'an' in `text` agree with the word after it."""
        parts = text.split(" ")
        for i, w in enumerate(parts[:-1]):
            if w.lower() in ("a", "an"):
                want = self.words.article_for(parts[i + 1])
                if w.lower() != want:
                    parts[i] = _same_case(w, want)
        return " ".join(parts)

    def fixes(self, hit: Hit) -> tuple[list[Fix], list[str]]:
        """The fixes for a hit, best first (none if the entry's rule has no fix), and the
        replacement texts they put in (for the message, fix or not)."""
        text = hit.window.text
        span = hit.span
        matched = text[span.start:span.end]
        initial = sentence_initial(text, span.start)
        shown = " ".join(matched.split())
        fixes: list[Fix] = []
        texts: list[str] = []
        for template in hit.entry.templates:
            first = self.render(hit, template, initial and matched[:1].isupper())
            if first is None:
                continue
            variants = [first]
            if first[1]:
                number, _ = self.subject_number(hit.window, _verb_token(hit))
                other = self.render(hit, template, initial and matched[:1].isupper(),
                                    plural_choice=not number)
                if other is not None and other[0] != first[0]:
                    variants.append(other)
            for rendered, guessed in variants:
                replacement = recase(matched, rendered, initial)
                edit_span, new = self._with_article(hit, span, replacement)
                if new == text[edit_span.start:edit_span.end] or replacement in texts:
                    continue
                texts.append(replacement)
                applicability = hit.entry.applicability
                if applicability is None:
                    continue
                if guessed:
                    applicability = min(applicability, Applicability.UNSAFE)
                fixes.append(Fix.replace(edit_span, new, f"Replace '{shown}' with '{replacement}'",
                                         applicability))
        return fixes, texts

    def _with_article(self, hit: Hit, span: Span, replacement: str) -> tuple[Span, str]:
        """Widen the edit over an 'a'/'an' just before the match if the replacement needs the
        other one."""
        win = hit.window
        j = hit.first - 1
        if not win.joined(hit.first) or win.low(j) not in ("a", "an"):
            return span, replacement
        first_word = replacement.split(" ", 1)[0]
        want = self.words.article_for(first_word)
        if want == win.low(j):
            return span, replacement
        article = win.text[win.start(j):win.end(j)]
        return Span(win.start(j), span.end), f"{_same_case(article, want)} {replacement}"


def _verb_token(hit: Hit) -> int:
    """The token of the hit's first lemma element (the verb a number guess agrees with)."""
    for el, cap in zip(hit.entry.elements, hit.captures):
        if el.slot is not None and cap is not None and cap[0] != cap[1]:
            return cap[0]
    return hit.first


def _uncap(word: str) -> str:
    """`word` with a lower-case first letter, unless it is an acronym or in capitals."""
    if len(word) > 1 and word[1:2].isupper():
        return word           # an acronym or capitals throughout: keep
    return word[:1].lower() + word[1:]


def _same_case(model: str, word: str) -> str:
    """`word` in the case of `model`: capitals, a capital first letter, or as it is."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def sentence_initial(text: str, start: int) -> bool:
    """Whether `start` begins a sentence: only openers and white space since the text's
    start, a line break, or sentence-final punctuation (closing quotes allowed after it)."""
    j = start - 1
    while j >= 0 and (text[j] in " \t" or text[j] in OPENERS):
        j -= 1
    if j < 0 or text[j] in "\r\n":
        return True
    while j >= 0 and text[j] in CLOSERS:
        j -= 1
    return j >= 0 and text[j] in ".!?…"


def recase(matched: str, replacement: str, initial: bool) -> str:
    """Carry the match's case over: all capitals, title case, or a sentence-initial capital."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = [w for w in matched.split() if w[:1].isalpha()]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(_title(w, i == 0) for i, w in enumerate(replacement.split()))
    if initial and matched[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _title(word: str, first: bool) -> str:
    """`word` in title case (each hyphenated part capitalised); small words stay lower case
    except first."""
    if not first and word.lower() in SMALL_WORDS:
        return word
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
