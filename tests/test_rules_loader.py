"""The strict rule loader (lint/rules.py) and rule selection."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint.errors import RuleError, SelectionError
from lint.loader import load_folder, load_rules
from lint.rules import matches, select_rules

VALID = {
    "code": "ZZ101",
    "name": "testing.banned-phrase",
    "summary": "A phrase the desk has banned.",
    "severity": "warning",
    "groups": ["testing"],
    "kind": "existence",
    "patterns": [r"\bat this moment in time\b"],
    "message": "Banned phrase '{match}'.",
    "docs": {"what": "w", "why": "y", "example": "e", "fix": "f"},
}


def write_rule(folder: Path, filename: str = "rule.yml", **changes) -> Path:
    """Write VALID with `changes` (a value of None removes the key) to folder/filename."""
    record = {**VALID, **changes}
    record = {k: v for k, v in record.items() if v is not None}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    return path


def load(folder: Path):
    return list(load_folder(folder))


def test_a_valid_rule_loads(tmp_path: Path) -> None:
    write_rule(tmp_path)
    [rule] = load(tmp_path)
    assert rule.code == "ZZ101" and rule.name == "testing.banned-phrase"
    assert rule.groups == ("testing",) and rule.enabled and rule.origin.endswith("rule.yml")


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write_rule(tmp_path, severty="error")
    with pytest.raises(RuleError) as err:
        load(tmp_path)
    assert str(path) in str(err.value) and "'severty'" in str(err.value)
    assert "ZZ101" in str(err.value)


def test_unknown_docs_key(tmp_path: Path) -> None:
    write_rule(tmp_path, docs={"what": "w", "why": "y", "example": "e", "fix": "f", "see": "x"})
    with pytest.raises(RuleError, match=r"docs\.see"):
        load(tmp_path)


def test_key_of_another_kind_is_unknown(tmp_path: Path) -> None:
    write_rule(tmp_path, table="wordlists/x.tsv", patterns=None, kind="python", check="a:b")
    with pytest.raises(RuleError, match="unknown key 'table'"):
        load(tmp_path)


@pytest.mark.parametrize("missing", ["code", "name", "summary", "severity", "message", "docs"])
def test_missing_key(tmp_path: Path, missing: str) -> None:
    path = write_rule(tmp_path, **{missing: None})
    with pytest.raises(RuleError) as err:
        load(tmp_path)
    assert f"missing key '{missing}'" in str(err.value) and str(path) in str(err.value)


def test_missing_docs_entry(tmp_path: Path) -> None:
    write_rule(tmp_path, docs={"what": "w", "why": "y", "example": "e"})
    with pytest.raises(RuleError, match=r"missing key 'docs\.fix'"):
        load(tmp_path)


def test_bad_regex_names_rule_and_key(tmp_path: Path) -> None:
    path = write_rule(tmp_path, patterns=["(unclosed"])
    with pytest.raises(RuleError) as err:
        load(tmp_path)
    msg = str(err.value)
    assert str(path) in msg and "ZZ101" in msg and "'patterns'" in msg and "(unclosed" in msg


def test_bad_exception_regex(tmp_path: Path) -> None:
    write_rule(tmp_path, exceptions=["[a-"])
    with pytest.raises(RuleError, match=r"ZZ101.*'exceptions'"):
        load(tmp_path)


@pytest.mark.parametrize("kind", ["substitutions", "regex", None])
def test_bad_or_missing_kind(tmp_path: Path, kind) -> None:
    write_rule(tmp_path, kind=kind)
    with pytest.raises(RuleError, match=r"ZZ101: key 'kind': unknown kind"):
        load(tmp_path)


@pytest.mark.parametrize("changes,key", [
    ({"code": "zz101"}, "code"),
    ({"code": "ZZ1011"}, "code"),
    ({"code": "Z1234"}, "code"),
    ({"name": "NoDots"}, "name"),
    ({"severity": "fatal"}, "severity"),
    ({"fix": "sometimes"}, "fix"),
    ({"quotes": "ignore"}, "quotes"),
    ({"groups": "testing"}, "groups"),
    ({"enabled": "no"}, "enabled"),
    ({"timeout": -1}, "timeout"),
    ({"scope": "page"}, "scope"),
    ({"case": "upper"}, "case"),
])
def test_bad_values_name_the_key(tmp_path: Path, changes: dict, key: str) -> None:
    write_rule(tmp_path, **changes)
    with pytest.raises(RuleError, match=f"'{key}'"):
        load(tmp_path)


def test_bad_example_shape(tmp_path: Path) -> None:
    write_rule(tmp_path, examples=[{"fail": "x", "pass": "y"}])
    with pytest.raises(RuleError, match="example"):
        load(tmp_path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("code: ZZ101\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"broken\.yml: line \d+ invalid YAML"):
        load(tmp_path)


def test_family_file_and_non_yaml_files(tmp_path: Path) -> None:
    one = {**VALID}
    two = {**VALID, "code": "ZZ102", "name": "testing.other"}
    (tmp_path / "family.yaml").write_text(yaml.safe_dump({"rules": [one, two]}), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule", encoding="utf-8")
    assert [r.code for r in load(tmp_path)] == ["ZZ101", "ZZ102"]


def test_missing_rule_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="does not exist"):
        load(tmp_path / "nowhere")


def test_duplicate_code_across_folders(tmp_path: Path) -> None:
    write_rule(tmp_path / "a")
    write_rule(tmp_path / "b", "other.yml", name="testing.another")
    with pytest.raises(RuleError) as err:
        load_rules([tmp_path / "a", tmp_path / "b"])
    msg = str(err.value)
    assert "code 'ZZ101' is already defined" in msg
    assert str(tmp_path / "a") in msg and str(tmp_path / "b") in msg


def test_extra_folder_cannot_reuse_a_shipped_code(tmp_path: Path) -> None:
    write_rule(tmp_path, code="MT101")
    with pytest.raises(RuleError, match="code 'MT101' is already defined"):
        load_rules([tmp_path])


def test_duplicate_name_across_folders(tmp_path: Path) -> None:
    write_rule(tmp_path / "a")
    write_rule(tmp_path / "b", code="ZZ102")
    with pytest.raises(RuleError, match="name 'testing.banned-phrase' is already defined"):
        load_rules([tmp_path / "a", tmp_path / "b"])


def test_python_check_that_cannot_be_imported(tmp_path: Path) -> None:
    write_rule(tmp_path, kind="python", patterns=None, check="lint.checks.nothing:here")
    with pytest.raises(RuleError, match="lint.checks.nothing:here"):   # at load, not at run
        load(tmp_path)


# -- selection ------------------------------------------------------------------------------
@pytest.fixture()
def rules(tmp_path: Path):
    """Four rules of our own (selection is tested apart from the shipped set, which grows)."""
    write_rule(tmp_path, "a.yml")                                       # ZZ101 testing.banned-phrase
    write_rule(tmp_path, "b.yml", code="ZZ102", name="testing.other", groups=["style"])
    write_rule(tmp_path, "c.yml", code="ZY301", name="elsewhere.thing", groups=["testing"])
    write_rule(tmp_path, "d.yml", code="ZZ201", name="quiet.opt-in", enabled=False,
               groups=["noisy"])
    return {r.code: r for r in load_folder(tmp_path)}


def codes(selected) -> list[str]:
    return sorted(r.code for r in selected)


def test_default_selection_is_every_enabled_rule(rules) -> None:
    assert codes(select_rules(rules)) == ["ZY301", "ZZ101", "ZZ102"]


@pytest.mark.parametrize("selector,expected", [
    ("ZZ101", ["ZZ101"]),                          # a code
    ("ZZ1", ["ZZ101", "ZZ102"]),                   # a code prefix
    ("ZY", ["ZY301"]),                             # a family
    ("testing", ["ZY301", "ZZ101", "ZZ102"]),      # group ZY301, ZZ101; name prefix ZZ102
    ("style", ["ZZ102"]),                          # a group
    ("testing.other", ["ZZ102"]),                  # a rule name
    ("elsewhere", ["ZY301"]),                      # a name prefix
])
def test_selection_by_code_prefix_group_and_name(rules, selector, expected) -> None:
    assert codes(select_rules(rules, [selector])) == expected


def test_select_all(rules) -> None:
    # whether ALL (or a family or group) also turns on opt-in rules is left open here
    assert {"ZY301", "ZZ101", "ZZ102"} <= set(codes(select_rules(rules, ["ALL"])))


def test_extend_select_and_ignore(rules) -> None:
    assert codes(select_rules(rules, ["ZZ1"], extend_select=["ZY301"], ignore=["style"])) == \
        ["ZY301", "ZZ101"]
    assert codes(select_rules(rules, None, ignore=["testing"])) == []
    assert codes(select_rules(rules, [])) == []


@pytest.mark.parametrize("selector", ["XX", "ZZ999", "nonsense", "testing.nope", "ZZ1O1",
                                      "banned-phrase"])
def test_unknown_selector_raises(rules, selector) -> None:
    with pytest.raises(SelectionError, match=selector.replace(".", r"\.")):
        select_rules(rules, [selector])
    with pytest.raises(SelectionError):
        select_rules(rules, None, extend_select=[selector])
    with pytest.raises(SelectionError):
        select_rules(rules, None, ignore=[selector])


def test_opt_in_rule_only_when_named(rules) -> None:
    assert "ZZ201" not in codes(select_rules(rules))
    assert "ZZ201" not in codes(select_rules(rules, None, extend_select=["ZZ101"]))
    assert codes(select_rules(rules, ["ZZ201"])) == ["ZZ201"]
    assert codes(select_rules(rules, ["quiet.opt-in"])) == ["ZZ201"]
    assert codes(select_rules(rules, None, extend_select=["ZZ201"])) == \
        ["ZY301", "ZZ101", "ZZ102", "ZZ201"]
    assert codes(select_rules(rules, ["ZZ201"], ignore=["noisy"])) == []


def test_shipped_rules_select_by_family_group_and_name() -> None:
    shipped = load_rules()
    mt = codes(select_rules(shipped, ["MT"]))
    assert "MT101" in mt and all(c.startswith("MT") for c in mt)
    assert "MT101" in codes(select_rules(shipped, ["names"]))
    assert codes(select_rules(shipped, ["translation.doubled-word"])) == ["MT301"]


def test_matches_helper(rules) -> None:
    rule = rules["ZZ101"]
    assert matches(rule, "ALL") and matches(rule, "Z") and matches(rule, "testing")
    assert matches(rule, "testing.banned-phrase") and not matches(rule, "banned-phrase")
