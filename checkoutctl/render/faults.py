"""`sandbox fault list` as a Listing: the armed faults, oldest first."""

from __future__ import annotations

from checkoutctl.render.listing import Column, Listing

COLUMNS = (Column("id", "number"), Column("method", "key"), Column("path", "url"), Column("fault", "id"),
           Column("times", "number"))


FIELDS = ("id", "method", "path", "fault", "times")


def faults_listing(rows: list[dict]) -> Listing:
    return Listing(title="Armed sandbox faults", columns=COLUMNS,
                   rows=[(r["id"], r["method"], r["path"], r["fault"], f"x{r['times']}") for r in rows],
                   json_value=rows, empty_note="no faults armed", fields=FIELDS)
