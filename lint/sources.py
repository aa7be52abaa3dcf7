"""Reading and writing the files copylint checks: decoding, BOMs, line endings, discovery,
atomic writes. Every problem becomes an InputError with a one-line message."""
from __future__ import annotations

import fnmatch
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CopylintError

BOM = b"\xef\xbb\xbf"
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.html", "*.htm")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".tox", ".nox", "build", "dist")


class InputError(CopylintError):
    """A source that cannot be checked; str() is the one-line reason."""


@dataclass
class Source:
    """A decoded source: text without BOM, and what is needed to write it back unchanged."""

    path: str
    text: str
    bom: bool = False

    @property
    def newline(self) -> str:
        """The file's line ending: CRLF if it has any, else LF."""
        return "\r\n" if "\r\n" in self.text else "\n"


def decode(data: bytes, path: str) -> Source:
    """Decode UTF-8 bytes, refusing binary data and naming the offset of a bad byte."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not checked")
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + (len(BOM) if bom else 0)
        raise InputError(f"{path}: invalid UTF-8 at byte offset {at} "
                         f"(byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    return Source(path, text, bom)


def read_source(path: str) -> Source:
    """Read and decode one file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, path)


def write_atomic(source: Source, text: str) -> None:
    """Write `text` back to the source's file atomically, keeping its BOM and permissions."""
    data = (BOM if source.bom else b"") + text.encode("utf-8")
    path = Path(source.path)
    if not os.access(path, os.W_OK):
        raise PermissionError(13, "Permission denied: the file is read-only")
    st = os.stat(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".copylint", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, st.st_mode & 0o7777)
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                os.chown(tmp, st.st_uid, st.st_gid)   # keep the owner where we may
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def discover(root: str, include: Iterable[str] = DEFAULT_INCLUDE,
             exclude: Iterable[str] = DEFAULT_EXCLUDE) -> Iterator[str]:
    """Files under `root` (sorted, recursively) whose name matches `include` and no part of
    whose path matches `exclude`. Hidden folders are skipped."""
    include, exclude = tuple(include), tuple(exclude)
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not _matches(rel_dir + d, exclude))
        for name in sorted(filenames):
            rel = rel_dir + name
            if _matches(rel, include) and not _matches(rel, exclude):
                yield os.path.join(dirpath, name)
