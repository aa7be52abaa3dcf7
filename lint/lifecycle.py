"""The rule lifecycle, the same for every kind: load -> prepare -> check.

- **load** (lint.loader): the YAML record is validated strictly; its tables are resolved, its
  options checked against the kind's or check's schema, its message template against the fields
  the kind or check provides.
- **prepare** (`prepare(rule, env) -> Checker`, once per rule set): read tables, compile
  matchers, take the per-run environment (house spellings...). A malformed table row is a
  RuleError here.
- **check** (`checker(doc, budget) -> findings`, once per document): `budget` bounds the time
  the rule's patterns may take on that document, whatever number of regex calls it makes.

A Python check is a function decorated with `@check(...)` (it gets `(doc, rule)`) or
`@preparer(...)` (it gets `(rule, env)` and returns the checker); both declare the options the
rule may set and the message fields the check fills.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .options import Option, Schema

if TYPE_CHECKING:
    from .document import Document
    from .model import Finding


class Budget:
    """Seconds one rule may spend in its patterns on one document: each regex call gets what is
    left (`left()`), so a hundred calls share one limit instead of a hundred fresh ones."""

    __slots__ = ("deadline",)

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left (a regex `timeout=`); raises TimeoutError once it is spent."""
        rest = self.deadline - time.monotonic()
        if rest <= 0:
            raise TimeoutError("time budget spent")
        return rest

    @staticmethod
    def for_rule(rule, text: str) -> Budget:
        """A rule's budget on a text: its own `timeout`, else one second plus one per 2 MB."""
        return Budget(rule.timeout or 1.0 + len(text) / 2_000_000)


@dataclass(frozen=True)
class Env:
    """What a rule set knows beyond its rules: per-configuration settings a check may read."""

    house_spellings: tuple[tuple[str, str], ...] = ()   # variant -> preferred, sorted
    across_files: bool = False

    @property
    def house(self) -> dict[str, str]:
        """House spellings as a mapping variant -> preferred."""
        return dict(self.house_spellings)


Checker = Callable[["Document", Budget], Iterable["Finding"]]


@dataclass(frozen=True)
class CheckSpec:
    """What a Python check declares: how to prepare it, its options and its message fields."""

    prepare: Callable[[Any, Env], Checker]
    options: Schema = field(default_factory=dict)
    fields: frozenset[str] = frozenset()


ATTRIBUTE = "__copylint_check__"


def check(*, options: Schema | None = None, fields: Iterable[str] = ()) -> Callable:
    """Declare `f(doc, rule) -> findings` a Python check with these options and message fields."""
    def wrap(f: Callable) -> Callable:
        def prepare(rule, env: Env) -> Checker:
            def run(doc, budget):
                return f(doc, rule)
            vocabulary = getattr(f, "vocabulary", None)   # words the check looks up, if declared
            if vocabulary:
                run.vocabulary = vocabulary   # type: ignore[attr-defined]
            return run
        setattr(f, ATTRIBUTE, CheckSpec(prepare, dict(options or {}), frozenset(fields)))
        return f
    return wrap


def preparer(*, options: Schema | None = None, fields: Iterable[str] = ()) -> Callable:
    """Declare `prepare(rule, env) -> checker` a Python check with these options and fields."""
    def wrap(f: Callable) -> Callable:
        setattr(f, ATTRIBUTE, CheckSpec(f, dict(options or {}), frozenset(fields)))
        return f
    return wrap


def spec_of(obj: Any) -> CheckSpec | None:
    """The CheckSpec a function was declared with, or None if it is not a check."""
    return getattr(obj, ATTRIBUTE, None)


__all__ = ["Budget", "Env", "Checker", "CheckSpec", "Option", "check", "preparer", "spec_of"]
