"""Shared test helpers: lint a string the way the CLI would, but isolated from every
configuration file on disk, with an optional [tool.copylint] table validated by parse_config."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from lint import config as config_module
from lint.config import DEFAULT, Config, parse_config
from lint.engine import LintResult, Settings
from lint.runner import Overrides, Runner


class ConfiguredRunner(Runner):
    """A Runner whose configuration is given rather than discovered from the file system."""

    def __init__(self, config: Config, overrides: Overrides) -> None:
        super().__init__(overrides)
        self.fixed_config = config

    def config_for(self, path: str | None) -> Config:
        """Always the given configuration, whatever the path."""
        return self.fixed_config


def make_runner(select: Iterable[str] | None = None, *, extend_select: Iterable[str] = (),
                ignore: Iterable[str] = (), config: dict | None = None,
                base: Path | None = None) -> ConfiguredRunner:
    """A runner for `select` (None: the default rule set) with an optional config table."""
    cfg = DEFAULT if config is None else parse_config(config, "<test config>", "", base)
    overrides = Overrides(select=tuple(select) if select is not None else None,
                          extend_select=tuple(extend_select), ignore=tuple(ignore), isolated=True)
    return ConfiguredRunner(cfg, overrides)


def lint_string(text: str, select: Iterable[str] | None = None, **kw) -> LintResult:
    """Lint `text` with `select` (None: the default rules) and optional `config`."""
    return make_runner(select, **kw).lint_text(text, "<test>")


def settings_for(select: Iterable[str] | None = None, **kw) -> Settings:
    """The engine Settings a runner would build for `select` and `config`."""
    return make_runner(select, **kw).settings_for("<test>")


@pytest.fixture(autouse=True)
def _fresh_config_caches():
    """Configuration discovery is cached per folder; tests create and change config files."""
    config_module._find_config.cache_clear()
    config_module.load_config.cache_clear()
    yield
    config_module._find_config.cache_clear()
    config_module.load_config.cache_clear()
