"""Text as the journal keeps it, for the ledger and for the recovery file alike: what SQLite can store,
and messages masked, cleaned and bounded."""

from __future__ import annotations

MAX_MESSAGE = 500


def storable_message(message: str | None) -> str | None:
    """A message as the journal keeps it: secrets masked (before anything is cut short: a prefix of a
    secret is a secret), one clean line, bounded."""
    if message is None:
        return None
    from checkoutctl.redaction import redact
    from checkoutctl.safe_text import clean

    return storable(clean(redact(message), inline=True)[:MAX_MESSAGE])


def storable(value: str | None) -> str | None:
    """`value` as SQLite can store it: a lone surrogate (a server's JSON "\\udc00", an undecodable file
    name) would make the write raise and leave a placed order `pending`; it is kept as its escape."""
    if value is None:
        return None
    return value.encode("utf-8", "backslashreplace").decode("utf-8")
