"""Readers: Markdown and HTML sources read as prose, findings mapped back to exact source
positions, fixes that edit the source without breaking its markup.

The corpus holds Markdown and HTML renderings of annotated articles (corpus/md_*.md,
corpus/html_*.html); they must give the same findings as the plain text, at the places in the
source where the quoted text stands, and fixing them must give the same text as fixing the
plain article.
"""
from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from clihelpers import invoke, json_of, write
from conftest import make_runner

from lint.model import Applicability, Edit, Span
from lint.readers import VERBATIM, ProseDocument, input_format, read
from lint.runner import Overrides, Runner
from lint.sources import Source, read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RENDERINGS = [
    ("mt_uk_kharkiv_night_attack.txt", "md_uk_kharkiv_night_attack.md"),
    ("mt_uk_kharkiv_night_attack.txt", "html_uk_kharkiv_night_attack.html"),
    ("scraped_lviv_heating_turbines.txt", "html_scraped_lviv_heating_turbines.html"),
]
TAG_RE = re.compile(r"<[^>]*>")


def check(path: Path | str, text: str | None = None, **overrides):
    """Check one file (or `text` claiming to be it) as the CLI does, isolated from config."""
    runner = Runner(Overrides(isolated=True, **overrides))
    source = read_source(str(path)) if text is None else Source(str(path), text)
    return runner.check_source(source)


def fixed(path: Path | str, text: str | None = None):
    """The text of a file after `--fix --unsafe-fixes`, fixing until stable."""
    runner = Runner(Overrides(isolated=True))
    source = read_source(str(path)) if text is None else Source(str(path), text)
    return runner.check_source(source, fix=Applicability.UNSAFE).text


def assert_map_exact(prose) -> None:
    """Every verbatim piece is its source text; blocks are non-empty prose."""
    for i in range(len(prose.p_start)):
        end = prose.p_start[i + 1] if i + 1 < len(prose.p_start) else len(prose.text)
        piece = prose.text[prose.p_start[i]:end]
        src = prose.source[prose.s_start[i]:prose.s_end[i]]
        if prose.kind[i] == VERBATIM:
            assert piece == src, (piece, src)
        assert prose.s_start[i] <= prose.s_end[i]
    for b in prose.blocks:
        assert prose.text[b.start:b.end].strip()


def lines(text: str) -> list[str]:
    """Non-blank lines, without trailing spaces and with no-break spaces as spaces: prose pads
    blocks onto their source lines."""
    return [ln.rstrip().replace("\xa0", " ") for ln in text.splitlines() if ln.strip()]


# -- choosing a reader ----------------------------------------------------------------------
@pytest.mark.parametrize("path,expected", [
    ("story.md", "markdown"), ("a/b/STORY.MARKDOWN", "markdown"), ("page.html", "html"),
    ("page.htm", "html"), ("story.txt", "text"), ("README", "text"), ("-", "text"),
    (None, "text"), (".md", "text"),
])
def test_format_from_extension(path, expected):
    assert input_format(path) == expected


def test_format_override_wins():
    assert input_format("story.txt", "html") == "html"
    assert input_format("page.html", "text") == "text"
    assert input_format("page.html", "auto") == "html"


def test_plain_text_is_read_as_itself():
    text = "Shelling hit Kief overnight.\n"
    prose = read(text, "text")
    assert prose.text == text
    assert prose.span(Span(13, 17)) == Span(13, 17)


# -- HTML ------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html><head><title>Kief</title><style>p { color: red }</style>
<script>var s = "<p>Kief in a script</p>";</script></head>
<body>
<nav><a href="/">Kief home</a></nav>
<header class="site">Kief Daily</header>
<article>
<header><h1>Shelling hit Kief &amp; Lviv</h1></header>
<p>The <b>mayor</b> said   the
   strike hit a school.</p>
