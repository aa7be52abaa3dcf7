"""Meta tests: the rule set as a whole keeps its promises (cases, docs, codes, word lists)."""
from __future__ import annotations

import pytest
import regex
from conftest import lint_string
from test_rule_cases import EXAMPLES, case_findings, load_all_cases

from lint.kinds.substitution import table_entries
from lint.loader import CODE_RE, builtin_rules_dir, load_folder
from lint.runner import registry

RULES = registry()
CASES = load_all_cases()
LEFTOVER_FIELD = regex.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
LICENCE_WORDS = regex.compile(r"licen[cs]e|source", regex.IGNORECASE)


def wordlist_files():
    """Every table shipped under rules/wordlists/."""
    folder = builtin_rules_dir().joinpath("wordlists")
    return sorted((p for p in folder.iterdir() if p.name.endswith((".tsv", ".txt"))),
                  key=lambda p: p.name)


WORDLISTS = wordlist_files()


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_fail_and_pass_cases(code: str) -> None:
    cases = CASES.get(code)
    assert cases, f"{code} has no tests/rule_cases/{code}.yml"
    assert any(c.failing for c in cases), f"{code}: no fail_str case"
    assert any(not c.failing for c in cases), f"{code}: no pass_str case"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert rule.summary.strip(), f"{code}: empty summary"
    for key in ("what", "why", "example", "fix"):
        assert rule.docs.get(key, "").strip(), f"{code}: empty docs.{key}"
    assert rule.message.strip(), f"{code}: empty message"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    shipped = list(load_folder(builtin_rules_dir()))
    codes = [r.code for r in shipped]
    names = [r.name for r in shipped]
    assert len(codes) == len(set(codes)), f"duplicate codes: {sorted(codes)}"
    assert len(names) == len(set(names)), f"duplicate names: {sorted(names)}"
    for code in codes:
        assert regex.fullmatch(r"[A-Z]{2}[0-9]{3}", code), code
        assert CODE_RE.match(code)
    assert sorted(codes) == sorted(RULES)


def read_rows(path) -> tuple[list[str], list[list[str]]]:
    """(header comment lines before the first row, rows split on tabs)."""
    header, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            if not rows:
                header.append(line)
            continue
        rows.append(line.split("\t"))
    return header, rows


def tables_used_case_blind() -> set[str]:
    """Names of tables read by a rule that matches without regard to case."""
    return {rule.spec["table"].rsplit("/", 1)[-1] for rule in RULES.values()
            if "table" in rule.spec and rule.spec.get("case", "exact") == "ignore"}


def test_there_are_word_lists() -> None:
    assert WORDLISTS, "no word lists found under rules/wordlists/"


@pytest.mark.parametrize("path", WORDLISTS, ids=lambda p: p.name)
def test_word_list_header_names_licence_or_source(path) -> None:
    header, _ = read_rows(path)
    assert header, f"{path.name}: no header comment"
    assert any(LICENCE_WORDS.search(line) for line in header), \
        f"{path.name}: the header comment must name a licence or source"


@pytest.mark.parametrize("path", WORDLISTS, ids=lambda p: p.name)
def test_word_list_is_sorted(path) -> None:
    _, rows = read_rows(path)
    firsts = [r[0].strip() for r in rows]
    key = [f.casefold() for f in firsts]
    unsorted = [(a, b) for a, b, ka, kb in zip(firsts, firsts[1:], key, key[1:]) if ka > kb]
    assert not unsorted, f"{path.name}: not sorted (case-insensitively) at {unsorted[:5]}"


@pytest.mark.parametrize("path", WORDLISTS, ids=lambda p: p.name)
def test_word_list_has_no_duplicates(path) -> None:
    _, rows = read_rows(path)
    blind = path.name in tables_used_case_blind()
    seen: dict[str, str] = {}
    dupes = []
    for r in rows:
        first = " ".join(r[0].split())
        k = first.casefold() if blind else first
        if k in seen:
            dupes.append((seen[k], first))
        seen[k] = first
    assert not dupes, f"{path.name}: duplicate first columns {dupes}"
    assert all(r[0].strip() for r in rows), f"{path.name}: a row has an empty first column"


SUBSTITUTIONS = [(code, right) for code, rule in RULES.items() if rule.kind == "substitution"
                 for rights, _ in table_entries(rule).values() for right in rights]


def test_there_are_substitutions() -> None:
    assert SUBSTITUTIONS


@pytest.mark.parametrize("code,replacement", sorted(set(SUBSTITUTIONS)),
                         ids=[f"{c}-{r}" for c, r in sorted(set(SUBSTITUTIONS))])
def test_replacement_is_not_itself_flagged(code: str, replacement: str) -> None:
    """A fix must never produce text that a shipped rule flags (no ping-pong between rules)."""
    text = f"Officials met in {replacement} on Monday."
    start = text.index(replacement)
    found = [f for f in lint_string(text, ["ALL"]).findings
             if f.span.start < start + len(replacement) and start < f.span.end]
    assert not found, f"{code}: replacement {replacement!r} is flagged: " \
                      f"{[(f.code, f.message) for f in found]}"


ALL_FAILING = [c for cases in CASES.values() for c in cases if c.failing] + \
              [c for c in EXAMPLES if c.failing]


@pytest.mark.parametrize("case", ALL_FAILING, ids=lambda c: c.id)
def test_message_template_is_filled(case) -> None:
    """Every finding's message has its fields filled in and fits on one line."""
    findings = case_findings(case)
    assert findings
    for f in findings:
        assert not LEFTOVER_FIELD.search(f.message), f"{case.id}: unfilled field in {f.message!r}"
        assert "\n" not in f.message and "\r" not in f.message, \
            f"{case.id}: message spans lines: {f.message!r}"
        for fix in (f.fix, *f.alternatives):
            if fix is not None:
                assert not LEFTOVER_FIELD.search(fix.title), f"{case.id}: {fix.title!r}"
                assert "\n" not in fix.title, f"{case.id}: fix title spans lines: {fix.title!r}"
