"""`copylint lsp`: a language server over stdio (pygls), for editors.

- Diagnostics on open, on change (debounced: a burst of keystrokes is linted once, after the
  last one) and on save. Each publication carries the document version it was computed for;
  results for a version that has since been superseded are dropped, never published.
- Quick fixes from each finding's fix and alternatives, built from the text edits its published
  diagnostic already carries in `data` (display-only suggestions are shown in the message,
  never offered as edits), and a `source.fixAll.copylint` action that applies every
  safe fix the way `copylint check --fix` does (re-linting until stable).
- Related places as `relatedInformation`; `code` with `codeDescription` pointing at the rule's
  documentation (lint.report.lsp.DOCS_URL).
- Positions in the negotiated encoding (UTF-16 unless the client prefers UTF-8 or UTF-32),
  converted in one place: lint.report.lsp.LspPositions.
- Configuration discovered from each document's folder upward, as the CLI does, so every
  workspace folder gets its own; discovery caches are dropped when a configuration file
  changes (workspace/didChangeWatchedFiles, or a save of one in the editor).
- Settings (initializationOptions, workspace/didChangeConfiguration, or pulled with
  workspace/configuration, section "copylint"): `select`, `extendSelect`, `ignore` (lists of
  codes, prefixes, groups or names, as on the command line) and `debounceMs`.

Every document is checked through lint.runner.Runner, the same door the CLI uses. Linting runs
on one worker thread, so the server keeps reading messages while an article is checked; rules,
configuration and the word-frequency lexicon are loaded once per server, not per edit.
"""
from __future__ import annotations

import asyncio
import difflib
import logging
import queue
import threading
import traceback
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pygls.uris import to_fs_path

from . import __version__
from . import config as config_module
from .config import CONFIG_NAMES, ConfigError
from .errors import Failure
from .model import Applicability, Span
from .report import lsp as lsp_report
from .report.lsp import LspPositions
from .rules import RuleError, SelectionError
from .runner import Overrides, Runner, registry
from .sources import InputError, Source, read_source

log = logging.getLogger(__name__)

SECTION = "copylint"
DEBOUNCE_SECONDS = 0.1
FIX_ALL = "source.fixAll.copylint"
FIX_ALL_TITLE = "Fix all safe copylint findings"
SAFE = Applicability.SAFE.label
WATCH_ID = "copylint-configuration-files"
WATCH_GLOB = "**/{" + ",".join(CONFIG_NAMES) + "}"
# A document that is not a file (an unsaved buffer) is checked as if it sat in the first
# workspace folder, with a name whose extension tells the readers its format.
EXTENSION = {"markdown": ".md", "html": ".html"}
SETTING_KEYS = {"select": "select", "extendSelect": "extend_select",
                "extend-select": "extend_select", "extend_select": "extend_select",
                "ignore": "ignore", "debounceMs": "debounce_ms", "debounce-ms": "debounce_ms"}


class SettingsError(ValueError):
    """Client settings that cannot be used; str() says which key and why."""


@dataclass(frozen=True)
class ServerSettings:
    """What the client asked for: rule selection and the debounce delay."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    debounce_ms: int = int(DEBOUNCE_SECONDS * 1000)

    @classmethod
    def parse(cls, raw: Any) -> ServerSettings:
        """Read settings given as {"copylint": {...}} or as the section itself."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise SettingsError("settings must be an object")
        if isinstance(raw.get(SECTION), dict):
            raw = raw[SECTION]
        values: dict[str, Any] = {}
        for key, value in raw.items():
            name = SETTING_KEYS.get(key)
            if name is None:
                raise SettingsError(f"unknown setting '{key}' (known: select, extendSelect, "
                                    f"ignore, debounceMs)")
            if name == "debounce_ms":
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise SettingsError(f"setting '{key}' must be a number of milliseconds")
                values[name] = int(value)
            elif value is not None:
                values[name] = _codes(key, value)
        if "select" in values and not values["select"]:
            values["select"] = None          # an empty list means "the default set"
        return cls(**values)

    def overrides(self) -> Overrides:
        """The Runner overrides these settings stand for."""
        return Overrides(select=self.select, extend_select=self.extend_select, ignore=self.ignore)


def _codes(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"setting '{key}' must be a list of rule codes")
    return tuple(c.strip() for v in value for c in v.split(",") if c.strip())


