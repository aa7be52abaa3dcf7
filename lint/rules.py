"""Rule records: the strict YAML loader for rules/ and selection by code, prefix, group or name.

A rule file holds one rule (a mapping) or a family (`rules: [...]`). Every key is checked: an
unknown key, a missing required key or a pattern that does not compile is a RuleError naming the
file, the rule and the key, never a silent no-op.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import regex
import yaml

from .model import Applicability, Finding, Fix, Related, Severity, Span

CODE_RE = regex.compile(r"^[A-Z]{2}\d{3}$")
CODE_PREFIX_RE = regex.compile(r"^(?:[A-Z]|[A-Za-z]{2}\d{0,3})$")
NAME_RE = regex.compile(r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")

COMMON_KEYS = {
    "code", "name", "summary", "severity", "groups", "kind", "message", "docs", "examples",
    "enabled", "quotes", "headline", "fix", "options", "source", "timeout", "collect", "across",
}
REQUIRED_KEYS = {"code", "name", "summary", "severity", "kind", "message", "docs"}
DOCS_KEYS = {"what", "why", "example", "fix"}
KIND_KEYS = {
    "substitution": {"table", "entries", "case", "exceptions", "document_exceptions"},
    "existence": {"patterns", "table", "case", "exceptions", "scope"},
    "python": {"check"},
    "phrase": {"table", "words", "inflections", "exceptions"},
    "builtin": set(),
}
QUOTE_POLICIES = ("check", "info", "skip")


class RuleError(Exception):
    """A rule file that cannot be loaded; the message names the file and the key."""


class SelectionError(Exception):
    """A --select/--ignore entry that matches no rule."""


@dataclass(eq=False)
class Rule:
    """One rule record, as loaded from YAML. Kind engines read their settings from `spec`."""

    code: str
    name: str
    summary: str
    severity: Severity
    kind: str
    message: str
    docs: dict[str, str]
    origin: str
    groups: tuple[str, ...] = ()
    examples: tuple[dict, ...] = ()
    enabled: bool = True
    quotes: str = "check"
    headline: str = "check"
    fix: Applicability | None = Applicability.SAFE
    options: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    timeout: float | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    collect: str | None = None   # module:function gathering a per-file summary (run-level rules)
    across: str | None = None    # module:function comparing the summaries of a whole run
    base_dir: Any = None  # folder (Path or Traversable) that relative tables resolve against

    # -- findings ----------------------------------------------------------------
    def format(self, **values: Any) -> str:
        """The rule's message with `values` filled in; unknown fields stay as written."""
        return self.message.format_map(_Lenient(values))

    def finding(self, span: Span, *, fix: Fix | None = None, alternatives: Iterable[Fix] = (),
                related: Iterable[Related] = (), message: str | None = None,
                severity: Severity | None = None, **values: Any) -> Finding:
        """Build a Finding of this rule; the message is the template filled with `values`."""
        return Finding(
            code=self.code, rule=self.name,
            severity=severity if severity is not None else self.severity,
            message=message if message is not None else self.format(**values),
            span=span, fix=fix, alternatives=tuple(alternatives), related=tuple(related))

    def make_fix(self, span: Span, replacement: str, title: str) -> Fix | None:
        """A one-edit fix at the rule's applicability, or None if the rule has no fix."""
        if self.fix is None:
            return None
        return Fix.replace(span, replacement, title, self.fix)

    # -- data --------------------------------------------------------------------
    def read_table(self, rel: str) -> list[list[str]]:
        """Rows of a tab-separated word list next to the rule file ('#' lines are comments)."""
        base = self.base_dir
        path = base.joinpath(*rel.split("/"))
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{self.origin}: rule {self.code}: cannot read table '{rel}': {exc}") from None
        rows = []
        for line in raw.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append([cell.strip() for cell in line.split("\t")])
        return rows

    def _function(self, key: str, target: str) -> Callable:
        module, _, func = target.partition(":")
        try:
            return getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError) as exc:
            raise RuleError(f"{self.origin}: rule {self.code}: {key} '{target}' "
                            f"cannot be imported: {exc}") from None

    @cached_property
    def collector(self) -> Callable | None:
        """For a rule that compares files: `collect(doc, rule) -> summary`, run on each file."""
        return self._function("collect", self.collect) if self.collect else None

    @cached_property
    def combiner(self) -> Callable | None:
        """For a rule that compares files: `across(rule, [(path, summary)], settings)`, run once
        per run over every file's summary, yielding (path, Finding) pairs."""
        return self._function("across", self.across) if self.across else None

    @cached_property
    def checker(self) -> Callable:
        """The function that checks a Document for this rule: kind engine or named Python check."""
        if self.kind == "python":
            return self._function("check", self.spec["check"])
        if self.kind == "builtin":
            return lambda doc, rule: iter(())
        kind = importlib.import_module(f"lint.kinds.{self.kind}")
        return kind.prepare(self)

    def check(self, doc) -> Iterator[Finding]:
        """Run this rule over a Document."""
        return self.checker(doc, self)


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# -- loading --------------------------------------------------------------------------
def builtin_rules_dir():
    """The rules/ folder shipped inside the package (found through importlib.resources)."""
    return resources.files("lint.rulepacks")


