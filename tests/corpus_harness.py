"""The corpus harness: runs copylint over the annotated articles in corpus/ and scores it.

Each article is `corpus/<name>.txt` (first line a headline, one paragraph per line) with
`corpus/<name>.yml` listing what a careful copy editor would catch (see corpus/README.md):

    code: MT101      the rule must fire on every occurrence of `text` (or on `occurrence`)
    absent: MT101    a precision trap: no MT101 finding may overlap `text`
    kind: calque     a defect no shipped rule covers yet: pending, reported, never failing

The harness lints every text through the public Runner (isolated from configuration files,
default rule set), matches findings to expectations by overlap with the quoted anchors, checks
fixes by applying them, and computes per-rule TP/FP/FN, precision and recall, the pending
defects per kind and whether every clean control stayed quiet.

    python tests/corpus_harness.py [CORPUS_DIR] [-v]

prints the table and exits 1 on any miss, false alarm, wrong fix or invalid annotation.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from lint import fixer
from lint.loader import check_keys, read_yaml
from lint.model import Finding, Severity, Span
from lint.runner import Overrides, Runner
from lint.sources import InputError, read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# Defect kinds that no shipped rule covers yet; later issues give them codes.
KINDS = frozenset({
    "transliteration", "calque", "stutter", "run-together", "mid-sentence-capital", "homoglyph",
    "name-variant", "duplicate-line", "numbers", "numbers-headline", "debris", "misspelt-name",
})
TOP_KEYS = {"about", "clean", "expect"}
REQUIRED_TOP_KEYS = {"about", "clean"}
ROLES = ("code", "absent", "kind")
ENTRY_KEYS = {*ROLES, "text", "occurrence", "fix", "known"}
CODE_RE = regex.compile(r"^[A-Z]{2}\d{3}$")
LOUD = Severity.WARNING          # findings at or above this fail when unexpected


class CorpusError(Exception):
    """An annotation that cannot be used; the message names the file (and the entry)."""


# -- the annotations ------------------------------------------------------------------------
@dataclass(frozen=True)
class Expectation:
    """One entry of an article's `expect` list, with the anchor occurrences it covers."""

    role: str                  # "code" (must fire), "absent" (must not fire), "kind" (pending)
    value: str                 # the rule code or the defect kind
    text: str                  # the quoted anchor
    spans: tuple[Span, ...]    # the occurrences of `text` this entry is about
    occurrence: int | None = None
    fix: str | None = None     # what the fix must turn the anchor into
    known: str | None = None   # a known miss / known false alarm of a current rule: why
    index: int = 0             # 0-based position in the yml's `expect` list

    def label(self) -> str:
        """How the entry reads in a report: `MT101 "Kharkov" #2`."""
        where = f" #{self.occurrence}" if self.occurrence else ""
        return f'{self.value} "{self.text}"{where}'


@dataclass
class Article:
    """An annotated article: its text and what must (and must not) be found in it."""

    name: str
    txt: Path
    yml: Path
    text: str
    about: str
    clean: bool
    expectations: list[Expectation]

    def entries(self, role: str) -> list[Expectation]:
        """The expectations of one role ("code", "absent" or "kind")."""
        return [e for e in self.expectations if e.role == role]


def occurrences(text: str, anchor: str) -> list[Span]:
    """Whole-word occurrences of `anchor` in `text` (an anchor that begins or ends with a
    letter or digit must not continue a longer word there: "the the" is not in "bathe the")."""
    out: list[Span] = []
    start = text.find(anchor)
    while start >= 0:
        end = start + len(anchor)
        left_ok = not anchor[0].isalnum() or start == 0 or not text[start - 1].isalnum()
        right_ok = not anchor[-1].isalnum() or end == len(text) or not text[end].isalnum()
        if left_ok and right_ok:
            out.append(Span(start, end))
        start = text.find(anchor, start + 1)
    return out


@lru_cache(maxsize=1)
def runner() -> Runner:
    """The one Runner every article goes through: default rules, no configuration files."""
    return Runner(Overrides(isolated=True))


def known_codes() -> frozenset[str]:
    """Codes of every shipped rule."""
    return frozenset(runner().settings_for(None).registry)


def article_paths(folder: Path = CORPUS) -> list[Path]:
    """The article texts of a corpus folder, sorted."""
    return sorted(folder.glob("*.txt"))


