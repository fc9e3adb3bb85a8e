"""Crayon's error format (seeds/README): {ErrorCode, Message, Parameters{}, ObjectErrors[]}."""

from __future__ import annotations

from checkoutctl.providers.error_text import MAX_ITEMS, join, object_error, paren, part


def error_message(document: dict) -> str | None:
    if "ErrorCode" not in document and "Message" not in document:
        return None
    message = join(part(document.get("Message") or ""), paren(document.get("ErrorCode")))
    parameters = document.get("Parameters")
    if isinstance(parameters, dict) and parameters:
        message = join(message, "[" + ", ".join(f"{part(k)}={part(v)}" for k, v in list(parameters.items())[:MAX_ITEMS]) + "]")
    errors = document.get("ObjectErrors")
    if isinstance(errors, list) and errors:
        message += ": " + "; ".join(object_error(e) for e in errors[:MAX_ITEMS])
    return message
