"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

    ::warning file=story.txt,line=3,col=21,endLine=3,endColumn=25,title=MT101 (...)::'Kief' is ...

Lines and columns are 1-based, as in the text output. Escaping follows the Actions toolkit:
in the message `%`, CR and LF are percent-encoded; in properties also `:` and `,`.
"""
from __future__ import annotations

from ..model import FileResult, Finding, Severity
from . import Options, Positions, shown
from .text import FIX_LABEL

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: object) -> str:
    """`::kind prop=value,...::message` with everything escaped."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def annotation(f: Finding, path: str, positions: Positions) -> str:
    """One finding as an annotation."""
    start = positions.point(path, f.span.start)
    end = positions.point(path, f.span.end)
    message = f.message
    if f.fix is not None:
        message += f" [{FIX_LABEL[f.fix.applicability]}: {f.fix.title}]"
    return command(COMMAND[f.severity], message, file=path, line=start["line"], col=start["column"],
                   endLine=end["line"], endColumn=end["column"], title=f"{f.code} ({f.rule})")


def render(results: list[FileResult], options: Options) -> str:
    """Every shown finding as an annotation; a file that could not be read as an error."""
    positions = Positions(results)
    out: list[str] = []
    for r in results:
        if r.error:
            out.append(command("error", r.error, file=r.path, title="copylint"))
            continue
        out.extend(annotation(f, r.path, positions) for f in shown(r, options))
    return "\n".join(out) + ("\n" if out else "")
