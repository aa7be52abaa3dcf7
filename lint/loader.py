"""The strict loader for rule packs: YAML records -> validated `Rule`s.

A rule file holds one rule (a mapping), a family (`rules: [...]`) and/or shared word lists
(`vocabularies: {name: {table: path, about: text}}`). Everything is checked when the pack loads,
so a typo is an error naming the file, the rule and the key, never a silent no-op:
unknown or duplicate keys, missing keys, bad codes, options against the kind's or check's
schema, message fields against what the kind or check fills, tables that do not exist,
patterns that do not compile, match empty text or carry absurd repeat counts.

Python (`kind: python`, `collect:`, `across:`) loads only from trusted folders: the pack shipped
with copylint and folders named by a configuration the user chose (see the README, "Trust").
"""
from __future__ import annotations

import importlib
import string
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import RuleError
from .kinds import KINDS
from .lifecycle import spec_of
from .model import Applicability, Severity
from .options import validate as validate_options
from .rules import Rule
from .tables import Vocabulary, builtin_rules_dir, resolve

CODE_RE = regex.compile(r"[A-Z]{2}[0-9]{3}")
NAME_RE = regex.compile(r"[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+")

COMMON_KEYS = {
    "code", "name", "summary", "severity", "groups", "kind", "message", "docs", "examples",
    "enabled", "quotes", "headline", "fix", "options", "source", "timeout", "collect", "across",
}
REQUIRED_KEYS = {"code", "name", "summary", "severity", "kind", "message", "docs"}
DOCS_KEYS = {"what", "why", "example", "fix"}
QUOTE_POLICIES = ("check", "info", "skip")
VOCABULARY_KEYS = {"table", "about"}


# -- YAML -------------------------------------------------------------------------------
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when PyYAML has it


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """YAML that refuses a key written twice in one mapping (YAML itself keeps the last)."""


def _mapping(loader, node, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Any, error: type[Exception] | None = None) -> Any:
    """Parse a YAML file strictly; a syntax or reading problem (or a duplicate key) becomes
    `error` (RuleError by default) with one line naming the file and, where known, the line."""
    error = error or RuleError
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise error(f"{path}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {exc}") from None


# -- packs ------------------------------------------------------------------------------
def load_rules(folders: Iterable[Any] = (), *, trusted: bool = False) -> dict[str, Rule]:
    """The shipped rules plus every rule under `folders` (codes and names unique). Python in
    `folders` is allowed only if `trusted` (the folders come from the user's own choice)."""
    packs = [(builtin_rules_dir(), True), *((_folder(f), trusted) for f in folders)]
    records = [(folder, ok, entry, read_yaml(entry)) for folder, ok in packs
               for entry in _rule_files(folder)]
    vocabularies: dict[str, Vocabulary] = {}
    for folder, _, entry, data in records:
        for vocab in _vocabularies(data, entry, folder):
            if vocab.name in vocabularies:
                raise RuleError(f"vocabulary '{vocab.name}' is already declared in "
                                f"{vocabularies[vocab.name].origin}", origin=str(entry))
            vocabularies[vocab.name] = vocab
    rules: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for folder, ok, entry, data in records:
        for rule in _rules_of(data, entry, folder, vocabularies, ok):
            for key, seen, label in ((rule.code, rules, "code"), (rule.name, names, "name")):
                if key in seen:
                    raise RuleError(f"{label} '{key}' is already defined in {seen[key].origin}",
                                    origin=rule.origin, code=rule.code)
            rules[rule.code] = rule
            names[rule.name] = rule
    return dict(sorted(rules.items()))


def load_folder(folder: Any, *, trusted: bool = True) -> Iterator[Rule]:
    """Every rule of one folder on its own (with the shipped vocabularies available)."""
    folder = _folder(folder)
    vocabularies = dict(_shipped_vocabularies())
    files = [(entry, read_yaml(entry)) for entry in _rule_files(folder)]
    for entry, data in files:
        for v in _vocabularies(data, entry, folder):
            vocabularies.setdefault(v.name, v)
    for entry, data in files:
        yield from _rules_of(data, entry, folder, vocabularies, trusted)


@lru_cache(maxsize=1)
def _shipped_vocabularies() -> dict[str, Vocabulary]:
    """The vocabularies the shipped pack declares (read once; copy before adding to it)."""
    shipped = builtin_rules_dir()
    return {v.name: v for entry in _rule_files(shipped)
            for v in _vocabularies(read_yaml(entry), entry, shipped)}


