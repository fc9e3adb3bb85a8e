"""`validate`'s output formats (CONTRACT §2), one small module each, imported only when chosen:

    text     FILE:LINE:COL: error: PATH: MESSAGE (HINT)      like a compiler
    json     a JSON array of issues, `[]` when every file is valid
    github   GitHub Actions workflow commands (`::error file=…::…`)
    sarif    one SARIF 2.1.0 log for code scanning
    junit    JUnit XML, one test case per document, for GitLab and Jenkins

Each module has `render(report) -> str`; what a CI format shows of a file's path is `ci_path`.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport

FORMATS: tuple[str, ...] = ("text", "json", "github", "sarif", "junit")
_MODULES = {"text": "text", "json": "json_array", "github": "github", "sarif": "sarif", "junit": "junit"}


def render_report(report: ValidationReport, fmt: str) -> str:
    return import_module(f"{__name__}.{_MODULES[fmt]}").render(report)


def ci_path(file: str) -> str:
    """The file as CI tools place annotations: relative to the working directory (the checkout), with
    no `./` prefix (GitHub does not match `./a.yaml` to `a.yaml`); a path outside it stays as given."""
    if file == "-":
        return file
    if os.path.isabs(file):
        try:
            rel = os.path.relpath(file)
        except ValueError:  # another drive (Windows)
            return file
        return file if rel.startswith("..") else rel
    return os.path.normpath(file)


def origins(report: ValidationReport) -> dict:
    """issue → (provider, document number) of the first document it was found in (a cart's problem
    is found in every order it joins, and reported once)."""
    found: dict = {}
    for doc in report.documents:
        for issue in doc.issues:
            found.setdefault(issue, (doc.provider, doc.index))
    return {issue: found.get(issue, (None, 0)) for issue in report.issues}
