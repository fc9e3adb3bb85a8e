"""PagBank's error format (seeds/README): {"error_messages": [{error, description, parameter_name}]}."""

from __future__ import annotations

from checkoutctl.providers.error_text import MAX_ITEMS, join, paren, part


def error_message(document: dict) -> str | None:
    messages = document.get("error_messages")
    if not isinstance(messages, list):
        return None
    shown = []
    for item in messages[:MAX_ITEMS]:
        if not isinstance(item, dict):
            shown.append(part(item))
            continue
        name, description = item.get("parameter_name"), item.get("description")
        line = join(part(name) + ":" if name else "", part(description) if description else "")
        shown.append(join(line, paren(item.get("error"))))
    more = len(messages) - MAX_ITEMS
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