<p hidden>Kief hidden</p>
<div aria-hidden="true">Kief aria</div>
<pre>Kief in code</pre>
<p>Run <code>kief --help</code> now.</p>
<p>AT&T rose&nbsp;2% &mdash; a &#8220;quote&#x201D;.</p>
<div>Bare text<br>Second line</div>
<ul><li>One<li>Two</ul>
<aside>Kief aside</aside>
</article>
<footer>Kief footer</footer>
</body></html>
"""


def test_html_prose_and_what_is_skipped():
    prose = read(PAGE, "html")
    assert lines(prose.text) == [
        "Shelling hit Kief & Lviv", "The mayor said the strike hit a school.",
        "Run now.", "AT&T rose 2% — a “quote”.", "Bare text", "Second line", "One", "Two"]
    assert "script" not in prose.text and "hidden" not in prose.text
    assert_map_exact(prose)


def test_html_blocks_start_on_their_source_line():
    """A block's prose line is its source line, unless an earlier block took that line (two
    blocks on one source line)."""
    prose = read(PAGE, "html")
    previous = -1
    for b in prose.blocks:
        line = prose.text.count("\n", 0, b.start)
        source_line = PAGE.count("\n", 0, prose.source_start(b.start))
        assert line == max(source_line, previous + 1), prose.text[b.start:b.end]
        previous = line + prose.text.count("\n", b.start, b.end)


def test_html_entities_map_to_their_whole_source_text():
    prose = read(PAGE, "html")
    t = prose.text
    amp = t.index("&")
    assert prose.span(Span(amp, amp + 1)) == Span(PAGE.index("&amp;"), PAGE.index("&amp;") + 5)
    q = t.index("“")
    src = PAGE.index("&#8220;")
    assert prose.span(Span(q, q + 1)) == Span(src, src + len("&#8220;"))
    word = t.index("quote")
    assert PAGE[prose.source_start(word):prose.source_end(word + 5)] == "quote"


def test_html_collapsed_white_space_maps_to_its_run():
    prose = read(PAGE, "html")
    t = prose.text
    start = t.index("said the")
    span = prose.span(Span(start, start + len("said the strike")))
    assert PAGE[span.start:span.end] == "said   the\n   strike"


def test_html_edits_inside_text_are_safe_and_escaped():
    prose = read(PAGE, "html")
    t = prose.text
    i = t.index("mayor")
    edit, ok = prose.edit(Edit(Span(i, i + 5), "<mayor> & co"))
    assert ok and PAGE[edit.span.start:edit.span.end] == "mayor"
    assert edit.replacement == "&lt;mayor&gt; &amp; co"
    i = t.index("&")
    edit, ok = prose.edit(Edit(Span(i, i + 1), "and"))
    assert ok and PAGE[edit.span.start:edit.span.end] == "&amp;" and edit.replacement == "and"


def test_html_edit_across_a_tag_is_display_only():
    prose = read(PAGE, "html")
    t = prose.text
    i = t.index("The mayor")
    _, ok = prose.edit(Edit(Span(i, i + len("The mayor")), "A mayor"))
    assert not ok
    i = t.index("mayor said")                       # deleting "mayor " cuts </b>
    _, ok = prose.edit(Edit(Span(i, i + 6), ""))
    assert not ok
    i = t.index("“")                                # half of a decoded entity run is fine ...
    _, ok = prose.edit(Edit(Span(i, i + 1), '"'))
    assert ok


def test_html_deleting_a_whole_block_removes_its_element():
    prose = read(PAGE, "html")
    t = prose.text
    i = t.index("AT&T")
    edit, ok = prose.edit(Edit(Span(i, t.index("\n", i) + 1), ""))
    assert ok
    assert PAGE[edit.span.start:edit.span.end] == "<p>AT&T rose&nbsp;2% &mdash; a &#8220;quote&#x201D;.</p>\n"
    i = t.index("Two")                              # an <li> closed implicitly
    edit, ok = prose.edit(Edit(Span(i, i + 4), ""))
    assert ok and PAGE[edit.span.start:edit.span.end] == "<li>Two"
    i = t.index("Bare text")                        # text ended by <br>
    edit, ok = prose.edit(Edit(Span(i, i + len("Bare text") + 1), ""))
    assert ok and PAGE[edit.span.start:edit.span.end] == "Bare text<br>"


def test_html_malformed_input_is_read_without_error():
    page = ("<p>One &#; two &#xZZ; three &foo; four < five</p></div></span>"
            "<p>Six <b>seven<p>eight</i> nine &amp</p><p>ten")
    prose = read(page, "html")
    assert_map_exact(prose)
    assert "four < five" in prose.text and "ten" in prose.text and "nine &" in prose.text


def test_html_suppression_comments_reach_the_suppression_parser():
    page = ("<h1>Talks resume</h1>\n<!-- copylint: disable=MT101 -->\n<p>Shelling hit Kief overnight.</p>\n"
            "<p>Kharkov was quiet. <!-- copylint: disable=MT101 --></p>\n<p>Odessa was calm.</p>\n")
    result = check("page.html", page)
    codes = [(f.code, page[f.span.start:f.span.end]) for f in result.findings]
    assert ("MT101", "Kief") not in codes and ("MT101", "Kharkov") not in codes
    assert any(c == "MT101" and t == "Odessa" for c, t in codes), codes


def test_html_unused_suppression_fix_deletes_the_comment_line():
    page = "<h1>Talks resume</h1>\n<!-- copylint: disable=MT101 -->\n<p>The talks resumed on Monday.</p>\n"
    result = check("page.html", page, select=("MT101", "CL001"))
    [f] = result.findings
    assert f.code == "CL001" and page[f.span.start:f.span.end] == "<!-- copylint: disable=MT101 -->"
    assert fixed("page.html", page) == "<h1>Talks resume</h1>\n<p>The talks resumed on Monday.</p>\n"


def test_html_headline_is_the_h1():
    prose = read(PAGE, "html")
    doc = ProseDocument(prose, "page.html")
    assert doc.text[doc.headline.start:doc.headline.end] == "Shelling hit Kief & Lviv"
    no_h1 = read("<p>Short line</p>\n<p>Second paragraph of the story.</p>\n", "html")
    assert ProseDocument(no_h1, "x.html").headline is None


def test_html_paragraphs_are_its_blocks():
    prose = read("<ul><li>Alpha</li><li>Beta</li><li>Gamma</li><li>Delta</li></ul>", "html")
    doc = ProseDocument(prose, "x.html")
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == ["Alpha", "Beta", "Gamma", "Delta"]


def test_page_furniture_outside_the_article_is_not_read():
    page = ("<body><div role=\"dialog\"><p>We use cookies to improve your experience.</p>"
            "<button>Accept all cookies</button></div>\n<article><h1>Vote on Sunday</h1>\n"
            "<p>Polls open at 8 a.m. across the region, officials said.</p></article>\n"
            "<aside><p>Read more: Other news</p></aside><footer>© 2025 Example</footer></body>")
    result = check("page.html", page, select=("CP",))
    assert result.findings == []


# -- Markdown ----------------------------------------------------------------------------------
MD = """---
title: "Kief front matter"
---
# Shelling hit *Kief* &amp; Lviv

