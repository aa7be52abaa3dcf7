"""lint.lexicon: wordfreq's English frequencies, read offline and only when a rule needs them."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from clihelpers import NO_NETWORK_PRELUDE, clean_env

from lint import lexicon


def test_zipf_scale_and_case_folding():
    assert lexicon.zipf("the") > 7
    assert 3 < lexicon.zipf("glide") < 4
    assert lexicon.zipf("Glide") == lexicon.zipf("glide") == lexicon.zipf("GLIDE")
    assert lexicon.zipf("zelenskyyaccusing") == 0.0
    assert lexicon.zipf("don’t") == lexicon.zipf("don't") > 5


def test_matches_wordfreq_own_lookup():
    from wordfreq import zipf_frequency
    for word in ("the", "operator", "counteroffensive", "serrano", "kyiv"):
        assert abs(lexicon.zipf(word) - zipf_frequency(word, "en", wordlist="large")) < 0.011, word


def test_is_word_and_known():
    assert lexicon.is_word("breakthrough")
    assert not lexicon.is_word("breakthrough", min_zipf=6)
    assert lexicon.known("counteroffensive") and not lexicon.is_word("counteroffensive")
    assert not lexicon.known("operatorsaid")


def test_foreign_zipf():
    assert lexicon.foreign_zipf("considerare", ["it"]) > 4
    assert lexicon.foreign_zipf("considerare", ["de", "fr"]) < 2
    assert lexicon.foreign_zipf("operatorsaid", ["es", "it"]) == 0.0
    assert lexicon.foreign_zipf("anything", []) == 0.0
    assert lexicon.foreign_zipf("hola", ["xx-unknown"]) == 0.0


RUN = NO_NETWORK_PRELUDE + textwrap.dedent("""
    import json
    import lint.lexicon as lexicon
    before = "wordfreq" in sys.modules
    result = [lexicon.zipf("operator"), lexicon.known("counteroffensive"),
              lexicon.foreign_zipf("considerare", ["it", "es"])]
    print(json.dumps({"before": before, "result": result}))
""")


def test_loads_offline_in_a_fresh_interpreter():
    """The data ships inside the wheel: with every socket refusing, the lists still load, and
    importing lint.lexicon alone does not import wordfreq."""
    proc = subprocess.run([sys.executable, "-c", RUN], capture_output=True, env=clean_env(),
                          check=False, timeout=120)
    stderr = proc.stderr.decode()
    assert proc.returncode == 0 and "NETWORK ATTEMPT" not in stderr, stderr
    out = json.loads(proc.stdout.decode())
    assert out["before"] is False
    zipf, known, foreign = out["result"]
    assert zipf > 4 and known is True and foreign > 4


LAZY = textwrap.dedent("""
    import json, sys
    from lint.cli import main
    try:
        main(["check", "--isolated", "--select", "MT401,MT501", "story.txt"], standalone_mode=False)
    except SystemExit:
        pass
    print("\\n@@" + json.dumps("wordfreq" in sys.modules))
""")


@pytest.mark.parametrize("text,loads", [
    (("Officials said the ferry would run again on Friday, and the mayor thanked the crews "
      "who had worked through the night.\n"), False),
    ("The ferry operatorsaid the crossing would reopen on Friday.\n", True),
], ids=["clean", "candidate"])
def test_rules_load_wordfreq_only_for_a_candidate(tmp_path, text, loads):
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", LAZY], cwd=tmp_path, capture_output=True,
                          env=clean_env(), check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout.decode().rpartition("\n@@")[2]) is loads