class LintWorker(Executor):
    """One daemon thread running jobs in order (a check, a fix-all, a cache reset), so the
    Runner is never used by two threads at once. A job whose future was cancelled before it
    started (a check superseded by a newer edit) is skipped. Being a daemon, it never holds
    up the exit the client asked for."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="copylint-lint", daemon=True)
        self._thread.start()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Queue `fn(*args, **kwargs)`; its future."""
        future: Future = Future()
        self._jobs.put((future, fn, args, kwargs))
        return future

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, fn, args, kwargs = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop after the jobs already queued."""
        self._jobs.put(None)
        if wait:
            self._thread.join()


@dataclass
class Linted:
    """One document checked at one version: its diagnostics (each with its fixes' edits in
    `data`) and the positions of its text."""

    uri: str
    version: int | None
    text: str
    path: str
    generation: int
    diagnostics: list[dict] = field(default_factory=list)
    positions: LspPositions | None = None
    problem: str | None = None          # configuration that could not be used
    failures: list[Failure] = field(default_factory=list)
    fix_all: list[dict] | None = None   # the fix-all edits, once computed for this version


class CopylintServer(LanguageServer):
    """The language server: state per open document, one lint worker, one Runner."""

    def __init__(self) -> None:
        super().__init__("copylint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = ServerSettings()
        self.runner = Runner(self.settings.overrides())
        self.generation = 0                     # bumped when settings or configuration change
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.worker = LintWorker()
        self.types = default_converter()
        self._shown: set[str] = set()
        self._lexicon_loading = False

    # -- client facts ---------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        """The negotiated position encoding ("utf-16" unless the client chose otherwise)."""
        try:
            value = self.workspace.position_encoding
        except RuntimeError:
            return lsp_report.UTF16
        return str(getattr(value, "value", value) or lsp_report.UTF16)

    def _capability(self, *names: str) -> Any:
        value: Any = self.client_capabilities
        for name in names:
            value = getattr(value, name, None) if value is not None else None
        return value

    # -- settings and configuration -------------------------------------------------------
    def apply_settings(self, raw: Any) -> None:
        """Take new client settings; a bad one is reported and the previous ones kept."""
        try:
            settings = ServerSettings.parse(raw)
        except SettingsError as exc:
            self.tell(f"copylint: {exc}", types.MessageType.Error)
            return
        if settings != self.settings:
            self.settings = settings
            self.reconfigure()

    def reconfigure(self) -> None:
        """Forget discovered configuration and loaded rules, then check every open document
        again. The caches are cleared on the lint worker, between two checks."""
        self.generation += 1
        self._shown.clear()
        overrides = self.settings.overrides()

        def fresh() -> None:
            config_module._find_config.cache_clear()
            config_module.load_config.cache_clear()
            registry.cache_clear()
            self.runner = Runner(overrides)

        self.worker.submit(fresh)
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Show a message once (until the configuration changes) and log it."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        if message not in self._shown:
            self._shown.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # -- paths --------------------------------------------------------------------------
    def path_of(self, uri: str, language_id: str | None) -> str:
        """The file-system path that stands for a document (for configuration and format)."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path:
            return path
        folders = list(self.workspace.folders.values())
        root = to_fs_path(folders[0].uri) if folders else self.workspace.root_path
        name = "untitled" + EXTENSION.get(language_id or "", ".txt")
        return str(Path(root or Path.cwd()) / name)

    # -- linting ------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check `uri` after `delay` seconds (the debounce by default), replacing any check
        still waiting or running for it: the latest version wins."""
        if is_configuration(uri):
            return           # a configuration file open in the editor is not copy
        if delay is None:
            delay = self.settings.debounce_ms / 1000
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        me = asyncio.current_task()
        try:
            if delay:
                await asyncio.sleep(delay)
            linted = await self.check_now(uri)
            if linted is not None and self.is_current(linted):
                self.publish(linted)
        except asyncio.CancelledError:
            pass
        except Exception:        # a bug: say so in the client's log, keep serving
            log.exception("checking %s failed", uri)
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error,
                message=f"copylint: internal error while checking {uri}:\n{traceback.format_exc()}"))
        finally:
            if self.pending.get(uri) is me:
                del self.pending[uri]

    def is_current(self, linted: Linted) -> bool:
        """True if `linted` is for the document's present text and configuration."""
        doc = self.workspace.text_documents.get(linted.uri)
        return (doc is not None and linted.generation == self.generation
                and doc.version == linted.version and doc.source == linted.text)

    async def check_now(self, uri: str) -> Linted | None:
        """Check the document's present text on the lint worker; None if it is not open."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        linted = Linted(uri=uri, version=doc.version, text=doc.source,
                        path=self.path_of(uri, doc.language_id), generation=self.generation)
        encoding = self.encoding
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.worker, self._lint, linted, encoding)
        if self.is_current(linted):
            self.linted[uri] = linted
        if not self._lexicon_loading:      # after the first check, while the user reads it
            self._lexicon_loading = True
            self.worker.submit(_load_lexicon)
        for failure in linted.failures:
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Warning, message=f"{linted.path}: {failure}"))
        if linted.problem:
            self.tell(f"copylint: {linted.problem}", types.MessageType.Error)
        return linted

    def _lint(self, linted: Linted, encoding: str) -> None:
        """(On the worker.) Lint and build diagnostics in the negotiated encoding."""
        positions = LspPositions(linted.text, encoding)
        linted.positions = positions
        try:
            result = self.runner.lint_text(linted.text, linted.path)
        except (ConfigError, RuleError, SelectionError) as exc:
            linted.problem = str(exc)
            linted.diagnostics = [{
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "severity": 1, "source": lsp_report.SOURCE,
                "message": f"copylint could not check this file: {exc}"}]
            return
        linted.failures = list(result.failures)
        locate = self._locator(linted, encoding)
        linted.diagnostics = [lsp_report.diagnostic(f, positions, linted.uri, locate)
                              for f in result.findings]

    def _locator(self, linted: Linted, encoding: str):
        """Where a related place in another file is: an open document or the file on disk."""
        cache: dict[str, tuple[str, LspPositions] | None] = {}

        def locate(path: str) -> tuple[str, LspPositions] | None:
            if path not in cache:
                uri = Path(path).resolve().as_uri()
                doc = self.workspace.text_documents.get(uri)
                try:
                    text = doc.source if doc is not None else read_source(path).text
                    cache[path] = (uri, LspPositions(text, encoding))
                except InputError:
                    cache[path] = None
            return cache[path]

        return locate

    def publish(self, linted: Linted) -> None:
        """Send a document's diagnostics, tagged with the version they were computed for."""
        diagnostics = self.types.structure(linted.diagnostics, list[types.Diagnostic])
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=linted.uri, diagnostics=diagnostics, version=linted.version))

    async def current(self, uri: str) -> Linted | None:
        """The findings for the document's present text, checking it now if need be."""
        linted = self.linted.get(uri)
        if linted is not None and self.is_current(linted):
            return linted
        linted = await self.check_now(uri)
        return linted if linted is not None and self.is_current(linted) else None

    # -- code actions -------------------------------------------------------------------
    def _edit(self, linted: Linted, edits: list[dict]) -> dict:
        """A WorkspaceEdit for one document, versioned where the client supports it."""
        if self._capability("workspace", "workspace_edit", "document_changes"):
            return {"documentChanges": [{"textDocument": {"uri": linted.uri,
                                                          "version": linted.version},
                                         "edits": edits}]}
        return {"changes": {linted.uri: edits}}

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Quick fixes for the findings under the range, and the fix-all source action."""
        uri = params.text_document.uri
        linted = await self.current(uri)
        if linted is None or linted.positions is None:
            return []
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()]

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(k + ".") for k in only)

        actions: list[dict] = []
        if wanted(types.CodeActionKind.QuickFix.value):
            asked = {(d.code, _key(d.range)) for d in params.context.diagnostics}
            lo, hi = _point(params.range.start), _point(params.range.end)
            for diag in linted.diagnostics:     # their fixes' edits are in `data` already
                start, end = _point_d(diag["range"]["start"]), _point_d(diag["range"]["end"])
                if not (start <= hi and lo <= end) and (diag.get("code"), (start, end)) not in asked:
                    continue
                main = (diag.get("data") or {}).get("fix")
                for fix in lsp_report.fixes(diag):
                    actions.append({
                        "title": f"{fix['title']} ({diag['code']})",
                        "kind": types.CodeActionKind.QuickFix.value,
                        "diagnostics": [diag],
                        "isPreferred": fix is main and fix["applicability"] == SAFE,
                        "edit": self._edit(linted, fix["edits"]),
                    })
        if wanted(FIX_ALL) and _has_safe_fix(linted):
            action: dict[str, Any] = {"title": FIX_ALL_TITLE, "kind": FIX_ALL}
            resolvable = "edit" in (self._capability("text_document", "code_action",
                                                     "resolve_support", "properties") or ())
            if not only and resolvable and linted.fix_all is None:
                # asked on every cursor move: the edits are worked out only if it is chosen
                action["data"] = {"uri": uri, "version": linted.version}
                actions.append(action)
            else:
                edits = await self.fix_all_edits(linted)
                if edits:
                    actions.append({**action, "edit": self._edit(linted, edits)})
        return self.types.structure(actions, list[types.CodeAction])

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        """Fill in the edits of a fix-all action offered without them."""
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        linted = await self.current(uri) if action.kind == FIX_ALL and uri else None
        if linted is None:
            return action
        edits = await self.fix_all_edits(linted)
        edit = self.types.structure(self._edit(linted, edits), types.WorkspaceEdit)
        return attrs.evolve(action, edit=edit)

    async def fix_all_edits(self, linted: Linted) -> list[dict]:
        """Text edits that turn the document into what `copylint check --fix` would write
        (worked out once per version)."""
        if linted.fix_all is not None:
            return linted.fix_all
        if not _has_safe_fix(linted):
            return []

        def fixed() -> str:            # on the worker, with the Runner of the moment
            source = Source(linted.path, linted.text)
            return self.runner.check_source(source, fix=Applicability.SAFE).text

        loop = asyncio.get_running_loop()
        new = await loop.run_in_executor(self.worker, fixed)
        assert linted.positions is not None     # set by every check
        linted.fix_all = diff_edits(linted.text, new, linted.positions)
        return linted.fix_all

    # -- lifecycle ----------------------------------------------------------------------
    async def on_initialized(self) -> None:
        """Watch configuration files, pull settings, and load the rules."""
        if self._capability("workspace", "did_change_watched_files", "dynamic_registration"):
            watcher = types.FileSystemWatcher(glob_pattern=WATCH_GLOB)
            try:
                await self.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id=WATCH_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                           watchers=[watcher]))]))
            except Exception as exc:  # a client that refuses: saves still reload configuration
                log.warning("could not watch configuration files: %s", exc)
        await self.pull_settings()
        self.worker.submit(self._warm_up)

    async def pull_settings(self) -> None:
        """Ask a client that supports workspace/configuration for the "copylint" section."""
        if not self._capability("workspace", "configuration"):
            return
        try:
            values = await self.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section=SECTION)]))
        except Exception as exc:
            log.warning("workspace/configuration failed: %s", exc)
            return
        if values and values[0] is not None:
            self.apply_settings(values[0])

    def _warm_up(self) -> None:
        """(On the worker.) Load the rules before the first document arrives."""
        try:
            self.runner.settings_for(self.path_of("untitled:warm-up", None))
        except (ConfigError, RuleError, SelectionError):
            pass             # reported when a document is checked

    def closed(self, uri: str) -> None:
        """Forget a closed document and clear its diagnostics."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def saved(self, uri: str) -> None:
        """Check on save; a saved configuration file reconfigures everything."""
        if is_configuration(uri):
            self.reconfigure()
        elif uri in self.workspace.text_documents:
            self.schedule(uri, 0)


