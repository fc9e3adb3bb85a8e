"""What one `validate` run found, as every output format reads it (render/validation/)."""

from __future__ import annotations

from dataclasses import dataclass

from checkoutctl.documents.loader import UNREADABLE
from checkoutctl.documents.orders import OrderDocument
from checkoutctl.errors import EXIT_INVALID, EXIT_USAGE
from checkoutctl.rules.issues import ValidationIssue


@dataclass(frozen=True)
class ValidationReport:
    """What one `validate` run found: every document, and every issue once, in file order."""

    files: tuple[str, ...]
    documents: tuple[OrderDocument, ...]
    issues: tuple[ValidationIssue, ...]

    @property
    def unreadable(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.file for i in self.issues if i.rule == UNREADABLE))

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def exit_code(self) -> int:
        # CONTRACT §7 and issue 12: a file that could not be read is a usage error (2), which outranks
        # invalid files (3); warnings alone leave the run successful.
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.errors else 0