def load_article(txt: Path) -> Article:
    """Read one article and validate its yml strictly; raise CorpusError naming the file."""
    yml = txt.with_suffix(".yml")
    if not yml.is_file():
        raise CorpusError(f"{txt}: no annotation file {yml.name}")
    try:
        text = read_source(str(txt)).text
    except InputError as exc:
        raise CorpusError(str(exc)) from None
    if not text.strip():
        raise CorpusError(f"{txt}: empty article")
    if not text.split("\n", 1)[0].strip():
        raise CorpusError(f"{txt}: the first line must be the headline")
    data = read_yaml(yml, CorpusError)

    def fail(msg: str) -> CorpusError:
        return CorpusError(f"{yml}: {msg}")

    if not isinstance(data, dict):
        raise fail("expected a mapping with keys about, clean, expect")
    check_keys(data, TOP_KEYS, REQUIRED_TOP_KEYS, fail)
    about, clean = data["about"], data["clean"]
    if not isinstance(about, str) or not about.strip():
        raise fail("key 'about' must be a non-empty string")
    if not isinstance(clean, bool):
        raise fail("key 'clean' must be true or false")
    raw = data.get("expect", [])
    if raw is None or not isinstance(raw, list):
        raise fail("key 'expect' must be a list of entries")
    codes = known_codes()
    expectations = [_parse_entry(entry, i, text, codes, fail) for i, entry in enumerate(raw)]
    seen: dict[tuple, int] = {}
    for e in expectations:
        key = (e.role, e.value, e.text, e.occurrence)
        if key in seen:
            raise fail(f"expect[{e.index}]: repeats expect[{seen[key]}] ({e.role}: {e.label()})")
        seen[key] = e.index
    if clean:
        for e in expectations:
            if e.role != "absent":
                raise fail(f"expect[{e.index}]: a clean control may only hold 'absent' entries, "
                           f"not '{e.role}'")
    elif not any(e.role in ("code", "kind") for e in expectations):
        raise fail("an article that is not clean needs at least one 'code' or 'kind' entry")
    return Article(txt.stem, txt, yml, text, about.strip(), clean, expectations)


def _parse_entry(entry, i: int, text: str, codes: frozenset[str], fail) -> Expectation:
    where = f"expect[{i}]"
    if not isinstance(entry, dict):
        raise fail(f"{where}: must be a mapping")
    check_keys(entry, ENTRY_KEYS, (), lambda msg: fail(f"{where}: {msg}"))
    roles = [r for r in ROLES if r in entry]
    if len(roles) != 1:
        raise fail(f"{where}: needs exactly one of 'code', 'absent', 'kind' (found "
                   f"{', '.join(roles) or 'none'})")
    role = roles[0]
    value = entry[role]
    if role in ("code", "absent"):
        if not isinstance(value, str) or not CODE_RE.match(value):
            raise fail(f"{where}: key '{role}': {value!r} is not a rule code (e.g. MT101)")
        if value not in codes:
            raise fail(f"{where}: key '{role}': no shipped rule has code {value} "
                       f"(annotate a defect no rule covers yet with 'kind')")
    elif value not in KINDS:
        raise fail(f"{where}: key 'kind': unknown kind {value!r} "
                   f"(one of {', '.join(sorted(KINDS))})")
    anchor = entry.get("text")
    if not isinstance(anchor, str) or not anchor:
        raise fail(f"{where}: key 'text' must be the quoted anchor (a non-empty string)")
    occurrence = entry.get("occurrence")
    if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, int)
                                   or occurrence < 1):
        raise fail(f"{where}: key 'occurrence' must be a whole number from 1")
    fix = entry.get("fix")
    if "fix" in entry:
        if role == "absent":
            raise fail(f"{where}: key 'fix' makes no sense on an 'absent' entry")
        if not isinstance(fix, str):
            raise fail(f"{where}: key 'fix' must be a string (\"\" for a deletion)")
    known = entry.get("known")
    if "known" in entry:
        if role == "kind":
            raise fail(f"{where}: key 'known' belongs on 'code' or 'absent' entries")
        if not isinstance(known, str) or not known.strip():
            raise fail(f"{where}: key 'known' must say why (a non-empty string)")
    spans = occurrences(text, anchor)
    if not spans:
        raise fail(f"{where}: anchor {anchor!r} does not occur in the article")
    if occurrence is not None:
        if occurrence > len(spans):
            raise fail(f"{where}: anchor {anchor!r} occurs {len(spans)} time(s), "
                       f"not {occurrence}")
        spans = [spans[occurrence - 1]]
    return Expectation(role, value, anchor, tuple(spans), occurrence, fix,
                       known.strip() if known else None, i)


