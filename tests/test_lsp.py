"""The language server (`copylint lsp`), driven by a real LSP client over stdio (pytest-lsp).

Each test starts the installed console script as a subprocess, initialises it with the
capabilities a real editor announces (VS Code's or Neovim's, as pytest-lsp records them), and
speaks the protocol: documents opened, edited, saved and closed, code actions asked for,
settings and configuration files changed. Positions are checked against an independent
conversion written here, and edits are applied here the way an editor applies them.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import attrs
import pytest
import pytest_lsp
from clihelpers import THREE, clean_env, copylint_cmd
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from lint.model import Applicability
from lint.report.lsp import DOCS_URL
from lint.runner import Overrides, Runner
from lint.sources import Source

pytestmark = pytest.mark.asyncio

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
# Cyrillic and an emoji (two UTF-16 code units, four UTF-8 bytes) before the finding
WIDE = "Заголовок 😀\nПривіт 😀 — shelling hit Kief overnight.\n"
KIEF_LINE, KIEF_COL = 1, len("Привіт 😀 — shelling hit ")      # code points


@dataclass
class Published:
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]
    at: float


def recording_client() -> LanguageClient:
    """pytest-lsp's test client, also recording every publication (with its version) and
    every capability the server registers."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(Published(params.uri, params.version, list(params.diagnostics),
                                          time.monotonic()))

    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[PUBLISH] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=[*copylint_cmd(), "lsp"], client_factory=recording_client,
                            server_env=clean_env())


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def editor(lsp_client: LanguageClient, tmp_path_factory):
    """One server for the tests that need no particular settings (each uses its own files)."""
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


# -- helpers ----------------------------------------------------------------------------
async def start(client: LanguageClient, root: Path, *, editor: str = "visual-studio-code",
                encodings: list[str] | None = None, options: dict | None = None,
                folders: list[Path] | None = None) -> types.InitializeResult:
    """Initialise the server as `editor` would, with workspace folders."""
    capabilities = client_capabilities(editor)
    if encodings is not None:
        general = capabilities.general or types.GeneralClientCapabilities()
        capabilities = attrs.evolve(capabilities, general=attrs.evolve(
            general, position_encodings=encodings))
    folders = folders or [root]
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root.as_uri(), initialization_options=options,
        workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders]))


def open_doc(client: LanguageClient, path: Path, text: str, *, version: int = 1,
             language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, start: tuple[int, int],
           end: tuple[int, int], text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))


