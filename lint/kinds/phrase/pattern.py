"""Reading the rows of a phrase table: patterns, replacement templates and flags.

A row `pattern<TAB>replacement[|alternative...]<TAB>flags<TAB>languages<TAB>note` becomes an
`Entry`: the pattern as a list of `Element`s, each replacement split into pieces checked against
the pattern, the fix level its flags allow, and the element the word index anchors it on. A row
that does not parse raises PatternError. The language itself: docs/phrase-patterns.md.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ...model import Applicability
from .morphology import Morphology, WordSets

FLAG_FIX = {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE,
            "display": Applicability.DISPLAY_ONLY}
FLAGS = {*FLAG_FIX, "hint"}
MAX_GAP = 5

ELEMENT_RE = regex.compile(r"^(?:\{\*ing\}|\{[a-z][a-z'\-]*\}|<[a-z][a-z0-9\-]*>|"
                           r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-\.]*)$")
PIECE_LEMMA_RE = regex.compile(r"^\{(\*|[a-z][a-z'\-]*)(?::(base|s|past|pp|ing))?(?:@(\d+))?\}$")
PIECE_COPY_RE = regex.compile(r"^\$(\d+)$")


class PatternError(ValueError):
    """A table row that does not parse; the loader turns it into a RuleError."""


@dataclass
class Element:
    """One element of a pattern."""

    text: str
    kind: str = "word"          # word | gap | guard
    words: dict[str, frozenset[int] | None] = field(default_factory=dict)  # surface -> forms
    number: bool = False        # '<number>' is among the alternatives
    open_ing: bool = False      # '{*ing}'
    optional: bool = False
    gap: int = 0
    slot: int | None = None     # index among lemma elements

    def accepts(self, low: str, words: WordSets) -> bool:
        """Whether the lower-case token `low` is one of this element's alternatives."""
        if low in self.words:
            return True
        if self.number and words.is_number(low):
            return True
        return self.open_ing and words.is_ing_verb(low)


@dataclass
class Entry:
    """One compiled table row."""

    index: int
    pattern: str
    elements: list[Element]
    templates: list[list[str]]
    applicability: Applicability | None
    hint: bool
    languages: str
    note: str
    anchor: int = 0
    min_left: int = 0
    max_left: int = 0
    gaps: int = 0

    def anchor_keys(self) -> set[str]:
        """Lower-case letter runs the word index is asked for: each anchor alternative's first."""
        keys = set()
        for word in self.elements[self.anchor].words:
            m = regex.match(r"\p{L}+", word)
            if m:
                keys.add(m.group())
        return keys


def parse_element(text: str, morph: Morphology, words: WordSets) -> Element:
    """Parse one space-separated element of a pattern."""
    if regex.fullmatch(r"\*\d", text):
        n = int(text[1:])
        if not 1 <= n <= MAX_GAP:
            raise PatternError(f"gap {text!r}: up to {MAX_GAP} words")
        return Element(text, kind="gap", gap=n)
    el = Element(text)
    body = text
    if body.startswith("!"):
        el.kind, body = "guard", body[1:]
    elif body.startswith("(") and body.endswith(")"):
        el.optional, body = True, body[1:-1]
    if not body:
        raise PatternError(f"empty element {text!r}")
    has_lemma = False
    for alt in body.split("|"):
        if not ELEMENT_RE.match(alt):
            raise PatternError(f"element {text!r}: cannot read {alt!r}")
        if alt == "<number>":
            el.number = True
        elif alt == "{*ing}":
            el.open_ing = True
            has_lemma = True
        elif alt.startswith("{"):
            has_lemma = True
            for surface, forms in morph.surfaces(alt[1:-1]).items():
                el.words[surface] = (el.words.get(surface) or frozenset()) | forms
        elif alt.startswith("<"):
            try:
                members = words.get(alt[1:-1])
            except KeyError:
                raise PatternError(f"element {text!r}: no word set {alt!r}") from None
            for w in members:
                el.words.setdefault(w, None)
        else:
            el.words.setdefault(alt.lower().replace("’", "'"), None)
    if has_lemma and el.kind != "guard":
        el.slot = -1   # numbered by the caller (a guard's lemmas only list words)
    return el


