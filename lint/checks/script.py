"""Script and character checks: look-alike letters from another alphabet inside a word (MT601),
runs of text left in another script (MT602), and invisible or control characters (MT603).

English copy is almost all ASCII, so each check first finds the rare characters it cares about
with one regular expression over the whole text (a character class, scanned in C) and looks
closer only there: the cost of a clean text is one scan.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..document import Document
from ..lifecycle import Option, check, preparer
from ..model import Applicability, Finding, Fix, Severity, Span

# -- scripts ---------------------------------------------------------------------------------
# Letters of the Latin script beyond ASCII: Latin-1 and Extended-A/B, IPA, phonetic extensions,
# Latin Extended Additional, -C, -D, -E, ligatures and full-width forms.
LATIN_RANGES = ("A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1d00-\u1dbf"
                "\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06\uff21-\uff3a"
                "\uff41-\uff5a")
CYRILLIC_RANGES = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
GREEK_RANGES = "\u0370-\u03ff\u1f00-\u1fff"
LATIN_LETTER_RE = re.compile(f"[{LATIN_RANGES}]")
CYRILLIC_RE = re.compile(f"[{CYRILLIC_RANGES}]")
GREEK_RE = re.compile(f"[{GREEK_RANGES}]")
CYRILLIC_OR_GREEK_RUN_RE = re.compile(f"[{CYRILLIC_RANGES}{GREEK_RANGES}]+")
# A letter of any script but Latin (word characters less digits, underscore and the Latin
# letters, combining marks, letter-like symbols, number forms and full-width ASCII).
FOREIGN = (r"[^\W\d_\u0000-\u036f\u1d00-\u1dbf\u1e00-\u1eff\u2070-\u218f\u2c60-\u2c7f"
           r"\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06\uff00-\uff5f]")
FOREIGN_RE = re.compile(FOREIGN)
FOREIGN_WORD_RE = re.compile(f"{FOREIGN}+(?:['’\\-]{FOREIGN}+)*")
# A run of foreign words: foreign letters and whatever stands between them (spaces, digits,
# punctuation, emoji) short of a Latin letter or a line break (hard-wrapped copy: a paragraph).
_GAP = f"[^\\n{LATIN_RANGES}]"
FOREIGN_RUN_RE = re.compile(f"{FOREIGN}(?:{_GAP}*{FOREIGN})?")
FOREIGN_RUN_WRAPPED_RE = re.compile(f"{FOREIGN}(?:(?:{_GAP}|\\n(?![^\\S\\n]*\\n))*{FOREIGN})?")
ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Scripts written without spaces between words: a "word" there is counted as two characters.
UNSPACED_RE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                         "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
OPENING_MARKS = "([{«“„‘‹\"'"
CLOSING_MARKS = ")]}»”“’›\"'"


def _script(ch: str) -> str:
    """'Latin', 'Cyrillic', 'Greek' or 'other' for a letter."""
    if ch < "\u0080" or LATIN_LETTER_RE.match(ch):
        return "Latin"
    if CYRILLIC_RE.match(ch):
        return "Cyrillic"
    if GREEK_RE.match(ch):
        return "Greek"
    return "other"


# -- MT601: look-alike letters from another alphabet ---------------------------------------------
@dataclass(frozen=True)
class _Confusables:
    """Cyrillic/Greek letters and their Latin look-alikes, both ways."""

    to_latin: dict[str, str]                  # "і" -> "i"
    from_latin: dict[str, dict[str, str]]     # "Cyrillic" -> {"i": "і"}
    names: dict[str, str]                     # "і" -> "CYRILLIC SMALL LETTER ..."


CONFUSABLES_ROW = "U+XXXX<TAB>letter<TAB>Latin letter<TAB>both|to-latin<TAB>name"


def _confusables(rule) -> _Confusables:
    to_latin: dict[str, str] = {}
    from_latin: dict[str, dict[str, str]] = {"Cyrillic": {}, "Greek": {}}
    names: dict[str, str] = {}
    table = rule.options["confusables"]
    for row in table.rows:
        if len(row) < 5 or not re.fullmatch(r"U\+[0-9A-F]{4,6}", row[0]) or len(row[2]) != 1:
            raise table.bad_row(row, CONFUSABLES_ROW)
        ch = chr(int(row[0].removeprefix("U+"), 16))
        script = _script(ch)
        if row[1] != ch or script not in from_latin or row[3] not in ("both", "to-latin"):
            raise table.bad_row(row, CONFUSABLES_ROW)
        to_latin[ch] = row[2]
        names[ch] = row[4].split(";")[0]
        if row[3] == "both":
            if row[2] in from_latin[script]:
                raise table.bad_row(row, f"one {script} letter per Latin letter ('{row[2]}' twice)")
            from_latin[script][row[2]] = ch
    return _Confusables(to_latin, from_latin, names)


@preparer(options={"confusables": Option("table", "confusables", "look-alike letters")},
          fields=("detail", "other", "script", "word"))
def mixed_script(rule, env):
    """MT601: prepared once per rule set."""
    table = _confusables(rule)
    return lambda doc, budget: _mixed_script(doc, rule, table)


def _mixed_script(doc: Document, rule, table: _Confusables) -> Iterator[Finding]:
    """A word written in one alphabet with a look-alike letter of another inside it ("Kharkіv"
    with a Cyrillic і, "Kиїв" with a Latin K); the fix puts the word's own letter back.

    A word is judged part by part (between hyphens and apostrophes: "β-blocker" is two parts);
    the dominant script of a part is the one most of its letters are in. A part is reported only
    when every letter of the other script has a look-alike in the dominant one, so technical
    mixtures whose letters look like nothing else ("μm", "ΔT") stay quiet.
    """
    text = doc.text
    if not CYRILLIC_OR_GREEK_RUN_RE.search(text):
        return
    done = -1
    for m in CYRILLIC_OR_GREEK_RUN_RE.finditer(text):
        s, e = m.span()
        if s < done:
            continue
        if not (s and text[s - 1].isalnum()) and not (e < len(text) and text[e].isalnum()):
            continue              # a whole word in one script
        while s and text[s - 1].isalnum():
            s -= 1
        while e < len(text) and text[e].isalnum():
            e += 1
        done = e
        found = _homoglyph_fix(text, s, e, table)
        if found is None:
            continue
        fixed, swapped, dominant = found
        word = text[s:e]
        other = _script(swapped[0])
        detail = "; ".join(f"{other} '{ch}' ({_code(ch)}, {_name(ch, table)}) for {dominant} "
                           f"'{_swap(ch, dominant, table)}'" for ch in dict.fromkeys(swapped))
        title = (f"Replace the look-alike {other} letters with {dominant} ones" if len(swapped) > 1
                 else f"Replace the look-alike {other} letter with a {dominant} one")
        fix = rule.make_fix(Span(s, e), fixed, title)
        yield rule.finding(Span(s, e), fix=fix, word=word, detail=detail, script=dominant,
                           other=other)


def _homoglyph_fix(text: str, s: int, e: int,
                   table: _Confusables) -> tuple[str, list[str], str] | None:
    """(fixed word, letters swapped, dominant script) for text[s:e], or None if the word is
    not one script with look-alikes of another."""
    word = text[s:e]
    scripts = [_script(ch) if ch.isalpha() else "" for ch in word]
    counts = Counter(sc for sc in scripts if sc)
    if "other" in counts or len(counts) != 2:
        return None
    (first, n1), (second, n2) = counts.most_common(2)
    dominant = first if n1 > n2 else _context_script(text, s, e, (first, second))
    swapped = [ch for ch, sc in zip(word, scripts) if sc and sc != dominant]
    if any(_swap(ch, dominant, table) is None for ch in swapped):
        return None
    fixed = "".join((_swap(ch, dominant, table) or ch) if sc and sc != dominant else ch
                    for ch, sc in zip(word, scripts))
    return fixed, swapped, dominant


def _swap(ch: str, dominant: str, table: _Confusables) -> str | None:
    """The dominant script's look-alike of `ch`, if it has one."""
    if dominant == "Latin":
        return table.to_latin.get(ch)
    return table.from_latin.get(dominant, {}).get(ch)