def _has_safe_fix(linted: Linted) -> bool:
    """True if a diagnostic's own fix is safe (something for the fix-all action to apply)."""
    fixes = ((d.get("data") or {}).get("fix") for d in linted.diagnostics)
    return any(f is not None and bool(f["edits"]) and f["applicability"] == SAFE for f in fixes)


def _load_lexicon() -> None:
    """(On the worker.) Load the English word frequencies once per server, so that no edit
    pays for them (rules that look words up load them on first use anyway)."""
    from .lexicon import zipf
    zipf("copy")


def is_configuration(uri: str) -> bool:
    """True if `uri` names a copylint configuration file (by its file name)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return path is not None and Path(path).name in CONFIG_NAMES


def _point(p: types.Position) -> tuple[int, int]:
    return (p.line, p.character)


def _point_d(p: dict) -> tuple[int, int]:
    return (p["line"], p["character"])


def _key(r: types.Range) -> tuple[tuple[int, int], tuple[int, int]]:
    return (_point(r.start), _point(r.end))


def _lines(text: str) -> list[str]:
    """`text` split after each "\\n" (other line separators are content, as in LineIndex)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def diff_edits(old: str, new: str, positions: LspPositions) -> list[dict]:
    """Line-level TextEdits that turn `old` into `new` (positions are those of `old`)."""
    if old == new:
        return []
    a, b = _lines(old), _lines(new)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append({"range": positions.range(Span(offsets[i1], offsets[i2])),
                          "newText": "".join(b[j1:j2])})
    return edits


def make_server() -> CopylintServer:
    """A server with every feature registered (not yet started)."""
    server = CopylintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: CopylintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if options:
            ls.apply_settings(options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: CopylintServer, params: types.InitializedParams) -> None:
        await ls.on_initialized()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopylintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopylintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: CopylintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopylintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: CopylintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.reconfigure()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration(ls: CopylintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        # a client sends its whole settings object, ours under "copylint" (or, from a client
        # configured for copylint alone, our keys at the top); anything else means "ask again"
        if isinstance(settings, dict) and (SECTION in settings or set(settings) & set(SETTING_KEYS)):
            ls.apply_settings(settings)
        else:
            await ls.pull_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders(ls: CopylintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.reconfigure()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll,
                           FIX_ALL], resolve_provider=True))
    async def code_action(ls: CopylintServer, params: types.CodeActionParams):
        return await ls.code_actions(params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: CopylintServer, params: types.CodeAction):
        return await ls.resolve(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: CopylintServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False)

    return server


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    make_server().start_io()
