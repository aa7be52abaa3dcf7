"""The house (issue 10): one rule lifecycle, typed failures, strict loading, trusted Python.

Each test here stands for a defect measured on main before the refactor: a broken rule pack
exited 0/1 with a warning (and nothing under -q), options and message fields went unchecked, a
failing Python check ended the run, the regex time limit restarted per exception window, and a
feed folder's copylint.toml could import any module.
"""
from __future__ import annotations

import json
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from clihelpers import assert_one_line, invoke, user_rule, write

from lint.errors import RULE_FAILED, RULE_TIMEOUT, RULE_UNLOADABLE, Failure, RuleError
from lint.loader import load_folder, load_rules

DOCS = {"what": "A test rule.", "why": "Testing.", "example": "-", "fix": "Delete it."}


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty working folder, the current directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COPYLINT_DEBUG", raising=False)
    return tmp_path


def rule_file(folder: Path, record: dict, name: str = "rule.yml") -> Path:
    """Write one rule record (defaults filled in) to folder/name."""
    base = {"code": "XX101", "name": "house.test", "summary": "A test rule.", "severity": "warning",
            "message": "'{match}' is not wanted.", "docs": DOCS}
    return write(folder / name, yaml.safe_dump({**base, **record}, sort_keys=False,
                                                 allow_unicode=True))


def project(work: Path, record: dict, text: str = "Shelling hit Kief overnight.\n") -> Path:
    """A project whose own configuration adds the rule folder house/ holding `record`."""
    rule_file(work / "house", record)
    write(work / "copylint.toml", 'rule-paths = ["house"]\n')
    return write(work / "a.txt", text)


def load_one(folder: Path, record: dict) -> None:
    rule_file(folder, record)
    list(load_folder(folder))


# -- a broken rule pack exits 2, also under -q ----------------------------------------------
@pytest.mark.parametrize("quiet", [False, True])
def test_missing_table_is_an_error_exit_2(work, quiet):
    project(work, {"kind": "substitution", "table": "wordlists/nothing.tsv"})
    res = invoke(["check", *(["-q"] if quiet else []), "a.txt"])
    assert res.exit_code == 2
    line = assert_one_line(res.stderr, "XX101", "nothing.tsv")
    assert "rule.yml" in line and "does not exist" in line


@pytest.mark.parametrize("quiet", [False, True])
def test_check_that_does_not_import_is_an_error_exit_2(work, quiet):
    project(work, {"kind": "python", "check": "lint.checks.no_such_module:check"})
    res = invoke(["check", *(["-q"] if quiet else []), "a.txt"])
    assert res.exit_code == 2
    assert_one_line(res.stderr, "XX101", "lint.checks.no_such_module:check", "cannot be imported")


@pytest.mark.parametrize("quiet", [False, True])
def test_malformed_table_row_fails_that_rule_only(work, quiet):
    write(work / "house" / "wordlists" / "bad.tsv", "Kief\n")      # no right-hand column
    project(work, {"kind": "substitution", "table": "wordlists/bad.tsv",
                   "message": "'{match}' -> '{replacement}'."},
            text="Shelling hit Kief overnight. The the convoy left.\n")
    res = invoke(["check", *(["-q"] if quiet else []), "a.txt"])
    assert res.exit_code == 2
    line = assert_one_line(res.stderr, "XX101", "bad.tsv", "bad row")
    assert "['Kief']" in line
    assert "MT101" in res.stdout and "MT301" in res.stdout       # the other rules still ran


