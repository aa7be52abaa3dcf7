"""Configuration: discovery, strict validation, and what each key does to a check."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint_string

from lint import config as config_module
from lint.config import ConfigError, find_config, load_config, parse_config
from lint.model import Severity
from lint.runner import Overrides, Runner

EXTRA_RULE = """\
code: ZZ101
name: testing.filler
summary: A filler word.
severity: info
groups: [testing]
kind: existence
patterns: ['\\bbasically\\b']
message: "'{match}' adds nothing."
docs: {what: a, why: b, example: c, fix: d}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, text: str, **overrides):
    """Lint `text` as if it were the file at `path` (configuration discovered from there)."""
    write(path, text)
    result = Runner(Overrides(**overrides)).lint_text(text, str(path))
    assert not result.failures
    return result.findings


# -- discovery ------------------------------------------------------------------------------
def test_upward_discovery(tmp_path: Path) -> None:
    cfg = write(tmp_path / "desk" / "copylint.toml", 'ignore = ["MT301"]\n')
    deep = tmp_path / "desk" / "2024" / "05" / "story"
    deep.mkdir(parents=True)
    assert find_config(deep) == cfg
    assert Runner().config_for(str(deep / "a.txt")).ignore == ("MT301",)


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "copylint.toml", 'ignore = ["MT301"]\n')
    write(tmp_path / "proj" / "pyproject.toml",
          '[project]\nname = "site"\n\n[tool.black]\nline-length = 88\n')
    assert find_config(tmp_path / "proj") == outer


def test_pyproject_with_section_is_used(tmp_path: Path) -> None:
    write(tmp_path / "copylint.toml", 'ignore = ["MT301"]\n')
    inner = write(tmp_path / "proj" / "pyproject.toml",
                  '[project]\nname = "site"\n\n[tool.copylint]\nignore = ["MT101"]\n')
    assert find_config(tmp_path / "proj") == inner
    assert load_config(inner).ignore == ("MT101",)


def test_copylint_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.copylint]\nignore = ["MT101"]\n')
    own = write(tmp_path / "copylint.toml", 'ignore = ["MT301"]\n')
    assert find_config(tmp_path) == own
    hidden = write(tmp_path / ".copylint.toml", 'ignore = ["CP101"]\n')
    config_module._find_config.cache_clear()      # discovery is cached per folder within a run
    assert find_config(tmp_path) == hidden


def test_nearest_file_wins(tmp_path: Path) -> None:
    write(tmp_path / "copylint.toml", 'ignore = ["MT101"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.copylint]\nignore = ["MT301"]\n')
    assert [f.code for f in check(tmp_path / "sub" / "a.txt", "Kief saw the the end.\n")] == \
        ["MT101"]
    assert [f.code for f in check(tmp_path / "b.txt", "Kief saw the the end.\n")] == ["MT301"]


def test_isolated_and_explicit_config(tmp_path: Path) -> None:
    write(tmp_path / "copylint.toml", 'ignore = ["MT101"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'ignore = ["MT301"]\n')
    text = "Kief saw the the end.\n"
    assert [f.code for f in check(tmp_path / "a.txt", text)] == ["MT301"]
    assert [f.code for f in check(tmp_path / "a.txt", text, isolated=True)] == ["MT101", "MT301"]
    assert [f.code for f in check(tmp_path / "a.txt", text, config=str(other))] == ["MT101"]


# -- validation -----------------------------------------------------------------------------
def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    cfg = write(tmp_path / "copylint.toml", 'colour = "red"\n')
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    assert str(cfg) in str(err.value) and "'colour'" in str(err.value)
    assert "did you mean" not in str(err.value)


@pytest.mark.parametrize("snake,kebab", [("house_spellings", "house-spellings"),
                                         ("extend_select", "extend-select"),
                                         ("rule_paths", "rule-paths")])
def test_snake_case_key_suggests_the_kebab_case_one(tmp_path: Path, snake: str, kebab: str) -> None:
    cfg = write(tmp_path / "pyproject.toml", f"[tool.copylint]\n{snake} = []\n")
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    msg = str(err.value)
    assert str(cfg) in msg and f"'tool.copylint.{snake}'" in msg
    assert f"did you mean '{kebab}'" in msg


def test_bad_severity_value(tmp_path: Path) -> None:
    cfg = write(tmp_path / "copylint.toml", '[severity]\nMT101 = "loud"\n')
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    assert str(cfg) in str(err.value) and "'severity.MT101'" in str(err.value)
    assert "loud" in str(err.value)
    with pytest.raises(ConfigError, match="severity.MT101"):
        parse_config({"severity": {"MT101": 2}}, "<t>")
    with pytest.raises(ConfigError, match="'severity'"):
        parse_config({"severity": "error"}, "<t>")


def test_severity_for_an_unknown_code(tmp_path: Path) -> None:
    write(tmp_path / "copylint.toml", '[severity]\nMT999 = "error"\n')
    with pytest.raises(ConfigError, match=r"severity\.MT999.*unknown rule code"):
        Runner().settings_for(str(tmp_path / "a.txt"))


def test_unknown_selector_in_config(tmp_path: Path) -> None:
    cfg = write(tmp_path / "copylint.toml", 'select = ["MT", "XQ"]\n')
    with pytest.raises(ConfigError) as err:
        Runner().settings_for(str(tmp_path / "a.txt"))
    assert str(cfg) in str(err.value) and "'select'" in str(err.value) and "XQ" in str(err.value)


@pytest.mark.parametrize("data,key", [
    ({"select": "MT101"}, "select"),
    ({"ignore": ["MT101", 3]}, "ignore"),
    ({"include": [""]}, "include"),
    ({"house-spellings": ["Zelenskyy"]}, "house-spellings"),
    ({"house-spellings": {"Zelenskyy": [1]}}, "house-spellings.Zelenskyy"),
])
def test_wrong_value_types(data: dict, key: str) -> None:
    with pytest.raises(ConfigError, match=f"'{key}'"):
        parse_config(data, "<t>")


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "copylint.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML") as err:
        load_config(cfg)
    assert str(cfg) in str(err.value)


