"""`order history` as a Listing: the journal entries, for people and for scripts (CONTRACT §3)."""

from __future__ import annotations

from checkoutctl.render.listing import Column, Listing

# The table is for people at a terminal: short time, one reference column, the file as given, why it
# ended as it did. Everything (idempotency keys, content hashes, settle times) is in --output json.
# On a narrow terminal the reason is cut first, then reason, http, profile, document number, file and
# time are dropped in that order; provider, state and the id/token are always shown whole. The time is
# the user's local time on a terminal, RFC 3339 (as journalled, UTC) in TSV and JSON.
COLUMNS = (Column("placed", "time", priority=1), Column("provider", "key"), Column("profile", "key", priority=4),
           Column("state", "state"), Column("id / token", "id"), Column("http", "number", priority=5),
           Column("file", "id", priority=2), Column("doc", "number", priority=3),
           Column("reason", "text", priority=6))


def _entry_fields() -> tuple[str, ...]:
    from dataclasses import fields

    from checkoutctl.journal import Entry

    return tuple(Entry(**{f.name: None for f in fields(Entry)}).as_json())


ENTRY_FIELDS = _entry_fields()


def history_listing(entries) -> Listing:
    rows = []
    for e in entries:
        ref = " / ".join(str(v) for v in (e.id, e.token) if v) or "-"
        rows.append((e.at, e.provider, e.profile, e.state, ref,
                     "" if e.http_status is None else str(e.http_status), _short(e.file),
                     "" if e.document is None else str(e.document), e.message or ""))
    return Listing(title=f"Orders placed from this machine ({len(entries)})", columns=COLUMNS, rows=rows,
                   json_value=[e.as_json() for e in entries], fields=ENTRY_FIELDS)


def _short(path: str) -> str:
    from checkoutctl.documents.paths import display_path

    return display_path(path or "")