def load_corpus(folder: Path = CORPUS) -> list[Article]:
    """Every article of the corpus; raise CorpusError listing every invalid file."""
    articles, errors = [], []
    for txt in article_paths(folder):
        try:
            articles.append(load_article(txt))
        except CorpusError as exc:
            errors.append(str(exc))
    errors.extend(orphans(folder))
    if errors:
        raise CorpusError("\n".join(errors))
    return articles


def orphans(folder: Path = CORPUS) -> list[str]:
    """Annotation files without an article."""
    return [f"{yml}: no article {yml.with_suffix('.txt').name}"
            for yml in sorted(folder.glob("*.yml")) if not yml.with_suffix(".txt").is_file()]


def validate_corpus(folder: Path = CORPUS) -> list[str]:
    """Every annotation problem in the corpus, one message per problem file."""
    try:
        load_corpus(folder)
    except CorpusError as exc:
        return str(exc).splitlines()
    return []


# -- checking one article -------------------------------------------------------------------
@dataclass
class Outcome:
    """What happened to one article's expectations."""

    article: Article
    findings: list[Finding]
    notices: list[str] = field(default_factory=list)
    caught: list[tuple[Expectation, Span]] = field(default_factory=list)
    missed: list[tuple[Expectation, Span]] = field(default_factory=list)
    known_missed: list[tuple[Expectation, Span]] = field(default_factory=list)
    bad_fixes: list[tuple[Expectation, Span, str]] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)      # loud, matching no entry
    trap_hits: list[tuple[Expectation, Finding]] = field(default_factory=list)
    known_alarms: list[tuple[Expectation, Finding]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)               # `known` entries now wrong
    hints: list[Finding] = field(default_factory=list)           # info findings, not matched
    pending: list[tuple[Expectation, Span]] = field(default_factory=list)

    def where(self, span: Span) -> str:
        """`name.txt:line:col` of an offset, for messages."""
        text = self.article.text
        line = text.count("\n", 0, span.start) + 1
        col = span.start - (text.rfind("\n", 0, span.start) + 1) + 1
        return f"{self.article.txt.name}:{line}:{col}"

    def describe(self, f: Finding) -> str:
        """One line for a finding: place, code, severity, the text it covers, message."""
        covered = self.article.text[f.span.start:f.span.end]
        return f"{self.where(f.span)}: {f.code} [{f.severity.label}] on {covered!r}: {f.message}"

    @property
    def loud(self) -> list[Finding]:
        """Failing findings: warning/error ones no entry accounts for, and sprung traps."""
        return [*self.unexpected, *(f for _, f in self.trap_hits)]

    @property
    def failures(self) -> list[str]:
        """Every reason this article fails, one line each (empty: it passes)."""
        out = [f"rule failure: {n}" for n in self.notices]
        out += [f"missed: {e.role} {e.label()} at {self.where(s)}" for e, s in self.missed]
        out += [f"wrong fix: {e.label()} at {self.where(s)}: {why}" for e, s, why in self.bad_fixes]
        out += [f"unexpected finding: {self.describe(f)}" for f in self.unexpected]
        out += [f"trap sprung: absent {e.label()}: {self.describe(f)}" for e, f in self.trap_hits]
        out += [f"stale 'known': {msg}" for msg in self.stale]
        return out


