"""Rule documentation pages, docs/rules/CODE.md, generated from the YAML rule records.

The LSP `codeDescription` and SARIF `helpUri` of a finding point at these pages
(lint.report.lsp.DOCS_URL). Regenerate after changing a rule record:

    python -m lint.ruledocs docs/rules           # write the pages that changed, remove stale ones
    python -m lint.ruledocs docs/rules --check   # exit 1 listing the pages that are out of date

The output depends on the rule records only (no dates, no machine paths): LF line endings, every
page ends in a newline.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .rules import Rule

INDEX = "README.md"
PAGE_RE = re.compile(r"^[A-Z]{2}[0-9]{3}\.md$")   # the generated pages write() may remove
REGENERATE = "python -m lint.ruledocs docs/rules"
HEADER = f"<!-- Generated from rules/*.yml by `{REGENERATE}`; do not edit. -->"
MAX_ITEMS = 20   # list and mapping options show this many entries, then how many in all

FIX_TEXT = {
    "safe": "safe: applied by `--fix`",
    "unsafe": "unsafe: applied with `--fix --unsafe-fixes` (may change the meaning)",
    "display-only": "display-only: shown, never applied",
}
POLICY_TEXT = {
    "check": "checked like the rest of the text",
    "info": "reported as info only",
    "skip": "not checked",
}
SECTIONS = (("what", "What it catches"), ("why", "Why"), ("example", "Example"), ("fix", "Fix"))


# -- Markdown helpers ---------------------------------------------------------------------
def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: Any) -> str:
    """An inline code span holding `text`, whatever backticks it contains."""
    text = str(text)
    runs = [len(m) for m in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _block(text: str) -> list[str]:
    """A fenced `text` code block holding `text` exactly (its final newline aside)."""
    body = str(text)
    body = body[:-1] if body.endswith("\n") else body
    runs = [len(m) for m in re.findall(r"`{3,}", body)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [f"{fence}text", *body.split("\n"), fence]


def _prose(text: str) -> str:
    """Documentation text as Markdown: raw HTML outside code spans is shown, not swallowed."""
    parts = re.split(r"(`+[^`]*`+)", str(text).strip())
    return "".join(p if p.startswith("`") else p.replace("<", "&lt;") for p in parts)


def _label(value: Any) -> str:
    """The contract spelling of a Severity or Applicability ('warning', 'display-only')."""
    return str(getattr(value, "label", value))


def _option_value(value: Any) -> str:
    """An option's value for the options table: tables by their reference, long lists cut."""
    ref = getattr(value, "ref", None)
    if isinstance(ref, str):                         # a resolved table: its name or path
        return _code(ref)
    if isinstance(value, bool):
        return _code("true" if value else "false")
    if value is None:
        return _code("null")
    if isinstance(value, (int, float, str)):
        return _code(value)
    if isinstance(value, Mapping):
        pairs = [f"{_code(k)}: {_option_value(v)}" for k, v in list(value.items())[:MAX_ITEMS]]
        more = f", ... ({len(value)} in all)" if len(value) > MAX_ITEMS else ""
        return ", ".join(pairs) + more if value else "empty mapping"
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        items = [_option_value(v) for v in value[:MAX_ITEMS]]
        more = f", ... ({len(value)} in all)" if len(value) > MAX_ITEMS else ""
        return ", ".join(items) + more if value else "empty list"
    return _code(value)


def selectors(rule: Rule) -> list[str]:
    """The --select entries that pick `rule`: its code and name, the code's family prefixes, the
    name's dotted prefixes, its groups and ALL (an off-by-default rule: its code and name only)."""
    if not rule.enabled:
        return [rule.code, rule.name]
    parts = rule.name.split(".")
    found = [rule.code, rule.name, rule.code[:2], rule.code[:3],
             *(".".join(parts[:i]) for i in range(1, len(parts))), *rule.groups, "ALL"]
    return list(dict.fromkeys(found))


