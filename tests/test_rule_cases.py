"""Rule cases as data (sqlfluff style): tests/rule_cases/<CODE>.yml and every rule's own examples.

A case is linted with only its rule selected (rules of kind `suppression`, the CL suppression checks,
judge other rules' findings, so for them the default rule set runs too and only their own
findings count), isolated from configuration files on disk; a `config` table goes through
lint.config.parse_config exactly as a [tool.copylint] table would.

- fail_str: at least one finding of the rule; `violations` (optional) must match the rule's
  findings exactly, in document order; `fix_str` (optional) is what fixing until stable at the
  UNSAFE level gives, and it must lint clean; without `fix_str` fixing must change nothing.
- pass_str: no finding of the rule.
- fail_files / pass_files: for rules that compare the files of a run (NM202): a mapping of file
  name -> text, checked together as one run; `violations` may name the `path` of each finding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import regex
from conftest import make_runner

from lint.document import LineIndex
from lint.fixer import fix_until_stable
from lint.loader import read_yaml
from lint.model import Applicability, Finding
from lint.runner import registry

CASES_DIR = Path(__file__).parent / "rule_cases"
FILE_KEYS = {"rule", "cases"}
CASE_KEYS = {"name", "fail_str", "pass_str", "fix_str", "violations", "config", "fail_files",
             "pass_files"}
VIOLATION_KEYS = {"start", "end", "line", "column", "severity", "message", "path"}
NAME_RE = regex.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class Case:
    """One fail or pass string for one rule."""

    code: str
    name: str
    text: str
    failing: bool
    origin: str
    fix_str: str | None = None
    violations: tuple[dict, ...] | None = None
    config: dict | None = field(default=None, hash=False, compare=False)
    files: dict | None = field(default=None, hash=False, compare=False)

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"


class CaseFileError(Exception):
    """A malformed rule-case file: the test set refuses it as the loader refuses bad rules."""


def _parse_case(code: str, raw: Any, origin: str) -> Case:
    where = f"{origin}: case {raw.get('name', '?') if isinstance(raw, dict) else raw!r}"
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: not a mapping")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise CaseFileError(f"{where}: unknown key(s) {sorted(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise CaseFileError(f"{where}: 'name' must be lower_snake_case")
    given = [k for k in ("fail_str", "pass_str", "fail_files", "pass_files") if k in raw]
    if len(given) != 1:
        raise CaseFileError(f"{where}: give exactly one of fail_str / pass_str / fail_files / "
                            f"pass_files")
    failing = given[0].startswith("fail")
    files = raw.get(given[0]) if given[0].endswith("_files") else None
    if files is not None:
        if not isinstance(files, dict) or len(files) < 2 or not all(
                isinstance(k, str) and isinstance(v, str) and v for k, v in files.items()):
            raise CaseFileError(f"{where}: {given[0]} must map two or more file names to texts")
        if "fix_str" in raw:
            raise CaseFileError(f"{where}: fix_str belongs to fail_str cases")
    text = "" if files is not None else raw[given[0]]
    if files is None and (not isinstance(text, str) or not text):
        raise CaseFileError(f"{where}: the case text must be a non-empty string")
    if not failing and ("fix_str" in raw or "violations" in raw):
        raise CaseFileError(f"{where}: fix_str / violations belong to fail_str cases")
    fix_str = raw.get("fix_str")
    if fix_str is not None and not isinstance(fix_str, str):
        raise CaseFileError(f"{where}: fix_str must be a string")
    violations = raw.get("violations")
    if violations is not None:
        if not isinstance(violations, list) or not violations:
            raise CaseFileError(f"{where}: violations must be a non-empty list")
        for v in violations:
            if not isinstance(v, dict) or not {"start", "end"} <= set(v) or set(v) - VIOLATION_KEYS:
                raise CaseFileError(f"{where}: violation {v!r} needs start and end, and may add "
                                    f"{sorted(VIOLATION_KEYS - {'start', 'end'})}")
        violations = tuple(violations)
    config = raw.get("config")
    if config is not None and not isinstance(config, dict):
        raise CaseFileError(f"{where}: config must be a [tool.copylint] table")
    return Case(code, name, text, failing, origin, fix_str, violations, config, files)


def load_case_file(path: Path) -> list[Case]:
    """Every case of one rule-case file, strictly validated."""
    data = read_yaml(path, CaseFileError)
    if not isinstance(data, dict) or set(data) != FILE_KEYS:
        raise CaseFileError(f"{path}: expected exactly the keys 'rule' and 'cases'")
    code = data["rule"]
    if code != path.stem:
        raise CaseFileError(f"{path}: names rule {code!r}; the file must be called {code}.yml")
    if not isinstance(data["cases"], list) or not data["cases"]:
        raise CaseFileError(f"{path}: 'cases' must be a non-empty list")
    cases = [_parse_case(code, raw, str(path)) for raw in data["cases"]]
    names = [c.name for c in cases]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CaseFileError(f"{path}: duplicate case names {dupes}")
    return cases


def load_all_cases() -> dict[str, list[Case]]:
    """Rule code -> its cases, from every file in tests/rule_cases/."""
    return {p.stem: load_case_file(p) for p in sorted(CASES_DIR.glob("*.yml"))}


def example_cases() -> list[Case]:
    """Every shipped rule's own `examples`, as cases."""
    out = []
    for code, rule in registry().items():
        for i, ex in enumerate(rule.examples, 1):
            failing = "fail" in ex
            kind = "fail" if failing else "pass"
            out.append(Case(code, f"example_{i}_{kind}", ex[kind], failing, rule.origin,
                            fix_str=ex.get("fix")))
    return out


