#!/usr/bin/env python3
"""Cost of the name-spelling rules (MT101, MT102, MT103): import time of rapidfuzz, seconds per
MB of each rule on about --mb megabytes of corpus articles repeated, and on a text where every
capitalised word is different (the worst case for rules that look at each distinct word).

Usage: python bench/spelling_rules.py [--mb 10]
Nothing here asserts: compare numbers taken in one run on one machine.
"""
from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = ("MT101", "MT102", "MT103")


def import_ms(module: str) -> float:
    """Milliseconds to import `module` in a fresh interpreter, start-up subtracted."""
    def run(stmt: str) -> float:
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", stmt], check=True)
            best = min(best, time.perf_counter() - t)
        return best
    return (run(f"import {module}") - run("pass")) * 1000


def corpus_text(mb: float) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    return (text * (int(mb * 1e6) // len(text) + 1))[: int(mb * 1e6)]


def distinct_text(mb: float) -> str:
    """Sentences built on the rarer words of wordfreq's English list, each capitalised once:
    tens of thousands of distinct capitalised words per megabyte."""
    from wordfreq import get_frequency_dict
    words = [w for w, f in get_frequency_dict("en", wordlist="large").items()
             if f > 0 and math.log10(f * 1e9) < 3.0 and w.isalpha()]
    lines, size, i = [], 0, 0
    while size < mb * 1e6:
        w = words[i % len(words)]
        line = f"Officials in {w.title()} said the {w} was damaged overnight."
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines)


def per_mb(text: str) -> dict[str, float]:
    from lint.document import Document
    from lint.runner import registry
    rules = registry()
    out = {}
    for code in CODES:
        doc = Document(text, "bench.txt")
        t = time.perf_counter()
        list(rules[code].check(doc))
        out[code] = (time.perf_counter() - t) / (len(text.encode("utf-8")) / 1e6)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"import rapidfuzz.distance: {import_ms('rapidfuzz.distance'):.0f} ms")
    print(f"import lint.checks.spelling: {import_ms('lint.checks.spelling'):.0f} ms")
    from lint.document import Document
    from lint.runner import registry
    warm = Document("Warm-up in Kharkiw and Ukrinfrom.", "w")
    for code in CODES:                      # tables, lexicon and rapidfuzz loaded once
        list(registry()[code].check(warm))
    for label, text in (("corpus repeated", corpus_text(args.mb)),
                        ("distinct words", distinct_text(args.mb))):
        res = per_mb(text)
        print(f"{label} ({len(text) / 1e6:.1f} MB): " +
              ", ".join(f"{c} {s:.3f} s/MB" for c, s in res.items()))


if __name__ == "__main__":
    main()
