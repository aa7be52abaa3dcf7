"""Options schemas: what a kind or a Python check accepts under a rule's `options:`.

Each kind engine and each Python check declares its options as `{name: Option(type, default)}`;
the loader checks a rule's `options:` against that schema (an unknown or mistyped key is an
error naming the file, the rule and the key) and hands the check a complete mapping, defaults
filled in and table references resolved to `Table`s.

Types: 'int', 'float' (an int is accepted), 'bool', 'str', 'words' (a list of strings), 'dict'
(a mapping of string keys), 'table' (one table: a vocabulary name or a relative path),
'tables' (a list of tables).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import RuleError

REQUIRED = object()
TYPES = ("int", "float", "bool", "str", "words", "dict", "table", "tables")


@dataclass(frozen=True)
class Option:
    """One option of a kind or check: its type, its default (REQUIRED: none) and what it does."""

    type: str
    default: Any = REQUIRED
    doc: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown option type {self.type!r}")


Schema = dict[str, Option]


def _typed(kind: str, value: Any) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("str", "table"):
        return isinstance(value, str)
    if kind in ("words", "tables"):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, dict) and all(isinstance(k, str) for k in value)   # dict


NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "a string",
         "words": "a list of strings", "dict": "a mapping", "table": "a table name or path",
         "tables": "a list of table names or paths"}


def validate(values: Any, schema: Schema, *, origin: str, code: str,
             resolve_table: Callable[[str, str], Any]) -> dict[str, Any]:
    """`values` (a rule's `options:`) checked against `schema`, with defaults filled in and
    tables resolved through `resolve_table(ref, key)`. Raises RuleError naming the key."""
    if not isinstance(values, dict):
        raise RuleError("key 'options' must be a mapping", origin=origin, code=code, key="options")
    out: dict[str, Any] = {}
    for key, value in values.items():
        option = schema.get(key)
        if option is None:
            known = ", ".join(sorted(schema)) or "none"
            raise RuleError(f"unknown key 'options.{key}' (this rule takes: {known})",
                            origin=origin, code=code, key=f"options.{key}")
        if not _typed(option.type, value):
            hint = ""
            if isinstance(value, list) and any(isinstance(v, bool) for v in value):
                hint = " (YAML reads a bare on/off/yes/no as true/false: quote it, \"on\")"
            raise RuleError(f"key 'options.{key}': {value!r} is not {NAMES[option.type]}{hint}",
                            origin=origin, code=code, key=f"options.{key}")
        out[key] = value
    for key, option in schema.items():
        if key not in out:
            if option.default is REQUIRED:
                raise RuleError(f"missing key 'options.{key}'", origin=origin, code=code,
                                key=f"options.{key}")
            out[key] = option.default
    for key, option in schema.items():
        if option.type == "table" and out[key] is not None:
            out[key] = resolve_table(out[key], f"options.{key}")
        elif option.type == "tables":
            out[key] = [resolve_table(ref, f"options.{key}") for ref in out[key]]
        elif option.type == "float" and out[key] is not None:
            out[key] = float(out[key])
    return out