def _folder(folder: Any) -> Any:
    if isinstance(folder, (str, Path)):
        folder = Path(folder)
        if not folder.is_dir():
            raise RuleError(f"{folder}: rule folder does not exist")
    return folder


def _rule_files(folder: Any) -> list:
    """The *.yml / *.yaml files of a folder (not recursive: tables live below)."""
    return sorted((p for p in folder.iterdir() if p.name.endswith((".yml", ".yaml"))),
                  key=lambda p: p.name)


def _vocabularies(data: Any, entry: Any, folder: Any) -> Iterator[Vocabulary]:
    if not isinstance(data, dict) or "vocabularies" not in data:
        return
    origin = str(entry)
    block = data["vocabularies"]
    if not isinstance(block, dict):
        raise RuleError("'vocabularies' must map names to {table, about}", origin=origin)
    for name, record in block.items():
        where = f"vocabulary '{name}'"
        if not isinstance(name, str) or not name or not all(c.isascii() and (c.isalnum() or c == "-")
                                                           for c in name):
            raise RuleError(f"{where}: a name is letters, digits and hyphens", origin=origin)
        if not isinstance(record, dict) or set(record) - VOCABULARY_KEYS or "table" not in record:
            raise RuleError(f"{where}: expected {{table: path, about: text}}", origin=origin)
        table = resolve(record["table"], folder, {}, origin=origin, code="", key=f"{where}: table")
        yield Vocabulary(name, table.path, str(record.get("about", "")).strip(), origin)


def _rules_of(data: Any, entry: Any, folder: Any, vocabularies: dict[str, Vocabulary],
              trusted: bool) -> Iterator[Rule]:
    origin = str(entry)
    if isinstance(data, dict) and set(data) <= {"rules", "vocabularies"} and data:
        records = data.get("rules", [])
        if not isinstance(records, list):
            raise RuleError("'rules' must be a list of rule records", origin=origin)
    elif isinstance(data, dict):
        records = [data]
    else:
        raise RuleError("expected a rule record, 'rules: [...]' or 'vocabularies: {...}'",
                        origin=origin)
    for i, record in enumerate(records):
        yield parse_rule(record, origin, folder, i, vocabularies=vocabularies, trusted=trusted)


# -- one record -------------------------------------------------------------------------
def parse_rule(record: Any, origin: str, base_dir: Any, index: int = 0, *,
               vocabularies: dict[str, Vocabulary] | None = None, trusted: bool = True) -> Rule:
    """Validate one record and build a Rule (tables resolved, options and fields checked)."""
    if not isinstance(record, dict):
        raise RuleError(f"rule #{index + 1} is not a mapping", origin=origin)
    label = str(record["code"]) if isinstance(record.get("code"), str) else f"#{index + 1}"
    vocabularies = vocabularies or {}

    def fail(msg: str, key: str = "") -> RuleError:
        return RuleError(msg, origin=origin, code=label, key=key)

    kind_name = record.get("kind")
    if kind_name not in KINDS:
        raise fail(f"key 'kind': unknown kind {kind_name!r} (one of {', '.join(sorted(KINDS))})")
    kind = KINDS[kind_name]
    check_keys(record, COMMON_KEYS | kind.keys, REQUIRED_KEYS, fail)
    code, name = record["code"], record["name"]
    if not isinstance(code, str) or not CODE_RE.fullmatch(code):
        raise fail(f"key 'code': {code!r} is not two capitals and three digits 0-9 (e.g. MT101)")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise fail(f"key 'name': {name!r} is not a dotted lower-case name (e.g. translation.stutter)")
    for key in ("summary", "message"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise fail(f"key '{key}' must be a non-empty string", key)
    docs = _docs(record["docs"], fail)
    try:
        severity = Severity.parse(record["severity"])
    except (ValueError, AttributeError) as exc:
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
    examples = _examples(record.get("examples", []), fail)
    timeout = record.get("timeout")
    if timeout is not None and not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
                                    and 0 < timeout <= 600):
        raise fail("key 'timeout' must be a number of seconds above 0 and at most 600")
    if not isinstance(record.get("enabled", True), bool):
        raise fail("key 'enabled' must be true or false")
    for key in ("collect", "across"):
        if key in record and not (isinstance(record[key], str) and ":" in record[key]):
            raise fail(f"key '{key}' must name a function as 'module:function'")
    if ("collect" in record) != ("across" in record):
        raise fail("keys 'collect' and 'across' go together")
    spec = {k: record[k] for k in kind.keys if k in record}
    runs_code = kind_name == "python" or "collect" in record
    if runs_code and not trusted:
        raise fail("Python checks load only from the shipped rules and from rule folders named "
                   "by your own configuration (--config, or the one governing the directory you "
                   "run copylint from); this folder may hold data rules only")

    def table(ref: str, key: str):
        return resolve(ref, base_dir, vocabularies, origin=origin, code=code, key=key)

    check_spec = None
    if kind_name == "python":
        if not isinstance(spec.get("check"), str) and "collect" not in record:
            raise fail("key 'check' must name a function as 'module:function'")
        if isinstance(spec.get("check"), str):
            check_spec = spec_of(_function(spec["check"], "check", fail))
            if check_spec is None:
                raise fail(f"key 'check': '{spec['check']}' is not a copylint check "
                           f"(declare it with lint.lifecycle.check or preparer)")
    schema = check_spec.options if check_spec is not None else kind.options
    fields = check_spec.fields if check_spec is not None else kind.fields
    options = validate_options(record.get("options", {}), schema, origin=origin, code=code,
                               resolve_table=table)
    message = record["message"].strip()
    _check_fields(message, fields, fail)
    tables = {key: table(spec[key], key) for key in kind.tables if key in spec}
    rule = Rule(
        code=code, name=name, summary=record["summary"].strip(), severity=severity,
        kind=kind_name, message=message, docs=docs, origin=origin, groups=tuple(groups),
        examples=examples, enabled=record.get("enabled", True),
        quotes=record.get("quotes", "check"), headline=record.get("headline", "check"), fix=fix,
        options=options, source=str(record.get("source", "")), timeout=timeout, spec=spec,
        tables=tables, check_spec=check_spec,
        collector=_function(record["collect"], "collect", fail) if "collect" in record else None,
        combiner=_function(record["across"], "across", fail) if "across" in record else None)
    if kind.validate:
        importlib.import_module(kind.module).validate(rule, fail)
    return rule