def load_rules(folders: Iterable[Any] = ()) -> dict[str, Rule]:
    """Load the shipped rules plus every YAML rule under `folders`; codes must be unique."""
    rules: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for folder in [builtin_rules_dir(), *folders]:
        for rule in load_folder(folder):
            for key, seen, label in ((rule.code, rules, "code"), (rule.name, names, "name")):
                if key in seen:
                    raise RuleError(f"{rule.origin}: rule {rule.code}: {label} '{key}' is already "
                                    f"defined in {seen[key].origin}")
            rules[rule.code] = rule
            names[rule.name] = rule
    return dict(sorted(rules.items()))


def load_folder(folder: Any) -> Iterator[Rule]:
    """Every rule in the *.yml / *.yaml files of one folder (not recursive: tables live below)."""
    if isinstance(folder, (str, Path)):
        folder = Path(folder)
        if not folder.is_dir():
            raise RuleError(f"{folder}: rule folder does not exist")
    entries = sorted((p for p in folder.iterdir() if p.name.endswith((".yml", ".yaml"))),
                     key=lambda p: p.name)
    for entry in entries:
        yield from load_file(entry, folder)


# libyaml's parser when PyYAML was built with it (about ten times faster), else pure Python
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Any, error: type[Exception] | None = None) -> Any:
    """Parse a YAML file; a syntax or reading problem becomes `error` (RuleError by default)
    with one line naming the file (and the line, where YAML knows it)."""
    error = error or RuleError
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise error(f"{path}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {exc}") from None


def load_file(path: Any, base_dir: Any) -> Iterator[Rule]:
    """Parse one rule file strictly."""
    origin = str(path)
    data = read_yaml(path)
    if isinstance(data, dict) and set(data) == {"rules"}:
        records = data["rules"]
        if not isinstance(records, list):
            raise RuleError(f"{origin}: 'rules' must be a list of rule records")
    elif isinstance(data, dict):
        records = [data]
    else:
        raise RuleError(f"{origin}: expected a rule record or 'rules: [...]'")
    for i, record in enumerate(records):
        yield parse_rule(record, origin, base_dir, i)


