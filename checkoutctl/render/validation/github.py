"""`validate --format github`: GitHub Actions workflow commands, one annotation per issue.

Grammar (docs.github.com "Workflow commands for GitHub Actions", and @actions/core's command.ts):
`::error file=F,line=L,col=C::MESSAGE`. In the message `%`, CR and LF are escaped as %25, %0D, %0A;
in a property value `:` and `,` as well (%3A, %2C). A file that could not be read has no line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkoutctl.render.validation import ci_path
from checkoutctl.safe_text import clean

if TYPE_CHECKING:
    from checkoutctl.documents.report import ValidationReport
    from checkoutctl.rules.issues import ValidationIssue


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(issue: ValidationIssue) -> str:
    level = "error" if issue.is_error else "warning"
    props = f"file={_property(ci_path(issue.file))}"
    if issue.line:
        props += f",line={issue.line},col={issue.column}"
    # Escaped first (CR and LF become %0D %0A, as the runner turns them back), then cleaned of controls.
    return clean(f"::{level} {props}::{_data(issue.what())}", inline=True)


def render(report: ValidationReport) -> str:
    return "".join(annotation(issue) + "\n" for issue in report.issues)
