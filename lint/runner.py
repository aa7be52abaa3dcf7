"""Runner: resolves configuration per file, builds Settings, checks and fixes sources.

The CLI, the public API and (later) the LSP server all go through one Runner, so a file is
checked the same way whichever door it came in by.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import DEFAULT, Config, ConfigError, find_config, load_config
from .engine import LintResult, Settings, lint, lint_across
from .errors import Failure, RuleError, SelectionError
from .fixer import fix_until_stable
from .lifecycle import Env
from .loader import load_rules
from .model import Applicability, FileResult
from .readers import document, input_format, read, to_source
from .rules import Rule, check_selector, select_rules
from .sources import InputError, Source, read_source, write_atomic


@lru_cache(maxsize=32)
def registry(rule_paths: tuple[str, ...] = (), trusted: bool = False) -> dict[str, Rule]:
    """All known rules: the shipped ones plus those in `rule_paths` (cached per set). Python
    checks load from `rule_paths` only if `trusted`: the configuration naming them is the
    user's own (see `Runner.trusts`)."""
    return load_rules(rule_paths, trusted=trusted)


@dataclass
class Overrides:
    """Command-line choices that win over configuration files."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None        # an explicit config file: no discovery
    across_files: bool = False       # names spelt differently across files are warnings
    isolated: bool = False           # ignore every configuration file
    input_format: str = "auto"       # auto (by file extension) | text | markdown | html


@dataclass
class Runner:
    """Checks sources with the right settings for each, collecting results."""

    overrides: Overrides = field(default_factory=Overrides)
    _settings: dict = field(default_factory=dict, init=False, repr=False)
    _prose: dict = field(default_factory=dict, init=False, repr=False)   # path -> Prose read

    def config_for(self, path: str | None) -> Config:
        """The configuration that governs `path` (None: the working directory)."""
        if self.overrides.isolated:
            return DEFAULT
        if self.overrides.config:
            return load_config(Path(self.overrides.config))
        folder = Path(path).parent if path and path != "-" else Path.cwd()
        found = find_config(folder if folder.is_dir() else Path.cwd())
        return load_config(found) if found else DEFAULT

    def trusts(self, config: Config) -> bool:
        """Whether `config` is the user's own, so its rule folders may carry Python checks: a
        file passed with --config, or the configuration governing the working directory. A
        configuration found inside a checked folder (a feed, a download) may add data rules
        only."""
        if self.overrides.config or not config.rule_paths:
            return True
        own = find_config(Path.cwd())
        return own is not None and config.path is not None and \
            Path(config.path).resolve() == own.resolve()

    def settings_for(self, path: str | None) -> Settings:
        """Settings (selected rules, severities, house style) for a file; cached per config."""
        config = self.config_for(path)
        if config not in self._settings:
            self._settings[config] = self._build(config)
        return self._settings[config]

    def _build(self, config: Config) -> Settings:
        rules = registry(config.rule_paths, self.trusts(config))
        where = config.path or "configuration"
        o = self.overrides
        try:
            for key, values in (("select", config.select or ()), ("extend-select", config.extend_select),
                                ("ignore", config.ignore)):
                _check(rules, values, f"{where}: key '{key}'")
        except SelectionError as exc:
            raise ConfigError(str(exc)) from None
        select = o.select if o.select is not None else config.select
        chosen = select_rules(rules, select, (*config.extend_select, *o.extend_select),
                              (*config.ignore, *o.ignore))
        for code, _ in config.severity:
            if code not in rules:
                raise ConfigError(f"{where}: key 'severity.{code}': unknown rule code")
        env = Env(house_spellings=tuple(sorted(dict(config.house_spellings).items())),
                  across_files=config.across_files or o.across_files)
        return Settings(rules=chosen, registry=rules, severity=dict(config.severity), env=env)

    def lint_text(self, text: str, path: str) -> LintResult:
        """Check text that claims to come from `path`: read it as prose (source -> Prose ->
        Document), lint that, and map the findings back to the source once."""
        settings = self.settings_for(path)
        prose = read(text, input_format(path, self.overrides.input_format))
        result = lint(document(prose, path), settings)
        if prose.format == "text":          # plain text is its own prose: nothing to map
            self._prose.pop(path, None)
            return result
        self._prose[path] = prose
        result.findings = sorted(map(prose.to_source, result.findings), key=lambda f: f.sort_key)
        return result

    def check_source(self, source: Source, *, fix: Applicability | None = None,
                     write: bool = False) -> FileResult:
        """Check one decoded source; with `fix`, apply fixes at or above that level (in place
        if `write`) and report what is left. The fixed text is in `result.text`."""
        result = FileResult(path=source.path, text=source.text, bom=source.bom)
        failures: list[Failure] = []

        def relint(text: str):
            res = self.lint_text(text, source.path)
            failures[:] = res.failures
            result.summaries = res.summaries
            return res.findings

        if fix is None:
            result.findings = relint(source.text)
        else:
            new, applied, result.findings = fix_until_stable(source.text, relint, fix)
            result.text, result.fixed = new, applied
            if new != source.text:
                result.original = source.text
            if write and new != source.text:
                try:
                    write_atomic(source, new)
                except OSError as exc:
                    raise InputError(f"{source.path}: cannot write fixes: {exc.strerror or exc}") from None
        result.failures.extend(failures)
        if not source.text.strip():
            result.notices.append(f"{source.path}: empty file, nothing to check")
        return result

    def finish(self, results: list[FileResult]) -> None:
        """Run-level rules: compare what each file's collectors gathered across the whole run
        (with the settings of the working directory) and add their findings to the files."""
        readable = [r for r in results if r.error is None and r.summaries]
        if len(readable) < 2:
            return
        settings = self.settings_for(None)
        prose = self._prose
        found, failures = lint_across([(r.path, prose[r.path].text if r.path in prose else r.text,
                                        r.summaries) for r in readable], settings)
        for r in readable:
            if r.path in found:
                mapped = [to_source(f, r.path, prose) for f in found[r.path]] if prose else found[r.path]
                r.findings = sorted(r.findings + mapped, key=lambda f: f.sort_key)
        if failures:
            readable[0].failures.extend(failures)

    def check_file(self, path: str, **kw) -> FileResult:
        """Read and check one file; a problem reading it (or with the configuration or rule
        files that govern it) becomes `result.error`, so the other files are still checked."""
        try:
            return self.check_source(read_source(path), **kw)
        except (InputError, ConfigError, RuleError) as exc:
            return FileResult(path=path, error=str(exc))


def _check(rules: dict[str, Rule], selectors: Iterable[str], where: str) -> None:
    for s in selectors:
        try:
            check_selector(rules, s)
        except SelectionError as exc:
            raise SelectionError(f"{where}: {exc}") from None