def parse_rule(record: Any, origin: str, base_dir: Any, index: int = 0) -> Rule:
    """Validate one record and build a Rule."""
    if not isinstance(record, dict):
        raise RuleError(f"{origin}: rule #{index + 1} is not a mapping")
    label = f"{origin}: rule {record.get('code', f'#{index + 1}')}"

    def fail(msg: str) -> RuleError:
        return RuleError(f"{label}: {msg}")

    kind = record.get("kind")
    if kind not in KIND_KEYS:
        raise fail(f"key 'kind': unknown kind {kind!r} (one of {', '.join(sorted(KIND_KEYS))})")
    for key in record:
        if key not in COMMON_KEYS and key not in KIND_KEYS[kind]:
            raise fail(f"unknown key '{key}'")
    for key in sorted(REQUIRED_KEYS - set(record)):
        raise fail(f"missing key '{key}'")
    code, name = record["code"], record["name"]
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise fail(f"key 'code': {code!r} is not two capitals and three digits (e.g. MT101)")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise fail(f"key 'name': {name!r} is not a dotted lower-case name (e.g. translation.stutter)")
    for key in ("summary", "message"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise fail(f"key '{key}' must be a non-empty string")
    docs = record["docs"]
    if not isinstance(docs, dict):
        raise fail("key 'docs' must be a mapping with what, why, example, fix")
    for key in docs:
        if key not in DOCS_KEYS:
            raise fail(f"unknown key 'docs.{key}'")
    for key in sorted(DOCS_KEYS - set(docs)):
        raise fail(f"missing key 'docs.{key}'")
    try:
        severity = Severity.parse(record["severity"])
    except ValueError as exc:
        raise fail(f"key 'severity': {exc}") from None
    fix_value = record.get("fix", "safe")
    try:
        fix = None if fix_value in (None, "none") else Applicability.parse(fix_value)
    except (ValueError, AttributeError):
        raise fail(f"key 'fix': {fix_value!r} is not safe, unsafe, display-only or none") from None
    for key in ("quotes", "headline"):
        if record.get(key, "check") not in QUOTE_POLICIES:
            raise fail(f"key '{key}': must be one of {', '.join(QUOTE_POLICIES)}")
    groups = record.get("groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise fail("key 'groups' must be a list of names")
    examples = record.get("examples", [])
    if not isinstance(examples, list):
        raise fail("key 'examples' must be a list")
    for ex in examples:
        if not isinstance(ex, dict) or not set(ex) or not set(ex) <= {"fail", "fix", "pass", "note"} \
                or ("fail" in ex) == ("pass" in ex):
            raise fail(f"example {ex!r}: use {{fail: ..., fix: ...}} or {{pass: ...}}")
    options = record.get("options", {})
    if not isinstance(options, dict):
        raise fail("key 'options' must be a mapping")
    timeout = record.get("timeout")
    if timeout is not None and not (isinstance(timeout, (int, float)) and timeout > 0):
        raise fail("key 'timeout' must be a positive number of seconds")
    if not isinstance(record.get("enabled", True), bool):
        raise fail("key 'enabled' must be true or false")
    for key in ("collect", "across"):
        if key in record and not (isinstance(record[key], str) and ":" in record[key]):
            raise fail(f"key '{key}' must name a function as 'module:function'")
    if ("collect" in record) != ("across" in record):
        raise fail("keys 'collect' and 'across' go together")
    spec = {k: record[k] for k in KIND_KEYS[kind] if k in record}
    if kind == "python" and not isinstance(spec.get("check"), str):
        raise fail("key 'check' must name a function as 'module:function'")
    rule = Rule(
        code=code, name=name, summary=record["summary"].strip(), severity=severity, kind=kind,
        message=record["message"].strip(), docs={k: str(v).strip() for k, v in docs.items()},
        origin=origin, groups=tuple(groups), examples=tuple(examples),
        enabled=record.get("enabled", True), quotes=record.get("quotes", "check"),
        headline=record.get("headline", "check"), fix=fix, options=options,
        source=str(record.get("source", "")), timeout=timeout, spec=spec,
        collect=record.get("collect"), across=record.get("across"), base_dir=base_dir)
    if kind in ("substitution", "existence"):
        importlib.import_module(f"lint.kinds.{kind}").validate(rule, fail)
    return rule


# -- selection ------------------------------------------------------------------------
def matches(rule: Rule, selector: str) -> bool:
    """Whether `selector` (ALL, a code, a code prefix, a group or a rule name) picks `rule`."""
    if selector.upper() == "ALL":
        return True
    if CODE_PREFIX_RE.match(selector):          # MT, MT1, MT101 (any case: mt101)
        return rule.code.startswith(selector.upper())
    return selector == rule.name or selector in rule.groups or rule.name.startswith(selector + ".")


def select_rules(rules: dict[str, Rule], select: Iterable[str] | None = None,
                 extend_select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules in effect: `select` (default: every enabled rule) plus `extend_select`,
    minus `ignore`. A rule that is off by default is on only when a selector names it by code
    or name: a prefix, a group or ALL does not switch it on."""
    selectors = [*(select or []), *extend_select]
    for sel in [*selectors, *ignore]:
        check_selector(rules, sel)
    chosen = []
    for rule in rules.values():
        picked = (select is None and rule.enabled) or any(
            matches(rule, s) for s in selectors
            if rule.enabled or s.upper() == rule.code or s == rule.name)
        if picked and not any(matches(rule, s) for s in ignore):
            chosen.append(rule)
    return chosen


def check_selector(rules: dict[str, Rule], selector: str) -> None:
    """Raise SelectionError if `selector` matches no rule."""
    if not any(matches(rule, selector) for rule in rules.values()):
        raise SelectionError(f"unknown rule code, group or name '{selector}' "
                             f"(see `copylint rules`)")