> The **mayor** said the
> strike hit a school.

- Share
- Item with [a link](http://kief.example "Kief title") and `kief code` and ![kief *alt*](x.png)
- Hard \x20
  break line

| a | b |
|---|---|
| Kief | <http://kief.example> |

<div>
<p>Copy link</p>
</div>

Text with\\* an escape and a [ref][r] link.

```
Kief in a fence
```

    Kief indented code

[r]: http://kief.example/ref
"""


def test_markdown_prose_and_what_is_skipped():
    prose = read(MD, "markdown")
    assert lines(prose.text) == [
        "Shelling hit Kief & Lviv", "The mayor said the", "strike hit a school.", "Share",
        "Item with a link and  and", "Hard", "break line", "a", "b", "Kief", "Copy link",
        "Text with* an escape and a ref link."]
    doc = ProseDocument(prose, "x.md")
    second = doc.paragraphs[1]
    assert doc.text[second.start:second.end] == "The mayor said the\nstrike hit a school."
    assert_map_exact(prose)
    assert "front matter" not in prose.text and "fence" not in prose.text


def test_markdown_line_break_maps_with_the_quotation_marker_after_it():
    prose = read(MD, "markdown")
    t = prose.text
    i = t.index("the\nstrike")
    span = prose.span(Span(i, i + len("the\nstrike")))
    assert MD[span.start:span.end] == "the\n> strike"
    edit, ok = prose.edit(Edit(Span(i + 3, i + 4), " "))     # the break is replaced whole
    assert ok and MD[edit.span.start:edit.span.end] == "\n> "


def test_markdown_line_inside_a_paragraph_is_deleted_with_its_break():
    text = "# Title\n\n> Rescuers reached the town.\n> Copy link\n> The road was cleared by noon.\n"
    assert fixed("story.md", text) == ("# Title\n\n> Rescuers reached the town.\n"
                                       "> The road was cleared by noon.\n")


def test_markdown_escapes_and_entities_map_whole():
    prose = read(MD, "markdown")
    t = prose.text
    i = t.index("&")
    assert MD[prose.source_start(i):prose.source_end(i + 1)] == "&amp;"
    i = t.index("*")
    assert MD[prose.source_start(i):prose.source_end(i + 1)] == "\\*"


def test_markdown_edits():
    prose = read(MD, "markdown")
    t = prose.text
    i = t.index("Kief")                                   # inside emphasis: clean
    edit, ok = prose.edit(Edit(Span(i, i + 4), "Kyiv"))
    assert ok and MD[edit.span.start:edit.span.end] == "Kief"
    i = t.index("hit Kief")                               # crosses the "*": display-only
    _, ok = prose.edit(Edit(Span(i, i + 8), "hit Kyiv"))
    assert not ok
    i = t.index("a link")                                 # a link's text alone
    edit, ok = prose.edit(Edit(Span(i, i + 6), ""))
    assert ok and MD[edit.span.start:edit.span.end] == "a link"
    i = t.index("with a link and")                        # a whole link: balanced
    edit, ok = prose.edit(Edit(Span(i, i + len("with a link and")), ""))
    assert ok and MD[edit.span.start:edit.span.end] == 'with [a link](http://kief.example "Kief title") and'
    _, ok = prose.edit(Edit(Span(i, i + len("with a link and")), "by"))
    assert not ok                                         # replacing it would drop the markup
    i = t.index("Share")                                  # a whole list item: its line
    edit, ok = prose.edit(Edit(Span(i, i + 6), ""))
    assert ok and MD[edit.span.start:edit.span.end] == "- Share\n"
    i = t.index("mayor")
    edit, ok = prose.edit(Edit(Span(i, i + 5), "*boss*"))
    assert ok and edit.replacement == "\\*boss\\*"


def test_markdown_html_block_is_read_as_html():
    prose = read(MD, "markdown")
    i = prose.text.index("Copy link")
    edit, ok = prose.edit(Edit(Span(i, i + 10), ""))
    assert ok and MD[edit.span.start:edit.span.end] == "<p>Copy link</p>\n"


def test_markdown_headline_is_the_first_level_one_heading():
    doc = ProseDocument(read(MD, "markdown"), "x.md")
    assert doc.text[doc.headline.start:doc.headline.end] == "Shelling hit Kief & Lviv"
    doc = ProseDocument(read("Short first line\n\nA paragraph of the story.\n", "markdown"), "x.md")
    assert doc.headline is None
    doc = ProseDocument(read("Kicker\n\n# The Headline\n\n# Another\n", "markdown"), "x.md")
    assert doc.text[doc.headline.start:doc.headline.end] == "The Headline"


def test_markdown_crlf_and_wrapped_paragraphs_map_exactly():
    text = "# Title\r\n\r\nOfficials said the\r\nthe strike hit Kief.\r\n"
    result = check("story.md", text, select=("MT101", "MT301"))
    found = {f.code: text[f.span.start:f.span.end] for f in result.findings}
    assert found == {"MT101": "Kief", "MT301": "the\r\nthe"}
    assert fixed("story.md", text) == "# Title\r\n\r\nOfficials said the strike hit Kyiv.\r\n"


def test_markdown_suppression_comments():
    text = ("# Title\n\n<!-- copylint: disable=MT101 -->\nShelling hit Kief overnight.\n\n"
            "Kharkov was quiet. <!-- copylint: disable=MT101 -->\n\nOdessa was calm.\n")
    result = check("story.md", text, select=("MT101",))
    assert [text[f.span.start:f.span.end] for f in result.findings] == ["Odessa"]


def test_markdown_unmappable_inline_falls_back_to_display_only():
    text = "# T\n\n-\tItem with\n\t continued Kief text\n"
    prose = read(text, "markdown")
    assert "Kief" in prose.text
    result = check("story.md", text, select=("MT101",))
    [f] = result.findings
    assert f.span.start < f.span.end <= len(text)


# -- the corpus renderings -------------------------------------------------------------------
def _same(text: str, span: Span) -> str:
    """What a span holds, as a reader sees it: no tags, entities decoded, white space single."""
    raw = TAG_RE.sub("", text[span.start:span.end]).replace("\\", "").replace("*", "")
    return " ".join(html.unescape(raw).replace("> ", " ").split())


@pytest.mark.parametrize("plain,rendering", RENDERINGS, ids=[r for _, r in RENDERINGS])
def test_rendering_gives_the_plain_findings_at_source_positions(plain, rendering):
    plain_result = check(CORPUS / plain)
    result = check(CORPUS / rendering)
    assert not result.error and not [n for n in result.notices if n.startswith("rule ")]
    want = [(f.code, f.severity, re.sub(r"line \d+", "line N", f.message),
             _same(plain_result.text, f.span), f.fix.applicability if f.fix else None,
             [_same(plain_result.text, r.span) for r in f.related]) for f in plain_result.findings]
    got = [(f.code, f.severity, re.sub(r"line \d+", "line N", f.message),
            _same(result.text, f.span), f.fix.applicability if f.fix else None,
            [_same(result.text, r.span) for r in f.related]) for f in result.findings]
    assert got == want


@pytest.mark.parametrize("plain,rendering", RENDERINGS, ids=[r for _, r in RENDERINGS])
def test_rendering_fixes_edit_the_source_like_the_plain_text(plain, rendering):
    want = fixed(CORPUS / plain)
    got = fixed(CORPUS / rendering)
    fmt = input_format(rendering)
    doc = ProseDocument(read(got, fmt), rendering)
    paragraphs = [" ".join(doc.text[p.start:p.end].replace("\xa0", " ").split())
                  for p in doc.paragraphs]
    assert paragraphs == lines(want)
    if fmt == "html":                         # the page is still whole: tags open and close
        opened = re.findall(r"<(p|h1|li|ul|article|blockquote)\b", got)
        closed = re.findall(r"</(p|h1|li|ul|article|blockquote)>", got)
        assert sorted(opened) == sorted(closed)


def test_messages_name_source_lines():
    """A line number in a message names the source line where the block holding the place
    starts (prose keeps block starts on their source lines)."""
    path = CORPUS / "html_uk_kharkiv_night_attack.html"
    result = check(path)
    text = result.text
    starts = [read(text, "html").source_start(b.start) for b in read(text, "html").blocks]
    named = 0
    for f in result.findings:
        for m in re.finditer(r"line (\d+)", f.message):
            rel = [r for r in f.related if r.path is None]
            assert rel, f
            block = max(s for s in starts if s <= rel[0].span.start)
            assert text.count("\n", 0, block) + 1 == int(m.group(1)), f.message
            named += 1
    assert named


def test_json_positions_are_source_positions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = "<html>\n<body>\n<h1>Talks</h1>\n  <p>Shelling  hit <b>Kief</b> overnight.</p>\n</body></html>\n"
    write(tmp_path / "page.html", page)
    res = invoke(["check", "--isolated", "--select", "MT101", "--format", "json", "page.html"])
    [f] = json_of(res.stdout)["files"][0]["findings"]
    assert f["start"] == {"line": 4, "column": 23, "offset": page.index("Kief")}
    assert f["fix"]["edits"] == [{"start": page.index("Kief"), "end": page.index("Kief") + 4,
                                  "replacement": "Kyiv"}]


def test_input_format_option_overrides_the_extension(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "page.txt", "<h1>Talks</h1>\n<p>Shelling hit <b>Kief</b> overnight.</p>\n")
    as_text = invoke(["check", "--isolated", "--select", "MT101", "--format", "json", "page.txt"])
    as_html = invoke(["check", "--isolated", "--select", "MT101", "--format", "json",
                      "--input-format", "html", "page.txt"])
    [t] = json_of(as_text.stdout)["files"][0]["findings"]
    [h] = json_of(as_html.stdout)["files"][0]["findings"]
    assert t["start"] == h["start"]
    res = invoke(["check", "--isolated", "--input-format", "html", "--fix", "page.txt"])
    assert (tmp_path / "page.txt").read_text() == ("<h1>Talks</h1>\n"
                                                   "<p>Shelling hit <b>Kyiv</b> overnight.</p>\n")
    assert res.exit_code == 0


def test_stdin_format_follows_the_stdin_filename(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke(["check", "--isolated", "--select", "MT101", "--format", "json", "-",
                  "--stdin-filename", "desk/story.md"], input="# Kief\n\n`Kief` is code.\n")
    [f] = json.loads(res.stdout)["files"][0]["findings"]
    assert f["start"]["offset"] == 2


def test_run_level_findings_map_to_each_files_source(tmp_path):
    md = "# Talks\n\nPresident Volodymyr **Zelenskyy** met *Zelenskyy's* aides.\n"
    txt = "Talks\nPresident Volodymyr Zelensky met aides. Zelensky spoke.\n"
    runner = make_runner(["NM202"], config={"across-files": True})
    results = [runner.check_source(Source("a.md", md)), runner.check_source(Source("b.txt", txt))]
    runner.finish(results)
    spans = [(r.path, r.text[f.span.start:f.span.end],
              [(x.path, (md if x.path == "a.md" else txt)[x.span.start:x.span.end]) for x in f.related])
             for r in results for f in r.findings]
    assert spans, "expected the cross-file name finding"
    for _path, text, related in spans:
        assert text in ("Zelenskyy", "Zelensky")
        assert all(t in ("Zelenskyy", "Zelensky") for _, t in related), related


def test_plain_text_path_is_unchanged():
    text = (CORPUS / "mt_uk_kharkiv_night_attack.txt").read_text(encoding="utf-8")
    runner = make_runner(None)
    via_txt = runner.lint_text(text, "story.txt").findings
    via_unknown = runner.lint_text(text, "story").findings
    assert via_txt == via_unknown and via_txt


# -- one line index per text ------------------------------------------------------------------
@pytest.fixture
def indexed(monkeypatch) -> list[str]:
    """The text of every LineIndex built while the test runs."""
    from lint.document import LineIndex
    built: list[str] = []
    init = LineIndex.__init__

    def counting(self, text: str) -> None:
        built.append(text)
        init(self, text)

    monkeypatch.setattr(LineIndex, "__init__", counting)
    return built


@pytest.mark.parametrize("name", ["md_uk_kharkiv_night_attack.md", "html_uk_kharkiv_night_attack.html",
                                  "mt_uk_kharkiv_night_attack.txt"])
def test_one_line_index_per_text(indexed, name):
    """A check and every report of it build one line index of the source (the reader's, which
    the reporters reuse through FileResult.lines), and at most one of the prose the rules read."""
    from lint.report import Options, reporters
    source = (CORPUS / name).read_text(encoding="utf-8")       # a fresh string: nothing cached
    result = make_runner(None).check_source(Source(name, source))
    assert result.findings
    for render in reporters().values():
        render([result], Options())
    assert sum(text is source for text in indexed) == 1
    others = [text for text in indexed if text is not source]
    assert len(others) <= (0 if name.endswith(".txt") else 1)    # plain text is its own prose
    assert result.lines.text is source


def test_the_language_server_builds_one_line_index_per_version(indexed):
    """The server's positions for a document version and the reader share one line index."""
    from lint.report.lsp import LspPositions
    runner = make_runner(None)
    for version in range(2):
        text = (CORPUS / "md_uk_kharkiv_night_attack.md").read_text(encoding="utf-8")
        text += "\nKief.\n" * version
        positions = LspPositions(text, "utf-16")           # as CopylintServer._lint does
        assert runner.lint_text(text, "story.md").findings
        assert positions.index is runner._prose["story.md"].source_lines
        assert sum(t is text for t in indexed) == 1


def test_json_report_carries_each_files_rule_failures():
    """A rule that could not finish on a file is in that file's JSON entry, typed, and once per
    line in the summary; a file where every rule finished has no "failures" key."""
    from lint.errors import RULE_TIMEOUT, Failure
    from lint.model import FileResult
    from lint.report import Options, reporters
    failure = Failure(kind=RULE_TIMEOUT, code="MT201", name="translation.calque",
                      message="ran past its time budget", path="a.md")
    results = [FileResult(path="a.md", text="Kief.\n", failures=[failure]),
               FileResult(path="b.md", text="Kyiv.\n")]
    doc = json.loads(reporters()["json"](results, Options()))
    a, b = doc["files"]
    assert a["failures"] == [{"kind": "rule-timeout", "code": "MT201", "name": "translation.calque",
                              "message": "ran past its time budget"}]
    assert "failures" not in b
    assert doc["summary"]["failures"] == [str(failure)]
    assert str(failure) == "a.md: rule MT201 (translation.calque): ran past its time budget"


# -- size ------------------------------------------------------------------------------------
def big_page(target: int) -> str:
    """A scraped-looking page of about `target` characters: scripts, styles, navigation,
    sidebars and many articles of corpus paragraphs with links, emphasis and entities."""
    paras = [ln for p in sorted(CORPUS.glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()]
    head = ("<!DOCTYPE html>\n<html><head><title>News</title>\n<style>"
            + "body{margin:0}\n" * 3000 + "</style>\n<script>var d = "
            + '{"k": "<p>not prose</p>"},' * 4000 + "0;</script>\n</head>\n<body>\n"
            + "<nav><ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(60))
            + "</ul></nav>\n")
    parts, size, i = [head], len(head), 0
    while size < target:
        chunk = [f'<article id="a{i}">\n<h1>{html.escape(paras[i % len(paras)][:70])}</h1>\n']
        for k in range(12):
            words = html.escape(paras[(i * 12 + k) % len(paras)], quote=False).split(" ")
            if len(words) > 6:
                words[2] = f'<a href="/t/{i}">{words[2]}</a>'
                words[5] = f"<em>{words[5]}</em>"
            chunk.append("<p>" + " ".join(words) + "</p>\n")
        chunk.append('<aside><h2>Most read</h2><ol><li><a href="/x">Story</a></li></ol></aside>\n'
                     '<script>ads.push({slot: "mid"});</script>\n</article>\n')
        parts.extend(chunk)
        size += sum(map(len, chunk))
        i += 1
    parts.append("</body></html>\n")
    return "".join(parts)


def test_html_reader_handles_a_5_mb_page():
    page = big_page(5_000_000)
    start = time.perf_counter()
    prose = read(page, "html")
    seconds = time.perf_counter() - start
    assert len(page) >= 5_000_000 and len(prose.text) > 2_000_000
    # generous: about 2 s on a loaded 2-core machine; a quadratic reader would take minutes
    assert seconds < 30, f"reading a 5 MB page took {seconds:.1f} s"
    assert "not prose" not in prose.text and "Section 7" not in prose.text
    step = max(1, len(prose.p_start) // 2000)
    for i in range(0, len(prose.p_start), step):       # a sample of the map is exact
        if prose.kind[i] == VERBATIM:
            end = prose.p_start[i + 1] if i + 1 < len(prose.p_start) else len(prose.text)
            assert prose.text[prose.p_start[i]:end] == page[prose.s_start[i]:prose.s_end[i]]
