"""Unit tests of the phrase pattern language (lint/kinds/phrase/, docs/phrase-patterns.md) and of the
calque tables that use it: inflection, optional words, gaps, guards, replacements that keep tense
and number, case and articles, strict table errors, and that every table row is exercised by a rule
case."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint_string
from test_rule_cases import load_all_cases

from lint.document import Document
from lint.errors import RuleError
from lint.kinds import phrase
from lint.kinds.phrase import BASE, PAST, PP, PRESENT, Morphology, PhraseRules, regular_forms
from lint.lifecycle import Budget, Env
from lint.loader import load_folder
from lint.model import Applicability, Severity
from lint.runner import registry

CALQUE_CODES = ("MT201", "MT202", "MT203")

WORDS = """\
# test word sets; licence: MIT
a\tcommon
about\tstop
an\tcommon
be\tbe no-do-support
did\tdo
for\tstop
had\taux
has\taux
he\tsingular
monday\tweekday
not\tadverb
one\tnumber
she\tsingular
the\tcommon
they\tplural
three\tnumber
to\tstop modal
was\taux be
were\taux be
will\tmodal
"""


def make_rule(tmp_path: Path, rows: list[str], *, fix: str = "safe", words: str = WORDS,
              extra: str = ""):
    """A phrase rule in a folder of its own, with the shipped inflections table."""
    (tmp_path / "wordlists").mkdir(exist_ok=True)
    (tmp_path / "wordlists" / "t.tsv").write_text("# test table; licence: MIT\n" + "\n".join(rows) + "\n",
                                                  encoding="utf-8")
    (tmp_path / "wordlists" / "w.tsv").write_text(words, encoding="utf-8")
    shipped = Path(__file__).resolve().parent.parent / "rules" / "wordlists" / "calques-inflections.tsv"
    (tmp_path / "wordlists" / "i.tsv").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "r.yml").write_text(
        "code: ZZ901\nname: test.phrase\nsummary: s\nseverity: warning\nkind: phrase\n"
        "table: wordlists/t.tsv\nwords: wordlists/w.tsv\ninflections: wordlists/i.tsv\n"
        f"fix: {fix}\nmessage: \"'{{match}}' -> '{{replacement}}'\"\n"
        "docs: {what: w, why: w, example: e, fix: f}\n" + extra, encoding="utf-8")
    (rule,) = load_folder(tmp_path)
    return rule


def compiled(code: str) -> PhraseRules:
    """The compiled table of shipped rule `code`: the `phrases` of its checker (prepared once
    in the default Env and cached by the rule)."""
    return registry()[code].checker.phrases


def run(rule, text: str):
    """Findings of `rule` on `text`, checked directly (no engine policies)."""
    return list(rule.check(Document(text)))


def fixed(rule, text: str) -> str:
    """`text` with the first fix of every finding applied."""
    from lint.fixer import apply_fixes
    return apply_fixes(text, [f.fix for f in run(rule, text) if f.fix])


# -- morphology ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lemma,forms", [
    ("visit", ("visit", "visits", "visited", "visited", "visiting", "visit")),
    ("stop", ("stop", "stops", "stopped", "stopped", "stopping", "stop")),
    ("carry", ("carry", "carries", "carried", "carried", "carrying", "carry")),
    ("lash", ("lash", "lashes", "lashed", "lashed", "lashing", "lash")),
    ("receive", ("receive", "receives", "received", "received", "receiving", "receive")),
    ("facility", ("facility", "facilities", "facilitied", "facilitied", "facilitying", "facility")),
    ("clear", ("clear", "clears", "cleared", "cleared", "clearing", "clear")),
])
def test_regular_forms(lemma, forms):
    assert regular_forms(lemma) == forms


def test_irregular_forms_and_spellings():
    morph = compiled("MT201").morph
    assert morph.forms("hold")[PAST] == "held"
    assert morph.forms("be")[PAST] == "was|were"
    assert morph.forms("be")[PRESENT] == "are"
    surfaces = morph.surfaces("receive")
    assert surfaces["received"] == {PAST, PP}
    assert surfaces["receive"] == {BASE, PRESENT}
    assert morph.surfaces("take")["taken"] == {PP}
    assert morph.surfaces("be")["were"] == {PAST}


@pytest.mark.parametrize("ing,lemma", [("rebuilding", "rebuild"), ("stopping", "stop"),
                                       ("making", "make"), ("using", "use"), ("strengthening",
                                                                              "strengthen"),
                                       ("dying", "die"), ("planning", "plan")])
def test_lemma_of_ing(ing, lemma):
    assert compiled("MT201").morph.lemma_of_ing(ing) == lemma


def test_morphology_rejects_short_rows():
    def bad_row(row, expected):
        return ValueError(f"{list(row)}: expected {expected}")
    with pytest.raises(ValueError, match="expected lemma<TAB>s"):
        Morphology([["go", "goes", "went"]], bad_row)


# -- matching -------------------------------------------------------------------------------------
def test_lemma_matches_every_form(tmp_path):
    rule = make_rule(tmp_path, ["{conduct} negotiations\t{hold} talks"])
    for text, want in [("They conduct negotiations.", "They hold talks."),
                       ("She conducts negotiations.", "She holds talks."),
                       ("They conducted negotiations.", "They held talks."),
                       ("They have conducted negotiations.", "They have held talks."),
                       ("They are conducting negotiations.", "They are holding talks."),
                       ("They will conduct negotiations.", "They will hold talks.")]:
        assert fixed(rule, text) == want


def test_literal_and_lemma_alternatives_may_share_a_spelling(tmp_path):
    """'held' is both a literal alternative and a form of {hold}: the forms of the lemma win."""
    rule = make_rule(tmp_path, ["held|{hold} negotiations\t{hold} talks"])
    assert fixed(rule, "They held negotiations.") == "They held talks."
    assert fixed(rule, "She holds negotiations.") == "She holds talks."


def test_optional_alternation_and_set(tmp_path):
    rule = make_rule(tmp_path, ["in (the) night to <weekday>\tovernight into $5"])
    assert fixed(rule, "It rained in the night to Monday.") == "It rained overnight into Monday."
    assert fixed(rule, "It rained in night to Monday.") == "It rained overnight into Monday."
    assert run(rule, "It rained in the night to come.") == []


def test_gap_bridges_words_but_not_stop_words(tmp_path):
    rule = make_rule(tmp_path, ["{receive} *2 injuries\t{suffer} $2 $3"])
    assert fixed(rule, "He received serious injuries.") == "He suffered serious injuries."
    assert fixed(rule, "He received very serious injuries.") == "He suffered very serious injuries."
    assert fixed(rule, "He received injuries.") == "He suffered injuries."
    assert run(rule, "He received treatment for injuries.") == []          # 'for' is a stop word
    assert run(rule, "He received three very serious injuries.") == []      # three words: too many


def test_match_never_crosses_punctuation_or_a_paragraph(tmp_path):
    rule = make_rule(tmp_path, ["air {alarm}\tair-raid {alert}"])
    assert run(rule, "Fresh air. Alarm bells rang.") == []
    assert run(rule, "They needed air, alarm or not.") == []
    assert run(rule, "It was fresh air\nAlarm clocks rang.\nMore text here.\nAnd more.") == []
    assert run(rule, "The air-raid alarm sounded, and so did the air raid alarm.") == []
    assert run(rule, "A hot-air alarm went off.") == []


def test_leading_guard_skips_adverbs(tmp_path):
    rule = make_rule(tmp_path, ["!was|were {tell} that he|she\t{say} that $4"])
    assert fixed(rule, "Olena told that she left.") == "Olena said that she left."
    assert run(rule, "She was told that she had won.") == []
    assert run(rule, "She was not told that he had gone.") == []              # 'not' skipped
    assert fixed(rule, "He was there, told that she left.") == "He was there, said that she left."


def test_trailing_guard(tmp_path):
    rule = make_rule(tmp_path, ["the broad masses !of\tthe public"])
    assert fixed(rule, "He thanked the broad masses.") == "He thanked the public."
    assert run(rule, "The broad masses of cold air moved.") == []
    assert fixed(rule, "He thanked the broad masses, of course.") == "He thanked the public, of course."


def test_number_element(tmp_path):
    rule = make_rule(tmp_path, ["<number> persons !of\t$1 people"])
    assert fixed(rule, "About 320 persons and three persons left.") == \
        "About 320 people and three people left."
    assert run(rule, "Two persons of interest left.") == []


def test_longest_match_then_fewer_gaps_win(tmp_path):
    rule = make_rule(tmp_path, ["air {alarm}\tair-raid {alert}",
                                "air {alarm} {sniff}\tair-raid {siren} {sound}",
                                "{receive} *2 injuries\t{suffer} $2 $3",
                                "{receive} injuries\t{be} injured"])
    findings = run(rule, "The air alarm sniffed.")
    assert len(findings) == 1 and findings[0].fix.edits[0].replacement == "air-raid siren sounded"
    assert fixed(rule, "They received injuries.") == "They were injured."
    assert fixed(rule, "They received minor injuries.") == "They suffered minor injuries."


def test_open_ing_slot(tmp_path):
    rule = make_rule(tmp_path, ["with the aim of {*ing}\tto {*:base}"])
    assert fixed(rule, "Talks began with the aim of stopping the war.") == "Talks began to stop the war."
    assert run(rule, "With the aim of the game in mind, they rested.") == []


# -- replacements -----------------------------------------------------------------------------------
def test_be_agrees_with_a_certain_subject(tmp_path):
    rule = make_rule(tmp_path, ["{receive} injuries\t{be} injured|{suffer} $2"], fix="safe")
    (f,) = run(rule, "They received injuries.")
    assert f.fix.edits[0].replacement == "were injured"
    assert f.fix.applicability == Applicability.SAFE
    assert [a.edits[0].replacement for a in f.alternatives] == ["suffered injuries"]
    (f,) = run(rule, "He received injuries.")
    assert f.fix.edits[0].replacement == "was injured"


def test_be_guessed_from_a_noun_is_unsafe_with_the_other_form(tmp_path):
    rule = make_rule(tmp_path, ["{receive} injuries\t{be} injured|{suffer} $2"], fix="safe")
    (f,) = run(rule, "The miners received injuries.")
    assert f.fix.edits[0].replacement == "were injured"
    assert f.fix.applicability == Applicability.UNSAFE
    assert [a.edits[0].replacement for a in f.alternatives] == ["was injured", "suffered injuries"]


def test_be_after_do_support_falls_back(tmp_path):
    rule = make_rule(tmp_path, ["{receive} injuries\t{be} injured|{suffer} $2"])
    (f,) = run(rule, "He did not receive injuries.")
    assert f.fix.edits[0].replacement == "suffer injuries"
    assert fixed(rule, "He has received injuries.") == "He has been injured."
    assert fixed(rule, "They will receive injuries.") == "They will be injured."


def test_explicit_form_reference(tmp_path):
    rule = make_rule(tmp_path, ["{window} {fly} out\t$1 {be@2} blown out"])
    assert fixed(rule, "The windows flew out.") == "The windows were blown out."
    assert fixed(rule, "A window flew out.") == "A window was blown out."


def test_copies_reorder_words_and_drop_a_moved_capital(tmp_path):
    rule = make_rule(tmp_path, ["<be> evacuated <number> persons\t$3 people $1 $2"])
    assert fixed(rule, "In the town were evacuated 40 persons.") == "In the town 40 people were evacuated."
    assert fixed(rule, "Were evacuated 40 persons.") == "40 people were evacuated."


def test_case_is_carried(tmp_path):
    rule = make_rule(tmp_path, ["bait {drone}\tdecoy {drone}"])
    assert fixed(rule, "Bait drones flew in.") == "Decoy drones flew in."
    assert fixed(rule, "Missiles and Bait drones flew in.") == "Missiles and decoy drones flew in."
    assert fixed(rule, "MISSILES AND BAIT DRONES") == "MISSILES AND DECOY DRONES"
    assert fixed(rule, "Missiles And Bait Drones Fly In") == "Missiles And Decoy Drones Fly In"
    assert fixed(rule, "“Bait drones came,” she said.") == "“Decoy drones came,” she said."


def test_article_before_the_match_and_inside_the_replacement(tmp_path):
    rule = make_rule(tmp_path, ["imitator {drone}\tdecoy {drone}",
                                "{make} an explanation\t{make} a statement",
                                "old {drone}\tan {drone}"])
    assert fixed(rule, "An imitator drone fell.") == "A decoy drone fell."
    assert fixed(rule, "He saw an imitator drone.") == "He saw a decoy drone."
    assert fixed(rule, "They made an explanation.") == "They made a statement."


def test_entry_flags(tmp_path):
    rule = make_rule(tmp_path, ["bait {drone}\tdecoy {drone}\thint",
                                "imitator {drone}\tdecoy {drone}\tunsafe",
                                "simulator {drone}\tdecoy {drone}\tdisplay"])
    hint, unsafe, display = run(rule, "Bait drones, imitator drones and simulator drones.")
    assert hint.severity == Severity.INFO and hint.fix.applicability == Applicability.SAFE
    assert unsafe.severity == Severity.WARNING and unsafe.fix.applicability == Applicability.UNSAFE
    assert display.fix.applicability == Applicability.DISPLAY_ONLY


def test_rule_fix_level_caps_entries(tmp_path):
    rule = make_rule(tmp_path, ["bait {drone}\tdecoy {drone}\tsafe"], fix="unsafe")
    (f,) = run(rule, "Bait drones flew.")
    assert f.fix.applicability == Applicability.UNSAFE
    rule = make_rule(tmp_path, ["bait {drone}\tdecoy {drone}"], fix="none")
    (f,) = run(rule, "Bait drones flew.")
    assert f.fix is None and "'Decoy drones'" in f.message


def test_exceptions_protect(tmp_path):
    rule = make_rule(tmp_path, ["air {alarm}\tair-raid {alert}"],
                     extra="exceptions: ['(?i:air\\s+alarm\\s+app)']\n")
    assert run(rule, "Install the Air Alarm app.") == []
    assert len(run(rule, "The air alarm sounded.")) == 1


# -- table errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize("row,message", [
    ("*2 alarm\tx", "gap"),
    ("air *9 alarm\tx", "up to"),
    ("air <nosuchset>\tx", "no word set"),
    ("air alarm\t$7", "names no element"),
    ("air alarm\t{hold}", "no lemma element"),
    ("air {alarm}\t{alert} {hold}", "no lemma element"),
    ("air alarm\tx\tloud", "unknown flag"),
    ("with {*ing} {*ing}\tx", "one .*ing.* at most"),
    ("(the) (a)\tx", "required word"),
    ("air al@rm\tx", "cannot read"),
    ("!not !will {conduct} talks\tx", "one guard at most"),
    ("air alarm\t{be:present}", "cannot read"),
])
def test_bad_rows_are_rule_errors(tmp_path, row, message):
    rule = make_rule(tmp_path, [row])
    with pytest.raises(RuleError, match=message):
        _ = rule.checker


def test_bad_exception_is_refused_at_load(tmp_path):
    with pytest.raises(RuleError, match="key 'exceptions': bad regular expression"):
        make_rule(tmp_path, ["air alarm\tx"], extra="exceptions: ['(unclosed']\n")


@pytest.mark.parametrize("words,inflections,message", [
    ("monday\n", None, r"table 'wordlists/w.tsv': bad row \['monday'\]: expected word<TAB>set"),
    (WORDS, "go\tgoes\twent\n", r"table 'wordlists/i.tsv': bad row .*expected lemma<TAB>s"),
])
def test_bad_word_set_and_inflection_rows_name_their_table(tmp_path, words, inflections, message):
    rule = make_rule(tmp_path, ["air alarm\tx"], words=words)
    if inflections is not None:
        (tmp_path / "wordlists" / "i.tsv").write_text(inflections, encoding="utf-8")
    with pytest.raises(RuleError, match=message) as err:
        _ = rule.checker
    assert err.value.code == "ZZ901"


def test_bad_pattern_error_names_rule_table_and_row(tmp_path):
    rule = make_rule(tmp_path, ["air *9 alarm\tx"])
    with pytest.raises(RuleError) as err:
        _ = rule.checker
    assert "rule ZZ901: table 'wordlists/t.tsv': row 'air *9 alarm': gap '*9'" in str(err.value)


def test_prepare_takes_rule_and_env_and_caches_per_env(tmp_path):
    rule = make_rule(tmp_path, ["air {alarm}\tair-raid {alert}"])
    checker = phrase.prepare(rule, Env())
    assert checker.vocabulary == frozenset({"alarm", "alarms", "alarmed", "alarming"})
    assert [f.span for f in checker(Document("The air alarm sounded."), Budget(5.0))]
    assert rule.checker is rule.checker


def test_spent_budget_stops_matching_and_exceptions(tmp_path, monkeypatch):
    """Every regex call on the document draws on the rule's budget: a spent one raises."""
    rule = make_rule(tmp_path, ["air {alarm}\tair-raid {alert}"],
                     extra="exceptions: ['(?i:air\\s+alarm\\s+app)']\n")
    spent = Budget(-1.0)
    with pytest.raises(TimeoutError):
        list(rule.checker(Document("The air alarm sounded."), spent))
    seen = []
    real = Budget.left

    def left(self):
        seen.append(self)
        return real(self)
    monkeypatch.setattr(Budget, "left", left)
    mine = Budget(5.0)
    assert list(rule.checker(Document("Install the air alarm app."), mine)) == []
    assert seen and all(b is mine for b in seen)


