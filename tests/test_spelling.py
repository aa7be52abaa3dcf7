"""Unit tests for the name-spelling checks (MT102, MT103) and the data they share with MT101."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from lint.checks.spelling import bag_distance, translit_key
from lint.runner import registry

RULES = registry()


@pytest.mark.parametrize("variant,standard", [
    ("Kharkiw", "Kharkiv"), ("Zaporizhia", "Zaporizhzhia"), ("Mykolayiv", "Mykolaiv"),
    ("Chernihiw", "Chernihiv"), ("Dnipropetrovs'k", "Dnipropetrovsk"), ("Kyiw", "Kyiv"),
    ("Kostyantynivka", "Kostiantynivka"), ("Zaporizhzhya", "Zaporizhzhia"), ("Avdiïvka", "Avdiivka"),
])
def test_romanisations_of_one_name_share_a_key(variant: str, standard: str) -> None:
    assert translit_key(variant) == translit_key(standard)


@pytest.mark.parametrize("a,b", [("Kharkiv", "Kherson"), ("Sumy", "Uman"), ("Lviv", "Lutsk")])
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


def test_bag_distance_is_a_lower_bound() -> None:
    from rapidfuzz.distance import OSA
    for a, b in [("supilne", "suspilne"), ("ukrinfrom", "ukrinform"), ("kyodo", "kyoto"),
                 ("reuters", "routers"), ("abc", "xyz")]:
        assert bag_distance(a, b) <= OSA.distance(a, b)


def _first_column(rule_code: str, option: str) -> set[str]:
    rule = RULES[rule_code]
    return {row[0] for table in rule.options[option] for row in table.rows}


def test_kept_exonyms_are_not_in_the_transliteration_table() -> None:
    kept = _first_column("MT102", "kept")
    wrong = {row[0] for row in RULES["MT101"].tables["table"].rows}
    assert not kept & wrong, f"exonyms both kept and flagged: {sorted(kept & wrong)}"


def test_standard_forms_are_not_variants() -> None:
    places = _first_column("MT102", "places") | _first_column("MT102", "known_places")
    wrong = {row[0] for row in RULES["MT101"].tables["table"].rows}
    assert not places & wrong, sorted(places & wrong)


def test_every_mt101_standard_form_is_a_known_place() -> None:
    """MT102's places include MT101's right-hand forms, so no fix lands on an unknown name."""
    places = {p.casefold() for p in _first_column("MT102", "places") | _first_column("MT102", "known_places")}
    rights = {r for row in RULES["MT101"].tables["table"].rows
              for r in row[1].split("|")}
    derived = {r for r in rights if r.endswith(("an", "ans", "ite"))}
    missing = sorted(r for r in rights - derived if " " not in r and r.casefold() not in places)
    assert not missing, missing


def test_clean_copy_imports_neither_rapidfuzz_nor_wordfreq() -> None:
    """Fuzzy matching and the lexicon load only when a word is near a known name."""
    script = textwrap.dedent("""
        import sys
        from lint.document import Document
        from lint.runner import registry
        text = ("Officials in Kyiv and Kharkiv said Reuters and Suspilne reported the strike; "
                "the Verkhovna Rada met in Lviv. Defences were active over Odesa.")
        for code in ("MT102", "MT103"):
            assert not list(registry()[code].check(Document(text, "x")))
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("rapidfuzz", "wordfreq")))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
