"""The `providers` listing: each provider's base URL, then its operations."""

from __future__ import annotations

from dataclasses import asdict

from checkoutctl.render.listing import Column, Listing

# `request` is a method and path (or the base URL): whole, never a link moved under the table. The
# provider, named on every row for a piped row read alone, is the column a narrow terminal drops: the
# rule between providers and the base-URL row that heads each one (its title in `what`) still say whose.
COLUMNS = (Column("provider", "key", priority=1), Column("operation", "key"), Column("request", "id"),
           Column("what", wrap=True))


def providers_listing(infos) -> Listing:
    # Readable at 80 columns: the base URL heads each provider's rows; the paths stay short. Every row
    # names its provider, so a piped row read alone (`checkoutctl providers | grep cancel`) says whose it is.
    rows, ends = [], set()
    for info in infos:
        rows.append((info.name, "", info.base_url, info.title))
        rows.extend((info.name, op.name, f"{op.method} {op.path}", op.description) for op in info.operations)
        ends.add(len(rows) - 1)
    return Listing(title="Providers", columns=COLUMNS, rows=rows, section_ends=frozenset(ends),
                   json_value=[asdict(i) for i in infos], fields=tuple(asdict(infos[0])) if infos else ())