def test_unknown_kind_key_is_refused(tmp_path):
    with pytest.raises(RuleError, match="unknown key 'entries'"):
        make_rule(tmp_path, ["air alarm\tx"], extra="entries: {a: b}\n")


def test_a_failing_table_is_reported_not_raised():
    """The engine turns a broken table into a failure line, and other rules still run."""
    result = lint_string("Kief was quiet.", ["MT101", "MT201"])
    assert not result.failures


# -- cost follows the hits --------------------------------------------------------------------------
def test_no_candidate_no_matching(monkeypatch):
    calls = []
    real = phrase.match.match_at          # looked up in lint.kinds.phrase.match by AnchorIndex.hits
    monkeypatch.setattr(phrase.match, "match_at", lambda *a: calls.append(a) or real(*a))
    text = "Officials met in Geneva on Monday and talked about grain. " * 2000
    for code in CALQUE_CODES:
        assert list(registry()[code].check(Document(text))) == []
    assert calls == []


def test_anchors_avoid_frequent_words():
    """A pattern is anchored on a word that is neither a stop word nor a frequent word."""
    phrases = compiled("MT201")
    for entry in phrases.entries:
        words = entry.elements[entry.anchor].words
        rarer = [e for e in entry.elements if e.kind == "word" and not e.optional and e.words
                 and not e.number and not e.open_ing
                 and not any(w in phrases.words.stop or w in phrases.words.common for w in e.words)]
        if rarer:
            assert not any(w in phrases.words.stop or w in phrases.words.common for w in words), \
                entry.pattern


