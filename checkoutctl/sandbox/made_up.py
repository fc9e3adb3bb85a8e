"""The sandbox's open world (CONTRACT §6): details made up for ids its catalogue never heard of.

A user's own order file names their own products, shops and customers; the sandbox accepts them and
makes up what it needs — a name, a price, a plan — from the id alone, so the same id gets the same
details in every process, on every day (SHA-256 of kind and id, never `random`).

Reserved ids answer the provider's not-found error instead, so the not-found path can be tested:
numbers made only of nines (9, 99, 999, 999999, …) and text ids that begin with `MISSING` or `NOPE`
(any case).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Sequence, TypeVar

T = TypeVar("T")
RESERVED_PREFIXES = ("missing", "nope")


def is_reserved(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value > 0 and set(str(value)) == {"9"}
    if isinstance(value, str):
        text = value.strip()
        return text.lower().startswith(RESERVED_PREFIXES) or (text.isdigit() and set(text) == {"9"})
    return False


def number(kind: str, value: object) -> int:
    """A large number that only `kind` and `value` decide."""
    return int.from_bytes(hashlib.sha256(f"{kind}:{value}".encode("utf-8", "surrogatepass")).digest()[:8], "big")


def amount(kind: str, value: object, low: Decimal, high: Decimal) -> Decimal:
    """A price between `low` and `high`, to the cent."""
    cents_low, cents_high = int(low * 100), int(high * 100)
    return Decimal(cents_low + number(kind, value) % (cents_high - cents_low + 1)) / 100


def pick(kind: str, value: object, options: Sequence[T]) -> T:
    return options[number(kind, value) % len(options)]