def _context_script(text: str, s: int, e: int, candidates: tuple[str, str]) -> str:
    """For a word split evenly between two scripts: the one the words around it are written in
    (Latin when they are not clearly one of the two)."""
    around = text[max(0, s - 60):s] + " " + text[e:e + 60]
    counts = Counter(_script(ch) for ch in around if ch.isalpha())
    a, b = candidates
    best = a if counts[a] > counts[b] else b if counts[b] > counts[a] else "Latin"
    return best if best in candidates else candidates[0]


def _code(ch: str) -> str:
    """'U+0456'."""
    return f"U+{ord(ch):04X}"


def _name(ch: str, table: _Confusables) -> str:
    """The letter's Unicode name."""
    return table.names.get(ch) or unicodedata.name(ch, None) or _code(ch)


# -- MT602: text left in another script ---------------------------------------------------------
@check(options={
    "gloss_max_words": Option("int", 4, "a bracketed or quoted run this short is a gloss"),
    "warning_min_words": Option("int", 3, "runs this long are warnings, shorter ones info"),
    "script_names": Option("dict", {}, "script -> the name shown in messages")},
    fields=("excerpt", "script"))
def untranslated(doc: Document, rule) -> Iterator[Finding]:
    """Words in a non-Latin script inside English copy: a sentence left in Ukrainian, a phrase
    in Chinese. Glosses stay quiet: a short run that is all a bracket or a quotation holds
    ("the word «слава» (glory)", "Volodymyr Zelensky (Володимир Зеленський)"), single letters
    used as symbols ("α", "π"), emoji, and a document mainly written in another script.
    """
    text = doc.text
    if not FOREIGN_RE.search(text) or _mainly_foreign(text):
        return
    runs = (FOREIGN_RUN_WRAPPED_RE if doc.hard_wrapped else FOREIGN_RUN_RE).finditer(text)
    opts = rule.options
    gloss_words = opts["gloss_max_words"]
    loud_words = opts["warning_min_words"]
    names = {k.upper(): v for k, v in opts["script_names"].items()}
    for m in runs:
        s, e = m.span()
        if (s and LATIN_LETTER_RE.match(text[s - 1])) or (e < len(text) and
                                                          LATIN_LETTER_RE.match(text[e])):
            continue              # glued to Latin letters: a mixed word (MT601's concern)
        run = m.group()
        words = FOREIGN_WORD_RE.findall(run)
        size = sum(-(-len(w) // 2) if UNSPACED_RE.match(w) else 1 for w in words)
        if sum(len(w) for w in words) < 2:
            continue              # a lone letter: a symbol ("the β variant") or an initial
        if size <= gloss_words and _enclosed(text, s, e):
            continue              # a gloss: «слава», (Володимир Зеленський)
        if _translation_follows(text, e):
            continue              # a quotation in the original, its translation in brackets
        script = _script_name(run, names)
        excerpt = " ".join(run.split())
        if len(excerpt) > 40:
            excerpt = excerpt[:39].rstrip() + "…"
        fix = None
        if rule.fix is not None:
            fix = Fix(f"Translate or transliterate the {script} text", (),
                      Applicability.DISPLAY_ONLY)
        found = rule.finding(Span(s, e), fix=fix, script=script, excerpt=excerpt, words=size)
        # a word or two: a hint (set here, as Rule.finding reads a falsy INFO as "no severity")
        yield found if size >= loud_words else replace(found, severity=Severity.INFO)


def _mainly_foreign(text: str) -> bool:
    """True if the text has at least as many letters of other scripts as Latin letters: it is
    not English copy with foreign words in it, but copy in another language. Counted exactly
    on the first 256K characters and on 64 samples of 1K spread over the rest."""
    ascii_text = text.encode("ascii", "ignore")
    latin = len(ascii_text) - len(ascii_text.translate(None, ASCII_LETTERS))
    if len(text) - len(ascii_text) < latin:
        return False              # fewer non-ASCII characters of any kind than Latin letters
    if len(text) > 1 << 18:
        step = len(text) // 64
        text = text[:1 << 18] + "".join(text[i:i + 1024] for i in range(1 << 18, len(text), step))
        ascii_text = text.encode("ascii", "ignore")
        latin = len(ascii_text) - len(ascii_text.translate(None, ASCII_LETTERS))
    return len(text) - len(FOREIGN_RE.sub("", text)) >= latin


def _enclosed(text: str, s: int, e: int) -> bool:
    """True if text[s:e] is all that stands inside a pair of brackets or quote marks."""
    i = s - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    j = e
    while j < len(text) and (text[j] in " \t" or text[j] in ",.;:!?"):
        j += 1
    return i >= 0 and j < len(text) and text[i] in OPENING_MARKS and text[j] in CLOSING_MARKS


def _translation_follows(text: str, e: int) -> bool:
    """True if a bracket holding Latin-script words follows the run at once (past closing
    quote marks and punctuation): «...» ("How good it is...")."""
    j = e
    while j < len(text) and j - e < 6 and (text[j] in " \t,.;:!?" or text[j] in CLOSING_MARKS):
        j += 1
    if j >= len(text) or text[j] not in "([":
        return False
    inside = text[j + 1:j + 200].split(")" if text[j] == "(" else "]", 1)[0]
    return bool(LATIN_LETTER_RE.search(inside)) and not FOREIGN_RE.search(inside)


def _script_name(run: str, names: dict[str, str]) -> str:
    """The name of the script most of the run's letters are in ("Cyrillic", "Chinese")."""
    counts = Counter(unicodedata.name(ch, "OTHER").split()[0] for ch in FOREIGN_RE.findall(run))
    if counts["HIRAGANA"] or counts["KATAKANA"]:
        return names.get("HIRAGANA", "Japanese")
    key = counts.most_common(1)[0][0]
    return names.get(key, key.title())


# -- MT603: invisible and control characters -----------------------------------------------------
@dataclass(frozen=True)
class _Invisible:
    """The characters MT603 reports, with what to do about each and where each is fine."""

    pattern: re.Pattern
    treatment: dict[str, str]
    legitimate: dict[str, frozenset[str]]
    names: dict[str, str]


TREATMENTS = ("delete", "space", "cp1252", "report")
CONTEXTS = frozenset({"emoji", "script", "rtl", "start"})
# An ANSI escape sequence ("ESC [31m") is one unit: deleting the ESC alone leaves "[31m".
ANSI_CSI_RE = re.compile("\x1b\\[[0-9;?]*[ -/]*[@-~]")


def _invisible(rule) -> _Invisible:
    treatment: dict[str, str] = {}
    legitimate: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    table = rule.options["characters"]
    for row in table.rows:
        ok = len(row) >= 4 and re.fullmatch(r"U\+[0-9A-F]{4,6}", row[0]) and row[1] in TREATMENTS
        contexts = frozenset(c for c in row[2].split(",") if c and c != "-") if ok else frozenset()
        if not ok or not contexts <= CONTEXTS:
            raise table.bad_row(row, f"U+XXXX<TAB>{'|'.join(TREATMENTS)}<TAB>contexts<TAB>name")
        ch = chr(int(row[0].removeprefix("U+"), 16))
        treatment[ch], legitimate[ch] = row[1], contexts
        names[ch] = row[3].removesuffix(" (control)")
    chars = "".join(re.escape(c) for c in sorted(treatment))
    return _Invisible(re.compile(f"[{chars}]+"), treatment, legitimate, names)


@preparer(options={
    "characters": Option("table", "invisible-characters", "the characters and their treatment"),
    "problems": Option("dict", {}, "treatment -> the problem named in messages")},
    fields=("chars", "problem"))
def invisible_character(rule, env):
    """MT603: prepared once per rule set."""
    data = _invisible(rule)
    return lambda doc, budget: _invisible_characters(doc, rule, data)


def _invisible_characters(doc: Document, rule, data: _Invisible) -> Iterator[Finding]:
    """Zero-width and bidirectional formatting characters, soft hyphens, control characters and
    U+FFFD replacement characters: each run reported once, naming its characters. The fix
    deletes them (a control character between two words becomes a space; a C1 control that is
    a Windows-1252 byte read as Latin-1 becomes that character, as an unsafe fix); a U+FFFD
    marks text already lost and has no fix. Joiners inside emoji sequences and between letters
    of scripts that need them, bidi marks next to right-to-left text and a byte-order mark at
    the very start are left alone.
    """
    text = doc.text
    problems = rule.options["problems"]
    pos = 0
    while True:
        m = data.pattern.search(text, pos)
        if not m:
            break
        s, e = m.span()
        while True:               # a terminal escape sequence belongs to the run, letters and all
            esc = text.rfind("\x1b", s, e)
            csi = ANSI_CSI_RE.match(text, esc) if esc >= 0 else None
            if not csi or csi.end() <= e:
                break
            nxt = data.pattern.match(text, csi.end())
            e = nxt.end() if nxt else csi.end()
        pos = e
        run = text[s:e]
        if _legitimate(text, s, e, run, data):
            continue
        chars = [c for c in run if c in data.treatment]   # an escape sequence's letters aside
        kinds = {data.treatment[c] for c in chars}
        described = ", ".join(f"{data.names[c]} ({_code(c)})" + (f" ×{k}" if k > 1 else "")
                              for c, k in Counter(chars).items())
        kind = "report" if "report" in kinds else "cp1252" if "cp1252" in kinds else \
            "space" if "space" in kinds else "delete"
        problem = problems.get(kind, "")
        fix = None
        if kind != "report":
            fix = _invisible_fix(rule, text, s, e, run, data, kind)
        yield rule.finding(Span(s, e), fix=fix, chars=described, problem=problem)


def _invisible_fix(rule, text: str, s: int, e: int, run: str, data: _Invisible,
                   kind: str) -> Fix | None:
    if rule.fix is None:
        return None
    if kind == "cp1252":
        replacement = "".join(bytes([ord(c)]).decode("cp1252")
                              if data.treatment.get(c) == "cp1252" else "" for c in run
                              if c in data.treatment)
        return Fix.replace(Span(s, e), replacement,
                           f"Replace with '{replacement}' (Windows-1252)", Applicability.UNSAFE)
    between_words = 0 < s and e < len(text) and not text[s - 1].isspace() \
        and not text[e].isspace()
    if kind == "space" and between_words:
        return rule.make_fix(Span(s, e), " ", "Replace with a space")
    if "\x1b[" in run:
        title = "Delete the terminal escape sequence"
    else:
        title = "Delete the character" if len(run) == 1 else f"Delete the {len(run)} characters"
    return rule.make_fix(Span(s, e), "", title)


def _legitimate(text: str, s: int, e: int, run: str, data: _Invisible) -> bool:
    """True if every character of the run is where it belongs."""
    contexts = set()
    for c in set(run):
        allowed = data.legitimate.get(c)
        if not allowed:
            return False
        contexts.add(allowed)
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    for allowed in contexts:
        if "start" in allowed and s == 0:
            continue
        if "emoji" in allowed and _pictographic(text, s - 1, -1) and _pictographic(text, e, 1):
            continue
        if "script" in allowed and _joining_letter(before) and _joining_letter(after):
            continue
        if "rtl" in allowed and _near_rtl(text, s, e):
            continue
        return False
    return True


def _pictographic(text: str, i: int, step: int) -> bool:
    """True if an emoji stands at text[i] (looking past variation selectors and skin tones)."""
    while 0 <= i < len(text) and (text[i] == "\ufe0f" or "\U0001f3fb" <= text[i] <= "\U0001f3ff"):
        i += step
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    return ch >= "\U0001f000" or unicodedata.category(ch) == "So"


def _joining_letter(ch: str) -> bool:
    """A letter of a script that uses joiners and zero-width spaces (not Latin)."""
    return bool(ch) and ch.isalpha() and _script(ch) != "Latin"


def _near_rtl(text: str, s: int, e: int) -> bool:
    """True if a right-to-left letter stands within a few characters of the run."""
    around = text[max(0, s - 3):s] + text[e:e + 3]
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in around)
