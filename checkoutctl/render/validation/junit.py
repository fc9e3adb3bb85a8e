"""`validate --format junit`: JUnit XML as GitLab (`artifacts:reports:junit`) and Jenkins read it.

One `<testsuite>` per file and one `<testcase>` per document: a document with errors fails, carrying
every message; a file that cannot be read is an `<error>`; warnings go to the case's `<system-out>`.
Element and attribute names follow the JUnit XML schema Jenkins and GitLab document (testsuites,
testsuite, testcase, failure, error, system-out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkoutctl.documents.loader import UNREADABLE
from checkoutctl.render.validation import ci_path
from checkoutctl.safe_text import clean

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport


def render(report: ValidationReport) -> str:
    import xml.etree.ElementTree as ET  # only for this format: validate's start-up does not pay for it

    root = ET.Element("testsuites", name="checkoutctl validate")
    suites: dict[str, ET.Element] = {}
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for doc in report.documents:
        file = ci_path(doc.file)
        suite = suites.get(file)
        if suite is None:
            suite = suites[file] = ET.SubElement(root, "testsuite", name=file, tests="0", failures="0", errors="0")
        unreadable = any(i.rule == UNREADABLE for i in doc.issues)
        name = "file" if unreadable else f"document {doc.index + 1} ({doc.provider or 'no provider'}, line {doc.line})"
        case = ET.SubElement(suite, "testcase", classname=f"checkoutctl.validate.{file}", name=name, file=file)
        errors = [i for i in doc.issues if i.is_error]
        warnings = [i for i in doc.issues if not i.is_error]
        # A broken cart joins every order: its issues fail each case (the other formats list them once).
        outcome = None
        if unreadable:
            outcome = ET.SubElement(case, "error", message=clean(errors[0].message, inline=True), type=UNREADABLE)
            kind = "errors"
        elif errors:
            n = len(errors)
            outcome = ET.SubElement(case, "failure", message=f"{n} problem{'s' if n != 1 else ''}", type="validation")
            kind = "failures"
        if outcome is not None:
            outcome.text = "".join(clean(i.text(), inline=True) + "\n" for i in errors)
            suite.set(kind, str(int(suite.get(kind)) + 1))
            totals[kind] += 1
        if warnings:
            ET.SubElement(case, "system-out").text = "".join(clean(i.text(), inline=True) + "\n" for i in warnings)
        suite.set("tests", str(int(suite.get("tests")) + 1))
        totals["tests"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
