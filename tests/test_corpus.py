"""The corpus test: every annotated article in corpus/ is checked by copylint and scored.

One test per article (its misses, wrong fixes and unexpected findings are listed in the failure
message), one that every clean control stays quiet, one that the annotations are valid, one that
prints the precision/recall table (`pytest -s` shows it), and a few that check the harness itself
on a throw-away corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_harness as harness  # noqa: E402

ARTICLES = harness.article_paths()


@pytest.fixture(scope="module")
def outcomes() -> list[harness.Outcome]:
    """Every article checked once (an invalid annotation fails the tests that need it)."""
    try:
        return harness.run_corpus()
    except harness.CorpusError as exc:
        pytest.fail(f"invalid corpus annotations:\n{exc}", pytrace=False)


def test_corpus_annotations_are_valid():
    errors = harness.validate_corpus()
    assert not errors, "invalid corpus annotations:\n" + "\n".join(errors)


def test_corpus_has_the_articles_it_promises():
    articles = harness.load_corpus()
    clean = [a for a in articles if a.clean]
    assert len(articles) >= 8, f"only {len(articles)} articles"
    assert len(clean) >= 4, f"only {len(clean)} clean controls"
    for a in articles:
        words = len(a.text.split())
        assert 150 <= words <= 600, f"{a.txt.name}: {words} words (articles run ~200-500)"


@pytest.mark.parametrize("txt", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_article(txt: Path):
    try:
        article = harness.load_article(txt)
    except harness.CorpusError as exc:
        pytest.fail(str(exc), pytrace=False)
    outcome = harness.check_article(article)
    assert not outcome.failures, (f"{txt.name} ({article.about})\n  "
                                  + "\n  ".join(outcome.failures))


def test_clean_controls_are_quiet(outcomes):
    report = harness.Report(outcomes)
    controls = report.clean_controls()
    assert controls, "the corpus has no clean controls"
    loud = [f"{o.article.name}:\n    " + "\n    ".join(
                [*(o.describe(f) for f in o.loud), *o.notices])
            for o, quiet in controls if not quiet]
    assert not loud, "clean controls with warning/error findings:\n  " + "\n  ".join(loud)


def test_precision_recall_table(outcomes, capsys):
    report = harness.Report(outcomes)
    table = report.table()
    with capsys.disabled():
        print("\n" + table)
    scores = report.scores()
    assert set(harness.known_codes()) <= set(scores)
    for s in scores.values():
        assert s.found + s.missed == s.expected
        assert s.precision is None or 0.0 <= s.precision <= 1.0
        assert s.recall is None or 0.0 <= s.recall <= 1.0


# -- the harness itself, on throw-away corpora ------------------------------------------------
ARTICLE = "Shelling hit Kharkov overnight\nOfficials said the the strike hit Kharkov.\n"


def write(folder: Path, name: str, text: str, yml: str) -> Path:
    (folder / f"{name}.yml").write_text(yml, encoding="utf-8")
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_harness_rejects_unknown_keys_naming_the_file(tmp_path):
    write(tmp_path, "a", ARTICLE, "about: x\nclean: false\nexpect:\n"
                                  "  - code: MT101\n    text: Kharkov\n    fixx: Kharkiv\n")
    write(tmp_path, "b", ARTICLE, "about: x\nclean: false\nsummary: y\nexpect: []\n")
    errors = harness.validate_corpus(tmp_path)
    assert any("a.yml" in e and "unknown key 'fixx'" in e for e in errors), errors
    assert any("b.yml" in e and "unknown key 'summary'" in e for e in errors), errors


@pytest.mark.parametrize("entry, message", [
    ("{code: MT101, kind: calque, text: Kharkov}", "exactly one of"),
    ("{code: XX999, text: Kharkov}", "no shipped rule has code XX999"),
    ("{kind: calqe, text: Kharkov}", "unknown kind 'calqe'"),
    ("{code: MT101, text: Kiev}", "does not occur"),
    ("{code: MT101, text: Kharkov, occurrence: 3}", "occurs 2 time(s), not 3"),
    ("{absent: MT101, text: Kharkov, fix: Kharkiv}", "no sense on an 'absent' entry"),
    ("{kind: calque, text: Kharkov, known: why}", "'known' belongs on"),
])
def test_harness_rejects_bad_entries(tmp_path, entry, message):
    txt = write(tmp_path, "a", ARTICLE, f"about: x\nclean: false\nexpect:\n  - {entry}\n")
    with pytest.raises(harness.CorpusError, match=r"a\.yml: expect\[0\]") as exc:
        harness.load_article(txt)
    assert message in str(exc.value)


def test_harness_scores_hits_misses_traps_and_fixes(tmp_path):
    txt = write(tmp_path, "a", ARTICLE, """about: x
clean: false
expect:
  - code: MT101
    text: Kharkov
    occurrence: 1
    fix: Kharkiv
  - code: MT301
    text: the the
    fix: "the strike"
  - absent: MT101
    text: hit Kharkov.
""")
    outcome = harness.check_article(harness.load_article(txt))
    assert [e.value for e, _ in outcome.caught] == ["MT101"]
    assert [e.value for e, _, _ in outcome.bad_fixes] == ["MT301"]       # deletes, not "strike"
    assert [e.value for e, _ in outcome.trap_hits] == ["MT101"]          # 2nd Kharkov
    assert len(outcome.failures) == 2
    score = harness.Report([outcome]).scores()["MT101"]
    assert (score.expected, score.found, score.false_alarms) == (1, 1, 1)
    assert score.precision == 0.5 and score.recall == 1.0


def test_harness_flags_unexpected_findings_and_stale_known_entries(tmp_path):
    txt = write(tmp_path, "a", ARTICLE, """about: x
clean: false
expect:
  - code: MT101
    text: Kharkov
    known: pretend the rule misses it
  - kind: calque
    text: Shelling hit
""")
    outcome = harness.check_article(harness.load_article(txt))
    assert [f.code for f in outcome.unexpected] == ["MT301"]
    assert len(outcome.stale) == 2 and "drop 'known'" in outcome.stale[0]
    assert [e.value for e, _ in outcome.pending] == ["calque"]


def test_harness_main_exits_1_on_failure(tmp_path, capsys):
    write(tmp_path, "a", ARTICLE, "about: x\nclean: true\n")
    assert harness.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "LOUD" in out and "unexpected finding" in out
