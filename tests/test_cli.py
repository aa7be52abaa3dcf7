"""The `copylint` command: every option of `check`, `rules`, `explain` and `--version`,
in-process through click's CliRunner and, for the key paths, as the real console script."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clihelpers import (
    ANSI_RE,
    CLEAN,
    KIEF,
    KIEF_FIXED,
    THREE,
    THREE_FIXED,
    assert_one_line,
    clean_env,
    codes_in,
    copylint_cmd,
    err,
    invoke,
    json_of,
    out,
    run,
    user_rule,
    write,
)

import lint
from lint.loader import load_rules

FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}) "
                          r"(?P<message>.+?)(?: \[(?:fix|unsafe fix|suggestion): (?P<fix>.+)\])?$")
KIEF_LINE = ("a.txt:1:14: MT101 'Kief' is a non-standard spelling; use 'Kyiv'",
             " [fix: Replace 'Kief' with 'Kyiv']")


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty working folder (the current directory for in-process runs)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COPYLINT_DEBUG", raising=False)
    return tmp_path


# -- --version, help, usage errors -------------------------------------------------------
def test_version(work):
    res = invoke(["--version"])
    assert res.exit_code == 0
    assert res.stdout.strip() == f"copylint {lint.__version__}"


def test_version_subprocess(work):
    proc = run(["--version"], work)
    assert proc.returncode == 0, err(proc)
    assert out(proc).strip() == f"copylint {lint.__version__}"


def test_python_dash_m_lint_works(work):
    write(work / "a.txt", KIEF)
    proc = subprocess.run([sys.executable, "-m", "lint", "check", "a.txt"], cwd=work,
                          capture_output=True, env=clean_env(), timeout=60)
    assert proc.returncode == 1, err(proc)
    assert "MT101" in out(proc)


def test_help_lists_commands(work):
    res = invoke(["--help"])
    assert res.exit_code == 0
    for command in ("check", "rules", "explain"):
        assert command in res.stdout


@pytest.mark.parametrize("args", [
    ["check", "--format", "xml", "a.txt"],
    ["check", "--severity", "loud", "a.txt"],
    ["check", "--no-such-option", "a.txt"],
    ["check", "--color", "sometimes", "a.txt"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(work, args):
    write(work / "a.txt", KIEF)
    proc = run(args, work)
    assert proc.returncode == 2
    assert "Traceback" not in err(proc)
    assert out(proc) == ""


# -- text output ----------------------------------------------------------------------------
def test_text_output_one_finding_per_line(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "a.txt"])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert len(lines) == 2, res.stdout
    assert lines[0].startswith(KIEF_LINE[0]) and lines[0].endswith(KIEF_LINE[1]), lines[0]
    m = FINDING_LINE.match(lines[0])
    assert m and m["path"] == "a.txt" and (m["line"], m["col"]) == ("1", "14")
    assert m["fix"] == "Replace 'Kief' with 'Kyiv'"
    assert lines[1] == "Found 1 finding in 1 file (1 fixable with --fix)."
    assert res.stderr == ""


def test_text_output_subprocess(work):
    write(work / "a.txt", THREE)
    proc = run(["check", "a.txt"], work)
    assert proc.returncode == 1, err(proc)
    lines = out(proc).splitlines()
    findings = [FINDING_LINE.match(ln) for ln in lines[:-1]]
    assert all(findings), lines
    assert [(m["line"], m["col"], m["code"]) for m in findings] == [
        ("1", "14", "MT101"), ("2", "1", "CP101"), ("3", "16", "MT301")]
    assert lines[-1] == "Found 3 findings in 1 file (3 fixable with --fix)."
    assert not ANSI_RE.search(out(proc))
    assert err(proc) == ""


def test_clean_file_exit_0(work):
    write(work / "a.txt", CLEAN)
    res = invoke(["check", "a.txt"])
    assert res.exit_code == 0
    assert res.stdout == "No findings in 1 file.\n"


def test_paths_default_to_current_folder(work):
    write(work / "a.txt", KIEF)
    write(work / "sub" / "b.md", KIEF)
    res = invoke(["check"])
    assert res.exit_code == 1
    assert [FINDING_LINE.match(ln)["path"] for ln in res.stdout.splitlines()[:-1]] == [
        os.path.join(".", "a.txt"), os.path.join(".", "sub", "b.md")]


def test_files_reported_in_command_line_order(work):
    write(work / "b.txt", KIEF)
    write(work / "a.txt", KIEF)
    res = invoke(["check", "b.txt", "a.txt"])
    assert [FINDING_LINE.match(ln)["path"] for ln in res.stdout.splitlines()[:-1]] == [
        "b.txt", "a.txt"]
    assert res.stdout.splitlines()[-1] == "Found 2 findings in 2 files (2 fixable with --fix)."


# -- JSON contract --------------------------------------------------------------------------
FINDING_KEYS = {"code", "rule", "severity", "message", "start", "end", "fix", "alternatives",
                "related"}
POINT_KEYS = {"line", "column", "offset"}


def _check_point(point: dict, text: str) -> None:
    """A point's line/column agree with its offset in `text` (1-based, code points)."""
    assert set(point) == POINT_KEYS
    assert all(type(point[k]) is int for k in POINT_KEYS)
    before = text[:point["offset"]]
    assert point["line"] == before.count("\n") + 1
    assert point["column"] == len(before) - (before.rfind("\n") + 1) + 1


