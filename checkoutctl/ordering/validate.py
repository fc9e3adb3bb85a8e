"""Validation as a command: every problem of every file, in the format a person or a CI job reads
(CONTRACT §2). The formats themselves live in `checkoutctl.render.validation`."""

from __future__ import annotations

import os
import re
import sys

from checkoutctl.documents.loader import MAX_FILE_BYTES, UNREADABLE
from checkoutctl.documents.orders import OrderDocument, check_file, read_cart
from checkoutctl.documents.report import ValidationReport
from checkoutctl.errors import UsageError
from checkoutctl.rules.issues import ValidationIssue


def require_files(paths: list[str]) -> None:
    for path in paths:
        if path != "-" and not os.path.isfile(path) and not _readable_stream(path):
            reason = "is a directory" if os.path.isdir(path) else "does not exist"
            raise UsageError(f"{path} {reason}", hint="give the path of an order file (YAML)")


def _readable_stream(path: str) -> bool:
    # `/dev/stdin` and process substitution (`<(…)`, a /dev/fd/N pipe) are files to read, not regular ones.
    import stat

    try:
        return stat.S_ISFIFO(os.stat(path).st_mode) or stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


def check_files(files: list[str], cart: str | None = None) -> list[OrderDocument]:
    """The checked documents of `files`; a file or cart that is missing is a usage error (order create)."""
    require_files(files + ([cart] if cart else []))
    return _documents(files, cart)


def _documents(files: list[str], cart: str | None) -> list[OrderDocument]:
    cart_doc = read_cart(cart) if cart else None
    docs: list[OrderDocument] = []
    for path in files:
        docs.extend(check_file(path, cart_doc))
    return docs


def validation_report(files: list[str], cart: str | None = None) -> ValidationReport:
    """Check every file; one that cannot be read is an issue of its own and the others are still checked."""
    if cart:
        require_files([cart])  # the cart applies to every file: without it nothing can be checked
    docs = _documents(files, cart)
    issues: list[ValidationIssue] = []
    seen: set[ValidationIssue] = set()
    for doc in docs:
        for issue in doc.issues:
            if issue not in seen:  # a broken cart is reported once, not once per order
                seen.add(issue)
                issues.append(issue)
    return ValidationReport(tuple(files), tuple(docs), tuple(issues))


# A top-level `provider:` key (after a BOM, if any): what makes a YAML file an order or cart file.
_ORDER_FILE = re.compile(rb"^(?:\xef\xbb\xbf)?provider[ \t]*:", re.MULTILINE)


def order_files(files: list[str]) -> list[str]:
    """`files` without the YAML files that hold no top-level `provider:` (workflows, configs), for
    hooks that are handed every staged *.yaml. A file that cannot be read stays: it is reported."""
    keep = []
    for path in files:
        if path == "-" or not os.path.isfile(path):
            # stdin, /dev/stdin or <(…) can be read once only; a missing file or a directory is reported
            keep.append(path)
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError:
            keep.append(path)
            continue
        if _ORDER_FILE.search(data):
            keep.append(path)
    return keep


def validate_files(files: list[str], *, cart: str | None = None, fmt: str = "text", skip_other_yaml: bool = False,
                   keep: list | None = None) -> int:
    """Validate and write the report; `keep` receives the report, node trees and all, to outlive the call
    (the installed command leaves them to the OS at exit: `entry.console`)."""
    from checkoutctl.render.validation import render_report

    report = validation_report(order_files(files) if skip_other_yaml else files, cart)
    if keep is not None:
        keep.append(report)
    sys.stdout.write(render_report(report, fmt))
    sys.stderr.write(summary(report) + "\n")
    return report.exit_code


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(report: ValidationReport) -> str:
    head = f"{_plural(len(report.files), 'file')}, {_plural(len(report.documents) - _unread_docs(report), 'document')}"
    errors = report.errors
    warnings = len(report.issues) - len(errors)
    parts = []
    if report.unreadable:
        parts.append(f"{_plural(len(report.unreadable), 'file')} could not be read")
    checked = [i for i in errors if i.rule != UNREADABLE]
    if checked:
        parts.append(f"{_plural(len(checked), 'error')} in {_plural(len({i.file for i in checked}), 'file')}")
    if warnings:
        parts.append(_plural(warnings, "warning"))
    if not errors:
        parts.insert(0, "valid" if warnings else "all valid")
    return f"{head}: {', '.join(parts)}"


def _unread_docs(report: ValidationReport) -> int:
    return sum(1 for d in report.documents if any(i.rule == UNREADABLE for i in d.issues))
