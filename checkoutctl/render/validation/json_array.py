"""`validate --format json`: a JSON array of issues; `[]` when every file is valid (CONTRACT §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkoutctl.render.json_text import json_text
from checkoutctl.safe_text import clean

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport


def render(report: ValidationReport) -> str:
    issues = [{k: clean(v) if isinstance(v, str) else v for k, v in i.as_json().items()} for i in report.issues]
    return json_text(issues)