async def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    """Poll until `predicate()` is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def publication(client: LanguageClient, uri: str, *, after: int = 0,
                      version: int | None = None) -> Published:
    """The first publication for `uri` at index >= `after` (and with `version`, if given)."""
    def found():
        for p in client.published[after:]:
            if p.uri == uri and (version is None or p.version == version):
                return p
        return None
    return await wait_for(found, what=f"diagnostics for {uri} (version {version})")


def codes(p: Published) -> list[str]:
    return [d.code for d in p.diagnostics]


def offset_at(text: str, pos: types.Position, encoding: str) -> int:
    """An editor's own conversion of an LSP position to a code-point offset."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    if encoding == "utf-16":
        prefix = line.encode("utf-16-le")[:pos.character * 2].decode("utf-16-le")
    elif encoding == "utf-8":
        prefix = line.encode("utf-8")[:pos.character].decode("utf-8")
    else:
        prefix = line[:pos.character]
    assert len(prefix) <= len(line)
    return start + len(prefix)


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Apply LSP TextEdits as an editor does (all positions refer to the original text)."""
    spans = sorted(((offset_at(text, e.range.start, encoding), offset_at(text, e.range.end, encoding),
                     e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(action: types.CodeAction, uri: str):
    edit = action.edit
    if edit.document_changes:
        (doc,) = edit.document_changes
        assert doc.text_document.uri == uri
        return doc.edits, doc.text_document.version
    return edit.changes[uri], None


async def actions_at(client: LanguageClient, uri: str, line: int, character: int,
                     only: list[str] | None = None) -> list[types.CodeAction]:
    return list(await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(line, character), types.Position(line, character)),
        context=types.CodeActionContext(diagnostics=[], only=only))) or [])


# -- diagnostics --------------------------------------------------------------------------
@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_on_open(editor: LanguageClient, tmp_path: Path):
    client = editor
    uri = open_doc(client, tmp_path / "story.txt", THREE)
    p = await publication(client, uri)
    assert p.version == 1
    assert codes(p) == ["MT101", "CP101", "MT301"]
    kief, button, doubled = p.diagnostics
    assert (kief.range.start.line, kief.range.start.character, kief.range.end.character) == (0, 13, 17)
    assert kief.severity == types.DiagnosticSeverity.Warning
    assert kief.source == "copylint"
    assert kief.message.startswith("'Kief' is a non-standard spelling; use 'Kyiv'")
    assert kief.code_description.href == DOCS_URL.format(code="MT101", name=kief.data["rule"])
    assert kief.data["rule"] == "translation.transliteration"
    assert kief.data["fix"]["applicability"] == "safe"
    assert (button.range.start.line, button.range.start.character) == (1, 0)
    assert (doubled.range.start.line, doubled.range.start.character) == (2, 15)


@pytest.mark.asyncio(loop_scope="module")
async def test_related_places_are_related_information(editor: LanguageClient, tmp_path: Path):
    client = editor
    text = ("Rescuers reached the ferry at dawn, the harbour master said.\n\n"
            "Rescuers reached the ferry at dawn, the harbour master said.\n")
    uri = open_doc(client, tmp_path / "ferry.txt", text)
    p = await publication(client, uri)
    (dup,) = [d for d in p.diagnostics if d.code == "DP101"]
    assert dup.range.start.line == 2
    (rel,) = dup.related_information
    assert rel.location.uri == uri
    assert (rel.location.range.start.line, rel.location.range.start.character) == (0, 0)
    assert rel.message.startswith("first given here")


@pytest.mark.parametrize("encodings, expected", [
    (None, "utf-16"),                     # a client that says nothing gets UTF-16
    (["utf-16"], "utf-16"),
    (["utf-32", "utf-16"], "utf-32"),
    (["utf-8"], "utf-8"),
])
async def test_positions_in_the_negotiated_encoding(client: LanguageClient, tmp_path: Path,
                                                    encodings, expected):
    result = await start(client, tmp_path, encodings=encodings)
    assert result.server_info.name == "copylint"
    assert (result.capabilities.position_encoding or "utf-16") == expected
    uri = open_doc(client, tmp_path / "wide.txt", WIDE)
    p = await publication(client, uri)
    (kief,) = [d for d in p.diagnostics if d.code == "MT101"]
    prefix = WIDE.split("\n")[KIEF_LINE][:KIEF_COL]
    units = {"utf-16": len(prefix.encode("utf-16-le")) // 2, "utf-8": len(prefix.encode()),
             "utf-32": len(prefix)}[expected]
    assert (kief.range.start.line, kief.range.start.character) == (KIEF_LINE, units)
    assert kief.range.end.character - kief.range.start.character == 4
    assert offset_at(WIDE, kief.range.start, expected) == WIDE.index("Kief")
    # an edit in the same encoding lands exactly, after the emoji and the Cyrillic
    (action,) = [a for a in await actions_at(client, uri, KIEF_LINE, units) if "Kyiv" in a.title]
    edits, _ = workspace_edits(action, uri)
    assert apply_edits(WIDE, edits, expected) == WIDE.replace("Kief", "Kyiv")
    # and the server reads the client's incremental edits in that encoding too
    change(client, uri, 2, (KIEF_LINE, units), (KIEF_LINE, units + 4), "Kyiv")
    p = await publication(client, uri, version=2)
    assert "MT101" not in codes(p)


async def test_neovim_capabilities_negotiate_utf8(client: LanguageClient, tmp_path: Path):
    result = await start(client, tmp_path, editor="neovim")
    assert result.capabilities.position_encoding == "utf-8"
    uri = open_doc(client, tmp_path / "wide.txt", WIDE)
    p = await publication(client, uri)
    (kief,) = [d for d in p.diagnostics if d.code == "MT101"]
    assert kief.range.start.character == len(WIDE.split("\n")[1][:KIEF_COL].encode())


@pytest.mark.asyncio(loop_scope="module")
async def test_change_is_debounced_and_the_latest_version_wins(editor: LanguageClient,
                                                               tmp_path: Path):
    client = editor
    base = "Officials said the strike hit a school.\n"
    uri = open_doc(client, tmp_path / "burst.txt", base)
    p = await publication(client, uri, version=1)
    assert codes(p) == []
    mark = len(client.published)
    # 41 edits as fast as the client can send them: "Kief " typed and deleted in turn
    version = 1
    for i in range(41):
        version += 1
        if i % 2 == 0:
            change(client, uri, version, (0, 0), (0, 0), "Kief ")
        else:
            change(client, uri, version, (0, 0), (0, 5), "")
    final = await publication(client, uri, after=mark, version=version)
    assert codes(final) == ["MT101"]
    assert (final.diagnostics[0].range.start.character, final.diagnostics[0].range.end.character) == (0, 4)
    await asyncio.sleep(0.5)             # nothing older may arrive afterwards
    burst = [q for q in client.published[mark:] if q.uri == uri]
    assert burst[-1] is final
    assert len(burst) <= 3, [q.version for q in burst]     # debounced, not 41 publications
    versions = [q.version for q in burst]
    assert versions == sorted(versions)


async def test_never_stale_while_checks_are_running(client: LanguageClient, tmp_path: Path):
    """Edits arrive while the previous version is being checked (no debounce, a long article):
    every publication must describe the text of the version it names."""
    await start(client, tmp_path, options={"debounceMs": 0})
    body = "".join(f"Paragraph {i}: the council met on Tuesday and approved the budget for "
                   f"road repairs in district {i}.\n" for i in range(400))
    uri = open_doc(client, tmp_path / "long.txt", body)
    await publication(client, uri, version=1)
    mark = len(client.published)
    version = 1
    for i in range(30):
        version += 1
        if i % 2 == 0:
            change(client, uri, version, (0, 0), (0, 0), "Kief ")
        else:
            change(client, uri, version, (0, 0), (0, 5), "")
        await asyncio.sleep(0.012)
    await publication(client, uri, after=mark, version=version)
    await asyncio.sleep(0.3)
    burst = [q for q in client.published[mark:] if q.uri == uri]
    versions = [q.version for q in burst]
    assert versions == sorted(versions) and versions[-1] == version
    for q in burst:                       # Kief is there exactly in the even versions
        has_kief = any(d.code == "MT101" and d.range.start.line == 0 for d in q.diagnostics)
        assert has_kief == (q.version % 2 == 0), q.version


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_follow_each_change(editor: LanguageClient, tmp_path: Path):
    client = editor
    uri = open_doc(client, tmp_path / "edit.txt", "Officials said the strike hit a school.\n")
    await publication(client, uri, version=1)
    change(client, uri, 2, (0, 15), (0, 15), "the ")          # "said the the strike"
    p = await publication(client, uri, version=2)
    assert codes(p) == ["MT301"]
    assert (p.diagnostics[0].range.start.character, p.diagnostics[0].range.end.character) == (15, 22)
    change(client, uri, 3, (0, 15), (0, 19), "")
    p = await publication(client, uri, version=3)
    assert codes(p) == []


async def test_diagnostics_on_save(client: LanguageClient, tmp_path: Path):
    # a debounce far longer than the test: only the save can make the server check now
    await start(client, tmp_path, options={"debounceMs": 600_000})
    uri = open_doc(client, tmp_path / "save.txt", "Officials said the strike hit a school.\n")
    await publication(client, uri, version=1)
    change(client, uri, 2, (0, 0), (0, 0), "Kief: ")
    await asyncio.sleep(0.3)
    assert not [q for q in client.published if q.uri == uri and q.version == 2]
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    p = await publication(client, uri, version=2)
    assert codes(p) == ["MT101"]


@pytest.mark.asyncio(loop_scope="module")
async def test_close_clears_diagnostics(editor: LanguageClient, tmp_path: Path):
    client = editor
    uri = open_doc(client, tmp_path / "story.txt", THREE)
    await publication(client, uri)
    mark = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    p = await publication(client, uri, after=mark)
    assert p.diagnostics == []


@pytest.mark.asyncio(loop_scope="module")
async def test_markdown_and_html_map_to_source_positions(editor: LanguageClient, tmp_path: Path):
    """Documents go through the Runner, so the readers decide what is prose: findings land on
    the source text, and link targets and markup are left alone."""
    client = editor
    md = ("# Update from Kharkov\n\n"
          "Shelling hit **Kief** overnight, [officials](https://example.org/Kief) said.\n")
    uri = open_doc(client, tmp_path / "story.md", md, language="markdown")
    p = await publication(client, uri)
    got = [(d.code, d.range.start.line, d.range.start.character, d.range.end.character)
           for d in p.diagnostics]
    assert got == [("MT101", 0, 14, 21), ("MT101", 2, 15, 19)]
    html = "<h1>Update</h1>\n<p>Shelling hit <b>Kief</b> overnight &mdash; officials said.</p>\n"
    uri = open_doc(client, tmp_path / "story.html", html, language="html")
    p = await publication(client, uri)
    (kief,) = p.diagnostics
    start = html.index("Kief") - html.index("<p>")
    assert (kief.code, kief.range.start.line, kief.range.start.character) == ("MT101", 1, start)


async def test_lsp_command_without_pygls(monkeypatch):
    """Without the lsp extra, `copylint lsp` says how to get it, in one line."""
    from click.testing import CliRunner

    from lint.cli import main
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "lint.lsp", raising=False)
    res = CliRunner().invoke(main, ["lsp"], catch_exceptions=False)
    assert res.exit_code == 2
    assert res.stderr.startswith("copylint: error: the language server needs pygls: "
                                 "pip install 'copylint[lsp]'")
    assert CliRunner().invoke(main, ["lsp", "--help"]).exit_code == 0


# -- code actions -------------------------------------------------------------------------
@pytest.mark.asyncio(loop_scope="module")
async def test_quick_fixes_from_fix_and_alternatives(editor: LanguageClient, tmp_path: Path):
    client = editor
    text = "Officials in Kirovograd said the the bridge reopened.\n"
    uri = open_doc(client, tmp_path / "city.txt", text)
    p = await publication(client, uri)
    assert codes(p) == ["MT101", "MT301"]
    actions = await actions_at(client, uri, 0, 15)           # inside "Kirovograd"
    assert [a.title for a in actions if a.kind == types.CodeActionKind.QuickFix] == [
        "Replace 'Kirovograd' with 'Kirovohrad' (MT101)",
        "Replace 'Kirovograd' with 'Kropyvnytskyi' (MT101)"]
    main, alternative = actions[:2]
    assert main.is_preferred is True and not alternative.is_preferred
    assert [d.code for d in main.diagnostics] == ["MT101"]
    edits, version = workspace_edits(main, uri)
    assert version == 1                                       # VS Code gets a versioned edit
    assert apply_edits(text, edits) == text.replace("Kirovograd", "Kirovohrad")
    edits, _ = workspace_edits(alternative, uri)
    assert apply_edits(text, edits) == text.replace("Kirovograd", "Kropyvnytskyi")
    # the fix-all source action is offered beside the quick fixes
    assert any(a.kind == "source.fixAll.copylint" for a in actions)
    # nothing under the cursor, nothing to quick-fix there
    assert not [a for a in await actions_at(client, uri, 0, 2) if a.kind == "quickfix"]


@pytest.mark.asyncio(loop_scope="module")
async def test_quick_fix_for_a_diagnostic_the_client_sends(editor: LanguageClient, tmp_path: Path):
    client = editor
    text = "Officials said the the strike hit a school.\n"
    uri = open_doc(client, tmp_path / "ctx.txt", text)
    p = await publication(client, uri)
    (diag,) = p.diagnostics
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[diag], only=[types.CodeActionKind.QuickFix])))
    (action,) = actions
    assert action.title == "Delete the repeated 'the' (MT301)"
    edits, _ = workspace_edits(action, uri)
    assert apply_edits(text, edits) == "Officials said the strike hit a school.\n"


@pytest.mark.asyncio(loop_scope="module")
async def test_quick_fixes_are_the_edits_published_in_diagnostic_data(editor: LanguageClient,
                                                                      tmp_path: Path):
    """A quick fix is the fix its diagnostic carries in `data`, edits and all (nothing is
    linted or converted again); on Markdown those edits are source edits, past the markup and
    an emoji (two UTF-16 code units) before the finding."""
    client = editor
    md = "# Update\n\nOfficials in **Kirovograd** said 😀 the shelling hit Kief overnight.\n"
    uri = open_doc(client, tmp_path / "data.md", md, language="markdown")
    p = await publication(client, uri)
    kirovograd, kief = p.diagnostics
    assert (kief.range.start.line, kief.range.start.character) == (2, 53)
    unstructure = default_converter().unstructure
    fixed = {}
    for diag in (kirovograd, kief):
        at = diag.range.start
        actions = [a for a in await actions_at(client, uri, at.line, at.character + 1)
                   if a.kind == types.CodeActionKind.QuickFix]
        published = [diag.data["fix"], *diag.data["alternatives"]]
        assert [a.title for a in actions] == [f"{f['title']} ({diag.code})" for f in published]
        assert [a.is_preferred for a in actions] == [True] + [False] * (len(published) - 1)
        for action, fix in zip(actions, published):
            assert [d.data for d in action.diagnostics] == [diag.data]
            edits, version = workspace_edits(action, uri)
            assert version == 1 and unstructure(list(edits)) == fix["edits"]
            fixed[fix["title"]] = apply_edits(md, edits)
    assert fixed == {
        "Replace 'Kirovograd' with 'Kirovohrad'": md.replace("Kirovograd", "Kirovohrad"),
        "Replace 'Kirovograd' with 'Kropyvnytskyi'": md.replace("Kirovograd", "Kropyvnytskyi"),
        "Replace 'Kief' with 'Kyiv'": md.replace("Kief", "Kyiv")}


@pytest.mark.asyncio(loop_scope="module")
async def test_display_only_suggestions_are_not_offered_as_edits(editor: LanguageClient,
                                                                 tmp_path: Path):
    client = editor
    uri = open_doc(client, tmp_path / "sign.txt", "The sign read Закрито, the owner said.\n")
    p = await publication(client, uri)
    (hint,) = p.diagnostics
    assert hint.code == "MT602" and hint.severity == types.DiagnosticSeverity.Information
    assert hint.data["fix"]["applicability"] == "display-only"
    assert await actions_at(client, uri, 0, 16) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all_source_action_matches_check_fix(editor: LanguageClient, tmp_path: Path):
    client = editor
    text = ("Shelling hit Kief overnight.\nCopy link\n"
            "Officials in Kharkov said the the strike hit a school.\n"
            "Привіт 😀 — the mayor of Odessa, Ukraine, said.\n")
    uri = open_doc(client, tmp_path / "fixall.txt", text)
    await publication(client, uri)
    expected = Runner(Overrides(isolated=True)).check_source(
        Source(str(tmp_path / "fixall.txt"), text), fix=Applicability.SAFE).text
    assert expected != text
    # asked without `only` (the light bulb, at every cursor move), the action comes without
    # its edits, and a client that can resolve code actions gets them when it is chosen
    (lazy,) = [a for a in await actions_at(client, uri, 3, 0) if a.kind == "source.fixAll.copylint"]
    assert lazy.edit is None and lazy.data["version"] == 1
    resolved = await client.code_action_resolve_async(lazy)
    edits, version = workspace_edits(resolved, uri)
    assert version == 1 and apply_edits(text, edits) == expected
    # asked for explicitly (fix all on save), the edits come at once
    actions = await actions_at(client, uri, 0, 0, only=[types.CodeActionKind.SourceFixAll])
    (action,) = actions
    assert action.kind == "source.fixAll.copylint"
    assert action.title == "Fix all safe copylint findings"
    edits, version = workspace_edits(action, uri)
    assert version == 1
    assert apply_edits(text, edits) == expected
    # asking only for quick fixes leaves the source action out, and the reverse
    assert all(a.kind == "quickfix" for a in await actions_at(client, uri, 0, 14, only=["quickfix"]))
    clean = open_doc(client, tmp_path / "clean.txt", "The mayor said the metro stayed open.\n")
    await publication(client, clean)
    assert await actions_at(client, clean, 0, 0, only=["source.fixAll"]) == []


async def test_code_actions_answer_for_the_latest_text(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path, options={"debounceMs": 600_000})
    text = "Officials said the strike hit a school.\n"
    uri = open_doc(client, tmp_path / "late.txt", text)
    await publication(client, uri, version=1)
    change(client, uri, 2, (0, 0), (0, 0), "Kief: ")      # not yet checked (long debounce)
    actions = await actions_at(client, uri, 0, 1)
    (action,) = [a for a in actions if a.kind == "quickfix"]
    edits, version = workspace_edits(action, uri)
    assert version == 2
    assert apply_edits("Kief: " + text, edits) == "Kyiv: " + text


# -- configuration and settings -----------------------------------------------------------
async def test_configuration_per_workspace_folder(client: LanguageClient, tmp_path: Path):
    desk, wire = tmp_path / "desk", tmp_path / "wire"
    desk.mkdir()
    wire.mkdir()
    (desk / "copylint.toml").write_text('ignore = ["MT101"]\n', encoding="utf-8")
    await start(client, tmp_path, folders=[desk, wire])
    watch = await wait_for(lambda: [r for r in client.registrations
                                    if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES],
                           what="the configuration-file watcher")
    (watcher,) = watch[0].register_options["watchers"]
    assert watcher["globPattern"] == "**/{.copylint.toml,copylint.toml,pyproject.toml}"
    a = open_doc(client, desk / "story.txt", THREE)
    b = open_doc(client, wire / "story.txt", THREE)
    assert codes(await publication(client, a)) == ["CP101", "MT301"]
    assert codes(await publication(client, b)) == ["MT101", "CP101", "MT301"]

    # the editor reports a changed configuration file: the desk's folder is checked anew
    (desk / "copylint.toml").write_text('ignore = ["MT301"]\n', encoding="utf-8")
    mark = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(desk / "copylint.toml").as_uri(), type=types.FileChangeType.Changed)]))
    assert codes(await publication(client, a, after=mark)) == ["MT101", "CP101"]
    assert codes(await publication(client, b, after=mark)) == ["MT101", "CP101", "MT301"]

    # a configuration file saved in the editor (one that does not watch files) does the same
    config = wire / ".copylint.toml"
    config.write_text('ignore = ["CP"]\n', encoding="utf-8")
    config_uri = open_doc(client, config, config.read_text(), language="toml")
    mark = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config_uri)))
    assert codes(await publication(client, b, after=mark)) == ["MT101", "MT301"]
    # the configuration file itself is not copy: no findings are reported in it
    assert not [q.diagnostics for q in client.published if q.uri == config_uri and q.diagnostics]


async def test_broken_configuration_is_reported(client: LanguageClient, tmp_path: Path):
    (tmp_path / "copylint.toml").write_text('ignore = ["MT101"\n', encoding="utf-8")
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", THREE)
    p = await publication(client, uri)
    (diag,) = p.diagnostics
    assert diag.severity == types.DiagnosticSeverity.Error
    assert "copylint.toml" in diag.message and "invalid TOML" in diag.message
    await wait_for(lambda: any("invalid TOML" in m.message for m in client.messages),
                   what="a message about the broken configuration")
    (tmp_path / "copylint.toml").write_text('ignore = ["MT101"]\n', encoding="utf-8")
    mark = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(tmp_path / "copylint.toml").as_uri(), type=types.FileChangeType.Changed)]))
    assert codes(await publication(client, uri, after=mark)) == ["CP101", "MT301"]


async def test_settings_select_and_ignore(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path, options={"ignore": ["MT101"]})
    uri = open_doc(client, tmp_path / "story.txt", THREE)
    assert codes(await publication(client, uri)) == ["CP101", "MT301"]

    mark = len(client.published)               # pushed settings, VS Code style
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"copylint": {"select": ["MT"], "ignore": ["MT301"]}}))
    assert codes(await publication(client, uri, after=mark)) == ["MT101"]

    mark = len(client.published)               # pulled settings: the client says "ask again"
    client.set_configuration({"select": ["CP101", "MT301"]}, section="copylint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert codes(await publication(client, uri, after=mark)) == ["CP101", "MT301"]

    mark = len(client.published)               # a code that names no rule
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"copylint": {"select": ["XX999"]}}))
    p = await publication(client, uri, after=mark)
    (diag,) = p.diagnostics
    assert diag.severity == types.DiagnosticSeverity.Error and "XX999" in diag.message
    await wait_for(lambda: any("XX999" in m.message for m in client.messages), what="a message")

    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"copylint": {"selcet": ["MT101"]}}))       # a misspelt key: said, not applied
    await wait_for(lambda: any("unknown setting 'selcet'" in m.message for m in client.messages),
                   what="a message about the unknown setting")

    mark = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"copylint": {"select": [], "extendSelect": [], "ignore": []}}))
    assert codes(await publication(client, uri, after=mark)) == ["MT101", "CP101", "MT301"]


async def test_untitled_markdown_buffer_uses_the_folder_configuration(client: LanguageClient,
                                                                       tmp_path: Path):
    (tmp_path / "copylint.toml").write_text('ignore = ["MT301"]\n', encoding="utf-8")
    await start(client, tmp_path)
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=THREE)))
    p = await publication(client, uri)
    assert "MT101" in codes(p) and "MT301" not in codes(p)


# -- a real editor ------------------------------------------------------------------------
NVIM_SCRIPT = textwrap.dedent("""\
    -- Neovim's built-in LSP client (0.7 and newer): attach copylint to a buffer, record what
    -- the editor received, ask for a quick fix and for the fix-all action, apply the latter.
    local out, cmd = vim.env.COPYLINT_OUT, vim.json.decode(vim.env.COPYLINT_CMD)
    vim.cmd("edit " .. vim.fn.fnameescape(vim.env.COPYLINT_FILE))
    local buf = vim.api.nvim_get_current_buf()
    local id = vim.lsp.start_client({name = "copylint", cmd = cmd, root_dir = vim.fn.getcwd(),
                                     init_options = {ignore = {"MT602"}}})
    vim.lsp.buf_attach_client(buf, id)
    local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    local client = vim.lsp.get_client_by_id(id)
    local result = {ok = ok, version = vim.version(), encoding = client.offset_encoding,
                    diagnostics = {}}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(result.diagnostics, {code = d.code or lsp.code, lnum = d.lnum, col = d.col,
        end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message,
        source = d.source, href = lsp.codeDescription and lsp.codeDescription.href,
        related = lsp.relatedInformation})
    end
    local function actions(line, character, only)
      local params = {textDocument = {uri = vim.uri_from_bufnr(buf)},
        range = {start = {line = line, character = character},
                 ["end"] = {line = line, character = character}},
        context = {diagnostics = {}, only = only}}
      local resp = client.request_sync("textDocument/codeAction", params, 10000, buf)
      return resp and resp.result or {}
    end
    result.quickfixes = {}
    for _, a in ipairs(actions(tonumber(vim.env.COPYLINT_LINE), tonumber(vim.env.COPYLINT_CHAR),
                               {"quickfix"})) do
      table.insert(result.quickfixes, a.title)
    end
    local fix_all = actions(0, 0, {"source.fixAll"})[1]
    if fix_all then
      vim.lsp.util.apply_workspace_edit(fix_all.edit, client.offset_encoding)
      result.fix_all_title = fix_all.title
      result.fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\\n")
    end
    local fh = io.open(out, "w")
    fh:write(vim.json.encode(result))
    fh:close()
    vim.cmd("qa!")
    """)


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
async def test_neovim_end_to_end(tmp_path: Path):
    """Neovim, headless, with its built-in LSP client: what the editor received."""
    story = tmp_path / "story.txt"
    text = WIDE + THREE
    story.write_text(text, encoding="utf-8")
    script = tmp_path / "check.lua"
    script.write_text(NVIM_SCRIPT, encoding="utf-8")
    out = tmp_path / "received.json"
    prefix = WIDE.split("\n")[KIEF_LINE][:KIEF_COL]
    env = clean_env(COPYLINT_OUT=str(out), COPYLINT_FILE=str(story),
                    COPYLINT_CMD=json.dumps([*copylint_cmd(), "lsp"]),
                    COPYLINT_LINE=str(KIEF_LINE), COPYLINT_CHAR=str(len(prefix.encode("utf-16-le")) // 2),
                    XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
                    XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    proc = await asyncio.to_thread(
        subprocess.run, ["nvim", "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.exists(), proc.stdout + proc.stderr
    received = json.loads(out.read_text(encoding="utf-8"))
    if os.environ.get("COPYLINT_SHOW_NVIM"):
        print(json.dumps(received, ensure_ascii=False, indent=2))
    assert received["ok"], received
    encoding = received["encoding"]
    units = len(prefix.encode("utf-8")) if encoding == "utf-8" else len(prefix.encode("utf-16-le")) // 2
    got = [(d["code"], d["lnum"], d["col"], d["end_col"]) for d in received["diagnostics"]]
    # Neovim stores columns in bytes of the line, whatever the wire encoding was
    byte_col = len(prefix.encode("utf-8"))
    assert ("MT101", 1, byte_col, byte_col + 4) in got, (got, units)
    assert ("MT101", 2, 13, 17) in got and ("CP101", 3, 0, 9) in got and ("MT301", 4, 15, 22) in got
    assert "MT602" not in [code for code, *_ in got]           # the editor's init_options applied
    hrefs = {d["code"]: d["href"] for d in received["diagnostics"]}
    assert hrefs["MT101"] == DOCS_URL.format(code="MT101", name="translation.transliteration")
    assert "Replace 'Kief' with 'Kyiv' (MT101)" in received["quickfixes"]
    assert received["fix_all_title"] == "Fix all safe copylint findings"
    assert received["fixed"] == Runner(Overrides(isolated=True)).check_source(
        Source(str(story), text), fix=Applicability.SAFE).text.rstrip("\n")