def parse_pattern(pattern: str, morph: Morphology, words: WordSets) -> list[Element]:
    """Parse a pattern into elements; check it can anchor and does not start or end in a gap."""
    elements = [parse_element(t, morph, words) for t in pattern.split()]
    consuming = [e for e in elements if e.kind != "guard"]
    if not any(e.kind == "word" and not e.optional and e.words for e in consuming):
        raise PatternError("a pattern needs at least one required word to anchor on")
    if consuming[0].kind == "gap" or consuming[-1].kind == "gap":
        raise PatternError("a pattern cannot start or end with a gap")
    if len(elements) > 1 and elements[0].kind == elements[1].kind == "guard":
        raise PatternError("a pattern opens with one guard at most (join its words with |)")
    if sum(e.open_ing for e in elements) > 1:
        raise PatternError("a pattern may hold one {*ing} at most")
    slot = 0
    for e in elements:
        if e.slot is not None:
            e.slot = slot
            slot += 1
    return elements


def parse_template(template: str, elements: list[Element]) -> list[str]:
    """Split a replacement template into pieces and check every reference resolves."""
    pieces = template.split()
    if not pieces:
        raise PatternError("empty replacement")
    slots = [e for e in elements if e.slot is not None]
    nth = 0
    for piece in pieces:
        m = PIECE_COPY_RE.match(piece)
        if m:
            if not 1 <= int(m.group(1)) <= len(elements) or elements[int(m.group(1)) - 1].kind == "guard":
                raise PatternError(f"replacement {template!r}: {piece} names no element that matches words")
            continue
        m = PIECE_LEMMA_RE.match(piece)
        if m:
            lemma, form, ref = m.groups()
            if lemma == "*" and not any(e.open_ing for e in elements):
                raise PatternError(f"replacement {template!r}: {{*}} needs {{*ing}} in the pattern")
            if ref is not None:
                n = int(ref)
                if not 1 <= n <= len(elements) or elements[n - 1].slot is None:
                    raise PatternError(f"replacement {template!r}: {piece} names no lemma element")
            elif form is None and lemma != "*" and nth >= len(slots):
                raise PatternError(f"replacement {template!r}: {piece} has no lemma element in the "
                                   f"pattern to take its form from (add :form or @element)")
            if ref is None and form is None and lemma != "*":
                nth += 1
            continue
        if "{" in piece or "}" in piece or "$" in piece:
            raise PatternError(f"replacement {template!r}: cannot read {piece!r}")
    return pieces


def compile_entry(index: int, row: Sequence[str], morph: Morphology, words: WordSets,
                  default_fix: Applicability | None) -> Entry:
    """One table row -> Entry, with its anchor and how far the match can reach left of it."""
    if len(row) < 2 or not row[0] or not row[1]:
        raise PatternError("a row needs pattern<TAB>replacement")
    elements = parse_pattern(row[0], morph, words)
    templates = [parse_template(t, elements) for t in row[1].split("|")]
    flags = set((row[2] if len(row) > 2 else "").replace(",", " ").split()) - {"-"}
    unknown = flags - FLAGS
    if unknown:
        raise PatternError(f"unknown flag(s) {sorted(unknown)} (use {', '.join(sorted(FLAGS))})")
    applicability = default_fix
    for flag in flags & set(FLAG_FIX):
        if applicability is not None:
            applicability = min(applicability, FLAG_FIX[flag])
    entry = Entry(index, row[0], elements, templates, applicability, "hint" in flags,
                  row[3] if len(row) > 3 else "", row[4] if len(row) > 4 else "")

    def rarity(i: int) -> tuple:
        """Sort key of anchor candidates: no stop word, few alternatives, long words first."""
        e = elements[i]
        stop = any(w in words.stop or len(w) < 3 for w in e.words)
        common = any(w in words.common for w in e.words)
        return (stop, common, len(e.words) > 6, -min(len(w) for w in e.words), len(e.words))

    candidates = [i for i, e in enumerate(elements)
                  if e.kind == "word" and not e.optional and e.words and not e.number
                  and not e.open_ing]
    if not candidates:
        candidates = [i for i, e in enumerate(elements)
                      if e.kind == "word" and not e.optional and e.words]
    entry.anchor = min(candidates, key=rarity)
    for e in elements[:entry.anchor]:
        if e.kind == "word":
            entry.max_left += 1
            entry.min_left += 0 if e.optional else 1
        elif e.kind == "gap":
            entry.max_left += e.gap
    entry.gaps = sum(1 for e in elements if e.kind == "gap")
    return entry