def check_keys(mapping: dict, allowed: Iterable[str], required: Iterable[str],
               fail: Callable[[str], Exception], prefix: str = "") -> None:
    """Raise `fail(...)` for the first key of `mapping` not in `allowed` (naming the keys that
    are) or the first of `required` missing: the strictness every YAML record of the house has."""
    allowed = set(allowed)
    for key in mapping:
        if key not in allowed:
            raise fail(f"unknown key '{prefix}{key}' (allowed: {', '.join(sorted(allowed))})")
    for key in sorted(set(required) - set(mapping)):
        raise fail(f"missing key '{prefix}{key}'")


def _docs(docs: Any, fail: Callable[..., RuleError]) -> dict[str, str]:
    if not isinstance(docs, dict):
        raise fail("key 'docs' must be a mapping with what, why, example, fix")
    check_keys(docs, DOCS_KEYS, DOCS_KEYS, fail, "docs.")
    return {k: str(v).strip() for k, v in docs.items()}


def _examples(examples: Any, fail: Callable[..., RuleError]) -> tuple[dict, ...]:
    if not isinstance(examples, list):
        raise fail("key 'examples' must be a list")
    for ex in examples:
        if not isinstance(ex, dict) or not set(ex) or not set(ex) <= {"fail", "fix", "pass", "note"} \
                or ("fail" in ex) == ("pass" in ex) \
                or not all(isinstance(v, str) for v in ex.values()):
            raise fail(f"example {ex!r}: use {{fail: ..., fix: ...}} or {{pass: ...}}")
    return tuple(examples)


def _check_fields(message: str, fields: frozenset[str], fail: Callable[..., RuleError]) -> None:
    """Every {field} of a message template must be one the kind or check fills, by name."""
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as exc:
        raise fail(f"key 'message': {exc} (write a literal brace as '{{{{' or '}}}}')") from None
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier():
            raise fail(f"key 'message': field {{{field}}} must be a name (one of "
                       f"{', '.join(sorted(fields)) or 'none'})")
        if spec or conversion:
            raise fail(f"key 'message': field {{{field}}} takes no format spec or conversion")
        if field not in fields:
            raise fail(f"key 'message': unknown field {{{field}}} (this rule fills "
                       f"{', '.join(sorted(fields)) or 'none'})")


def _function(target: str, key: str, fail: Callable[..., RuleError]) -> Callable:
    module, _, func = target.partition(":")
    try:
        found = getattr(importlib.import_module(module), func)
    except Exception as exc:   # ImportError, AttributeError, or an error while importing
        raise fail(f"key '{key}': '{target}' cannot be imported: {type(exc).__name__}: {exc}") from None
    if not callable(found):
        raise fail(f"key '{key}': '{target}' is not a function")
    return found
