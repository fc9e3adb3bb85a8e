"""`order history` as a Listing: the journal entries, for people and for scripts (CONTRACT §3)."""

from __future__ import annotations

from checkoutctl.render.listing import Column, Listing

# The table is for people at a terminal: short time, one reference column, the file as given.
# Everything (idempotency keys, content hashes, messages) is in --output json.
COLUMNS = (Column("placed", "key"), Column("provider", "key"), Column("profile"), Column("state", "key"),
           Column("id / token", "id"), Column("http", "number"), Column("file", "url"))


def history_listing(entries) -> Listing:
    rows = []
    for e in entries:
        ref = " / ".join(str(v) for v in (e.id, e.token) if v) or "-"
        rows.append((e.at.replace("T", " ")[:16], e.provider, e.profile, e.state, ref,
                     "" if e.http_status is None else str(e.http_status), _short(e.file)))
    return Listing(title=f"Orders placed from this machine ({len(entries)})", columns=COLUMNS, rows=rows,
                   json_value=[e.as_json() for e in entries])


def _short(path: str) -> str:
    from checkoutctl.documents.loader import display_path

    return display_path(path or "")