def check_article(article: Article) -> Outcome:
    """Lint one article and match the findings against its expectations."""
    result = runner().check_source(read_source(str(article.txt)))
    findings = list(result.findings)
    out = Outcome(article, findings, notices=list(result.notices))
    text = article.text
    accounted: set[int] = set()          # ids of findings an entry explains

    for e in article.entries("code"):
        for span in e.spans:
            hits = [f for f in findings if f.code == e.value and f.span.overlaps(span)]
            accounted.update(id(f) for f in hits)
            if not hits:
                (out.known_missed if e.known else out.missed).append((e, span))
                continue
            if e.known:
                out.stale.append(f"{e.label()} is marked as a known miss ({e.known}) but "
                                 f"{e.value} now fires at {out.where(span)}: drop 'known'")
            if e.fix is not None:
                problems = [why for f in hits if (why := fix_problem(text, f, span, e.fix))]
                if len(problems) == len(hits):
                    out.bad_fixes.append((e, span, "; ".join(problems)))
                    continue
            out.caught.append((e, span))

    for e in article.entries("absent"):
        for span in e.spans:
            hits = [f for f in findings if f.code == e.value and f.span.overlaps(span)
                    and id(f) not in accounted]
            if e.known:
                if hits:
                    out.known_alarms.extend((e, f) for f in hits)
                else:
                    out.stale.append(f"absent {e.label()} is marked as a known false alarm "
                                     f"({e.known}) but {e.value} no longer fires at "
                                     f"{out.where(span)}: drop 'known'")
            else:                        # any severity: "no MT101 finding may overlap"
                out.trap_hits.extend((e, f) for f in hits)
            accounted.update(id(f) for f in hits)

    for e in article.entries("kind"):
        out.pending.extend((e, s) for s in e.spans)

    for f in findings:
        if id(f) in accounted:
            continue
        (out.unexpected if f.severity >= LOUD else out.hints).append(f)
    return out


def fix_problem(text: str, finding: Finding, anchor: Span, want: str) -> str | None:
    """None if applying `finding`'s fix turns the anchor into `want`; else what went wrong.

    The fixed document is compared with the document whose anchor is replaced by `want`, with
    runs of whitespace collapsed: deleting a whole line and deleting the text of that line
    leave the same copy behind.
    """
    if finding.fix is None or not finding.fix.edits:
        return f"{finding.code} offers no fix (wanted {want!r})"
    got = fixer.apply_fixes(text, [finding.fix])
    expected = text[:anchor.start] + want + text[anchor.end:]
    if _squash(got) == _squash(expected):
        return None
    edits = ", ".join(f"{text[e.span.start:e.span.end]!r} -> {e.replacement!r}"
                      for e in finding.fix.edits)
    return f"{finding.code} fix does {edits}; wanted {text[anchor.start:anchor.end]!r} -> {want!r}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def run_corpus(folder: Path = CORPUS) -> list[Outcome]:
    """Check every article of the corpus (raises CorpusError if an annotation is invalid)."""
    return [check_article(a) for a in load_corpus(folder)]


# -- scoring ------------------------------------------------------------------------------
@dataclass
class RuleScore:
    """Per-rule counts over the corpus."""

    code: str
    expected: int = 0          # anchor occurrences the rule must catch
    found: int = 0             # of those, caught (a wrong fix still counts as found)
    missed: int = 0            # not caught, known misses included
    known_missed: int = 0
    false_alarms: int = 0      # unexpected loud findings + trap hits + known false alarms
    known_alarms: int = 0
    bad_fixes: int = 0

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP), None when the rule neither found nor falsely flagged anything."""
        denominator = self.found + self.false_alarms
        return self.found / denominator if denominator else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN), None when nothing was expected of the rule."""
        return self.found / self.expected if self.expected else None


