#!/usr/bin/env python3
"""Latency of the language server: from a one-character edit to published diagnostics.

Usage: python bench/lsp_latency.py [--words 5000] [--edits 50] [--debounce-ms MS ...]

Builds an article of about --words words from the articles under corpus/ (paragraphs kept,
repeated if need be), starts `copylint lsp` over stdio with a real LSP client (pygls), opens the
article and then types: each edit inserts or deletes one character somewhere in the text, and
the clock runs from sending `textDocument/didChange` to receiving the `publishDiagnostics` for
that version. Edits are sequential (the next is sent when the previous one's diagnostics have
arrived), so every edit pays the whole path: debounce, lint on the worker, conversion to UTF-16
positions, JSON over the pipe. Reported: median, 90th percentile and worst of --edits edits for
each debounce setting (default: the server's own, and none), next to the time the same text
takes through Runner.lint_text in this process, and the time to the first diagnostics after
opening. Nothing asserts: these machines are shared, so compare numbers taken in one run.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from lint.lsp import DEBOUNCE_SECONDS  # noqa: E402


def article(words: int) -> str:
    """About `words` words of corpus copy, whole paragraphs, one per line."""
    paragraphs = [p for f in sorted((ROOT / "corpus").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    out: list[str] = []
    count = 0
    while count < words:
        for p in paragraphs:
            out.append(p)
            count += len(p.split())
            if count >= words:
                break
    return "\n".join(out) + "\n"


def edit_points(text: str, n: int) -> list[tuple[int, int]]:
    """`n` (line, character) places spread over the article, each just after a word, on lines
    without characters outside the BMP (so a code point is one UTF-16 unit here)."""
    lines = text.split("\n")
    candidates = [(i, line.index(" ")) for i, line in enumerate(lines)
                  if " " in line and all(ord(c) <= 0xFFFF for c in line)]
    step = max(1, len(candidates) // n)
    return [candidates[(k * step) % len(candidates)] for k in range(n)]


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("lsp-latency-bench", "1")
        self.arrived: dict[int, float] = {}
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.arrived[params.version] = time.perf_counter()
                self.counts[params.version] = len(params.diagnostics)
                self.event.set()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params) -> None:
            return None

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params) -> list:
            return [None for _ in params.items]

        self.counts: dict[int, int] = {}

    async def wait(self, version: int, timeout: float = 60) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.arrived:
            self.event.clear()
            if version in self.arrived:
                break
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for version {version}")
            try:
                await asyncio.wait_for(self.event.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        return self.arrived[version]

    async def run(self, text: str, edits: int, debounce_ms: int | None, warmup: int) -> dict:
        command = [str(Path(sys.executable).parent / "copylint"), "lsp"]
        await self.client.start_io(*command)
        options = {"debounceMs": debounce_ms} if debounce_ms is not None else None
        caps = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=["utf-16"]),
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    related_information=True, version_support=True)))
        root = Path.cwd()
        await self.client.initialize_async(types.InitializeParams(
            capabilities=caps, root_uri=root.as_uri(), initialization_options=options))
        self.client.initialized(types.InitializedParams())
        uri = (root / "bench-article.txt").as_uri()
        t = time.perf_counter()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        first_open = await self.wait(1) - t
        await asyncio.sleep(2.0)            # the server loads the lexicon after the first check
        version = 1
        latencies: list[float] = []
        points = edit_points(text, warmup + edits)
        for k, (line, col) in enumerate(points):
            version += 1
            # insert one character just after a word, then delete it with the next edit
            if version % 2 == 0:
                change = types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(line, col), types.Position(line, col)), text="s")
            else:
                prev_line, prev_col = points[k - 1]
                change = types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(prev_line, prev_col),
                                      types.Position(prev_line, prev_col + 1)), text="")
            sent = time.perf_counter()
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change]))
            arrived = await self.wait(version)
            if k >= warmup:
                latencies.append(arrived - sent)
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        return {"first_open": first_open, "latencies": latencies,
                "findings": self.counts.get(version, 0)}


def lint_in_process(text: str, repeat: int = 10) -> float:
    """Median seconds for Runner.lint_text on the article (rules and lexicon already loaded)."""
    from lint.runner import Overrides, Runner
    runner = Runner(Overrides(isolated=True))
    runner.lint_text(text, "bench-article.txt")
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        runner.lint_text(text + "s" * (i % 2), "bench-article.txt")
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3, help="edits not counted")
    parser.add_argument("--debounce-ms", type=int, nargs="*",
                        help=f"debounce settings to try (default: the server's "
                             f"{int(DEBOUNCE_SECONDS * 1000)} ms, then 0)")
    args = parser.parse_args()
    text = article(args.words)
    words = len(text.split())
    print(f"article: {words} words, {len(text)} characters, {len(text.encode()) / 1024:.1f} KB, "
          f"{text.count(chr(10))} lines")
    lint_s = lint_in_process(text)
    print(f"Runner.lint_text alone (in process, median of 10): {lint_s * 1000:.1f} ms")
    for debounce in args.debounce_ms if args.debounce_ms is not None else [None, 0]:
        result = asyncio.run(Bench().run(text, args.edits, debounce, args.warmup))
        lat = sorted(result["latencies"])
        label = f"{debounce} ms" if debounce is not None else \
            f"default ({int(DEBOUNCE_SECONDS * 1000)} ms)"
        p90 = lat[int(0.9 * (len(lat) - 1))]
        print(f"debounce {label}: edit -> diagnostics median {statistics.median(lat) * 1000:.1f} ms, "
              f"p90 {p90 * 1000:.1f} ms, worst {lat[-1] * 1000:.1f} ms over {len(lat)} edits "
              f"({result['findings']} findings); first diagnostics after open "
              f"{result['first_open'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