def test_broken_rule_is_an_error_notification_in_sarif(work):
    write(work / "house" / "wordlists" / "bad.tsv", "Kief\n")
    project(work, {"kind": "substitution", "table": "wordlists/bad.tsv",
                   "message": "'{match}' -> '{replacement}'."})
    res = invoke(["check", "--format", "sarif", "a.txt"])
    assert res.exit_code == 2
    run = json.loads(res.stdout)["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert note["associatedRule"] == {"id": "XX101"} and note["descriptor"]["id"] == RULE_UNLOADABLE
    assert any(r["ruleId"] == "MT101" for r in run["results"])


# -- options are validated ----------------------------------------------------------------
def test_misspelt_option_is_an_error(tmp_path):
    folder = tmp_path / "r"
    record = {"code": "XX102", "name": "house.shares", "kind": "python",
              "check": "lint.checks.numbers:share_sums", "message": "{shares} make {sum}.",
              "options": {"tolerence": 40}}
    with pytest.raises(RuleError) as err:
        load_one(folder, record)
    text = str(err.value)
    assert "rule.yml" in text and "XX102" in text and "options.tolerence" in text
    assert "tolerance" in text                         # names what the rule does take


def test_mistyped_option_is_an_error(tmp_path):
    record = {"code": "XX102", "name": "house.shares", "kind": "python",
              "check": "lint.checks.numbers:share_sums", "message": "{shares} make {sum}.",
              "options": {"tolerance": "forty"}}
    with pytest.raises(RuleError, match=r"options\.tolerance.*'forty' is not a number"):
        load_one(tmp_path, record)


def test_yaml_boolean_in_a_word_list_is_caught(tmp_path):
    record = {"code": "XX103", "name": "house.doubles", "kind": "python",
              "check": "lint.checks.repetition:doubled_word", "message": "'{word}' twice.",
              "options": {"allow": ["had", True]}}
    with pytest.raises(RuleError, match="quote it"):
        load_one(tmp_path, record)


def test_data_kinds_take_no_options(tmp_path):
    with pytest.raises(RuleError, match=r"unknown key 'options\.loud'"):
        load_one(tmp_path, {"kind": "existence", "patterns": ["x+y"], "options": {"loud": True}})


def test_defaults_fill_in_and_tables_resolve():
    rule = load_rules()["MT302"]
    assert rule.options["max_tokens"] == 6
    table = rule.options["function_words"]
    assert table.ref == "function-words" and table.rows        # a shared vocabulary


# -- message templates --------------------------------------------------------------------
@pytest.mark.parametrize("message, needle", [
    ("Found {0}.", "must be a name"),
    ("Found {}.", "must be a name"),
    ("Found {matched}.", "unknown field {matched}"),
    ("Found {match.upper}.", "must be a name"),
    ("Found {match!r}.", "no format spec"),
    ("Found {match.", "brace"),
])
def test_bad_message_template_is_a_load_error(tmp_path, message, needle):
    with pytest.raises(RuleError, match=needle.replace("{", r"\{").replace(".", r"\.")):
        load_one(tmp_path, {"kind": "existence", "patterns": ["x+y"], "message": message})


def test_python_check_fields_come_from_its_declaration(tmp_path):
    record = {"code": "XX104", "name": "house.doubles", "kind": "python",
              "check": "lint.checks.repetition:doubled_word", "message": "'{phrase}' twice."}
    with pytest.raises(RuleError, match=r"unknown field \{phrase\} \(this rule fills word\)"):
        load_one(tmp_path, record)


# -- a failing check never stops the others -----------------------------------------------
CRASHING = '''
from lint.lifecycle import check


@check(fields=("match",))
def crash(doc, rule):
    """Raises on any text mentioning Kief."""
    if "Kief" in doc.text:
        raise ValueError("boom on purpose")
    return iter(())
'''


def test_crashing_check_is_reported_and_the_others_run(work, monkeypatch):
    write(work / "housechecks_crash.py", CRASHING)
    monkeypatch.syspath_prepend(str(work))
    project(work, {"kind": "python", "check": "housechecks_crash:crash"},
            text="Shelling hit Kief overnight. The the convoy left.\n")
    res = invoke(["check", "a.txt"])
    assert res.exit_code == 2
    line = assert_one_line(res.stderr, "XX101", "house.test", "ValueError: boom on purpose")
    assert "a.txt" in line
    assert "MT101" in res.stdout and "MT301" in res.stdout


def test_engine_carries_typed_failures(work, monkeypatch):
    from lint.runner import Overrides, Runner
    write(work / "housechecks_crash2.py", CRASHING)
    monkeypatch.syspath_prepend(str(work))
    project(work, {"kind": "python", "check": "housechecks_crash2:crash"})
    result = Runner(Overrides()).lint_text("Shelling hit Kief overnight.\n", str(work / "a.txt"))
    [failure] = result.failures
    assert isinstance(failure, Failure) and failure.kind == RULE_FAILED and failure.code == "XX101"
    assert [f.code for f in result.findings] == ["MT101"]


# -- one time budget per rule per document ------------------------------------------------
def test_exceptions_share_the_rules_time_budget(work):
    user_rule(work / "house", "XX105", "house.slow", ["a"], timeout=0.5)
    path = work / "house" / "xx105.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["exceptions"] = ["(a+)+b"]
    path.write_text(yaml.safe_dump(record), encoding="utf-8")
    write(work / "copylint.toml", 'rule-paths = ["house"]\n')
    write(work / "a.txt", "a" * 40_000 + "\n")
    started = time.monotonic()
    res = invoke(["check", "--select", "XX105", "a.txt"])
    elapsed = time.monotonic() - started
    assert res.exit_code == 2
    assert_one_line(res.stderr, "XX105", "time limit")
    assert elapsed < 20, f"the budget was not shared: {elapsed:.1f} s"


def test_timeout_is_a_typed_failure(work):
    user_rule(work / "house", "XX106", "house.backtracks", [r"(x+x+)+y"], timeout=0.2)
    write(work / "copylint.toml", 'rule-paths = ["house"]\n')
    from lint.runner import Overrides, Runner
    result = Runner(Overrides(select=("XX106",))).lint_text("x" * 5000, str(work / "a.txt"))
    assert [f.kind for f in result.failures] == [RULE_TIMEOUT]


# -- strict loading -------------------------------------------------------------------------
@pytest.mark.parametrize("pattern, needle", [
    ("a{1000000000}", "over the limit"),
    ("(?:ab){2,5000}", "over the limit"),
    ("", "empty"),
    ("^", "can match empty"),
    ("(?=Kief)", "can match empty"),
    ("x*", "can match empty"),
    ("(unclosed", "bad regular expression"),
])
def test_patterns_that_cannot_work_are_refused(tmp_path, pattern, needle):
    started = time.monotonic()
    with pytest.raises(RuleError, match=needle):
        load_one(tmp_path, {"kind": "existence", "patterns": [pattern],
                            "examples": [{"pass": "Shelling hit Kief overnight."}]})
    assert time.monotonic() - started < 5


def test_escaped_braces_are_not_repeat_counts(tmp_path):
    load_one(tmp_path, {"kind": "existence", "patterns": [r"\{5000000\}"]})


def test_exceptions_are_checked_like_patterns(tmp_path):
    with pytest.raises(RuleError, match=r"key 'exceptions'.*over the limit"):
        load_one(tmp_path, {"kind": "existence", "patterns": ["x+y"],
                            "exceptions": ["a{99999}"]})


def test_duplicate_yaml_key_is_an_error(tmp_path):
    write(tmp_path / "rule.yml", textwrap.dedent("""\
        code: XX107
        name: house.twice
        summary: s
        severity: warning
        severity: error
        kind: existence
        patterns: ['x+y']
        message: m
        docs: {what: w, why: y, example: e, fix: f}
        """))
    with pytest.raises(RuleError, match=r"line 5.*'severity' appears twice"):
        list(load_folder(tmp_path))


@pytest.mark.parametrize("value", [True, 0, -1, "2", 601])
def test_timeout_must_be_seconds(tmp_path, value):
    with pytest.raises(RuleError, match="key 'timeout'"):
        load_one(tmp_path, {"kind": "existence", "patterns": ["x+y"], "timeout": value})


@pytest.mark.parametrize("code", ["MT١٠١", "MT１０１", "MT101\n", "mt101"])
def test_codes_are_ascii(tmp_path, code):
    with pytest.raises(RuleError, match="key 'code'"):
        load_one(tmp_path, {"kind": "existence", "patterns": ["x+y"], "code": code})


def test_unknown_vocabulary_is_named(tmp_path):
    with pytest.raises(RuleError, match=r"unknown vocabulary 'places-mars'.*places-uk"):
        load_one(tmp_path, {"kind": "substitution", "table": "places-mars"})


def test_table_path_stays_in_the_rule_folder(tmp_path):
    with pytest.raises(RuleError, match="inside the rule folder"):
        load_one(tmp_path, {"kind": "substitution", "table": "../elsewhere.tsv"})


def test_a_folder_may_declare_its_own_vocabulary(tmp_path):
    write(tmp_path / "wordlists" / "cities.tsv", "Kief\tKyiv\n")
    write(tmp_path / "vocab.yml", "vocabularies:\n  house-cities: {table: wordlists/cities.tsv}\n")
    rule_file(tmp_path, {"kind": "substitution", "table": "house-cities",
                         "message": "'{match}': '{replacement}'."})
    [rule] = [r for r in load_folder(tmp_path)]
    assert rule.tables["table"].rows == (("Kief", "Kyiv"),)


# -- Python loads only from trusted rule folders ------------------------------------------
MARKER_MODULE = '''
from pathlib import Path
Path(__file__).with_name("IMPORTED").write_text("imported")
from lint.lifecycle import check


@check(fields=("match",))
def nothing(doc, rule):
    """Finds nothing."""
    return iter(())
'''


def feed_with_python(work: Path, module: str) -> Path:
    """A feed folder whose own copylint.toml names a Python check."""
    feed = work / "feed"
    write(feed / f"{module}.py", MARKER_MODULE)
    rule_file(feed / "rules", {"kind": "python", "check": f"{module}:nothing"})
    write(feed / "copylint.toml", 'rule-paths = ["rules"]\n')
    write(feed / "story.txt", "Shelling hit Kief overnight.\n")
    return feed


def test_feed_folder_config_cannot_run_python(work, monkeypatch):
    feed = feed_with_python(work, "feedcheck_a")
    monkeypatch.syspath_prepend(str(feed))
    res = invoke(["check", "feed"])
    assert res.exit_code == 2
    assert_one_line(res.stderr, "XX101", "Python checks load only from")
    assert not (feed / "IMPORTED").exists()
    assert "feedcheck_a" not in sys.modules


def test_feed_folder_config_may_add_data_rules(work):
    feed = work / "feed"
    user_rule(feed / "rules", "XX108", "house.banned", [r"\bovernight\b"])
    write(feed / "copylint.toml", 'rule-paths = ["rules"]\n')
    write(feed / "story.txt", "Shelling hit the city overnight.\n")
    res = invoke(["check", "feed"])
    assert res.exit_code == 1 and "XX108" in res.stdout


def test_config_the_user_names_may_run_python(work, monkeypatch):
    feed = feed_with_python(work, "feedcheck_b")
    monkeypatch.syspath_prepend(str(feed))
    res = invoke(["check", "--config", "feed/copylint.toml", "feed/story.txt"])
    assert res.exit_code == 1, res.stderr
    assert (feed / "IMPORTED").exists()


def test_config_of_the_working_directory_may_run_python(work, monkeypatch):
    feed = feed_with_python(work, "feedcheck_c")
    monkeypatch.syspath_prepend(str(feed))
    monkeypatch.chdir(feed)
    res = invoke(["check", "story.txt"])
    assert res.exit_code == 1, res.stderr


# -- copylint rules --check -----------------------------------------------------------------
def test_rules_check_passes_the_shipped_pack(work):
    res = invoke(["rules", "--check"])
    assert res.exit_code == 0, res.stdout
    assert res.stdout.strip().endswith("in the shipped rules: all valid.")


def test_rules_check_runs_a_packs_examples(work):
    rule_file(work / "pack", {"kind": "existence", "patterns": [r"\bat this moment in time\b"],
                              "examples": [{"fail": "We wait at this moment in time.",
                                            "fix": "We wait now."},
                                           {"pass": "At this moment in time we wait."},
                                           {"fail": "Nothing wordy here."}]})
    res = invoke(["rules", "--check", "pack"])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == ("pack/rule.yml: rule XX101: example 1 ('We wait at this moment in time.'): "
                        "fixing gives 'We wait.', the example says 'We wait now.'")
    assert lines[1].endswith("example 3 ('Nothing wordy here.'): expected a finding, got none")
    assert lines[-1] == "Checked 1 rule and 3 examples in pack: 2 problems."


def test_rules_check_reports_a_broken_table_row(work):
    write(work / "pack" / "wordlists" / "bad.tsv", "Kief\tKyiv\nKharkov\n")
    rule_file(work / "pack", {"kind": "substitution", "table": "wordlists/bad.tsv",
                              "message": "'{match}': '{replacement}'."})
    res = invoke(["rules", "--check", "--format", "json", "pack"])
    assert res.exit_code == 1
    [problem] = json.loads(res.stdout)["problems"]
    assert problem["code"] == "XX101" and "bad row ['Kharkov']" in problem["message"]


def test_rules_check_on_a_pack_that_does_not_load_exits_2(work):
    rule_file(work / "pack", {"kind": "existence", "patterns": ["^"]})
    res = invoke(["rules", "--check", "pack"])
    assert res.exit_code == 2
    assert_one_line(res.stderr, "XX101", "can match empty")