def check_contract(doc: dict, texts: dict[str, str]) -> None:
    """Every field the JSON contract promises, with offsets that point into `texts`."""
    assert set(doc) == {"version", "files", "summary"}
    assert doc["version"] == 1
    for entry in doc["files"]:
        assert {"path", "findings"} <= set(entry) <= {"path", "findings", "error"}
        text = texts.get(entry["path"])
        for f in entry["findings"]:
            assert set(f) == FINDING_KEYS
            assert re.fullmatch(r"[A-Z]{2}\d{3}", f["code"])
            assert f["severity"] in ("info", "warning", "error")
            assert isinstance(f["message"], str) and f["message"]
            assert f["start"]["offset"] <= f["end"]["offset"]
            if text is not None:
                _check_point(f["start"], text)
                _check_point(f["end"], text)
            for fix in [f["fix"], *f["alternatives"]] if f["fix"] else f["alternatives"]:
                assert set(fix) == {"title", "applicability", "edits"}
                assert fix["applicability"] in ("safe", "unsafe", "display-only")
                for e in fix["edits"]:
                    assert set(e) == {"start", "end", "replacement"}
                    assert type(e["start"]) is int and type(e["end"]) is int
                    assert 0 <= e["start"] <= e["end"]
                    if text is not None:
                        assert e["end"] <= len(text)
            for r in f["related"]:
                assert {"path", "start", "end", "message"} <= set(r)
    s = doc["summary"]
    assert {"files", "errors", "findings", "by_severity", "by_code", "fixable", "fixed"} <= set(s)


