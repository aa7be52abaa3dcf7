"""Bad input never produces a traceback: each problem is one line on stderr naming the path and
the issue, the documented exit code (2 for input and usage errors), and the other files of the
same run are still checked. Run as the real console script unless noted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from clihelpers import (
    CLEAN,
    KIEF,
    KIEF_FIXED,
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

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A working folder holding one good file, `good.txt`, with one MT101 finding."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "good.txt", KIEF)
    return tmp_path


def assert_good_checked(stdout: str) -> None:
    """The good file of the run was still checked and its finding reported."""
    assert any(ln.startswith("good.txt:1:14: MT101 ") for ln in stdout.splitlines()), stdout


# -- paths ----------------------------------------------------------------------------------
def test_missing_path(work):
    proc = run(["check", "missing.txt", "good.txt"], work)
    assert proc.returncode == 2
    line = assert_one_line(err(proc), "missing.txt")
    assert "no such file" in line
    assert_good_checked(out(proc))


def test_missing_path_json(work):
    proc = run(["check", "--format", "json", "good.txt", "missing.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "missing.txt", "no such file")
    doc = json_of(out(proc))
    by_path = {e["path"]: e for e in doc["files"]}
    assert len(by_path["good.txt"]["findings"]) == 1
    assert "no such file" in by_path["missing.txt"]["error"]
    assert by_path["missing.txt"]["findings"] == []
    assert doc["summary"]["files"] == 1 and len(doc["summary"]["errors"]) == 1


def test_missing_path_does_not_stop_fix(work):
    proc = run(["check", "--fix", "missing.txt", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "missing.txt")
    assert (work / "good.txt").read_text(encoding="utf-8") == KIEF_FIXED


def test_folder_without_text_files(work):
    write(work / "pics" / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(work / "pics" / "data.csv", "a,b\n")
    proc = run(["check", "pics", "good.txt"], work)
    assert proc.returncode == 2
    line = assert_one_line(err(proc), "pics")
    assert "no text files" in line
    assert_good_checked(out(proc))


def test_empty_folder(work):
    (work / "nothing").mkdir()
    proc = run(["check", "nothing", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "nothing", "no text files")
    assert_good_checked(out(proc))


# -- encodings and content ------------------------------------------------------------------
def test_binary_file(work):
    write(work / "blob.txt", b"GIF89a\x01\x00\x01\x00\x00\xff\x00,Kief")
    proc = run(["check", "blob.txt", "good.txt"], work)
    assert proc.returncode == 2
    assert "binary" in assert_one_line(err(proc), "blob.txt")
    assert_good_checked(out(proc))


def test_binary_file_inside_folder(work):
    write(work / "copy" / "blob.txt", b"\x00\x01\x02\x03" * 100)
    write(work / "copy" / "story.txt", KIEF)
    proc = run(["check", "copy"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "blob.txt", "binary")
    assert codes_in(out(proc)) == ["MT101"]


def test_binary_stdin(work):
    proc = run(["check", "-", "--stdin-filename", "in.txt"], work, input=b"\x00\x01binary")
    assert proc.returncode == 2
    assert_one_line(err(proc), "in.txt", "binary")


def test_invalid_utf8_names_the_byte_offset(work):
    data = "Kief in ‘quotes’ ".encode() + b"\xff\xfe then more text.\n"
    write(work / "latin.txt", data)
    proc = run(["check", "latin.txt", "good.txt"], work)
    assert proc.returncode == 2
    line = assert_one_line(err(proc), "latin.txt")
    assert "UTF-8" in line
    bad_at = data.index(b"\xff")
    assert f"byte offset {bad_at}" in line, line
    assert "0xff" in line
    assert_good_checked(out(proc))


def test_invalid_utf8_offset_counts_the_bom(work):
    data = BOM + b"Kief \xc3("      # a truncated two-byte sequence at file offset 8
    write(work / "bad.txt", data)
    proc = run(["check", "bad.txt", "good.txt"], work)
    assert proc.returncode == 2
    assert "byte offset 8" in assert_one_line(err(proc), "bad.txt")
    assert_good_checked(out(proc))


def test_invalid_utf8_on_stdin(work):
    proc = run(["check", "-"], work, input=b"Kief \xe9t\xe9\n")
    assert proc.returncode == 2
    assert "byte offset 5" in assert_one_line(err(proc), "invalid UTF-8")


def test_latin1_file_is_not_rewritten_by_fix(work):
    data = b"Caf\xe9 in Kief.\n"
    path = write(work / "latin.txt", data)
    proc = run(["check", "--fix", "latin.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "latin.txt", "UTF-8")
    assert path.read_bytes() == data


BOM_TEXT = "Shelling hit Kief overnight.\nAir raid over Kharkov, officials said.\n"


def test_bom_positions(work):
    write(work / "bom.txt", BOM + BOM_TEXT.encode())
    proc = run(["check", "--format", "json", "bom.txt", "good.txt"], work)
    assert proc.returncode == 1, err(proc)
    doc = json_of(out(proc))
    findings = doc["files"][0]["findings"]
    kharkov = BOM_TEXT.index("Kharkov")
    assert [(f["code"], f["start"], f["end"]) for f in findings] == [
        ("MT101", {"line": 1, "column": 14, "offset": 13}, {"line": 1, "column": 18, "offset": 17}),
        ("MT101", {"line": 2, "column": 15, "offset": kharkov},
         {"line": 2, "column": 22, "offset": kharkov + 7}),
    ]
    assert [f["fix"]["edits"] for f in findings] == [
        [{"start": 13, "end": 17, "replacement": "Kyiv"}],
        [{"start": kharkov, "end": kharkov + 7, "replacement": "Kharkiv"}]]
    assert len(doc["files"][1]["findings"]) == 1
    text = out(run(["check", "bom.txt"], work))
    assert text.splitlines()[:2] == [ln for ln in text.splitlines() if ln.startswith("bom.txt:")]
    assert [ln.split(": ")[0] for ln in text.splitlines()[:2]] == ["bom.txt:1:14", "bom.txt:2:15"]


def test_bom_fix_keeps_bom(work):
    path = write(work / "bom.txt", BOM + BOM_TEXT.encode())
    proc = run(["check", "--fix", "bom.txt"], work)
    assert proc.returncode == 0, err(proc)
    assert path.read_bytes() == BOM + (
        b"Shelling hit Kyiv overnight.\nAir raid over Kharkiv, officials said.\n")
    # and a second run finds nothing and changes nothing
    proc = run(["check", "--fix", "bom.txt"], work)
    assert proc.returncode == 0
    assert path.read_bytes().startswith(BOM) and not path.read_bytes()[3:].startswith(BOM)


def test_bom_diff_does_not_show_the_bom(work):
    path = write(work / "bom.txt", BOM + KIEF.encode())
    proc = run(["check", "--diff", "bom.txt"], work)
    assert proc.returncode == 1
    assert "\ufeff" not in out(proc)
    assert "-Shelling hit Kief overnight.\n+Shelling hit Kyiv overnight.\n" in out(proc)
    assert path.read_bytes() == BOM + KIEF.encode()


def test_bom_on_stdin(work):
    proc = run(["check", "--format", "json", "-"], work, input=BOM + KIEF.encode())
    (f,) = json_of(out(proc))["files"][0]["findings"]
    assert f["start"] == {"line": 1, "column": 14, "offset": 13}


CRLF_TEXT = ("Line one.\r\n"
             "Copy link\r\n"
             "Shelling hit Kief overnight.\r\n"
             "copylint: disable=MT101\r\n"
             "The mayor spoke in Kyiv.\r\n"
             "Officials said the\r\n"
             "the strike hit a school.\r\n")


def test_crlf_positions(work):
    write(work / "crlf.txt", CRLF_TEXT.encode())
    proc = run(["check", "--format", "json", "crlf.txt", "good.txt"], work)
    assert proc.returncode == 1, err(proc)
    doc = json_of(out(proc))
    got = {f["code"]: f for f in doc["files"][0]["findings"]}
    assert set(got) == {"CP101", "MT101", "CL001", "MT301"}
    assert got["CP101"]["start"] == {"line": 2, "column": 1, "offset": 11}
    assert got["CP101"]["end"] == {"line": 2, "column": 10, "offset": 20}   # not past the \r
    kief = CRLF_TEXT.index("Kief")
    assert got["MT101"]["start"] == {"line": 3, "column": 14, "offset": kief}
    assert got["MT101"]["end"] == {"line": 3, "column": 18, "offset": kief + 4}
    assert got["CL001"]["start"]["line"] == 4 and got["CL001"]["start"]["column"] == 1
    assert got["MT301"]["start"]["line"] == 6
    assert got["MT301"]["start"]["column"] == len("Officials said ") + 1
    for f in got.values():
        s, e = f["start"]["offset"], f["end"]["offset"]
        assert not CRLF_TEXT[s:e].endswith("\r"), f      # a span never ends inside a CRLF
    assert_good_checked(out(run(["check", "crlf.txt", "good.txt"], work)))


def test_crlf_fix_keeps_crlf(work):
    path = write(work / "crlf.txt", CRLF_TEXT.encode())
    proc = run(["check", "--fix", "crlf.txt"], work)
    assert proc.returncode == 0, err(proc) + out(proc)
    data = path.read_bytes()
    assert data == (b"Line one.\r\n"
                    b"Shelling hit Kyiv overnight.\r\n"
                    b"The mayor spoke in Kyiv.\r\n"
                    b"Officials said the strike hit a school.\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")


def test_crlf_with_bom_on_stdin_fix(work):
    proc = run(["check", "--fix", "-"], work, input=BOM + b"Kief said.\r\nCopy link\r\nEnd.\r\n")
    assert proc.returncode == 0
    assert proc.stdout.endswith(b"Kyiv said.\r\nEnd.\r\n")
    assert b"\r\n" in proc.stdout and proc.stdout.count(b"\n") == proc.stdout.count(b"\r\n")


@pytest.mark.parametrize("content", ["", "\n\n", "   \r\n\t\n"])
def test_empty_file(work, content):
    write(work / "empty.txt", content)
    write(work / "clean.txt", CLEAN)
    proc = run(["check", "empty.txt", "clean.txt"], work)
    assert proc.returncode == 0
    line = assert_one_line(err(proc), "empty.txt")
    assert "empty" in line and "error" not in line
    assert out(proc) == "No findings in 2 files.\n"
    assert_good_checked(out(run(["check", "empty.txt", "good.txt"], work)))
    proc = run(["check", "-q", "empty.txt"], work)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


def test_empty_stdin(work):
    proc = run(["check", "-"], work, input=b"")
    assert proc.returncode == 0
    assert_one_line(err(proc), "empty")


# -- a 50 MB file -----------------------------------------------------------------------------
MEASURE = textwrap.dedent("""
    import json, resource, subprocess, sys, time
    t = time.perf_counter()
    proc = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True)
    elapsed = time.perf_counter() - t
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rc": proc.returncode, "seconds": elapsed, "rss_kb": rss_kb,
                      "stdout": proc.stdout.decode("utf-8", "replace"),
                      "stderr": proc.stderr.decode("utf-8", "replace")}))
