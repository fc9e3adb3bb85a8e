"""Scalar specs: each reads a scalar node by the type the provider expects, from its source text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from checkoutctl.rules.spec import INVALID, Checker, Spec, anchored, shown

_INT_TEXT = re.compile(r"-?(0|[1-9][0-9]*)")


class Caution(str):
    """What a Format's check returns for a value that is sent as written but deserves a warning
    (severity "warning": it does not make the file invalid)."""


@dataclass(frozen=True)
class Format:
    """A named check on a string that needs code (CPF check digits, e-mail, ISO dates, …).

    `check(value)` returns a message when the value is wrong (a `Caution` when it only deserves a warning). `schema` is what JSON Schema can say of the
    same rule (a pattern or a format), so the two stay in step where the schema language allows.
    """

    rule: str
    check: Callable[[str], str | None]
    schema: dict = field(default_factory=dict)
    hint: str | None = None


@dataclass(frozen=True)
class Str(Spec):
    min_len: int | None = None
    max_len: int | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    pattern_message: str = ""
    formats: tuple[Format, ...] = ()
    # PagBank answers enums upper-cased and takes them in either case: accept the lower-case spelling too.
    enum_lower_ok: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_re", re.compile(self.pattern) if self.pattern else None)
        allowed = set(self.enum or ())
        if self.enum_lower_ok:
            allowed |= {v.lower() for v in allowed}
        object.__setattr__(self, "_allowed", frozenset(allowed))

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        # `[Promo] Camiseta` or `{x}` written bare is a YAML list or mapping: only there do quotes help.
        flow = getattr(node, "flow_style", False)
        scalar = self._scalar(node, path, ck, "a string", 'quote it if you meant the text, like "[Promo]"' if flow else None)
        if scalar is None:
            return INVALID
        value = scalar.value
        n = len(value)
        ok = True
        if self.min_len is not None and n < self.min_len or self.max_len is not None and n > self.max_len:
            if n == 0 and self.min_len == 1:
                ck.report(node, path, "length", "must not be empty")
            else:
                ck.report(node, path, "length", f"must be {self._length_text()} long (got {n})")
            ok = False
        if self.enum is not None and value not in self._allowed:
            self._report_enum(node, value, path, ck)
            return INVALID
        if self._re is not None and not self._re.fullmatch(value):
            ck.report(node, path, "pattern", f"{self.pattern_message or 'must match ' + self.pattern} (got {shown(node)})")
            ok = False
        for fmt in self.formats:
            problem = fmt.check(value)
            if isinstance(problem, Caution):
                ck.report(node, path, fmt.rule, f"{problem} (got {shown(node)})", fmt.hint, severity="warning")
            elif problem:
                ck.report(node, path, fmt.rule, f"{problem} (got {shown(node)})", fmt.hint)
                ok = False
        return value if ok else INVALID

    # Up to this many allowed values are listed in the message; past it only the closest are suggested
    # (Bakeronline's payment_method has 44: a line of all of them hides the one the user meant).
    ENUM_LISTED = 10

    def _report_enum(self, node: yaml.Node, value: str, path: str, ck: Checker) -> None:
        closest = closest_values(value, self.enum or ())
        if len(self.enum or ()) <= self.ENUM_LISTED:
            hint = f"did you mean {closest[0]}?" if closest and closest[0].lower() == value.lower() else None
            ck.report(node, path, "enum", f"must be one of {', '.join(self.enum or ())} (got {shown(node)})", hint)
            return
        hint = ("closest allowed: " + ", ".join(closest) + "; " if closest else "") + "all are listed by `checkoutctl schema PROVIDER`"
        ck.report(node, path, "enum", f"is not one of the {len(self.enum or ())} allowed values (got {shown(node)})", hint)

    def _length_text(self) -> str:
        lo, hi = self.min_len, self.max_len
        if lo is not None and hi is not None:
            return f"{lo} characters" if lo == hi else f"{lo}–{hi} characters"
        return f"at least {lo} characters" if lo is not None else f"at most {hi} characters"

    def schema(self) -> dict:
        out: dict = {"type": "string"}
        if self.description:
            out["description"] = self.description
        if self.min_len is not None:
            out["minLength"] = self.min_len
        if self.max_len is not None:
            out["maxLength"] = self.max_len
        if self.enum is not None:
            out["enum"] = sorted(self._allowed, key=lambda v: (v.lower(), v))
        if self.pattern:
            out["pattern"] = anchored(self.pattern)
        extra = [f.schema for f in self.formats if f.schema]
        if extra:
            out["allOf"] = extra
        return out


def closest_values(value: str, allowed: tuple[str, ...], n: int = 3) -> list[str]:
    """The allowed values a typo most likely meant: a different case first, then by similarity."""
    import difflib

    same_case = [a for a in allowed if a.lower() == value.lower()]
    lowered = {a.lower(): a for a in allowed}
    similar = [lowered[m] for m in difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.6)]
    return list(dict.fromkeys(same_case + similar))[:n]


@dataclass(frozen=True)
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        scalar = self._scalar(node, path, ck, "a whole number")
        if scalar is None:
            return INVALID
        text = scalar.value
        if scalar.style:  # quoted or block: a string (libyaml marks plain scalars with "" or None)
            ck.report(node, path, "type", f"expected a whole number, got the string {shown(node)}", "remove the quotes")
            return INVALID
        if not _INT_TEXT.fullmatch(text):
            if re.fullmatch(r"-?0[0-9]+", text):
                # Quoting would not help: this field takes a number, and a quoted one is a string.
                ck.report(node, path, "type", f"a number cannot start with 0 (got {text}); it is never read as octal",
                          f"write {'-' if text.startswith('-') else ''}{text.lstrip('-').lstrip('0') or '0'}")
            else:
                ck.report(node, path, "type", f"expected a whole number in decimal digits, got {shown(node)}")
            return INVALID
        value = int(text) if len(text) < 40 else None
        if value is None or (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            ck.report(node, path, "range", f"must be {self._range_text()} (got {text if len(text) < 40 else text[:37] + '...'})")
            return INVALID
        return value

    def _range_text(self) -> str:
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"between {lo} and {hi}"
        return f"at least {lo}" if lo is not None else f"at most {hi}"

    def schema(self) -> dict:
        out: dict = {"type": "integer"}
        if self.description:
            out["description"] = self.description
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True)
class Bool(Spec):
    description: str = ""

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        scalar = self._scalar(node, path, ck, "true or false")
        if scalar is None:
            return INVALID
        if not scalar.style and scalar.value in ("true", "false"):
            return scalar.value == "true"
        ck.report(node, path, "type", f"expected true or false, got {shown(node)}", "yes/no/on/off are not booleans here")
        return INVALID

    def schema(self) -> dict:
        out: dict = {"type": "boolean"}
        if self.description:
            out["description"] = self.description
        return out
