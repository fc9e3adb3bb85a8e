"""`validate --format sarif`: one SARIF 2.1.0 log (OASIS SARIF v2.1.0, errata 01) for code scanning.

- `ruleId` is `PROVIDER/RULE` (`pagbank/required`), stable between releases (documents/rule_catalogue.py); each
  rule the run reports is described once in `tool.driver.rules`.
- Artifacts are relative to the working directory (the checkout GitHub uploads from), through the
  `SRCROOT` base; a file outside it is an absolute `file:` URI.
- Columns count Unicode code points, as every checkoutctl position does (`columnKind`).
- `partialFingerprints` leave out the line, so an issue keeps its identity when lines above it move
  (GitHub matches alerts across commits by them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from checkoutctl import __version__
from checkoutctl.documents.rule_catalogue import describe, rule_id
from checkoutctl.render.json_text import json_text
from checkoutctl.render.validation import ci_path, origins
from checkoutctl.safe_text import clean

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport
    from checkoutctl.rules.issues import ValidationIssue

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "checkoutctlIssue/v1"


def _artifact(file: str) -> dict:
    shown = ci_path(file)
    if os.path.isabs(shown):
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown.replace(os.sep, "/")), "uriBaseId": "SRCROOT"}


def _location(issue: ValidationIssue) -> dict:
    physical: dict = {"artifactLocation": _artifact(issue.file)}
    if issue.line:
        physical["region"] = {"startLine": issue.line, "startColumn": max(issue.column, 1)}
    location: dict = {"physicalLocation": physical}
    if issue.path:
        location["logicalLocations"] = [{"fullyQualifiedName": issue.path, "kind": "member"}]
    return location


def _fingerprint(rid: str, issue: ValidationIssue, document: int) -> str:
    key = "\0".join((rid, ci_path(issue.file), str(document), issue.path, issue.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def render(report: ValidationReport) -> str:
    rules: list[dict] = []
    index: dict[str, int] = {}
    results: list[dict] = []
    for issue, (provider, document) in origins(report).items():
        rid = rule_id(issue.rule, provider)
        if rid not in index:
            index[rid] = len(rules)
            rules.append({
                "id": rid,
                "shortDescription": {"text": describe(issue.rule, provider)},
                "defaultConfiguration": {"level": "error"},
            })
        results.append({
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": "error" if issue.is_error else "warning",
            "message": {"text": clean(issue.what(), inline=True)},
            "locations": [_location(issue)],
            "partialFingerprints": {FINGERPRINT: _fingerprint(rid, issue, document)},
        })
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "checkoutctl", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not report.unreadable}],
            "results": results,
        }],
    }
    return json_text(log)

