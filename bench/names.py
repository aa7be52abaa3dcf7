#!/usr/bin/env python3
"""Name-variant rules on one long document: time for NM201 on a ~20,000-word article.

Usage: python bench/names.py [--words 20000] [--seed 1]

The article is built from the corpus articles with every capitalised name replaced, copy by
copy, by invented names (random syllables), so the number of distinct spellings grows with
the length, as in a long report naming hundreds of people and places; the corpus's own
variant pairs come along, renamed consistently, so there is real work to find.
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ("ko va len mar chuk dy ro sha hol tre bo zi na pet ryk sel man dar vin ost "
             "lu hor myk ta ser gii bur yev luk tin ka").split()


def invent(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def build(words: int, seed: int) -> str:
    rng = random.Random(seed)
    base = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    names = sorted(set(regex.findall(r"\b\p{Lu}\p{Ll}{3,}\b", base)))
    parts, count = [], 0
    while count < words:
        mapping = {n: invent(rng) for n in names}
        parts.append(regex.sub(r"\b\p{Lu}\p{Ll}{3,}\b", lambda m, mapping=mapping: mapping[m.group()], base))
        count += len(base.split())
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    text = build(args.words, args.seed)
    from lint.document import Document
    from lint.runner import Overrides, Runner
    settings = Runner(Overrides(select=("NM201",), isolated=True)).settings_for(None)
    rule = settings.rules[0]
    from lint.lexicon import zipf
    t = time.perf_counter()
    zipf("warm")                    # the word list loads once per process: timed apart
    load = time.perf_counter() - t
    doc = Document(text, "bench.txt")
    t = time.perf_counter()
    n = sum(1 for _ in rule.check(doc))
    elapsed = time.perf_counter() - t
    print(f"NM201 on {len(text.split())} words ({len(text) / 1e6:.2f} MB): {elapsed * 1000:.0f} ms, "
          f"{n} findings (word list load, once per process: {load * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