def test_json_contract_exact_finding(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--format", "json", "a.txt"])
    assert res.exit_code == 1
    doc = json_of(res.stdout)
    check_contract(doc, {"a.txt": KIEF})
    assert [e["path"] for e in doc["files"]] == ["a.txt"]
    (f,) = doc["files"][0]["findings"]
    assert f["code"] == "MT101"
    assert f["rule"] == "translation.transliteration"
    assert f["severity"] == "warning"
    assert f["message"].startswith("'Kief' is a non-standard spelling; use 'Kyiv'")
    assert f["start"] == {"line": 1, "column": 14, "offset": 13}
    assert f["end"] == {"line": 1, "column": 18, "offset": 17}
    assert f["fix"] == {"title": "Replace 'Kief' with 'Kyiv'", "applicability": "safe",
                        "edits": [{"start": 13, "end": 17, "replacement": "Kyiv"}]}
    assert f["alternatives"] == [] and f["related"] == []
    assert KIEF[13:17] == "Kief"
    expected_summary = {
        "files": 1, "errors": [], "findings": 1,
        "by_severity": {"error": 0, "warning": 1, "info": 0},
        "by_code": {"MT101": 1}, "fixable": 1, "fixed": 0}
    assert {k: doc["summary"].get(k) for k in expected_summary} == expected_summary


def test_json_subprocess(work):
    write(work / "a.txt", THREE)
    proc = run(["check", "--format", "json", "a.txt"], work)
    assert proc.returncode == 1, err(proc)
    doc = json_of(out(proc))
    check_contract(doc, {"a.txt": THREE})
    findings = doc["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["MT101", "CP101", "MT301"]
    for f in findings:    # every fix, applied alone, fixes the text at the finding's place
        (e,) = f["fix"]["edits"]
        assert f["start"]["offset"] <= e["start"] <= e["end"] <= len(THREE)
    cp = findings[1]
    assert THREE[cp["start"]["offset"]:cp["end"]["offset"]] == "Copy link"
    assert cp["start"]["line"] == 2 and cp["start"]["column"] == 1
    # fixes applied right to left give the fixed text
    text = THREE
    for e in sorted((f["fix"]["edits"][0] for f in findings), key=lambda e: -e["start"]):
        text = text[:e["start"]] + e["replacement"] + text[e["end"]:]
    assert text == THREE_FIXED


def test_json_offsets_are_code_points(work):
    # astral characters (one code point, two UTF-16 units, four UTF-8 bytes) and combining marks
    text = "Cafe\u0301 \U0001F600 news.\nAn \U0001F600\U0001F600 report from Kief today.\n"
    write(work / "a.txt", text)
    doc = json_of(invoke(["check", "--format", "json", "a.txt"]).stdout)
    check_contract(doc, {"a.txt": text})
    (f,) = doc["files"][0]["findings"]
    start = text.index("Kief")
    line_start = text.index("\n") + 1
    assert f["start"] == {"line": 2, "column": start - line_start + 1, "offset": start}
    assert f["end"]["offset"] == start + 4
    assert f["fix"]["edits"] == [{"start": start, "end": start + 4, "replacement": "Kyiv"}]


def test_json_no_findings_and_several_files(work):
    write(work / "a.txt", CLEAN)
    write(work / "b.txt", KIEF)
    res = invoke(["check", "--format", "json", "a.txt", "b.txt"])
    assert res.exit_code == 1
    doc = json_of(res.stdout)
    check_contract(doc, {"a.txt": CLEAN, "b.txt": KIEF})
    assert [(e["path"], len(e["findings"])) for e in doc["files"]] == [("a.txt", 0), ("b.txt", 1)]
    assert doc["summary"]["files"] == 2


def test_json_with_fix_reports_what_is_left(work):
    write(work / "a.txt", THREE)
    res = invoke(["check", "--format", "json", "--fix", "a.txt"])
    assert res.exit_code == 0
    doc = json_of(res.stdout)
    assert doc["files"][0]["findings"] == []
    assert doc["summary"]["fixed"] == 3
    assert (work / "a.txt").read_text(encoding="utf-8") == THREE_FIXED


# -- exit codes and the severity threshold -------------------------------------------------
UNUSED_SUPPRESSION = "copylint: disable=MT101\nThe mayor spoke in Kyiv.\n"   # CL001, info


def test_exit_zero(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--exit-zero", "a.txt"])
    assert res.exit_code == 0
    assert codes_in(res.stdout) == ["MT101"]


def test_severity_threshold_hides_and_passes_lower_findings(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--severity", "error", "a.txt"])
    assert res.exit_code == 0
    assert codes_in(res.stdout) == []
    res = invoke(["check", "--severity", "warning", "a.txt"])
    assert res.exit_code == 1
    assert codes_in(res.stdout) == ["MT101"]


def test_severity_info_finding(work):
    write(work / "a.txt", UNUSED_SUPPRESSION)
    res = invoke(["check", "--format", "json", "a.txt"])
    assert res.exit_code == 1
    (f,) = json_of(res.stdout)["files"][0]["findings"]
    assert (f["code"], f["severity"]) == ("CL001", "info")
    res = invoke(["check", "--severity", "warning", "a.txt"])
    assert res.exit_code == 0
    assert codes_in(res.stdout) == []


def test_severity_threshold_subprocess(work):
    write(work / "a.txt", KIEF)
    assert run(["check", "--severity", "error", "a.txt"], work).returncode == 0
    assert run(["check", "--severity", "warning", "a.txt"], work).returncode == 1
    assert run(["check", "--exit-zero", "a.txt"], work).returncode == 0


# -- selection -----------------------------------------------------------------------------
@pytest.mark.parametrize("args, expected", [
    ([], {"MT101", "MT301", "CP101"}),
    (["--select", "MT101"], {"MT101"}),
    (["--select", "MT"], {"MT101", "MT301"}),
    (["--select", "MT1"], {"MT101"}),
    (["--select", "translation"], {"MT101", "MT301"}),
    (["--select", "debris"], {"CP101"}),
    (["--select", "translation.doubled-word"], {"MT301"}),
    (["--select", "ALL"], {"MT101", "MT301", "CP101"}),
    (["--select", "MT101,CP101"], {"MT101", "CP101"}),
    (["--select", "MT101", "--select", "CP101"], {"MT101", "CP101"}),
    (["--select", "CP101", "--extend-select", "MT301"], {"CP101", "MT301"}),
    (["--extend-select", "MT101"], {"MT101", "MT301", "CP101"}),
    (["--ignore", "MT"], {"CP101"}),
    (["--ignore", "MT101,CP"], {"MT301"}),
    (["--ignore", "MT101", "--ignore", "copy.share-buttons"], {"MT301"}),
    (["--ignore", "translation"], {"CP101"}),
    (["--select", "ALL", "--ignore", "MT3"], {"MT101", "CP101"}),
    (["--select", "MT", "--ignore", "MT301", "--extend-select", "CP101"], {"MT101", "CP101"}),
])
def test_selection(work, args, expected):
    write(work / "a.txt", THREE)
    res = invoke(["check", *args, "a.txt"])
    assert set(codes_in(res.stdout)) == expected
    assert res.exit_code == 1


def test_selection_subprocess(work):
    write(work / "a.txt", THREE)
    proc = run(["check", "--select", "MT", "--ignore", "MT301", "a.txt"], work)
    assert proc.returncode == 1
    assert codes_in(out(proc)) == ["MT101"]


def test_lowercase_code_selects(work):
    write(work / "a.txt", THREE)
    res = invoke(["check", "--select", "mt101", "a.txt"])
    # a lower-case token that is neither a group nor a name must not silently select nothing
    assert res.exit_code in (1, 2)
    if res.exit_code == 1:
        assert codes_in(res.stdout) == ["MT101"]
    else:
        assert_one_line(res.stderr, "mt101")


# -- --fix, --unsafe-fixes, --diff ----------------------------------------------------------
def test_fix_in_place_then_idempotent(work):
    path = write(work / "a.txt", THREE)
    res = invoke(["check", "--fix", "a.txt"])
    assert res.exit_code == 0
    assert path.read_text(encoding="utf-8") == THREE_FIXED
    assert res.stdout.splitlines()[-1] == "Fixed 3 findings. No findings in 1 file."
    stat = path.stat()
    res = invoke(["check", "--fix", "a.txt"])
    assert res.exit_code == 0
    assert res.stdout == "No findings in 1 file.\n"
    assert path.read_text(encoding="utf-8") == THREE_FIXED
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), "rewrote a clean file"
    assert sorted(p.name for p in work.iterdir()) == ["a.txt"], "left a temporary file behind"


def test_fix_subprocess(work):
    path = write(work / "a.txt", THREE)
    proc = run(["check", "--fix", "a.txt"], work)
    assert proc.returncode == 0, err(proc)
    assert path.read_bytes() == THREE_FIXED.encode()
    proc = run(["check", "--fix", "a.txt"], work)
    assert proc.returncode == 0
    assert path.read_bytes() == THREE_FIXED.encode()
    assert "Fixed" not in out(proc)


def test_fix_keeps_permissions(work):
    path = write(work / "a.txt", KIEF)
    path.chmod(0o640)
    assert invoke(["check", "--fix", "a.txt"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == KIEF_FIXED
    assert path.stat().st_mode & 0o777 == 0o640


def test_fix_leaves_unfixable_findings_and_exits_1(work):
    text = "copylint: disable=XX999\nShelling hit Kief overnight.\n"   # CL002 has no safe fix
    path = write(work / "a.txt", text)
    res = invoke(["check", "--fix", "a.txt"])
    assert res.exit_code == 1
    assert codes_in(res.stdout) == ["CL002"]
    assert path.read_text(encoding="utf-8") == "copylint: disable=XX999\nShelling hit Kyiv overnight.\n"
    assert res.stdout.splitlines()[-1].startswith("Fixed 1 finding. Found 1 finding in 1 file")


def test_fix_several_files_and_folders(work):
    a = write(work / "a.txt", KIEF)
    b = write(work / "docs" / "b.md", THREE)
    c = write(work / "docs" / "c.txt", CLEAN)
    res = invoke(["check", "--fix", "a.txt", "docs"])
    assert res.exit_code == 0
    assert a.read_text(encoding="utf-8") == KIEF_FIXED
    assert b.read_text(encoding="utf-8") == THREE_FIXED
    assert c.read_text(encoding="utf-8") == CLEAN
    assert "Fixed 4 findings." in res.stdout


@pytest.fixture
def unsafe_project(work):
    """A project with a user rule whose fix is unsafe (and a file it fires on)."""
    user_rule(work / "house", "XX201", "house.very-unique", [r"\bvery(?= unique\b)"], fix="unsafe")
    write(work / "copylint.toml", 'rule-paths = ["house"]\n')
    return write(work / "a.txt", "A very unique dish from Kief.\n")


def test_unsafe_fix_needs_unsafe_fixes(unsafe_project):
    res = invoke(["check", "a.txt"])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == "a.txt:1:3: XX201 'very' is not wanted here. [unsafe fix: Delete 'very']"
    assert lines[-1] == ("Found 2 findings in 1 file (1 fixable with --fix, "
                         "1 more with --unsafe-fixes).")
    res = invoke(["check", "--fix", "a.txt"])
    assert res.exit_code == 1
    assert unsafe_project.read_text(encoding="utf-8") == "A very unique dish from Kyiv.\n"
    assert codes_in(res.stdout) == ["XX201"]
    assert "1 more with --unsafe-fixes" in res.stdout
    res = invoke(["check", "--fix", "--unsafe-fixes", "a.txt"])
    assert res.exit_code == 0
    assert unsafe_project.read_text(encoding="utf-8") == "A unique dish from Kyiv.\n"


def test_unsafe_fixes_with_diff(unsafe_project):
    safe = invoke(["check", "--diff", "a.txt"]).stdout
    unsafe = invoke(["check", "--diff", "--unsafe-fixes", "a.txt"]).stdout
    assert "+A very unique dish from Kyiv." in safe
    assert "+A unique dish from Kyiv." in unsafe
    assert unsafe_project.read_text(encoding="utf-8") == "A very unique dish from Kief.\n"


def test_unsafe_fixes_alone_changes_nothing(unsafe_project):
    res = invoke(["check", "--unsafe-fixes", "a.txt"])
    assert res.exit_code == 1
    assert unsafe_project.read_text(encoding="utf-8") == "A very unique dish from Kief.\n"


def test_diff_prints_unified_diff_and_changes_nothing(work):
    path = write(work / "a.txt", THREE)
    before = path.stat()
    res = invoke(["check", "--diff", "a.txt"])
    assert res.exit_code == 1
    assert res.stdout == (
        "--- a/a.txt\n"
        "+++ b/a.txt\n"
        "@@ -1,3 +1,2 @@\n"
        "-Shelling hit Kief overnight.\n"
        "-Copy link\n"
        "-Officials said the the strike hit a school.\n"
        "+Shelling hit Kyiv overnight.\n"
        "+Officials said the strike hit a school.\n")
    assert res.stderr == "Would fix 3 findings.\n"
    assert path.read_bytes() == THREE.encode()
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in work.iterdir()) == ["a.txt"]


def test_diff_applies_with_patch(work, tmp_path_factory):
    """The diff is a real unified diff: `patch` turns the old file into the fixed one."""
    import shutil
    if not shutil.which("patch"):
        pytest.skip("patch(1) not installed")
    write(work / "a.txt", THREE)
    proc = run(["check", "--diff", "a.txt"], work)
    assert proc.returncode == 1
    copy = tmp_path_factory.mktemp("patched")
    write(copy / "a.txt", THREE)
    subprocess.run(["patch", "-p1", "-s"], cwd=copy, input=proc.stdout, check=True)
    assert (copy / "a.txt").read_text(encoding="utf-8") == THREE_FIXED
    assert (work / "a.txt").read_text(encoding="utf-8") == THREE


def test_diff_with_fix_still_changes_nothing(work):
    path = write(work / "a.txt", KIEF)
    res = invoke(["check", "--diff", "--fix", "a.txt"])
    assert "+Shelling hit Kyiv overnight." in res.stdout
    assert path.read_text(encoding="utf-8") == KIEF


def test_diff_clean_file(work):
    write(work / "a.txt", CLEAN)
    res = invoke(["check", "--diff", "a.txt"])
    assert res.exit_code == 0
    assert res.stdout == ""


def test_diff_without_final_newline(work):
    path = write(work / "a.txt", "Shelling hit Kief overnight.")
    res = invoke(["check", "--diff", "a.txt"])
    assert res.stdout.splitlines()[-4:] == [
        "-Shelling hit Kief overnight.", "\\ No newline at end of file",
        "+Shelling hit Kyiv overnight.", "\\ No newline at end of file"]
    assert path.read_text(encoding="utf-8") == "Shelling hit Kief overnight."


def test_diff_exit_zero_and_quiet(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--diff", "--exit-zero", "--quiet", "a.txt"])
    assert res.exit_code == 0
    assert res.stderr == ""
    assert "+Shelling hit Kyiv overnight." in res.stdout


# -- --statistics, --quiet -------------------------------------------------------------------
def test_statistics(work):
    write(work / "a.txt", THREE)
    write(work / "b.txt", KIEF + "Air raid over Kharkov.\n")
    res = invoke(["check", "--statistics", "a.txt", "b.txt"])
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "3\tMT101\t[*] translation.transliteration",
        "1\tCP101\t[*] copy.share-buttons",
        "1\tMT301\t[*] translation.doubled-word",
        "Found 5 findings in 2 files (5 fixable with --fix).",
    ]


def test_statistics_quiet_json_unaffected(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--statistics", "--quiet", "a.txt"])
    assert res.stdout == "1\tMT101\t[*] translation.transliteration\n"
    doc = json_of(invoke(["check", "--statistics", "--format", "json", "a.txt"]).stdout)
    assert doc["summary"]["by_code"] == {"MT101": 1}


def test_quiet(work):
    write(work / "a.txt", KIEF)
    write(work / "empty.txt", "")
    res = invoke(["check", "--quiet", "a.txt", "empty.txt"])
    assert res.exit_code == 1
    assert len(res.stdout.splitlines()) == 1 and codes_in(res.stdout) == ["MT101"]
    assert res.stderr == ""
    write(work / "b.txt", CLEAN)
    res = invoke(["check", "-q", "b.txt"])
    assert (res.exit_code, res.stdout, res.stderr) == (0, "", "")


# -- stdin ----------------------------------------------------------------------------------
def test_stdin_with_filename(work):
    res = invoke(["check", "-", "--stdin-filename", "story.txt"], input=KIEF)
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0].startswith("story.txt:1:14: MT101 ")


def test_stdin_without_filename(work):
    res = invoke(["check", "-"], input=KIEF)
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0].startswith("-:1:14: MT101 ")


def test_stdin_json(work):
    res = invoke(["check", "--format", "json", "--stdin-filename", "x/story.md", "-"], input=THREE)
    doc = json_of(res.stdout)
    check_contract(doc, {"x/story.md": THREE})
    assert doc["files"][0]["path"] == "x/story.md"
    assert len(doc["files"][0]["findings"]) == 3


def test_stdin_fix_prints_fixed_text(work):
    res = invoke(["check", "--fix", "-", "--stdin-filename", "story.txt"], input=THREE)
    assert res.exit_code == 0
    assert res.stdout == THREE_FIXED
    assert "Fixed 3 findings." in res.stderr
    assert not (work / "story.txt").exists()
    assert list(work.iterdir()) == []


def test_stdin_fix_subprocess(work):
    proc = run(["check", "--fix", "--stdin-filename", "story.txt", "-"], work, input=THREE)
    assert proc.returncode == 0, err(proc)
    assert out(proc) == THREE_FIXED
    assert "Fixed 3 findings." in err(proc)
    # with findings left over, the fixed text still goes to stdout, the report to stderr
    text = "copylint: disable=XX999\nShelling hit Kief overnight.\n"
    proc = run(["check", "--fix", "-"], work, input=text)
    assert proc.returncode == 1
    assert out(proc) == "copylint: disable=XX999\nShelling hit Kyiv overnight.\n"
    assert "CL002" in err(proc)


def test_stdin_fix_clean_text_echoed_unchanged(work):
    res = invoke(["check", "--fix", "-"], input=CLEAN)
    assert res.exit_code == 0
    assert res.stdout == CLEAN


def test_stdin_diff(work):
    res = invoke(["check", "--diff", "--stdin-filename", "story.txt", "-"], input=KIEF)
    assert res.exit_code == 1
    assert "-Shelling hit Kief overnight.\n+Shelling hit Kyiv overnight.\n" in res.stdout


def test_stdin_filename_finds_configuration(work):
    write(work / "desk" / "copylint.toml", 'ignore = ["MT101"]\n')
    res = invoke(["check", "--stdin-filename", "desk/story.txt", "-"], input=KIEF)
    assert res.exit_code == 0, res.stdout
    res = invoke(["check", "--stdin-filename", "elsewhere/story.txt", "-"], input=KIEF)
    assert res.exit_code == 1


def test_stdin_and_files_together(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "a.txt", "-", "--stdin-filename", "in.txt"], input=THREE)
    assert res.exit_code == 1
    paths = [FINDING_LINE.match(ln)["path"] for ln in res.stdout.splitlines()[:-1]]
    assert paths == ["a.txt", "in.txt", "in.txt", "in.txt"]


# -- folders ---------------------------------------------------------------------------------
@pytest.fixture
def tree(work):
    """A folder of copy with things discovery must include and skip."""
    root = work / "copy"
    for rel in ["a.txt", "sub/deep/b.md", "sub/c.html", "drafts/d.txt", "notes.rst",
                ".hidden/e.txt", "node_modules/f.txt", ".git/g.txt", "sub/.cache/h.md",
                "build/i.txt", "j.story"]:
        write(root / rel, KIEF)
    return root


def _paths(res_stdout: str, root: str = "copy") -> list[str]:
    return [os.path.relpath(FINDING_LINE.match(ln)["path"], root).replace(os.sep, "/")
            for ln in res_stdout.splitlines() if FINDING_LINE.match(ln)]


def test_folder_recursion_default(tree):
    res = invoke(["check", "copy"])
    assert res.exit_code == 1
    assert _paths(res.stdout) == ["a.txt", "drafts/d.txt", "sub/c.html", "sub/deep/b.md"]


def test_folder_recursion_subprocess(tree):
    proc = run(["check", "copy"], tree.parent)
    assert proc.returncode == 1
    assert _paths(out(proc)) == ["a.txt", "drafts/d.txt", "sub/c.html", "sub/deep/b.md"]


@pytest.mark.parametrize("args, expected", [
    (["--exclude", "drafts"], ["a.txt", "sub/c.html", "sub/deep/b.md"]),
    (["--exclude", "*.md", "--exclude", "drafts"], ["a.txt", "sub/c.html"]),
    (["--exclude", "sub/*"], ["a.txt", "drafts/d.txt"]),
    (["--exclude", "sub"], ["a.txt", "drafts/d.txt"]),
    (["--include", "*.rst"], ["notes.rst"]),
    (["--include", "*.story", "--include", "*.md"], ["j.story", "sub/deep/b.md"]),
    (["--include", "*.txt", "--exclude", "drafts"], ["a.txt"]),
])
def test_folder_include_exclude(tree, args, expected):
    res = invoke(["check", *args, "copy"])
    assert _paths(res.stdout) == expected


def test_folder_include_exclude_from_config(tree):
    write(tree.parent / "copylint.toml", 'include = ["*.txt", "*.rst"]\nexclude = ["drafts"]\n')
    res = invoke(["check", "copy"])
    assert _paths(res.stdout) == ["a.txt", "notes.rst"]
    res = invoke(["check", "--isolated", "copy"])
    assert _paths(res.stdout) == ["a.txt", "drafts/d.txt", "sub/c.html", "sub/deep/b.md"]


def test_explicit_file_is_checked_whatever_its_name(tree):
    res = invoke(["check", "copy/notes.rst", "copy/.hidden/e.txt"])
    assert res.exit_code == 1
    assert _paths(res.stdout) == ["notes.rst", ".hidden/e.txt"]


# -- configuration ---------------------------------------------------------------------------
def test_config_discovered_per_file(work):
    write(work / "a.txt", THREE)
    write(work / "desk" / "b.txt", THREE)
    write(work / "desk" / "copylint.toml", 'select = ["MT101"]\n')
    res = invoke(["check", "a.txt", "desk/b.txt"])
    assert [(FINDING_LINE.match(ln)["path"], FINDING_LINE.match(ln)["code"])
            for ln in res.stdout.splitlines()[:-1]] == [
        ("a.txt", "MT101"), ("a.txt", "CP101"), ("a.txt", "MT301"),
        (os.path.join("desk", "b.txt"), "MT101")]


def test_pyproject_section(work):
    write(work / "pyproject.toml", '[project]\nname = "x"\n\n[tool.copylint]\nignore = ["CP"]\n'
                                  '[tool.copylint.severity]\nMT101 = "error"\n')
    write(work / "a.txt", THREE)
    doc = json_of(invoke(["check", "--format", "json", "a.txt"]).stdout)
    assert [(f["code"], f["severity"]) for f in doc["files"][0]["findings"]] == [
        ("MT101", "error"), ("MT301", "warning")]
    res = invoke(["check", "--severity", "error", "a.txt"])
    assert res.exit_code == 1 and codes_in(res.stdout) == ["MT101"]


def test_explicit_config_and_isolated(work):
    write(work / "a.txt", THREE)
    write(work / "copylint.toml", 'select = ["CP101"]\n')
    write(work / "elsewhere" / "strict.toml", 'select = ["MT301"]\n')
    assert codes_in(invoke(["check", "a.txt"]).stdout) == ["CP101"]
    assert codes_in(invoke(["check", "--config", "elsewhere/strict.toml", "a.txt"]).stdout) == ["MT301"]
    assert codes_in(invoke(["check", "--isolated", "a.txt"]).stdout) == ["MT101", "CP101", "MT301"]
    # the command line wins over the file
    assert codes_in(invoke(["check", "--select", "MT101", "a.txt"]).stdout) == ["MT101"]


def test_config_subprocess(work):
    write(work / "a.txt", THREE)
    write(work / "copylint.toml", 'ignore = ["MT"]\n')
    proc = run(["check", "a.txt"], work)
    assert codes_in(out(proc)) == ["CP101"]
    proc = run(["check", "--isolated", "a.txt"], work)
    assert codes_in(out(proc)) == ["MT101", "CP101", "MT301"]


def test_house_spellings(work):
    write(work / "copylint.toml", '[house-spellings]\nZelenskyy = ["Zelensky", "Zelenskiy"]\n')
    write(work / "a.txt", "President Zelensky spoke; Zelenskiy later added more.\n")
    res = invoke(["check", "--fix", "a.txt"])
    assert res.exit_code == 0
    assert (work / "a.txt").read_text(encoding="utf-8") == (
        "President Zelenskyy spoke; Zelenskyy later added more.\n")


# -- colour ---------------------------------------------------------------------------------
def test_no_colour_by_default_when_not_a_terminal(work):
    write(work / "a.txt", KIEF)
    assert not ANSI_RE.search(invoke(["check", "a.txt"]).output)
    assert not ANSI_RE.search(invoke(["check", "--color", "never", "a.txt"]).output)
    assert not ANSI_RE.search(out(run(["check", "a.txt"], work)))


def test_colour_always(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--color", "always", "a.txt"])
    assert ANSI_RE.search(res.stdout)
    plain = invoke(["check", "a.txt"]).stdout
    assert ANSI_RE.sub("", res.stdout) == plain
    proc = run(["check", "--color", "always", "a.txt"], work)
    assert ANSI_RE.search(out(proc))
    assert ANSI_RE.sub("", out(proc)) == plain


def test_colour_never_in_json(work):
    write(work / "a.txt", KIEF)
    res = invoke(["check", "--color", "always", "--format", "json", "a.txt"])
    assert not ANSI_RE.search(res.stdout)
    json_of(res.stdout)


def _on_terminal(args: list[str], cwd: Path, env: dict) -> str:
    """Run copylint with stdout on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([*copylint_cmd(), *args], cwd=cwd, stdout=slave,
                                stderr=subprocess.PIPE, env=env)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:      # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal(work):
    write(work / "a.txt", KIEF)
    assert ANSI_RE.search(_on_terminal(["check", "a.txt"], work, clean_env()))
    assert not ANSI_RE.search(_on_terminal(["check", "--color", "never", "a.txt"], work, clean_env()))
    assert not ANSI_RE.search(_on_terminal(["check", "a.txt"], work, clean_env(NO_COLOR="1")))


# -- rules / explain ------------------------------------------------------------------------
def test_rules_lists_every_rule(work):
    registry = load_rules()
    res = invoke(["rules"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert len(lines) == len(registry)
    assert [ln.split()[0] for ln in lines] == list(registry)
    for ln, rule in zip(lines, registry.values()):
        assert rule.name in ln and rule.summary in ln and rule.severity.label in ln


def test_rules_subprocess(work):
    proc = run(["rules"], work)
    assert proc.returncode == 0, err(proc)
    assert [ln.split()[0] for ln in out(proc).splitlines()] == list(load_rules())


def test_rules_json_and_select(work):
    registry = load_rules()
    res = invoke(["rules", "--format", "json"])
    assert res.exit_code == 0
    records = json_of(res.stdout)
    assert [r["code"] for r in records] == list(registry)
    for r in records:
        assert set(r["docs"]) == {"what", "why", "example", "fix"}
        assert r["severity"] in ("info", "warning", "error")
    res = invoke(["rules", "--select", "MT"])
    assert [ln.split()[0] for ln in res.stdout.splitlines()] == [c for c in registry if c.startswith("MT")]
    res = invoke(["rules", "--select", "XX9"])
    assert res.exit_code == 2
    assert_one_line(res.stderr, "XX9")


def test_rules_include_user_rules_from_config(work):
    user_rule(work / "house", "XX201", "house.very-unique", [r"\bvery unique\b"])
    write(work / "copylint.toml", 'rule-paths = ["house"]\n')
    res = invoke(["rules", "--config", "copylint.toml"])
    assert "XX201" in [ln.split()[0] for ln in res.stdout.splitlines()]
    assert "XX201" in invoke(["explain", "XX201", "--config", "copylint.toml"]).stdout


def test_explain_mt101(work):
    res = invoke(["explain", "MT101"])
    assert res.exit_code == 0
    text = res.stdout
    assert text.startswith("# MT101 translation.transliteration\n")
    for heading in ("## What it catches", "## Why", "## Example", "## How to fix", "## Examples"):
        assert f"\n{heading}\n" in text
    rule = load_rules()["MT101"]
    for key in ("what", "why", "example", "fix"):
        assert rule.docs[key] in text
    assert "flagged:  The mayor of Kief said the metro stayed open." in text
    assert "fixed:    The mayor of Kyiv said the metro stayed open." in text
    assert "Severity: warning" in text and "Fix: safe" in text


def test_explain_by_name_and_lower_case(work):
    by_code = invoke(["explain", "MT101"]).stdout
    assert invoke(["explain", "translation.transliteration"]).stdout == by_code
    assert invoke(["explain", "mt101"]).stdout == by_code


def test_explain_every_rule(work):
    for code in load_rules():
        res = invoke(["explain", code])
        assert res.exit_code == 0, code
        for heading in ("## What it catches", "## Why", "## Example", "## How to fix"):
            assert heading in res.stdout, (code, heading)


def test_explain_subprocess(work):
    proc = run(["explain", "MT101"], work)
    assert proc.returncode == 0
    assert out(proc).startswith("# MT101 translation.transliteration")


@pytest.mark.parametrize("code", ["XX999", "MT1", "nonsense"])
def test_explain_unknown_code(work, code):
    res = invoke(["explain", code])
    assert res.exit_code == 2
    assert res.stdout == ""
    assert_one_line(res.stderr, code, "unknown rule")
    proc = run(["explain", code], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), code, "unknown rule")
