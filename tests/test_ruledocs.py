"""docs/rules/: the generated rule pages are current, and every documentation link resolves."""
from __future__ import annotations

from pathlib import Path

import pytest

from lint import ruledocs
from lint.report.lsp import DOCS_URL
from lint.report.sarif import rule_descriptor

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "rules"
REPO_URL = "https://github.com/copylint/copylint/blob/main/"


@pytest.fixture(scope="module")
def rules():
    return ruledocs.shipped_rules()


def _local(url: str) -> Path:
    assert url.startswith(REPO_URL), url
    return ROOT / url[len(REPO_URL):]


def test_docs_folder_is_current(rules):
    expected = ruledocs.pages(rules.values())
    problems = []
    for name, text in expected.items():
        path = DOCS / name
        if not path.exists():
            problems.append(f"missing {name}")
        elif path.read_bytes().decode("utf-8") != text:
            problems.append(f"out of date {name}")
    problems += [f"stale {p.name}" for p in sorted(DOCS.glob("*.md"))
                 if ruledocs.PAGE_RE.fullmatch(p.name) and p.name not in expected]
    assert not problems, (f"docs/rules/ is not current ({', '.join(problems)}): "
                          f"run `python -m lint.ruledocs docs/rules`")


def test_pages_are_lf_with_one_final_newline(rules):
    for name, text in ruledocs.pages(rules.values()).items():
        assert "\r" not in text, name
        assert text.endswith("\n") and not text.endswith("\n\n"), name
        assert all(len(line) == len(line.rstrip()) for line in text.split("\n")), name


def test_every_rule_link_resolves(rules):
    assert rules
    for code, rule in rules.items():
        assert (DOCS / f"{code}.md").is_file(), f"{code} has no page"
        lsp_url = DOCS_URL.format(code=code, name=rule.name)
        sarif_url = rule_descriptor(code, rule.name, rule.severity)["helpUri"]
        for url in (lsp_url, sarif_url):
            path = _local(url)
            assert path.is_file(), f"{code}: {url} -> {path} does not exist"
            assert path.read_text(encoding="utf-8").startswith("<!--")
            assert f"# {code}: {rule.name}" in path.read_text(encoding="utf-8")


def test_index_links_every_rule(rules):
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for code, rule in rules.items():
        assert f"[{code}]({code}.md)" in index
        assert rule.name in index


def test_render_holds_docs_examples_and_options(rules):
    rule = rules["MT302"]
    page = ruledocs.render(rule)
    assert page.startswith("<!--") and f"\n# MT302: {rule.name}\n" in page
    assert rule.summary in page
    for title in ("## What it catches", "## Why", "## Example", "## Fix", "## Examples",
                  "## Options", "## Selecting and suppressing"):
        assert f"\n{title}\n" in page, title
    for key in ("what", "why", "example", "fix"):
        assert rule.docs[key] in page, key
    for ex in rule.examples:
        for key in ("fail", "fix", "pass"):
            if key in ex:
                assert ex[key] in page
    assert "Flagged:" in page and "Fixed:" in page and "Not flagged:" in page
    for name in rule.options:
        assert f"| `{name}` |" in page
    assert "| `max_tokens` | `6` |" in page
    assert "| `function_words` | `function-words` |" in page      # a table option: its name
    assert "copylint: disable=MT302" in page and "--ignore MT302" in page
    assert "--select MT302" in page and "`repetition`" in page


def test_render_keeps_multiline_examples_and_html_literal(rules):
    rule = rules["CL001"]
    page = ruledocs.render(rule)
    assert "```text\ncopylint: disable=MT101\nThe mayor spoke in Kyiv.\n```" in page
    assert rule.docs["example"] in page                             # "<!-- ... -->" in a code block
    assert "`<!-- -->`" in page                                     # code spans left alone


def test_render_facts_and_off_by_default(rules):
    rule = next(r for r in rules.values() if not r.enabled)
    page = ruledocs.render(rule)
    assert f"--extend-select {rule.code}" in page and "| Default | off" in page
    assert f"| Severity | {rule.severity.label} |" in page
    sourced = next(r for r in rules.values() if r.source)
    assert "## Source" in ruledocs.render(sourced)
    no_fix = next(r for r in rules.values() if r.fix is None)
    assert "| Fix | none |" in ruledocs.render(no_fix)


def test_check_fails_on_stale_folder_and_write_fixes_it(rules, tmp_path, capsys):
    assert ruledocs.main(["--check", str(tmp_path)]) == 1          # empty: everything missing
    assert "MT301.md" in capsys.readouterr().out
    changed = ruledocs.write(rules.values(), tmp_path)
    assert len(changed) == len(rules) + 1
    assert ruledocs.main(["--check", str(tmp_path)]) == 0
    assert ruledocs.write(rules.values(), tmp_path) == []          # nothing changed: nothing written

    (tmp_path / "MT301.md").write_text("old page\n", encoding="utf-8")
    stale = tmp_path / "ZZ999.md"
    stale.write_text("a rule that no longer exists\n", encoding="utf-8")
    keep = tmp_path / "notes.txt"
    keep.write_text("not a rule page\n", encoding="utf-8")
    capsys.readouterr()
    assert ruledocs.main(["--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "MT301.md" in out and "ZZ999.md" in out and f"python -m lint.ruledocs {tmp_path}" in out
    assert stale.exists()                                           # --check changes nothing

    changed = ruledocs.write(rules.values(), tmp_path)
    assert sorted(p.name for p in changed) == ["MT301.md", "ZZ999.md"]
    assert not stale.exists() and keep.exists()
    assert ruledocs.main(["--check", str(tmp_path)]) == 0


def test_write_removes_page_of_dropped_rule(rules, tmp_path):
    ruledocs.write(rules.values(), tmp_path)
    fewer = [r for code, r in rules.items() if code != "MT301"]
    changed = ruledocs.write(fewer, tmp_path)
    assert tmp_path / "MT301.md" in changed and tmp_path / "README.md" in changed
    assert not (tmp_path / "MT301.md").exists()
    assert "MT301" not in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_main_regenerates_folder_deterministically(tmp_path, capsys):
    assert ruledocs.main([str(tmp_path / "rules")]) == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "rules").iterdir()}
    assert "wrote" in capsys.readouterr().out
    assert ruledocs.main([str(tmp_path / "rules")]) == 0
    assert capsys.readouterr().out == ""                            # second run: nothing to write
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "rules").iterdir()}
    assert first == {p.name: p.read_bytes() for p in DOCS.iterdir() if p.name in first}
