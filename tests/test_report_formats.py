"""CI and editor output formats: `--format lsp`, `sarif`, `github` and `junit`.

SARIF is validated against the published OASIS schema (vendored in tests/schemas, see its
README); JUnit XML is read back with junitparser, as CI systems read it; GitHub annotations are
checked line by line, escaping included; LSP diagnostics are checked for 0-based UTF-16
positions on lines with an emoji and Cyrillic text before the finding.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from clihelpers import KIEF, THREE, invoke, user_rule, write
from junitparser import JUnitXml

from lint.report import FORMATS, reporters
from lint.report.github import escape_data, escape_property
from lint.report.junit import xml_safe
from lint.report.lsp import DOCS_URL, LspPositions

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
# Cyrillic and an emoji before the finding: 😀 is one code point, two UTF-16 units, four bytes
WIDE = "Заголовок 😀\nПривіт 😀 — shelling hit Kief overnight.\n"
KIEF_UTF16 = len("Привіт 😀 — shelling hit ".encode("utf-16-le")) // 2     # 25
KIEF_COLUMN = len("Привіт 😀 — shelling hit ") + 1                         # 24 code points
DUPLICATE = ("Rescuers reached the ferry at dawn, the harbour master said.\n\n"
             "Rescuers reached the ferry at dawn, the harbour master said.\n")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A folder of copy as the working directory (no configuration file)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "story.txt", THREE)
    write(tmp_path / "wide.txt", WIDE)
    write(tmp_path / "ferry.txt", DUPLICATE)
    write(tmp_path / "clean.txt", "The mayor said the metro stayed open overnight.\n")
    return tmp_path


def run(*args: str):
    return invoke(["check", *args])


def test_formats_are_a_table_of_reporters():
    assert set(reporters()) == set(FORMATS) >= {"text", "json", "lsp", "sarif", "github", "junit"}


# -- LSP ---------------------------------------------------------------------------------
def test_lsp_positions_unit():
    pos = LspPositions(WIDE)
    offset = WIDE.index("Kief")
    assert pos.position(offset) == {"line": 1, "character": KIEF_UTF16}
    assert LspPositions(WIDE, "utf-32").position(offset) == {"line": 1, "character": KIEF_COLUMN - 1}
    assert LspPositions(WIDE, "utf-8").position(offset) == {
        "line": 1, "character": len("Привіт 😀 — shelling hit ".encode())}
    assert pos.position(0) == {"line": 0, "character": 0}
    assert pos.position(len(WIDE)) == {"line": 2, "character": 0}
    assert LspPositions("a\r\nb😀c").position(6) == {"line": 1, "character": 4}
    with pytest.raises(ValueError):
        LspPositions("x", "utf-7")


def test_lsp_format(desk):
    res = run("--format", "lsp", "story.txt", "wide.txt", "ferry.txt", "clean.txt", "missing.txt")
    assert res.exit_code == 2                       # missing.txt; the others are still reported
    doc = json.loads(res.stdout)
    assert doc["version"] == 1 and doc["positionEncoding"] == "utf-16"
    files = {f["path"]: f for f in doc["files"]}
    assert list(files) == ["story.txt", "wide.txt", "ferry.txt", "clean.txt", "missing.txt"]
    assert files["story.txt"]["uri"] == (desk / "story.txt").resolve().as_uri()

    kief, button, doubled = files["story.txt"]["diagnostics"]
    assert kief == {
        "range": {"start": {"line": 0, "character": 13}, "end": {"line": 0, "character": 17}},
        "severity": 2, "code": "MT101",
        "codeDescription": {"href": DOCS_URL.format(code="MT101", name="translation.transliteration")},
        "source": "copylint",
        "message": "'Kief' is a non-standard spelling; use 'Kyiv' (archaic ad-hoc form).",
        "data": {"rule": "translation.transliteration",
                 "fix": {"title": "Replace 'Kief' with 'Kyiv'", "applicability": "safe",
                         "edits": [{"range": {"start": {"line": 0, "character": 13},
                                              "end": {"line": 0, "character": 17}},
                                    "newText": "Kyiv"}]},
                 "alternatives": []},
    }
    assert button["range"]["start"] == {"line": 1, "character": 0}
    assert doubled["range"] == {"start": {"line": 2, "character": 15}, "end": {"line": 2, "character": 22}}

    (wide,) = [d for d in files["wide.txt"]["diagnostics"] if d["code"] == "MT101"]
    assert wide["range"] == {"start": {"line": 1, "character": KIEF_UTF16},
                             "end": {"line": 1, "character": KIEF_UTF16 + 4}}
    hint = next(d for d in files["wide.txt"]["diagnostics"] if d["code"] == "MT602")
    assert hint["severity"] == 3 and hint["data"]["fix"]["applicability"] == "display-only"

    (dup,) = files["ferry.txt"]["diagnostics"]
    assert dup["code"] == "DP101" and dup["range"]["start"]["line"] == 2
    (rel,) = dup["relatedInformation"]
    assert rel["location"]["uri"] == files["ferry.txt"]["uri"]
    assert rel["location"]["range"]["start"] == {"line": 0, "character": 0}
    assert rel["message"].startswith("first given here")

    assert files["clean.txt"]["diagnostics"] == []
    assert files["missing.txt"]["diagnostics"] == [] and "no such file" in files["missing.txt"]["error"]


def test_lsp_format_honours_severity_threshold(desk):
    doc = json.loads(run("--format", "lsp", "--severity", "warning", "wide.txt").stdout)
    assert [d["code"] for d in doc["files"][0]["diagnostics"]] == ["MT101"]


def test_lsp_format_related_place_in_another_file(desk):
    write(desk / "a.txt", "Mayor Oleksandr Vilkul opened the bridge on Monday.\n")
    write(desk / "b.txt", "Vilkull said the bridge would stay open.\n")
    doc = json.loads(run("--format", "lsp", "a.txt", "b.txt").stdout)
    files = {f["path"]: f for f in doc["files"]}
    across = [d for d in files["b.txt"]["diagnostics"] if d["code"] == "NM202"]
    assert across, files["b.txt"]["diagnostics"]
    (rel,) = across[0]["relatedInformation"]
    assert rel["location"]["uri"] == files["a.txt"]["uri"]
    start = rel["location"]["range"]["start"]
    assert start == {"line": 0, "character": len("Mayor Oleksandr ")}


# -- SARIF -------------------------------------------------------------------------------
def sarif_of(*args: str) -> dict:
    res = run("--format", "sarif", *args)
    assert res.exit_code in (0, 1, 2), res.stderr
    log = json.loads(res.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
                               ).validate(log)
    return log


def test_sarif_validates_and_carries_everything(desk):
    log = sarif_of("story.txt", "wide.txt", "ferry.txt", "clean.txt")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = log["runs"]
    assert run_["columnKind"] == "utf16CodeUnits"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == desk.resolve().as_uri() + "/"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "copylint"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"MT101", "CP101", "MT301", "MT602", "DP101"}
    mt101 = rules["MT101"]
    assert mt101["name"] == "translation.transliteration"
    assert mt101["shortDescription"]["text"] == "Old or non-standard romanisation of a place name."
    assert mt101["helpUri"] == DOCS_URL.format(code="MT101", name="translation.transliteration")
    assert "**Why.**" in mt101["help"]["markdown"]
    assert mt101["defaultConfiguration"] == {"level": "warning", "enabled": True}

    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["MT101", "CP101", "MT301", "MT602", "MT602", "MT101",
                                              "DP101"]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    kief = results[0]
    loc = kief["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "story.txt", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 1, "startColumn": 14, "endLine": 1, "endColumn": 18,
                             "snippet": {"text": "Kief"}}
    assert kief["level"] == "warning"
    (fix,) = kief["fixes"]
    assert fix["description"]["text"] == "Replace 'Kief' with 'Kyiv'"
    assert fix["properties"]["applicability"] == "safe"
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "Kyiv"
    assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 14, "endLine": 1,
                                            "endColumn": 18}

    hint, wide = results[3], results[5]
    assert hint["level"] == "note" and "fixes" not in hint       # display-only, no edits
    assert wide["locations"][0]["physicalLocation"]["region"]["startColumn"] == KIEF_UTF16 + 1
    dup = results[6]
    (rel,) = dup["relatedLocations"]
    assert rel["id"] == 1 and rel["message"]["text"].startswith("first given here")
    assert rel["physicalLocation"]["region"]["startLine"] == 1
    assert run_["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_unreadable_file_and_odd_names(desk):
    write(desk / "desk notes" / "draft #1.txt", KIEF)
    write(desk / "binary.txt", b"\x00\x01binary")
    log = sarif_of("desk notes/draft #1.txt", "binary.txt", str(desk / "story.txt"))
    (run_,) = log["runs"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]]
    assert uris[0] == "desk%20notes/draft%20%231.txt"
    assert uris[-1] == (desk / "story.txt").as_uri()
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "binary" in note["message"]["text"]


def test_sarif_empty_run_is_valid(desk):
    log = sarif_of("clean.txt")
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_rule_from_a_newsroom_folder(desk):
    user_rule(desk / "desk-rules", "ZZ901", "desk.banned", ["stonking"])
    write(desk / "copylint.toml", 'rule-paths = ["desk-rules"]\n')
    write(desk / "local.txt", "A stonking result for the club.\n")
    log = sarif_of("local.txt")
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "ZZ901" and rule["name"] == "desk.banned"


# -- GitHub Actions ------------------------------------------------------------------------
def test_github_annotations(desk):
    res = run("--format", "github", "story.txt", "wide.txt", "clean.txt")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == ("::warning file=story.txt,line=1,col=14,endLine=1,endColumn=18,"
                        "title=MT101 (translation.transliteration)::'Kief' is a non-standard "
                        "spelling; use 'Kyiv' (archaic ad-hoc form). [fix: Replace 'Kief' with 'Kyiv']")
    assert lines[1].startswith("::warning file=story.txt,line=2,col=1,endLine=2,endColumn=10,"
                               "title=CP101 (copy.share-buttons)::")
    assert lines[3].startswith("::notice file=wide.txt,line=1,col=1,")          # info -> notice
    assert lines[4].startswith("::notice file=wide.txt,line=2,col=1,")
    assert lines[5].startswith(f"::warning file=wide.txt,line=2,col={KIEF_COLUMN},")
    assert len(lines) == 6


def test_github_escaping():
    assert escape_data("100% sure\r\nsecond line") == "100%25 sure%0D%0Asecond line"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert escape_data("a,b:c") == "a,b:c"           # only properties escape , and :


def test_github_escapes_file_names_and_messages(desk):
    write(desk / "desk,notes:draft.txt", KIEF)
    user_rule(desk / "desk-rules", "ZZ902", "desk.percent", ["\\d+%"])
    write(desk / "copylint.toml", 'rule-paths = ["desk-rules"]\n')
    write(desk / "rates.txt", "Prices rose 12% in March.\n")
    res = run("--format", "github", "desk,notes:draft.txt", "rates.txt")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("::warning file=desk%2Cnotes%3Adraft.txt,line=1,col=14,")
    assert lines[1] == ("::warning file=rates.txt,line=1,col=13,endLine=1,endColumn=16,"
                        "title=ZZ902 (desk.percent)::'12%25' is not wanted here. "
                        "[fix: Delete '12%25']")


def test_github_unreadable_file(desk):
    res = run("--format", "github", "missing.txt", "story.txt")
    assert res.exit_code == 2
    assert res.stdout.splitlines()[0] == (
        "::error file=missing.txt,title=copylint::missing.txt: no such file or directory")


# -- JUnit XML ---------------------------------------------------------------------------
def junit_of(*args: str) -> tuple[str, JUnitXml]:
    res = run("--format", "junit", *args)
    ET.fromstring(res.stdout.encode("utf-8"))         # well-formed XML 1.0
    return res.stdout, JUnitXml.fromstring(res.stdout.encode("utf-8"))


def test_junit_as_ci_reads_it(desk):
    text, xml = junit_of("story.txt", "clean.txt", "missing.txt")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="copylint"')
    suites = {s.name: s for s in xml}
    assert list(suites) == ["story.txt", "clean.txt", "missing.txt"]
    story = suites["story.txt"]
    assert (story.tests, story.failures, story.errors) == (3, 3, 0)
    cases = list(story)
    assert [c.name for c in cases] == ["MT101 at line 1, column 14", "CP101 at line 2, column 1",
                                       "MT301 at line 3, column 16"]
    (failure,) = cases[0].result
    assert failure.message == "'Kief' is a non-standard spelling; use 'Kyiv' (archaic ad-hoc form)."
    assert failure.type == "MT101 translation.transliteration (warning)"
    assert failure.text == ("story.txt:1:14: MT101 'Kief' is a non-standard spelling; use 'Kyiv' "
                            "(archaic ad-hoc form). [fix: Replace 'Kief' with 'Kyiv']")
    clean = suites["clean.txt"]
    assert (clean.tests, clean.failures) == (1, 0)
    assert next(iter(clean)).is_passed
    missing = suites["missing.txt"]
    assert (missing.tests, missing.errors) == (1, 1)
    root = ET.fromstring(text.encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "3", "1")


def test_junit_survives_control_characters(desk):
    write(desk / "odd\x1bname.txt", KIEF)            # a file name XML 1.0 cannot carry as is
    _, xml = junit_of("odd\x1bname.txt")
    (suite,) = xml
    assert suite.name == "odd\\x1bname.txt"
    (case,) = list(suite)
    assert case.result[0].text.startswith("odd\\x1bname.txt:1:14: MT101 ")
    assert xml_safe("a\x00b\x1bc\td\ne") == "a\\x00b\\x1bc\td\ne"
