"""Pieces of an error message read from a server's body: one line, cleaned, bounded.

Shared by the error formats of every provider (providers/error_answers.py and each provider's own
`errors.py`), so each bounds what a server sends the same way.
"""

from __future__ import annotations

import json
from typing import Any

from checkoutctl.safe_text import clean

MAX_PART = 300  # one field of an error
MAX_MESSAGE = 1000  # the whole message
MAX_ITEMS = 10  # PagBank error_messages / Crayon ObjectErrors shown
RAW_PREFIX = 200  # an unrecognised body: its first characters


def part(value: Any) -> str:
    text = one_line(value if isinstance(value, str) else compact(value))
    return text if len(text) <= MAX_PART else text[: MAX_PART - 1] + "…"


def paren(value: Any) -> str:
    return f"({part(value)})" if value not in (None, "") else ""


def join(*parts: str, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def compact(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)[:RAW_PREFIX]
    except (ValueError, RecursionError):
        return str(value)[:RAW_PREFIX]


def one_line(text: str) -> str:
    return " ".join(clean(text, inline=True).split())


def bounded(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def object_error(error: Any) -> str:
    """One entry of a list of field errors: {PropertyName|Field|path, Message|ErrorMessage|message} or text."""
    if isinstance(error, dict):
        text = error.get("Message") or error.get("ErrorMessage") or error.get("message") or compact(error)
        name = error.get("PropertyName") or error.get("Field") or error.get("path")
        return join(part(name) + ":" if name else "", part(text))
    return part(error)
