"""Word lists: one TSV reader, one cache, and the named vocabularies rules share.

A table is a UTF-8 file of tab-separated rows next to the rule files ('#' lines and blank
lines are comments). A rule names a table either by a path relative to its own file
(`wordlists/calques.tsv`) or by the name of a *vocabulary*: shared knowledge declared once in a
rule folder's `vocabularies:` record (place names, transliteration tables, function words...)
so several rules reference one list and no rule reaches into another rule's settings.

Every table is read once per process, whichever rule or rule set asks for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import RuleError

Rows = tuple[tuple[str, ...], ...]


def builtin_rules_dir():
    """The rules/ folder shipped inside the package (found through importlib.resources)."""
    return resources.files("lint.rulepacks")

_CACHE: dict[str, Rows] = {}


def read_tsv(path: Any) -> Rows:
    """Rows of a tab-separated file (cells stripped); cached per path for the process."""
    key = str(path)
    rows = _CACHE.get(key)
    if rows is None:
        raw = path.read_text(encoding="utf-8")
        rows = tuple(tuple(cell.strip() for cell in line.split("\t"))
                     for line in raw.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))
        _CACHE[key] = rows
    return rows


@dataclass(frozen=True)
class Vocabulary:
    """A named word list: where it is, what it holds, and where it was declared."""

    name: str
    path: Any          # Path or importlib Traversable
    about: str
    origin: str


@dataclass(frozen=True, eq=False)
class Table:
    """A table a rule refers to, resolved at load time; its rows are read on first use."""

    ref: str           # as written in the rule file
    path: Any
    origin: str        # the rule file (for error messages)
    code: str

    @property
    def rows(self) -> Rows:
        """The table's rows (read once per process)."""
        try:
            return read_tsv(self.path)
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"cannot read table '{self.ref}': {exc}", origin=self.origin,
                            code=self.code) from None

    def bad_row(self, row: tuple[str, ...], expected: str) -> RuleError:
        """The error for a malformed row: names the rule file, the rule, the table and the row."""
        return RuleError(f"table '{self.ref}': bad row {list(row)!r}: expected {expected}",
                         origin=self.origin, code=self.code)


def is_vocabulary_name(ref: str) -> bool:
    """A bare name (letters, digits, hyphens) refers to a vocabulary; anything else is a path."""
    return bool(ref) and all(c.isascii() and (c.isalnum() or c == "-") for c in ref) \
        and not ref.endswith(("tsv", "txt"))


def resolve(ref: Any, base_dir: Any, vocabularies: dict[str, Vocabulary], *, origin: str,
            code: str, key: str) -> Table:
    """A table reference as a Table: a vocabulary's list or a path under the rule's folder.

    Raises RuleError naming the key if it is not a string, names no vocabulary, or the file
    does not exist."""
    if not isinstance(ref, str) or not ref.strip():
        raise RuleError(f"key '{key}': a table is a vocabulary name or a path relative to the "
                        f"rule file, not {ref!r}", origin=origin, code=code, key=key)
    if is_vocabulary_name(ref):
        vocab = vocabularies.get(ref)
        if vocab is None:
            known = ", ".join(sorted(vocabularies)) or "none"
            raise RuleError(f"key '{key}': unknown vocabulary '{ref}' (known: {known})",
                            origin=origin, code=code, key=key)
        return Table(ref, vocab.path, origin, code)
    if ref.startswith(("/", "\\")) or ".." in ref.replace("\\", "/").split("/"):
        raise RuleError(f"key '{key}': table path '{ref}' must stay inside the rule folder",
                        origin=origin, code=code, key=key)
    path = base_dir.joinpath(*ref.split("/"))
    if not path.is_file():
        raise RuleError(f"key '{key}': table '{ref}' does not exist", origin=origin, code=code,
                        key=key)
    return Table(ref, path, origin, code)