@dataclass
class Report:
    """Scores over a whole corpus run."""

    outcomes: list[Outcome]

    def scores(self) -> dict[str, RuleScore]:
        """Per-rule scores, for every shipped rule and every code seen."""
        scores = {c: RuleScore(c) for c in sorted(known_codes())}

        def score(code: str) -> RuleScore:
            return scores.setdefault(code, RuleScore(code))

        for o in self.outcomes:
            for e, _ in o.caught:
                score(e.value).expected += 1
                score(e.value).found += 1
            for e, _, _ in o.bad_fixes:
                s = score(e.value)
                s.expected += 1
                s.found += 1
                s.bad_fixes += 1
            for e, _ in o.missed:
                score(e.value).expected += 1
                score(e.value).missed += 1
            for e, _ in o.known_missed:
                s = score(e.value)
                s.expected += 1
                s.missed += 1
                s.known_missed += 1
            for f in o.unexpected:
                score(f.code).false_alarms += 1
            for _, f in o.trap_hits:
                score(f.code).false_alarms += 1
            for _, f in o.known_alarms:
                s = score(f.code)
                s.false_alarms += 1
                s.known_alarms += 1
        return dict(sorted(scores.items()))

    def pending(self) -> dict[str, list[tuple[str, Expectation]]]:
        """Defects no shipped rule covers yet, per kind: (article, entry) per occurrence."""
        out: dict[str, list[tuple[str, Expectation]]] = defaultdict(list)
        for o in self.outcomes:
            for e, _ in o.pending:
                out[e.value].append((o.article.name, e))
        return dict(sorted(out.items()))

    def clean_controls(self) -> list[tuple[Outcome, bool]]:
        """Every clean control and whether it stayed quiet (known false alarms aside)."""
        return [(o, not o.loud and not o.notices) for o in self.outcomes if o.article.clean]

    @property
    def failed(self) -> bool:
        """True if any article fails."""
        return any(o.failures for o in self.outcomes)

    def table(self, verbose: bool = False) -> str:
        """The human-readable report: per-rule table, pending kinds, clean controls."""
        lines = [f"copylint corpus: {len(self.outcomes)} articles "
                 f"({sum(o.article.clean for o in self.outcomes)} clean controls)", ""]
        head = ("rule", "expected", "found", "missed", "false alarms", "wrong fix",
                "precision", "recall")
        rows = [head]
        for s in self.scores().values():
            rows.append((s.code, str(s.expected), str(s.found),
                         _with_known(s.missed, s.known_missed),
                         _with_known(s.false_alarms, s.known_alarms), str(s.bad_fixes),
                         _ratio(s.precision), _ratio(s.recall)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        for n, r in enumerate(rows):
            cells = zip(r, widths, strict=True)
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                   for i, (c, w) in enumerate(cells)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append("(k) = of which known: annotated with 'known', reported but not failing")

        pending = self.pending()
        lines += ["", f"pending (no shipped rule yet): {sum(map(len, pending.values()))} "
                      f"defects in {len(pending)} kinds"]
        width = max((len(k) for k in pending), default=0)
        for kind, items in pending.items():
            per_article = Counter(a for a, _ in items)
            lines.append(f"  {kind.ljust(width)}  {len(items):3d}  "
                         f"({', '.join(f'{a} {n}' for a, n in sorted(per_article.items()))})")
            if verbose:
                for a, e in items:
                    fix = f" -> {e.fix!r}" if e.fix is not None else ""
                    lines.append(f"      {a}: {e.text!r}{fix}")

        lines += ["", "clean controls:"]
        for o, quiet in self.clean_controls():
            extra = f" ({len(o.known_alarms)} known false alarm(s))" if o.known_alarms else ""
            hints = f" [{len(o.hints)} info hint(s)]" if o.hints else ""
            lines.append(f"  {'quiet' if quiet else 'LOUD '}  {o.article.name}{extra}{hints}")

        known = [(o, e, f) for o in self.outcomes for e, f in o.known_alarms]
        known_missed = [(o, e, s) for o in self.outcomes for e, s in o.known_missed]
        if known or known_missed:
            lines += ["", "known problems of current rules (annotated with 'known'):"]
            for o, e, f in known:
                lines.append(f"  false alarm  {o.describe(f)}")
                lines.append(f"               why: {e.known}")
            for o, e, s in known_missed:
                lines.append(f"  miss         {o.where(s)}: {e.label()}")
                lines.append(f"               why: {e.known}")

        hints = [(o, f) for o in self.outcomes for f in o.hints]
        if hints and verbose:
            lines += ["", "info hints (never failing):"]
            lines += [f"  {o.describe(f)}" for o, f in hints]

        failing = [o for o in self.outcomes if o.failures]
        lines += [""]
        if failing:
            lines.append(f"FAILED: {len(failing)} article(s)")
            for o in failing:
                lines.append(f"  {o.article.name}:")
                lines += [f"    {msg}" for msg in o.failures]
        else:
            lines.append("OK: every expectation met, no unexpected findings")
        return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _with_known(total: int, known: int) -> str:
    return f"{total} ({known}k)" if known else str(total)


def main(argv: Iterable[str] | None = None) -> int:
    """Print the corpus report; exit status 1 on any miss, false alarm or invalid annotation."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(CORPUS), help="corpus folder")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every pending defect and info hint")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        outcomes = run_corpus(Path(args.corpus))
    except CorpusError as exc:
        print(f"invalid corpus annotations:\n{exc}", file=sys.stderr)
        return 1
    report = Report(outcomes)
    print(report.table(verbose=args.verbose))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