""")


@pytest.mark.slow
def test_50mb_file(work):
    para = ("The regional governor said on Tuesday that the water supply had been restored to "
            "most districts, and that repair crews would work through the night.\n\n")
    n = 50_000_000 // len(para) + 1
    path = work / "huge.txt"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("Shelling hit Kief overnight.\n\n")
        for _ in range(n // 10_000):
            fh.write(para * 10_000)
        fh.write(para * (n % 10_000))
        fh.write("Air raid over Kharkov at dawn.\n")
    size = path.stat().st_size
    assert size >= 50_000_000
    last_line = 2 + 2 * n + 1
    # measured from a wrapper process, so the number is copylint's alone
    wrapper = subprocess.run(
        # one paragraph said 300,000 times is 300,000 true DP101 findings (and a JSON report
        # of hundreds of megabytes): that is the duplication rule's business, not this test's
        [sys.executable, "-c", MEASURE, str(work), *copylint_cmd(), "check", "--format", "json",
         "--ignore", "DP101", "huge.txt", "good.txt"], capture_output=True, timeout=900)
    assert wrapper.returncode == 0, wrapper.stderr.decode()
    m = json.loads(wrapper.stdout)
    print(f"\n50 MB file ({size} bytes): {m['seconds']:.1f} s, peak RSS {m['rss_kb'] / 1024:.0f} MB")
    assert "Traceback" not in m["stderr"]
    assert m["rc"] == 1, m["stderr"]
    doc = json.loads(m["stdout"])
    huge, good = doc["files"]
    assert [(f["code"], f["start"]["line"], f["start"]["column"]) for f in huge["findings"]] == [
        ("MT101", 1, 14), ("MT101", last_line, 15)]
    assert huge["findings"][1]["start"]["offset"] == len(
        path.read_bytes().decode("utf-8")) - len("Kharkov at dawn.\n")
    assert len(good["findings"]) == 1
    assert m["rss_kb"] < 1.5 * 1024 * 1024, f"peak RSS {m['rss_kb'] / 1024:.0f} MB"


# -- rule selection and rule files ----------------------------------------------------------
@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_rule_code_in_selection(work, option):
    proc = run(["check", option, "MT101,XX999", "good.txt"], work)
    assert proc.returncode == 2
    assert "unknown" in assert_one_line(err(proc), "XX999")
    assert len(err(proc).splitlines()) == 1
    assert out(proc) == ""


def test_unknown_rule_code_in_selection_in_process(work):
    res = invoke(["check", "--select", "NOPE1", "good.txt"])
    assert res.exit_code == 2
    assert_one_line(res.stderr, "NOPE1")


def _project_with_rule_paths(root: Path) -> Path:
    write(root / "copylint.toml", 'rule-paths = ["house"]\n')
    return root / "house"


def test_rule_file_with_bad_regex(work):
    house = _project_with_rule_paths(work)
    rule_file = user_rule(house, "XX101", "house.broken", ["(unclosed"])
    proc = run(["check", "good.txt"], work)
    assert proc.returncode == 2
    line = assert_one_line(err(proc), str(rule_file), "XX101", "patterns")
    assert "regular expression" in line
    assert out(proc) == ""
    proc = run(["rules"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), str(rule_file), "XX101", "patterns")


def test_bad_rule_file_of_a_subfolder_leaves_other_files_checked(work):
    house = _project_with_rule_paths(work / "desk")
    rule_file = user_rule(house, "XX101", "house.broken", ["(unclosed"])
    write(work / "desk" / "story.txt", KIEF)
    proc = run(["check", "good.txt", "desk"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), str(rule_file), "XX101", "patterns")
    assert_good_checked(out(proc))


@pytest.mark.parametrize("body, needles", [
    ("code: XX102\nname: house.x\nsummary: S.\nseverity: warning\nkind: existence\n"
     "message: m\npatterns: ['a']\ndocs: {what: a, why: b, example: c, fix: d}\npattern: typo\n",
     ["XX102", "unknown key 'pattern'"]),
    ("code: XX103\nname: house.x\nsummary: S.\nseverity: loud\nkind: existence\n"
     "message: m\npatterns: ['a']\ndocs: {what: a, why: b, example: c, fix: d}\n",
     ["XX103", "severity"]),
    ("code: XX104\nname: house.x\nsummary: S.\nseverity: warning\nkind: existence\n"
     "patterns: ['a']\ndocs: {what: a, why: b, example: c, fix: d}\n",
     ["XX104", "missing key 'message'"]),
    ("code: XX105\nname: house.x\nsummary: S.\nseverity: warning\nkind: existence\n"
     "message: m\npatterns: ['a']\ndocs: {what: a, why: b, example: c, fix: d}\n"
     "exceptions: ['[unclosed']\n",
     ["XX105", "exceptions"]),
    ("code: XX106\nname: [unclosed\n", ["invalid YAML"]),
    ("code: MT101\nname: house.clash\nsummary: S.\nseverity: warning\nkind: existence\n"
     "message: m\npatterns: ['a']\ndocs: {what: a, why: b, example: c, fix: d}\n",
     ["MT101", "already"]),
])
def test_broken_rule_files(work, body, needles):
    house = _project_with_rule_paths(work)
    rule_file = write(house / "broken.yml", body)
    proc = run(["check", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), str(rule_file), *needles)


CATASTROPHIC = "(a|aa)+c"


def test_catastrophic_pattern_is_stopped(work):
    house = _project_with_rule_paths(work)
    user_rule(house, "XX301", "house.backtracks", [CATASTROPHIC], timeout=0.2)
    write(work / "slow.txt", "Shelling hit Kief overnight.\n" + "a" * 5000 + "\nThe the end.\n")
    write(work / "other.txt", "a" * 50 + "c and Kharkov.\n")
    started = time.perf_counter()
    proc = run(["check", "slow.txt", "good.txt", "other.txt"], work, timeout=60)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 2
    line = assert_one_line(err(proc), "slow.txt", "XX301")
    assert "time limit" in line
    found = [(ln.split(":")[0], c) for ln, c in zip(out(proc).splitlines(), codes_in(out(proc)))]
    # the other rules still report on the same file; the rule still works on other files
    assert ("slow.txt", "MT101") in found and ("slow.txt", "MT301") in found
    assert ("good.txt", "MT101") in found
    assert ("other.txt", "XX301") in found and ("other.txt", "MT101") in found
    assert elapsed < 30, f"took {elapsed:.1f} s"


# -- configuration --------------------------------------------------------------------------
@pytest.mark.parametrize("name, body, needles", [
    ("pyproject.toml", "[tool.copylint\nselect = ['MT']\n", ["invalid TOML", "line 1"]),
    ("copylint.toml", "select = [MT]\n", ["invalid TOML"]),
    ("pyproject.toml", "[tool.copylint]\nselekt = ['MT']\n", ["tool.copylint.selekt", "unknown key"]),
    ("copylint.toml", "extend_select = ['MT']\n", ["extend_select", "unknown key", "extend-select"]),
    ("pyproject.toml", "[tool.copylint.severity]\nMT101 = 'loud'\n",
     ["tool.copylint.severity.MT101", "loud"]),
    ("copylint.toml", "[severity]\nMT101 = 3\n", ["severity.MT101"]),
    ("copylint.toml", "[severity]\nXX999 = 'error'\n", ["severity.XX999", "unknown rule"]),
    ("copylint.toml", "severity = 'error'\n", ["'severity'"]),
    ("copylint.toml", "select = 'MT'\n", ["'select'", "list of strings"]),
    ("copylint.toml", "select = ['XX1']\n", ["'select'", "XX1"]),
    ("copylint.toml", "ignore = ['nope.nope']\n", ["'ignore'", "nope.nope"]),
    ("copylint.toml", "rule-paths = ['no-such-folder']\n", ["'rule-paths'", "no-such-folder"]),
    ("copylint.toml", "[house-spellings]\nZelenskyy = 3\n", ["house-spellings.Zelenskyy"]),
])
def test_broken_config(work, name, body, needles):
    config = write(work / name, body)
    proc = run(["check", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), str(config), *needles)
    assert out(proc) == ""


def test_broken_config_given_with_config_option(work):
    config = write(work / "cfg" / "strict.toml", "selekt = ['MT']\n")
    proc = run(["check", "--config", "cfg/strict.toml", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "strict.toml", "selekt")
    assert config.exists()


def test_missing_config_given_with_config_option(work):
    proc = run(["check", "--config", "nowhere.toml", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "nowhere.toml")


def test_broken_config_of_a_subfolder_leaves_other_files_checked(work):
    config = write(work / "desk" / "copylint.toml", "selekt = ['MT']\n")
    for name in ("a.txt", "b.txt", "c.txt"):
        write(work / "desk" / name, KIEF)
    proc = run(["check", "good.txt", "desk"], work)
    assert proc.returncode == 2
    # said once, not once per file it governs
    assert_one_line(err(proc), str(config), "selekt")
    assert_good_checked(out(proc))
    proc = run(["check", "--format", "json", "desk", "good.txt"], work)
    doc = json_of(out(proc))
    assert [len(e["findings"]) for e in doc["files"]] == [0, 0, 0, 1]
    assert all("selekt" in e["error"] for e in doc["files"][:3])


def test_broken_config_is_ignored_with_isolated(work):
    write(work / "copylint.toml", "selekt = ['MT']\n")
    proc = run(["check", "--isolated", "good.txt"], work)
    assert proc.returncode == 1
    assert_good_checked(out(proc))


# -- unwritable files ---------------------------------------------------------------------------
def test_fix_cannot_write(work, monkeypatch):
    """When the fixed text cannot be written, the file is left as it was, the reason is one
    line, and the other files are still fixed (in-process: root can write anywhere)."""
    import lint.sources
    write(work / "locked" / "story.txt", KIEF)
    real = lint.sources.tempfile.mkstemp

    def refuse(*args, dir=None, **kw):
        if dir is not None and Path(dir).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(*args, dir=dir, **kw)

    monkeypatch.setattr(lint.sources.tempfile, "mkstemp", refuse)
    res = invoke(["check", "--fix", "locked/story.txt", "good.txt"])
    assert res.exit_code == 2
    line = assert_one_line(res.stderr, "story.txt", "cannot write")
    assert "Permission denied" in line
    assert (work / "locked" / "story.txt").read_text(encoding="utf-8") == KIEF
    assert (work / "good.txt").read_text(encoding="utf-8") == KIEF_FIXED
    assert list((work / "locked").iterdir()) == [work / "locked" / "story.txt"]


def test_fix_write_fails_midway_leaves_file_intact(work, monkeypatch):
    """A failure while writing the temporary file leaves the original untouched and no
    temporary file behind."""
    import lint.sources
    monkeypatch.setattr(lint.sources.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    res = invoke(["check", "--fix", "good.txt"])
    assert res.exit_code == 2
    assert "No space left on device" in assert_one_line(res.stderr, "good.txt", "cannot write")
    assert (work / "good.txt").read_text(encoding="utf-8") == KIEF
    assert sorted(p.name for p in work.iterdir()) == ["good.txt"]


@pytest.fixture
def unprivileged(tmp_path):
    """(command prefix, folder) for running copylint as a user whom permissions bind.

    As root, permissions do not bind, so the command runs as `nobody` through setpriv in a
    world-writable folder (pytest's own tmp folders are private to root)."""
    import shutil
    import tempfile
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions needed")
    if os.geteuid() != 0:
        yield [], tmp_path
        return
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv(1): permissions cannot be tested")
    folder = Path(tempfile.mkdtemp(prefix="copylint-perm-"))
    folder.chmod(0o777)
    try:
        yield [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"], folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o666)
        shutil.rmtree(folder)


def _run_as(prefix: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *copylint_cmd(), *args], cwd=cwd, capture_output=True,
                          env=clean_env(), timeout=60)


def test_fix_in_read_only_folder(unprivileged):
    prefix, work = unprivileged
    folder = work / "ro"
    path = write(folder / "story.txt", KIEF)
    good = write(work / "good.txt", KIEF)
    good.chmod(0o666)
    folder.chmod(0o555)
    proc = _run_as(prefix, ["check", "--fix", "ro/story.txt", "good.txt"], work)
    assert proc.returncode == 2, err(proc)
    line = assert_one_line(err(proc), "story.txt", "cannot write")
    assert "Permission denied" in line
    assert path.read_text(encoding="utf-8") == KIEF
    assert good.read_text(encoding="utf-8") == KIEF_FIXED
    assert [p.name for p in folder.iterdir()] == ["story.txt"]


def test_unreadable_file(unprivileged):
    prefix, work = unprivileged
    secret = write(work / "secret.txt", KIEF)
    write(work / "good.txt", KIEF)
    secret.chmod(0)
    proc = _run_as(prefix, ["check", "secret.txt", "good.txt"], work)
    assert proc.returncode == 2, err(proc)
    assert "Permission denied" in assert_one_line(err(proc), "secret.txt", "cannot read")
    assert_good_checked(out(proc))


def test_unreadable_file_inside_folder(unprivileged):
    prefix, work = unprivileged
    write(work / "copy" / "story.txt", KIEF)
    write(work / "copy" / "secret.txt", KIEF).chmod(0)
    proc = _run_as(prefix, ["check", "copy"], work)
    assert proc.returncode == 2, err(proc)
    assert_one_line(err(proc), "secret.txt", "cannot read")
    assert codes_in(out(proc)) == ["MT101"]


def test_directory_named_like_a_file_and_odd_paths(work):
    (work / "story.txt").mkdir()      # a folder whose name looks like a file
    proc = run(["check", "story.txt", "good.txt"], work)
    assert proc.returncode == 2
    assert_one_line(err(proc), "story.txt")
    assert_good_checked(out(proc))


def test_fix_refuses_a_read_only_file(unprivileged):
    """A file its owner made read-only is not replaced behind their back (the folder is
    writable, so an atomic rename alone would succeed)."""
    prefix, work = unprivileged
    path = write(work / "locked.txt", KIEF)
    good = write(work / "good.txt", KIEF)
    good.chmod(0o666)
    path.chmod(0o444)
    proc = _run_as(prefix, ["check", "--fix", "locked.txt", "good.txt"], work)
    assert proc.returncode == 2, err(proc)
    line = assert_one_line(err(proc), "locked.txt", "cannot write")
    assert "read-only" in line
    assert path.read_text(encoding="utf-8") == KIEF
    assert good.read_text(encoding="utf-8") == KIEF_FIXED
