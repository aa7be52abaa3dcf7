"""The `copylint` command: check | rules | explain (click).

Exit codes: 0 nothing at or above the --severity threshold, 1 findings, 2 usage or input error.
"""
from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable

import click

from . import __version__
from .config import ConfigError
from .errors import RuleError, SelectionError
from .model import Applicability, FileResult, Severity
from .report import FORMATS, Options, reporters
from .rules import Rule, matches
from .runner import Overrides, Runner, registry
from .sources import BOM, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, InputError, decode, discover

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageFailure(Exception):
    """A problem that ends the run with exit code 2 and one line on stderr."""


def error(msg: str) -> None:
    """Print one 'copylint: error: ...' line to stderr."""
    click.echo(f"copylint: error: {msg}", err=True)


def warn(msg: str) -> None:
    """Print one 'copylint: warning: ...' line to stderr."""
    click.echo(f"copylint: warning: {msg}", err=True)


def split_codes(values: Iterable[str]) -> tuple[str, ...]:
    """--select MT101,DP --select NU -> ('MT101', 'DP', 'NU')."""
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="copylint", message="%(prog)s %(version)s")
def main() -> None:
    """copylint: a linter for news copy and machine-translated prose."""


# -- check ----------------------------------------------------------------------------
@main.command()
# readable=False: an unreadable file is reported by sources.py in one line, the others checked
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Rules to run (codes, prefixes, groups, names, ALL); replaces the default set.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules to leave out.")
@click.option("--severity", "threshold", type=click.Choice(["info", "warning", "error"]),
              default="info", show_default=True,
              help="Report (and fail on) findings at or above this severity.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomically).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line and no notices; findings only.")
@click.option("--stdin-filename", metavar="PATH",
              help="The name to report (and find configuration) for text read from '-'.")
@click.option("--include", multiple=True, metavar="GLOB",
              help=f"File names to check inside folders (default: {', '.join(DEFAULT_INCLUDE)}).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Paths to skip inside folders.")
@click.option("--config", "config_path", metavar="FILE",
              help="Use this configuration file instead of discovering one per file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--across-files", is_flag=True,
              help="Report a name spelt differently in different files as a warning, not info.")
@click.option("--input-format", type=click.Choice(["auto", "text", "markdown", "html"]),
              default="auto", show_default=True,
              help="How to read files: by extension (.md/.markdown: markdown, .html/.htm: html, "
                   "else text), or force one format.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour in text output.")
def check(paths, fmt, select, extend_select, ignore, threshold, fix, unsafe_fixes, diff,
          statistics, exit_zero, quiet, stdin_filename, include, exclude, config_path, isolated,
          across_files, color, input_format) -> None:
    """Check PATHS (files, folders, or - for stdin) and report findings."""
    overrides = Overrides(select=split_codes(select) or None, extend_select=split_codes(extend_select),
                          ignore=split_codes(ignore), config=config_path, isolated=isolated,
                          across_files=across_files, input_format=input_format)
    runner = Runner(overrides)
    fix_level = None
    if fix or diff:
        fix_level = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    try:
        runner.settings_for(None)          # fail early on a bad selection or config
        results = run_check(runner, paths or (".",), fix_level=fix_level, write=fix and not diff,
                            stdin_filename=stdin_filename, include=include, exclude=exclude)
        runner.finish(results)
    except (ConfigError, RuleError, SelectionError, UsageFailure) as exc:
        error(str(exc))
        sys.exit(EXIT_ERROR)
    options = Options(threshold=Severity.parse(threshold), statistics=statistics, quiet=quiet,
                      color=_colour(color), fix_level=fix_level)
    failed = False
    reported: set[str] = set()
    for r in results:
        if r.error:
            if r.error not in reported:     # a broken config shared by many files: say it once
                error(r.error)
                reported.add(r.error)
            failed = True
        for failure in r.failures:        # a rule that could not finish: always said, exit 2
            if str(failure) not in reported:
                error(str(failure))
                reported.add(str(failure))
            failed = True
        if not quiet:
            for note in r.notices:
                warn(note)
    if diff:
        changed = emit_diff(results)
        if not quiet:
            n = sum(r.fixed for r in results)
            click.echo(f"Would fix {n} finding{'s' * (n != 1)}.", err=True)
        sys.exit(EXIT_ERROR if failed else (EXIT_FINDINGS if changed and not exit_zero else EXIT_OK))
    out = reporters()[fmt](results, options)
    piped = [r for r in results if r.stdin and r.error is None] if fix else []
    if piped:
        # as a filter: the fixed text goes to stdout, the report to stderr
        sys.stdout.flush()
        sys.stdout.buffer.write((BOM if piped[0].bom else b"") + piped[0].text.encode("utf-8"))
        sys.stdout.buffer.flush()
        click.echo(out, err=True, nl=False, color=options.color)
    else:
        _write(out, options.color)
    loud = any(f.severity >= options.threshold for r in results for f in r.findings)
    if failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if loud and not exit_zero else EXIT_OK)


