"""JSON bodies: written with exact decimals, read strictly (a leaf: nothing of checkoutctl but errors).

Money is never a float (STYLE.md §6): `encode_json` writes a `Decimal` as the exact number it holds,
`decode_json` reads fractions as `Decimal`. A server may send anything (issue 9 §7): NaN/Infinity
literals, integers of 100k digits, nesting thousands deep, invalid UTF-8: `decode_json` turns each into
`ValueError`. Exponents of any size are read as the exact `Decimal` they are (the provider's mapping
decides what is money); `encode_json` writes one with a huge exponent in exponent form, so echoing
`1e999999999` back never builds a billion-digit string.
"""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from typing import Any

# Beyond this exponent a Decimal is written as 1E+N, not as its digits ("f" format would spell them all).
PLAIN_EXPONENT = 100
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_json(value: Any, *, indent: int | None = None) -> str:
    """JSON text of `value`; a `Decimal` is written as the exact number it holds, never via float."""
    marker = f"\x00decimal{random.getrandbits(64):x}:"
    found = []

    def default(obj: Any) -> Any:
        if isinstance(obj, Decimal) and obj.is_finite():
            found.append(obj)
            return f"{marker}{len(found) - 1}\x00"
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    text = json.dumps(value, default=default, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))
    # A lone surrogate (a server's "\\udc00", echoed back by Crayon's checkout) can't be UTF-8 encoded:
    # write it as the JSON escape it arrived as. Raw, it only ever stands inside a JSON string.
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if not found:
        return text
    # json.dumps escapes the NUL in strings as \u0000, so only our own markers match here.
    pattern = re.compile('"' + re.escape(marker.replace("\x00", "\\u0000")) + r'(\d+)\\u0000"')
    return pattern.sub(lambda m: _number(found[int(m.group(1))]), text)


def _number(value: Decimal) -> str:
    return format(value, "f") if abs(value.adjusted()) <= PLAIN_EXPONENT else str(value)


def decode_json(data: bytes) -> Any:
    """The JSON value of `data`, fractions as `Decimal`; ValueError for anything that is not plain JSON."""
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:  # nesting deeper than the interpreter's stack
        raise ValueError("nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")  # RFC 8259 §6: NaN and Infinity are not permitted
