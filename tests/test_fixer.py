"""The fixer: choosing non-overlapping fixes, applying them right to left, fixing until stable."""
from __future__ import annotations

from conftest import lint_string

import lint
from lint.fixer import MAX_ROUNDS, apply_fixes, fix_until_stable, fixes_to_apply
from lint.model import Applicability, Edit, Finding, Fix, Severity, Span

SAFE, UNSAFE, DISPLAY = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY


def edit(start: int, end: int, replacement: str) -> Edit:
    return Edit(Span(start, end), replacement)


def finding(*edits: Edit, applicability: Applicability = SAFE, title: str = "fix") -> Finding:
    first = edits[0].span if edits else Span(0, 0)
    return Finding("ZZ001", "testing.rule", Severity.WARNING, "message", first,
                   fix=Fix(title, tuple(edits), applicability))


def test_overlapping_fix_is_dropped_whole() -> None:
    text = "abcdefghijklmnop"
    first = finding(edit(0, 4, "ABCD"))
    later = finding(edit(2, 6, "xx"), edit(10, 12, "KL"), title="later")   # overlaps at 2..4
    chosen = fixes_to_apply([later, first], SAFE)
    assert chosen == [first.fix]
    # the later fix's non-overlapping edit is not applied either
    assert apply_fixes(text, chosen) == "ABCDefghijklmnop"


def test_adjacent_fixes_do_not_clash() -> None:
    text = "Kief Lvov"
    fixes = fixes_to_apply([finding(edit(0, 4, "Kyiv")), finding(edit(4, 5, "_")),
                            finding(edit(5, 9, "Lviv"))], SAFE)
    assert len(fixes) == 3
    assert apply_fixes(text, fixes) == "Kyiv_Lviv"


def test_insertion_inside_a_replaced_span_clashes() -> None:
    fixes = fixes_to_apply([finding(edit(0, 4, "Kyiv")), finding(edit(2, 2, "!"))], SAFE)
    assert len(fixes) == 1 and fixes[0].edits[0].replacement == "Kyiv"
    both_insert = fixes_to_apply([finding(edit(3, 3, "a")), finding(edit(3, 3, "b"))], SAFE)
    assert len(both_insert) == 1


def test_identical_fixes_from_two_findings_apply_once() -> None:
    text = "the the"
    fixes = fixes_to_apply([finding(edit(3, 7, "")), finding(edit(3, 7, ""))], SAFE)
    assert apply_fixes(text, fixes) == "the"


def test_applicability_threshold() -> None:
    found = [finding(edit(0, 1, "S"), applicability=SAFE),
             finding(edit(2, 3, "U"), applicability=UNSAFE),
             finding(edit(4, 5, "D"), applicability=DISPLAY)]
    text = "a b c"
    assert apply_fixes(text, fixes_to_apply(found, SAFE)) == "S b c"
    assert apply_fixes(text, fixes_to_apply(found, UNSAFE)) == "S U c"
    assert apply_fixes(text, fixes_to_apply(found, DISPLAY)) == "S U D"
    no_fix = Finding("ZZ001", "testing.rule", Severity.INFO, "m", Span(0, 1))
    assert fixes_to_apply([no_fix], DISPLAY) == []


def test_edits_are_applied_right_to_left_on_original_offsets() -> None:
    text = "From Kief to Lvov via Rovno."
    k, lv, r = text.index("Kief"), text.index("Lvov"), text.index("Rovno")
    fixes = fixes_to_apply([finding(edit(r, r + 5, "Rivne")), finding(edit(k, k + 4, "Kyiv")),
                            finding(edit(lv, lv + 4, "the city of Lviv"))], SAFE)
    assert apply_fixes(text, fixes) == "From Kyiv to the city of Lviv via Rivne."


def test_one_fix_with_several_edits() -> None:
    text = "Zelensky met Zelenskiy."
    fix = finding(edit(0, 8, "Zelenskyy"), edit(13, 22, "Zelenskyy"))
    assert apply_fixes(text, fixes_to_apply([fix], SAFE)) == "Zelenskyy met Zelenskyy."


def test_deletion_and_insertion() -> None:
    text = "abc"
    fixes = fixes_to_apply([finding(edit(0, 0, ">")), finding(edit(1, 2, ""))], SAFE)
    assert apply_fixes(text, fixes) == ">ac"


def test_crlf_document_gets_crlf_in_replacements() -> None:
    text = "one\r\ntwo\r\n"
    fixes = [Fix("split", (edit(0, 3, "o\nne"),)), Fix("crlf", (edit(5, 8, "t\r\nwo"),))]
    assert apply_fixes(text, fixes, "\r\n") == "o\r\nne\r\nt\r\nwo\r\n"
    assert apply_fixes("one\ntwo\n", [Fix("split", (edit(0, 3, "o\nne"),))]) == "o\nne\ntwo\n"


def test_fix_until_stable_detects_crlf() -> None:
    text = "A\r\nB"

    def relint(t: str):
        return [finding(edit(0, 1, "x\ny"))] if t.startswith("A") else []

    new, applied, left = fix_until_stable(text, relint, SAFE)
    assert new == "x\r\ny\r\nB" and applied == 1 and left == []


def _relint_mt(text: str):
    return lint_string(text, ["MT"]).findings


def test_fix_until_stable_repeats_and_is_idempotent() -> None:
    # round 1 fixes the tripled word and Kief -> Kyiv, which makes "Kyiv Kyiv": round 2 fixes that
    text = "It was a very very very long night in Kyiv Kief."
    new, applied, left = fix_until_stable(text, _relint_mt, SAFE)
    assert new == "It was a very long night in Kyiv."
    assert applied == 3 and left == []
    again, applied_again, left_again = fix_until_stable(new, _relint_mt, SAFE)
    assert again == new and applied_again == 0 and left_again == []


def test_fix_until_stable_returns_remaining_findings() -> None:
    text = "copylint: disable=MT1O1\nThe the mayor of Kief spoke."

    def relint(t: str):
        return lint_string(t).findings

    new, applied, left = fix_until_stable(text, relint, UNSAFE)
    assert new == "copylint: disable=MT1O1\nThe mayor of Kyiv spoke."
    assert [f.code for f in left] == ["CL002"]     # display-only: never applied


def test_fix_until_stable_is_bounded() -> None:
    calls = []

    def relint(t: str):
        calls.append(t)
        return [finding(edit(0, 0, "x"))]         # always another fix: never stable

    new, applied, _ = fix_until_stable("", relint, SAFE)
    assert new == "x" * MAX_ROUNDS and applied == MAX_ROUNDS
    assert len(calls) == MAX_ROUNDS + 1


def test_fix_that_changes_nothing_stops_the_loop() -> None:
    def relint(t: str):
        return [finding(edit(0, 4, "Kyiv"))]

    new, applied, left = fix_until_stable("Kyiv", relint, SAFE)
    assert new == "Kyiv" and applied == 0 and len(left) == 1


def test_public_apply_fixes_safe_and_unsafe() -> None:
    text = "The mayor of Kief spoke."
    findings = [*lint.check_text(text), finding(edit(0, 3, "A"), applicability=UNSAFE)]
    assert lint.apply_fixes(text, findings) == "The mayor of Kyiv spoke."
    assert lint.apply_fixes(text, findings, unsafe=True) == "A mayor of Kyiv spoke."
