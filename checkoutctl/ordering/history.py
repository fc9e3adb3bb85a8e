"""`order history`: the journal of orders placed from this machine (CONTRACT §3), drawn by the output layer."""

from __future__ import annotations

from checkoutctl.journal import Journal
from checkoutctl.settings import Settings


def show_history(settings: Settings, output: str, limit: int | None = None) -> int:
    from checkoutctl.render.history import history_listing
    from checkoutctl.render.stdout import print_listing

    entries = Journal(settings.home).entries(limit=limit)
    print_listing(history_listing(entries), output)
    unresolved = sum(1 for e in entries if e.state in ("pending", "unknown"))
    if unresolved:
        from checkoutctl.ordering.progress import warn

        warn(f"{unresolved} order{'s' if unresolved != 1 else ''} with an unknown outcome: check with the provider "
             "(`checkoutctl order show ID`) before placing again; PagBank orders are safe to retry with --again")
    return 0
