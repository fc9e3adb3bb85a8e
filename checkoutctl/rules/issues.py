"""One problem found in an order file, placed like a compiler error (CONTRACT §2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class ValidationIssue:
    file: str
    line: int
    column: int
    path: str
    rule: str
    message: str
    severity: str = "error"
    hint: str | None = None

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = f"{self.path}: {self.message}" if self.path else self.message
        line = f"{where}: {self.severity}: {what}"
        return f"{line} ({self.hint})" if self.hint else line

    def github(self) -> str:
        what = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            what = f"{what} ({self.hint})"
        # GitHub workflow commands: %, CR and LF in the message, and also , and : in properties.
        msg = what.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        prop = self.file.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace(":", "%3A")
        level = "error" if self.severity == "error" else "warning"
        return f"::{level} file={prop},line={self.line},col={self.column}::{msg}"

    def as_json(self) -> dict:
        data = asdict(self)
        if data["hint"] is None:
            del data["hint"]
        return data
