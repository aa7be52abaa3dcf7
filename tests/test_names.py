"""The name layer (lint/names.py) and the run-level machinery behind NM202."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.config import ConfigError, parse_config
from lint.document import Document
from lint.names import candidate_pairs, derived, fold, gendered, mentions, variant_groups, variants


@pytest.mark.parametrize("a,b", [
    ("Bilozir", "Bilozier"), ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelenskyi"),
    ("Shmyhal", "Shmygal"), ("Kovalchuk", "Kovalczuk"), ("Mohammed", "Muhammad"),
    ("Tsikhanouskaya", "Tikhanovskaya"), ("Kharkiv", "Charkiw".replace("C", "K")),
])
def test_variants(a, b):
    assert variants(a, b) and variants(b, a)


@pytest.mark.parametrize("a,b", [
    ("Austria", "Australia"), ("Navalny", "Navalnaya"), ("Tsikhanouski", "Tsikhanouskaya"),
    ("Ivanov", "Ivanova"), ("Kyiv", "Kyivan"), ("Yermak", "Sybiha"), ("Kovalenko", "Kovalchuk"),
    ("Biden", "Boden"), ("Kyiv", "Kyiv"),
])
def test_not_variants(a, b):
    assert not variants(a, b)


def test_fold_reduces_romanisations():
    assert fold("Zelenskyy") == fold("Zelensky") == fold("Zelenskiy")
    assert fold("Ivano-Frankivsk") == fold("Ivano Frankivsk")
    assert fold("Ibáñez") == fold("Ibañez") == fold("Ibanez")


def test_gender_and_derivation_guards():
    assert gendered("Navalny", "Navalnaya") and gendered("Kowalski", "Kowalska")
    assert derived("Kyiv", "Kyivan") and not derived("Kyiv", "Kharkiv")


def test_candidate_pairs_are_blocked():
    import random
    rng = random.Random(7)
    syllables = "ko va len mar chuk dy ro sha hol tre bo zi na pet ryk sel man dar vin".split()
    words = {"".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(400)}
    words = sorted(words) + ["Bilozir", "Bilozier"]
    pairs = candidate_pairs(words)
    assert ("Bilozier", "Bilozir") in pairs
    # far fewer than all the ~80,000 pairs are ever tested
    assert len(pairs) < len(words) * 10


def test_variant_groups_merge_transitively():
    groups = variant_groups(["Zelensky", "Zelenskyy", "Zelenskiy", "Kyiv"])
    assert [sorted(g) for g in groups] == [["Zelenskiy", "Zelensky", "Zelenskyy"]]


def test_mentions_full_names_and_possessives():
    doc = Document("Maria Kovalenko's shop burned. Mayor Klitschko visited; Kovalenko wept.")
    got = [(m.word, m.full, m.given) for m in mentions(doc)]
    assert got == [("Kovalenko", True, "Maria"), ("Klitschko", False, ""),
                   ("Kovalenko", False, "")]


def _run(tmp_path, *args, files=None):
    files = files or {"a.txt": "President Zelensky spoke in Kyiv.\n",
                      "b.txt": "President Zelenskyy spoke in Lviv.\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--select",
                                       "NM202", *args, *(str(tmp_path / n) for n in files)])
    return result.exit_code, json.loads(result.output)


def test_across_files_is_info_by_default_and_names_every_file(tmp_path):
    code, data = _run(tmp_path)
    found = [f for file in data["files"] for f in file["findings"]]
    assert code == 1 and len(found) == 1
    f = found[0]
    assert f["severity"] == "info" and "a.txt" in f["message"] and "b.txt" in f["message"]
    assert f["related"] and f["related"][0]["path"].endswith("a.txt")
    assert f["fix"]["applicability"] == "display-only"


def test_across_files_flag_makes_it_a_warning(tmp_path):
    code, data = _run(tmp_path, "--across-files", "--severity", "warning")
    found = [f for file in data["files"] for f in file["findings"]]
    assert code == 1 and [f["severity"] for f in found] == ["warning"]


def test_across_files_single_file_run_is_quiet(tmp_path):
    (tmp_path / "a.txt").write_text("President Zelensky spoke.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--select", "NM202",
                                       str(tmp_path / "a.txt")])
    assert result.exit_code == 0


def test_across_files_config_key_is_checked():
    assert parse_config({"across-files": True}, "x.toml").across_files is True
    with pytest.raises(ConfigError, match="across-files"):
        parse_config({"across-files": "yes"}, "x.toml")


def test_house_spelling_turns_the_cross_file_finding_into_a_fix(tmp_path):
    (tmp_path / "copylint.toml").write_text('[house-spellings]\nZelenskyy = ["Zelensky"]\n')
    for name, text in {"a.txt": "President Zelensky spoke.\n",
                       "b.txt": "President Zelenskyy spoke.\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--config",
                                       str(tmp_path / "copylint.toml"),
                                       str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    data = json.loads(result.output)
    codes = {(file["path"].rsplit("/", 1)[-1], f["code"]): f for file in data["files"]
             for f in file["findings"]}
    assert ("a.txt", "NM101") in codes            # every other spelling is a fix
    nm202 = codes[("a.txt", "NM202")]
    assert nm202["fix"]["applicability"] == "safe"
    assert nm202["fix"]["edits"][0]["replacement"] == "Zelenskyy"