def _stdin_name(stdin_filename: str | None) -> str:
    return stdin_filename or "-"


def _colour(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _write(out: str, color: bool) -> None:
    try:
        click.echo(out, nl=False, color=color)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_check(runner: Runner, paths: Iterable[str], *, fix_level: Applicability | None,
              write: bool, stdin_filename: str | None, include: tuple[str, ...],
              exclude: tuple[str, ...]) -> list[FileResult]:
    """Check every path given on the command line, in order; input problems become results
    with an error so the other files are still checked."""
    results: list[FileResult] = []
    config = runner.config_for(None)
    includes = include or config.include or DEFAULT_INCLUDE
    excludes = (*DEFAULT_EXCLUDE, *config.exclude, *exclude)
    for path in paths:
        if path == "-":
            name = _stdin_name(stdin_filename)
            try:
                source = decode(sys.stdin.buffer.read(), name)
            except InputError as exc:
                results.append(FileResult(path=name, error=str(exc)))
                continue
            result = runner.check_source(source, fix=fix_level, write=False)
            result.stdin = True
            results.append(result)
        elif os.path.isdir(path):
            found = list(discover(path, includes, excludes))
            if not found:
                results.append(FileResult(path=path, error=f"{path}: no text files found "
                                          f"(looked for {', '.join(includes)})"))
            results.extend(runner.check_file(p, fix=fix_level, write=write) for p in found)
        else:
            results.append(runner.check_file(path, fix=fix_level, write=write))
    return results


def _diff_name(side: str, path: str) -> str:
    return path if os.path.isabs(path) else f"{side}/{path}"


def emit_diff(results: list[FileResult]) -> bool:
    """Print a unified diff of what the fixes would change; True if anything would."""
    changed = False
    for r in results:
        if r.original is None:
            continue
        changed = True
        diff = difflib.unified_diff(r.original.splitlines(keepends=True),
                                    r.text.splitlines(keepends=True),
                                    fromfile=_diff_name("a", r.path), tofile=_diff_name("b", r.path))
        for chunk in diff:
            sys.stdout.write(chunk if chunk.endswith("\n") else chunk + "\n\\ No newline at end of file\n")
    return changed


# -- rules / explain --------------------------------------------------------------------
def _all_rules(config_path: str | None) -> dict[str, Rule]:
    runner = Runner(Overrides(config=config_path))
    return registry(runner.config_for(None).rule_paths)


@main.command("rules")
@click.argument("folders", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules.")
@click.option("--config", "config_path", metavar="FILE",
              help="Include the rule folders of this configuration file.")
@click.option("--check", "validate", is_flag=True,
              help="Validate the rule packs in FOLDERS (default: the shipped rules): load them "
                   "strictly, prepare every rule and run its examples. Exit 1 if any fails.")
def rules_command(folders, fmt: str, select, config_path, validate: bool) -> None:
    """List every rule, one per line: code, severity, fix, name, summary.

    With --check, validate rule packs instead (what a standards desk runs before committing
    its own rules): copylint rules --check path/to/rules"""
    import json
    if validate:
        sys.exit(_check_packs(folders, fmt))
    if folders:
        error("rule folders are given with --check (to list a folder's rules, name it in "
              "rule-paths and use --config)")
        sys.exit(EXIT_ERROR)
    try:
        rules = _all_rules(config_path)
        selectors = split_codes(select)
        chosen = [r for r in rules.values() if not selectors or any(matches(r, s) for s in selectors)]
        if selectors and not chosen:
            raise SelectionError(f"no rule matches {', '.join(selectors)}")
    except (ConfigError, RuleError, SelectionError) as exc:
        error(str(exc))
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps([rule_dict(r) for r in chosen], indent=2, ensure_ascii=False))
        return
    for r in chosen:
        fixable = r.fix.label if r.fix is not None else "-"
        off = "" if r.enabled else " (off by default)"
        click.echo(f"{r.code}  {r.severity.label:<7}  {fixable:<12}  {r.name:<32}  {r.summary}{off}")


def _check_packs(folders: tuple[str, ...], fmt: str) -> int:
    """Validate rule packs; print one line per problem and a summary; return the exit code."""
    import json

    from .packcheck import check_pack
    try:
        report = check_pack(folders)
    except (RuleError, ConfigError) as exc:
        error(str(exc))
        return EXIT_ERROR
    problems = report.problems
    if fmt == "json":
        click.echo(json.dumps({"rules": report.rules, "examples": report.examples,
                               "problems": [{"file": p.origin, "code": p.code, "message": p.message}
                                            for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for p in problems:
            click.echo(str(p))
        what = ", ".join(folders) or "the shipped rules"
        click.echo(f"Checked {report.rules} rule{'s' * (report.rules != 1)} and {report.examples} "
                   f"example{'s' * (report.examples != 1)} in {what}: "
                   + (f"{len(problems)} problem{'s' * (len(problems) != 1)}." if problems else "all valid."))
    return EXIT_FINDINGS if problems else EXIT_OK


def rule_dict(r: Rule) -> dict:
    """A rule's public record (for `rules --format json` and docs)."""
    return {"code": r.code, "name": r.name, "summary": r.summary, "severity": r.severity.label,
            "groups": list(r.groups), "kind": r.kind, "enabled": r.enabled,
            "fix": r.fix.label if r.fix is not None else None, "docs": r.docs,
            "examples": list(r.examples), "source": r.source}


@main.command()
@click.argument("code")
@click.option("--config", "config_path", metavar="FILE",
              help="Include the rule folders of this configuration file.")
def explain(code: str, config_path) -> None:
    """Show a rule's documentation and examples (CODE may also be a rule name)."""
    try:
        rules = _all_rules(config_path)
    except (ConfigError, RuleError) as exc:
        error(str(exc))
        sys.exit(EXIT_ERROR)
    rule = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code), None)
    if rule is None:
        error(f"unknown rule '{code}' (see `copylint rules`)")
        sys.exit(EXIT_ERROR)
    click.echo(explain_text(rule))


def explain_text(rule: Rule) -> str:
    """A rule's page: summary, what, why, example, fix and its examples."""
    fix = rule.fix.label if rule.fix is not None else "none"
    lines = [f"# {rule.code} {rule.name}", "", rule.summary, "",
             f"Severity: {rule.severity.label}    Fix: {fix}    Groups: {', '.join(rule.groups) or '-'}"
             + ("" if rule.enabled else "    (off by default: enable with --select)"), ""]
    for key, title in (("what", "What it catches"), ("why", "Why"), ("example", "Example"),
                       ("fix", "How to fix")):
        lines += [f"## {title}", "", rule.docs[key], ""]
    if rule.examples:
        lines += ["## Examples", ""]
        for ex in rule.examples:
            if "fail" in ex:
                lines.append(f"  flagged:  {ex['fail']}")
                if "fix" in ex:
                    lines.append(f"  fixed:    {ex['fix']}")
            else:
                lines.append(f"  fine:     {ex['pass']}")
        lines.append("")
    if rule.source:
        lines += [f"Source: {rule.source}", ""]
    return "\n".join(lines).rstrip() + "\n"


# -- lsp ----------------------------------------------------------------------------------
@main.command()
def lsp() -> None:
    """Run the language server on stdin/stdout (for editors; needs copylint[lsp])."""
    try:
        from .lsp import serve
    except ImportError as exc:
        error(f"the language server needs pygls: pip install 'copylint[lsp]' ({exc})")
        sys.exit(EXIT_ERROR)
    serve()


def run() -> None:
    """Console-script entry point: never a traceback for the user."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug in copylint: one line, unless debugging
        if os.environ.get("COPYLINT_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} "
              f"(set COPYLINT_DEBUG=1 for a traceback and please report it)")
        sys.exit(EXIT_ERROR)
