#!/usr/bin/env python3
"""Throughput, start-up and memory of copylint, measured in one run so ratios are comparable.

Usage: python bench/throughput.py [--mb 10] [--files DIR_OR_FILE ...]

Builds a document of about --mb megabytes by repeating the articles under corpus/ (or the given
files), then reports:
  * engine throughput (MB/s, one core) for the default rule set: articles checked one by one
    (how a copy desk uses it), and the same text as one big document (best of --repeat runs);
  * CLI start-up (`copylint check` on a one-line file, median of 5);
  * peak RSS of `copylint check` on the big document, from a child process.
Nothing here asserts: these machines are shared, so compare numbers taken in one run.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sample_articles(sources: list[str]) -> list[str]:
    files: list[Path] = []
    for s in sources or [str(ROOT / "corpus")]:
        p = Path(s)
        files += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    if not files:
        sys.exit("bench: no .txt files to build a sample from")
    return [f.read_text(encoding="utf-8") for f in files]


def sample_text(sources: list[str]) -> str:
    return "\n\n".join(sample_articles(sources))


def articles_mb_per_s(articles: list[str], mb: float) -> tuple[float, int, int]:
    """Throughput the way a copy desk uses it: each article checked as its own document
    (the set repeated until about `mb` megabytes). Returns MB/s, articles, findings."""
    from lint.document import Document
    from lint.engine import lint
    from lint.runner import Overrides, Runner
    settings = Runner(Overrides(isolated=True)).settings_for(None)
    size = sum(len(a.encode("utf-8")) for a in articles)
    copies = max(1, int(mb * 1e6 / max(1, size)))
    for a in articles:                     # warm up: word lists, compiled tables
        lint(Document(a, "warm.txt"), settings)
    t = time.perf_counter()
    found = 0
    for _ in range(copies):
        for a in articles:
            found += len(lint(Document(a, "a.txt"), settings).findings)
    elapsed = time.perf_counter() - t
    return copies * size / 1e6 / elapsed, copies * len(articles), found


def engine_mb_per_s(text: str, repeat: int) -> tuple[float, int]:
    from lint.document import Document
    from lint.engine import lint
    from lint.runner import Overrides, Runner
    settings = Runner(Overrides(isolated=True)).settings_for(None)
    best = float("inf")
    count = 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = lint(Document(text, "bench.txt"), settings)
        best = min(best, time.perf_counter() - t)
        count = len(result.findings)
    return len(text.encode("utf-8")) / 1e6 / best, count


def per_rule(text: str) -> list[tuple[str, float, int]]:
    """(code, seconds, findings) for each default rule alone on a fresh document, slowest first.
    The shared word index and sentence split are built inside the first rule that needs them,
    so run order matters little but is reported as measured."""
    from lint.document import Document
    from lint.runner import Overrides, Runner
    settings = Runner(Overrides(isolated=True)).settings_for(None)
    out = []
    for rule in settings.rules:
        doc = Document(text, "bench.txt")
        doc.want_words(getattr(rule.checker, "vocabulary", frozenset()))
        t = time.perf_counter()
        n = sum(1 for _ in rule.check(doc))
        out.append((rule.code, time.perf_counter() - t, n))
    return sorted(out, key=lambda r: -r[1])


def cli(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("copylint")
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "lint", *args]


def startup_ms(tmp: Path) -> float:
    small = tmp / "small.txt"
    small.write_text("The mayor spoke in Kyiv.\n", encoding="utf-8")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(cli("check", "--isolated", str(small)), capture_output=True, check=False)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def peak_rss_mb(path: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cli("check", "--isolated", "--statistics", str(path)), capture_output=True,
                   check=False)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="size of the big document")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", nargs="*", default=[])
    ap.add_argument("--per-rule", action="store_true", help="also time each rule alone")
    args = ap.parse_args()
    base = sample_text(args.files)
    text = (base + "\n\n") * max(1, int(args.mb * 1e6 / max(1, len(base.encode("utf-8")))))
    mb = len(text.encode("utf-8")) / 1e6
    arate, n_articles, n_found = articles_mb_per_s(sample_articles(args.files), args.mb)
    print(f"articles checked one by one: {n_articles} articles, {n_found} findings, "
          f"{arate:.2f} MB/s (default rules, 1 core)")
    rate, count = engine_mb_per_s(text, args.repeat)
    print(f"one document of {mb:.1f} MB: {count} findings, {rate:.2f} MB/s")
    if args.per_rule:
        for code, seconds, n in per_rule(text):
            print(f"  {code}  {seconds / mb * 1000:8.1f} ms/MB  {n:>7} findings")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"CLI start-up (median of 5): {startup_ms(tmp):.0f} ms")
        big = tmp / "big.txt"
        big.write_text(text, encoding="utf-8")
        rss, elapsed = peak_rss_mb(big)
        print(f"CLI on {mb:.1f} MB: {elapsed:.1f} s wall, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
