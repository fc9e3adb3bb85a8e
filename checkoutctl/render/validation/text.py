"""`validate --format text`: one compiler-style line per issue (CONTRACT §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkoutctl.safe_text import clean

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport


def render(report: ValidationReport) -> str:
    # inline: a value holding a newline or tab must not split one issue over two lines.
    return "".join(clean(issue.text(), inline=True) + "\n" for issue in report.issues)
