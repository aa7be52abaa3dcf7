"""Inline suppression comments, driven through the engine with the default rule set."""
from __future__ import annotations

from conftest import lint_string

from lint.model import Severity


def found(text: str, select=None, **kw) -> list[tuple[str, str]]:
    """(code, flagged text) for every finding."""
    result = lint_string(text, select, **kw)
    assert not result.failures
    return [(f.code, text[f.span.start:f.span.end]) for f in result.findings]


def test_without_directives_both_lines_are_flagged() -> None:
    assert found("Kief.\nLvov.\n") == [("MT101", "Kief"), ("MT101", "Lvov")]


def test_disable_covers_the_next_line_only() -> None:
    text = "copylint: disable=MT101\nKief and Kharkov.\nLvov.\n"
    assert found(text) == [("MT101", "Lvov")]


def test_disable_skips_blank_lines_to_the_next_prose_line() -> None:
    text = "copylint: disable=MT101\n\n   \nKief.\nLvov.\n"
    assert found(text) == [("MT101", "Lvov")]


def test_disable_on_a_line_with_prose_covers_that_line() -> None:
    text = "Kief. copylint: disable=MT101\nLvov.\n"
    assert found(text) == [("MT101", "Lvov")]
    text = "Kief. <!-- copylint: disable=MT101 -->\nLvov.\n"
    assert found(text) == [("MT101", "Lvov")]


def test_only_the_named_rule_is_suppressed() -> None:
    text = "copylint: disable=MT101\nKief saw the the start.\n"
    assert found(text) == [("MT301", "the the")]


def test_several_codes_with_spaces() -> None:
    text = "copylint: disable=MT101, MT301\nKief saw the the start.\n"
    assert found(text) == []


def test_no_codes_suppresses_every_rule() -> None:
    assert found("copylint: disable\nKief saw the the start.\nLvov.\n") == [("MT101", "Lvov")]


def test_range_from_disable_start_to_enable() -> None:
    text = ("Kief before.\n"
            "copylint: disable-start=MT101\n"
            "Kief inside.\n\nLvov inside.\n"
            "copylint: enable=MT101\n"
            "Kharkov after.\n")
    assert found(text) == [("MT101", "Kief"), ("MT101", "Kharkov")]


def test_enable_without_codes_ends_every_open_range() -> None:
    text = ("copylint: disable-start=MT101\ncopylint: disable-start=MT301\n"
            "Kief had the the look.\ncopylint: enable\nLvov saw the the end.\n")
    assert found(text) == [("MT101", "Lvov"), ("MT301", "the the")]


def test_enable_of_another_code_leaves_the_range_open() -> None:
    text = "copylint: disable-start=MT101\nKief.\ncopylint: enable=MT301\nLvov.\n"
    assert found(text) == []        # Lvov still suppressed; an enable is never "unused"


def test_unclosed_range_runs_to_the_end() -> None:
    text = "Kief.\ncopylint: disable-start=MT101\nLvov.\n\nKharkov.\n"
    assert found(text) == [("MT101", "Kief")]


def test_disable_file_anywhere_in_the_file() -> None:
    text = "Kief.\nLvov.\n<!-- copylint: disable-file=MT101 -->\nKharkov saw the the end.\n"
    assert found(text) == [("MT301", "the the")]


def test_markdown_comment_form() -> None:
    text = "<!-- copylint: disable=MT101 -->\nKief.\n<!--copylint:disable=MT101-->\nLvov.\n"
    assert found(text) == []


def test_codes_by_prefix_group_and_name() -> None:
    text = ("copylint: disable=MT\nKief saw the the start.\n"
            "copylint: disable=translation\nLvov saw the the end.\n"
            "copylint: disable=translation.transliteration\nKharkov saw it it.\n")
    assert found(text) == [("MT301", "it it")]


def test_crlf_text() -> None:
    text = "copylint: disable=MT101\r\nKief.\r\nLvov.\r\n"
    assert found(text) == [("MT101", "Lvov")]


# -- CL001: unused suppressions ------------------------------------------------------------
def test_unused_directive_is_cl001_with_a_fix_deleting_its_line() -> None:
    text = "Intro.\ncopylint: disable=MT101\nKyiv.\n"
    [f] = lint_string(text).findings
    assert f.code == "CL001" and f.severity == Severity.INFO
    assert text[f.span.start:f.span.end] == "copylint: disable=MT101"
    assert "MT101" in f.message
    assert [(e.span.start, e.span.end, e.replacement) for e in f.fix.edits] == [(7, 31, "")]


def test_used_directive_is_not_cl001() -> None:
    assert found("copylint: disable=MT101\nKief.\n") == []


def test_unused_file_and_range_directives() -> None:
    assert [c for c, _ in found("copylint: disable-file=MT301\nKief.\n")] == ["CL001", "MT101"]
    text = "copylint: disable-start=MT301\nKyiv.\ncopylint: enable=MT301\n"
    assert found(text) == [("CL001", "copylint: disable-start=MT301")]


def test_directive_for_an_unselected_rule_is_unused() -> None:
    # MT101 is not running, so the comment suppressed nothing (as ruff's RUF100 says too)
    assert found("copylint: disable=MT101\nKief.\n", ["CL001"]) == \
        [("CL001", "copylint: disable=MT101")]


def test_cl001_not_selected_means_no_report() -> None:
    assert found("copylint: disable=MT101\nKyiv.\n", ["MT"]) == []
    assert found("copylint: disable=MT101\nKyiv.\n", None, ignore=["CL001"]) == []


def test_cl001_severity_can_be_configured() -> None:
    [f] = lint_string("copylint: disable=MT101\nKyiv.\n",
                      config={"severity": {"CL001": "error"}}).findings
    assert f.code == "CL001" and f.severity == Severity.ERROR


# -- CL002: unknown codes ------------------------------------------------------------------
def test_unknown_code_is_cl002_and_suppresses_nothing() -> None:
    text = "copylint: disable=MT1O1\nKief.\n"
    result = lint_string(text).findings
    assert [(f.code, f.severity) for f in result] == [("CL002", Severity.WARNING),
                                                       ("MT101", Severity.WARNING)]
    assert "MT1O1" in result[0].message
    assert result[0].fix is not None and result[0].fix.applicability.label == "display-only"


def test_cl002_names_only_the_unknown_codes_and_the_known_ones_still_work() -> None:
    text = "<!-- copylint: disable=MT101,XX12 -->\nKief.\n"
    [f] = lint_string(text).findings
    assert f.code == "CL002" and "XX12" in f.message and "MT101" not in f.message


def test_cl002_with_rules_from_a_rule_path_is_known(tmp_path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "extra.yml").write_text(
        "code: ZZ101\nname: testing.filler\nsummary: s\nseverity: info\nkind: existence\n"
        "patterns: ['\\bbasically\\b']\nmessage: \"'{match}' adds nothing.\"\n"
        "docs: {what: a, why: b, example: c, fix: d}\n", encoding="utf-8")
    text = "copylint: disable=ZZ101\nIt was basically over.\n"
    assert found(text, config={"rule-paths": [str(rules)]}) == []
    assert [c for c, _ in found(text)] == ["CL002"]