# -- running a case ---------------------------------------------------------------------
def case_runner(case: Case):
    """A runner with only the case's rule selected (builtin rules: plus the default set)."""
    rule = registry()[case.code]
    if rule.kind == "suppression":
        return make_runner(None, extend_select=[case.code], config=case.config)
    return make_runner([case.code], config=case.config)


def rule_findings(case: Case, text: str, runner=None) -> list[Finding]:
    """The case rule's findings on `text` (failures of the rule itself fail the test)."""
    result = (runner or case_runner(case)).lint_text(text, "<case>")
    assert not result.failures, result.failures
    return [f for f in result.findings if f.code == case.code]


def fixed_text(case: Case, runner=None) -> str:
    """The case text after fixing the rule's findings until stable, unsafe fixes included."""
    runner = runner or case_runner(case)
    new, _, _ = fix_until_stable(case.text, lambda t: rule_findings(case, t, runner),
                                 Applicability.UNSAFE)
    return new


def describe(findings: list[Finding], text: str, path: str = "<case>") -> str:
    """The findings as the violation records a case file would hold (for failure messages)."""
    return "\n".join(f"  {as_violation(f, text, VIOLATION_KEYS, path)}"
                     for f in findings) or "  (none)"


def as_violation(f: Finding, text: str, keys, path: str = "<case>") -> dict:
    """A finding in the shape of a case's violation record, limited to `keys`."""
    line, column = LineIndex(text).position(f.span.start)
    full = {"start": f.span.start, "end": f.span.end, "line": line, "column": column,
            "severity": f.severity.label, "message": f.message, "path": path}
    return {k: full[k] for k in VIOLATION_KEYS if k in keys}


def run_findings(case: Case) -> list:
    """(file result, finding) pairs of the case's rule when its files are checked as one run."""
    from lint.sources import Source
    runner = case_runner(case)
    results = [runner.check_source(Source(name, text)) for name, text in case.files.items()]
    runner.finish(results)
    return [(r, f) for r in results for f in r.findings if f.code == case.code]


def case_findings(case: Case) -> list[Finding]:
    """The case rule's findings, for a one-text case or a several-file case alike."""
    if case.files is not None:
        return [f for _, f in run_findings(case)]
    return rule_findings(case, case.text)


def check_run_case(case: Case) -> None:
    """A case of several files checked as one run (run-level rules)."""
    found = run_findings(case)
    shown = "\n".join(describe([f], r.text, r.path) for r, f in found) or "  (none)"
    if not case.failing:
        assert not found, f"{case.id}: expected no {case.code} finding, got\n{shown}"
        return
    assert found, f"{case.id}: expected a {case.code} finding in the run, got none"
    if case.violations is not None:
        got = [as_violation(f, r.text, v, r.path) for (r, f), v in zip(found, case.violations)]
        assert len(found) == len(case.violations) and got == list(case.violations), (
            f"{case.id}: findings differ from the expected violations; got\n{shown}")


def check_case(case: Case) -> None:
    """Assert everything a case claims."""
    if case.files is not None:
        check_run_case(case)
        return
    runner = case_runner(case)
    findings = rule_findings(case, case.text, runner)
    if not case.failing:
        assert not findings, (f"{case.id}: expected no {case.code} finding in {case.text!r}, got\n"
                              + describe(findings, case.text))
        return
    assert findings, f"{case.id}: expected a {case.code} finding in {case.text!r}, got none"
    if case.violations is not None:
        got = [as_violation(f, case.text, v) for f, v in zip(findings, case.violations)]
        assert len(findings) == len(case.violations) and got == list(case.violations), (
            f"{case.id}: findings differ from the expected violations; got\n"
            + describe(findings, case.text))
    new = fixed_text(case, runner)
    if case.fix_str is None:
        assert new == case.text, f"{case.id}: has no fix_str, but fixing changed it to {new!r}"
        return
    assert new == case.fix_str, f"{case.id}: fixing gave {new!r}, expected {case.fix_str!r}"
    left = rule_findings(case, case.fix_str, runner)
    assert not left, f"{case.id}: the fixed text still has\n" + describe(left, case.fix_str)


ALL_CASES = [c for cases in load_all_cases().values() for c in cases]
EXAMPLES = example_cases()


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_rule_case(case: Case) -> None:
    check_case(case)


@pytest.mark.parametrize("case", EXAMPLES, ids=lambda c: c.id)
def test_rule_example(case: Case) -> None:
    check_case(case)


def test_case_files_name_known_rules() -> None:
    """A case file for a rule that does not exist would never run anything useful."""
    unknown = sorted(set(load_all_cases()) - set(registry()))
    assert not unknown, f"rule_cases files for unknown rules: {unknown}"


def test_case_file_validation_is_strict(tmp_path: Path) -> None:
    """The case loader refuses typos, so a misspelt key never silently skips a check."""
    bad = tmp_path / "MT101.yml"
    bad.write_text("rule: MT101\ncases:\n  - name: x\n    fail_str: Kief\n    fixstr: Kyiv\n")
    with pytest.raises(CaseFileError, match="fixstr"):
        load_case_file(bad)
    bad.write_text("rule: MT301\ncases:\n  - name: x\n    pass_str: fine\n")
    with pytest.raises(CaseFileError, match="MT101.yml"):
        load_case_file(bad)
    bad.write_text("rule: MT101\ncases:\n  - name: x\n    fail_str: Kief\n"
                   "    violations: [{start: 0, end: 4, col: 1}]\n")
    with pytest.raises(CaseFileError, match="violation"):
        load_case_file(bad)
