"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines...).

One <testsuite> per checked file; each finding is a failed <testcase> (named by code and
position), a file with nothing to report is one passing test case, and a file that could not be
read is an <error>. Characters XML 1.0 cannot carry (control characters quoted by a message
about invisible characters) are written as \\xNN.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import FileResult, Finding
from . import Options, Positions, shown
from .text import FIX_LABEL

# Characters not allowed in XML 1.0 documents (tab, LF and CR are allowed).
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` with characters XML 1.0 cannot hold written as \\xNN / \\uNNNN."""
    return XML_INVALID_RE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
        text)


def testcase(parent: ET.Element, f: Finding, path: str, positions: Positions) -> None:
    """A failed test case for one finding."""
    point = positions.point(path, f.span.start)
    where = f"{path}:{point['line']}:{point['column']}"
    case = ET.SubElement(parent, "testcase", name=f"{f.code} at line {point['line']}, column "
                         f"{point['column']}", classname=xml_safe(path), file=xml_safe(path),
                         line=str(point["line"]))
    body = f"{where}: {f.code} {f.message}"
    if f.fix is not None:
        body += f" [{FIX_LABEL[f.fix.applicability]}: {f.fix.title}]"
    failure = ET.SubElement(case, "failure", message=xml_safe(f.message),
                            type=f"{f.code} {f.rule} ({f.severity.label})")
    failure.text = xml_safe(body)


def render(results: list[FileResult], options: Options) -> str:
    """The run as <testsuites name="copylint">."""
    positions = Positions(results)
    root = ET.Element("testsuites", name="copylint")
    tests = failures = errors = 0
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=xml_safe(r.path))
        if r.error:
            case = ET.SubElement(suite, "testcase", name="read", classname=xml_safe(r.path),
                                 file=xml_safe(r.path))
            error = ET.SubElement(case, "error", message=xml_safe(r.error), type="input")
            error.text = xml_safe(r.error)
            n_tests, n_fail, n_err = 1, 0, 1
        else:
            found = shown(r, options)
            for f in found:
                testcase(suite, f, r.path, positions)
            if not found:
                ET.SubElement(suite, "testcase", name="no findings", classname=xml_safe(r.path),
                              file=xml_safe(r.path))
            n_tests, n_fail, n_err = max(len(found), 1), len(found), 0
        suite.set("tests", str(n_tests))
        suite.set("failures", str(n_fail))
        suite.set("errors", str(n_err))
        suite.set("skipped", "0")
        tests, failures, errors = tests + n_tests, failures + n_fail, errors + n_err
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