# -- pages --------------------------------------------------------------------------------
def render(rule: Rule) -> str:
    """The Markdown page of one rule: title, summary, facts, docs sections, examples, options,
    source and how to select, ignore or suppress it."""
    code = rule.code
    fix = _label(rule.fix) if rule.fix is not None else None
    default = ("on" if rule.enabled else
               f'off: switch it on with `--extend-select {code}` or `extend-select = ["{code}"]`')
    lines = [HEADER, "", f"# {code}: {rule.name}", "", _prose(rule.summary), "",
             "| | |", "| --- | --- |",
             f"| Severity | {_label(rule.severity)} |",
             f"| Groups | {', '.join(_code(g) for g in rule.groups) or '-'} |",
             f"| Default | {_cell(default)} |",
             f"| Fix | {_cell(FIX_TEXT.get(fix, fix) if fix else 'none')} |",
             f"| Inside quotations | {_cell(POLICY_TEXT.get(rule.quotes, rule.quotes))} |",
             f"| In headlines | {_cell(POLICY_TEXT.get(rule.headline, rule.headline))} |",
             f"| Kind | {_code(rule.kind)} |", ""]
    for key, title in SECTIONS:
        text = rule.docs.get(key, "")
        lines += [f"## {title}", ""]
        lines += _block(text) if key == "example" else [_prose(text)]
        lines.append("")
    if rule.examples:
        lines += ["## Examples", ""]
        for ex in rule.examples:
            if "fail" in ex:
                lines += ["Flagged:", "", *_block(ex["fail"]), ""]
                if "fix" in ex:
                    lines += ["Fixed:", "", *_block(ex["fix"]), ""]
            else:
                lines += ["Not flagged:", "", *_block(ex["pass"]), ""]
            if ex.get("note"):
                lines += [f"Note: {_prose(ex['note'])}", ""]
    if rule.options:
        lines += ["## Options", "", "As set under `options:` in the rule's record, defaults filled in.",
                  "", "| option | default |", "| --- | --- |"]
        lines += [f"| {_code(k)} | {_cell(_option_value(v))} |" for k, v in rule.options.items()]
        lines.append("")
    if rule.source:
        lines += ["## Source", "", _prose(rule.source), ""]
    picked = [_code(s) for s in selectors(rule)]
    if rule.enabled:
        select = (f"- On by default. Selected by {', '.join(picked[:-1])} or {picked[-1]} (`--select`, "
                  f"`--extend-select`); run it alone with `copylint check --select {code} PATH`.")
    else:
        select = (f"- Off by default: only its code or name switches it on (`--extend-select {code}`, "
                  f"`--select {code}`, or `extend-select = [\"{code}\"]` in the configuration); a prefix, "
                  "a group or `ALL` does not.")
    lines += [
        "## Selecting and suppressing", "", select,
        f"- Leave it out: `copylint check --ignore {code} PATH`, or `ignore = [\"{code}\"]` in "
        "`copylint.toml` (under `[tool.copylint]` in `pyproject.toml`).",
        f"- Change its severity: `{code} = \"error\"` under `[tool.copylint.severity]`.",
        f"- Suppress it for the next line of text: `copylint: disable={code}` on a line of its own, "
        f"or `<!-- copylint: disable={code} -->` in Markdown or HTML.",
        f"- Suppress it for a range: `<!-- copylint: disable-start={code} -->` ... "
        f"`<!-- copylint: enable={code} -->`; for a whole file: `<!-- copylint: disable-file={code} -->`.",
        f"- `copylint explain {code}` shows this documentation in the terminal.", "",
        "[All rules](README.md)"]
    return "\n".join(lines).rstrip("\n") + "\n"


def _rule_list(rules: Mapping[str, Rule] | Iterable[Rule]) -> list[Rule]:
    values = rules.values() if isinstance(rules, Mapping) else rules
    return sorted(values, key=lambda r: r.code)


def render_index(rules: Mapping[str, Rule] | Iterable[Rule]) -> str:
    """docs/rules/README.md: a table of every rule (code linking its page, name, summary,
    severity and whether it is on by default)."""
    lines = [HEADER, "", "# copylint rules", "",
             "Every rule shipped with copylint, generated from its record in `rules/*.yml`. "
             "`copylint rules` lists them in the terminal and `copylint explain CODE` shows one.",
             "", "| code | name | summary | severity | default |", "| --- | --- | --- | --- | --- |"]
    for rule in _rule_list(rules):
        lines.append(f"| [{rule.code}]({rule.code}.md) | {_code(rule.name)} | {_cell(_prose(rule.summary))} "
                     f"| {_label(rule.severity)} | {'on' if rule.enabled else 'off'} |")
    return "\n".join(lines) + "\n"


def pages(rules: Mapping[str, Rule] | Iterable[Rule]) -> dict[str, str]:
    """Every generated file of the folder, by file name: CODE.md for each rule and the index."""
    rules = _rule_list(rules)
    out = {f"{rule.code}.md": render(rule) for rule in rules}
    out[INDEX] = render_index(rules)
    return out


def plan(rules: Mapping[str, Rule] | Iterable[Rule], folder: str | Path) -> dict[Path, str | None]:
    """What write() would do: path -> new content for files that differ, None for stale pages."""
    folder = Path(folder)
    wanted = pages(rules)
    changes: dict[Path, str | None] = {}
    for name, text in wanted.items():
        path = folder / name
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current != text.encode("utf-8"):
            changes[path] = text
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if PAGE_RE.match(path.name) and path.name not in wanted and path.is_file():
                changes[path] = None
    return dict(sorted(changes.items()))


def write(rules: Mapping[str, Rule] | Iterable[Rule], folder: str | Path) -> list[Path]:
    """Bring `folder` up to date: write the pages whose content changed, remove CODE.md pages of
    rules that no longer exist; returns the paths written or removed."""
    changes = plan(rules, folder)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for path, text in changes.items():
        if text is None:
            path.unlink()
        else:
            path.write_bytes(text.encode("utf-8"))
    return list(changes)


def shipped_rules() -> dict[str, Rule]:
    """The rules shipped with copylint (none from configuration or rule folders)."""
    for module in ("lint.rules", "lint.loader"):    # load_rules moved to lint.loader
        load = getattr(importlib.import_module(module), "load_rules", None)
        if load is not None:
            return load()
    raise ImportError("no load_rules in lint.rules or lint.loader")


def main(argv: list[str] | None = None) -> int:
    """`python -m lint.ruledocs [FOLDER] [--check]`: regenerate the pages, or with --check
    list the out-of-date ones and return 1."""
    parser = argparse.ArgumentParser(prog="python -m lint.ruledocs",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("folder", nargs="?", default="docs/rules", help="default: docs/rules")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any page is out of date")
    args = parser.parse_args(argv)
    rules = shipped_rules()
    if args.check:
        changes = plan(rules, args.folder)
        for path, text in changes.items():
            print(f"{path}: {'stale (no such rule)' if text is None else 'out of date'}")
        if changes:
            print(f"{len(changes)} file(s) out of date: run `python -m lint.ruledocs {args.folder}`")
            return 1
        return 0
    for path in write(rules, args.folder):
        print(f"{'removed' if not path.exists() else 'wrote'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
