"""Configuration: [tool.copylint] in pyproject.toml, or copylint.toml / .copylint.toml,
discovered upward from each checked file. Every key is checked; a bad one is a ConfigError
naming the file and the key."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .errors import CopylintError
from .model import Severity

CONFIG_NAMES = (".copylint.toml", "copylint.toml", "pyproject.toml")
KEYS = {"select", "extend-select", "ignore", "severity", "rule-paths", "house-spellings",
        "include", "exclude", "across-files"}


class ConfigError(CopylintError):
    """A configuration file that cannot be used; str() names the file and key."""


@dataclass(frozen=True)
class Config:
    """Settings read from one configuration file (or the defaults, with path None)."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_paths: tuple[str, ...] = ()
    house_spellings: tuple[tuple[str, str], ...] = ()    # (variant, preferred)
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    across_files: bool = False       # names spelt differently across files: warning, not info


DEFAULT = Config()


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above folder `start`."""
    return _find_config(start.resolve())


@lru_cache(maxsize=1024)
def _find_config(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_section(candidate)):
            return candidate
    parent = folder.parent
    return None if parent == folder else _find_config(parent)


def _has_section(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "[tool.copylint" in pyproject.read_text(encoding="utf-8", errors="replace")
    return "copylint" in data.get("tool", {})


@lru_cache(maxsize=256)
def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read: {exc}") from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("copylint", {})
        prefix = "tool.copylint."
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: [{prefix.rstrip('.')}] must be a table")
    return parse_config(data, where, prefix, path.parent)


def parse_config(data: dict, where: str, prefix: str = "", base: Path | None = None) -> Config:
    """Validate a configuration table; relative rule paths resolve against `base`."""

    def fail(key: str, msg: str) -> ConfigError:
        return ConfigError(f"{where}: key '{prefix}{key}': {msg}")

    for key in data:
        if key not in KEYS:
            hint = f" (did you mean '{key.replace('_', '-')}'?)" if key.replace("_", "-") in KEYS else ""
            raise fail(key, f"unknown key{hint}")

    def strings(key: str) -> tuple[str, ...] | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, "must be a list of strings")
        return tuple(value)

    severity = []
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise fail("severity", 'must be a table of CODE = "info" | "warning" | "error"')
    for code, level in table.items():
        try:
            severity.append((code, Severity.parse(level)))
        except ValueError as exc:
            raise fail(f"severity.{code}", str(exc)) from None
    house: list[tuple[str, str]] = []
    spellings = data.get("house-spellings", {})
    if not isinstance(spellings, dict):
        raise fail("house-spellings", "must be a table of preferred = [\"variant\", ...]")
    for preferred, variants in spellings.items():
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise fail(f"house-spellings.{preferred}", "must be a list of variant spellings")
        house.extend((v.strip(), preferred) for v in variants)
    across = data.get("across-files", False)
    if not isinstance(across, bool):
        raise fail("across-files", "must be true or false")
    base = base or Path.cwd()
    rule_paths = tuple(str((base / p).resolve()) for p in strings("rule-paths") or ())
    for p in rule_paths:
        if not Path(p).is_dir():
            raise fail("rule-paths", f"'{p}' is not a folder")
    return Config(
        path=where, select=strings("select"), extend_select=strings("extend-select") or (),
        ignore=strings("ignore") or (), severity=tuple(severity), rule_paths=rule_paths,
        house_spellings=tuple(house), include=strings("include"),
        exclude=strings("exclude") or (), across_files=across)

