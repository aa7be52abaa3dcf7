"""Accuracy on real copy (issue 11): general mechanisms, each tested where it must act and where
it must stay quiet. The sentences are our own, written for these tests."""
from __future__ import annotations

from lint import Applicability, apply_fixes, check_text


# -- a fix inside a quotation is never safe ------------------------------------------------
def test_safe_fix_inside_a_quotation_becomes_unsafe():
    text = '"Go go go," the coach shouted. Officials said the the match was delayed.\n'
    by_place = {f.span.start: f for f in check_text(text, select=["MT301"])}
    quoted, plain = by_place[1], by_place[text.index("the the")]
    assert quoted.fix.applicability == Applicability.UNSAFE
    assert plain.fix.applicability == Applicability.SAFE
    assert apply_fixes(text, [quoted, plain]) == \
        '"Go go go," the coach shouted. Officials said the match was delayed.\n'
    assert apply_fixes(text, [quoted, plain], unsafe=True).startswith('"Go," the coach')


def test_unsafe_and_display_fixes_in_quotations_are_unchanged():
    text = 'The minister said: "We will hold the elections in Kief."\n'
    [f] = check_text(text, select=["MT101"])
    assert f.fix.applicability == Applicability.UNSAFE     # safe outside a quotation
    [f] = check_text("The minister will hold talks in Kief.\n", select=["MT101"])
    assert f.fix.applicability == Applicability.SAFE


# -- DP102: only a long clause said exactly twice is a warning -------------------------------
def test_parallel_lists_and_short_repeats_are_hints_not_warnings():
    lists = ("She served as mayor of the city from 2006, served as mayor of the city again "
             "from 2014 and served as mayor of the city until her death in 2020.\n")
    short = "The first task is to build the road, and the second task is to build the bridge.\n"
    for text in (lists, short):
        found = check_text(text, select=["DP102"])
        assert found and all(f.severity.label == "info" for f in found), text


def test_a_long_clause_said_twice_is_a_warning():
    text = ("The regional governor said the water supply would be restored by the end of the "
            "week, and the ministry said the water supply would be restored by the end of the "
            "month.\n")
    [f] = check_text(text, select=["DP102"])
    assert f.severity.label == "warning" and "(12 words)" in f.message