# -- what the keys do -----------------------------------------------------------------------
def test_house_spellings_make_nm101_fire_with_the_right_fix(tmp_path: Path) -> None:
    write(tmp_path / "copylint.toml",
          '[house-spellings]\nZelenskyy = ["Zelensky", "Zelenskiy"]\n'
          '"Kyiv Independent" = "Kiev Independent"\n')
    text = "Zelenskiy told the Kiev Independent that Zelenskyy would travel.\n"
    findings = [f for f in check(tmp_path / "a.txt", text) if f.code == "NM101"]
    assert [(text[f.span.start:f.span.end], f.fix.edits[0].replacement) for f in findings] == [
        ("Zelenskiy", "Zelenskyy"), ("Kiev Independent", "Kyiv Independent")]
    assert findings[0].message == "'Zelenskiy' is spelt 'Zelenskyy' in house style."
    assert check(tmp_path / "a.txt", "Zelenskiy spoke.\n", isolated=True) == []


def test_rule_paths_load_an_extra_rule_folder(tmp_path: Path) -> None:
    write(tmp_path / "desk-rules" / "filler.yml", EXTRA_RULE)
    write(tmp_path / "copylint.toml", 'rule-paths = ["desk-rules"]\n')   # relative to the file
    findings = check(tmp_path / "copy" / "a.txt", "It was basically over.\n")
    assert [(f.code, f.message) for f in findings] == [("ZZ101", "'basically' adds nothing.")]


def test_rule_paths_folder_must_exist(tmp_path: Path) -> None:
    cfg = write(tmp_path / "copylint.toml", 'rule-paths = ["missing"]\n')
    with pytest.raises(ConfigError, match="'rule-paths'") as err:
        load_config(cfg)
    assert str(cfg) in str(err.value)


def test_per_rule_severity_override() -> None:
    text = "The mayor of Kief saw the the end.\n"
    plain = {f.code: f.severity for f in lint_string(text).findings}
    assert plain == {"MT101": Severity.WARNING, "MT301": Severity.WARNING}
    changed = {f.code: f.severity for f in
               lint_string(text, config={"severity": {"MT101": "error", "MT301": "info"}}).findings}
    assert changed == {"MT101": Severity.ERROR, "MT301": Severity.INFO}


def test_select_and_ignore_from_config_and_command_line_select_wins() -> None:
    text = "Kief saw the the end.\n"
    assert [f.code for f in lint_string(text, config={"select": ["MT301"]}).findings] == ["MT301"]
    assert [f.code for f in lint_string(text, config={"ignore": ["MT301"]}).findings] == ["MT101"]
    assert [f.code for f in lint_string(text, ["MT101"], config={"select": ["MT301"]}).findings] \
        == ["MT101"]
    assert [f.code for f in lint_string(text, config={"select": ["CP"],
                                                      "extend-select": ["MT101"]}).findings] == ["MT101"]
