"""One problem found in an order file, placed like a compiler error (CONTRACT §2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class ValidationIssue:
    file: str
    line: int  # 1-based; 0 when the file could not be read at all (no position to give)
    column: int
    path: str
    rule: str
    message: str
    severity: str = "error"  # "error" | "warning": only errors make a file invalid (exit 3)
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def what(self) -> str:
        """`PATH: MESSAGE (HINT)`, the part every format shows the same way."""
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{what} ({self.hint})" if self.hint else what

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.severity}: {self.what()}"

    def as_json(self) -> dict:
        data = asdict(self)
        if data["hint"] is None:
            del data["hint"]
        return data