# -- the shipped tables ----------------------------------------------------------------------------
@pytest.mark.parametrize("code", CALQUE_CODES)
def test_every_table_row_has_a_failing_rule_case(code):
    """Each row of the table fires in at least one fail_str of tests/rule_cases/CODE.yml."""
    phrases = compiled(code)
    used = set()
    for case in load_all_cases()[code]:
        if case.failing:
            used |= {h.entry.index for h in phrases.hits(Document(case.text), Budget(10.0))}
    missing = [e.pattern for e in phrases.entries if e.index not in used]
    assert not missing, f"{code}: table rows without a failing rule case: {missing}"


@pytest.mark.parametrize("code", CALQUE_CODES)
def test_fixes_do_not_make_another_calque(code):
    """A fixed case text has no MT2xx finding left (no ping-pong between the three tables)."""
    for case in load_all_cases()[code]:
        if case.failing and case.fix_str:
            left = [f for f in lint_string(case.fix_str, list(CALQUE_CODES)).findings]
            assert not left, f"{case.id}: {[(f.code, f.message) for f in left]}"


@pytest.mark.parametrize("code", CALQUE_CODES)
def test_tables_cover_several_source_languages(code):
    langs = {lang for e in compiled(code).entries for lang in e.languages.split()}
    assert len(langs) >= 4, langs


def test_at_least_sixty_entries_in_all():
    assert sum(len(compiled(c).entries) for c in CALQUE_CODES) >= 60
