"""`order history`: the journal of orders placed from this machine (CONTRACT §3), drawn by the output layer."""

from __future__ import annotations

from checkoutctl.journal import Journal
from checkoutctl.settings import Settings


# A table on a terminal shows the newest screenful, as gh's list commands do; piped or as JSON, all.
TERMINAL_LIMIT = 50


def show_history(settings: Settings, output: str, limit: int | None = None) -> int:
    from checkoutctl.journal.ledger import UNRESOLVED
    from checkoutctl.render.history import history_listing
    from checkoutctl.render.stdout import print_listing

    journal = Journal(settings.home)
    screenful = limit is None and output == "table" and _stdout_is_terminal()
    entries = journal.entries(limit=TERMINAL_LIMIT if screenful else limit)
    print_listing(history_listing(entries), output)
    if screenful:
        more = journal.count() - len(entries)
        if more > 0:
            from checkoutctl.ordering.progress import say

            say(f"{more} more: `checkoutctl order history --limit N`, or --output json for all")
    unresolved = journal.count(UNRESOLVED) if screenful else sum(1 for e in entries if e.state in UNRESOLVED)
    if unresolved:
        from checkoutctl.ordering.progress import warn
        from checkoutctl.providers import registry

        safe = [p.title for p in registry.providers() if p.idempotent_create]
        warn(f"{unresolved} order{'s' if unresolved != 1 else ''} with an unknown outcome: check with the provider "
             "(`checkoutctl order show ID`) before placing again"
             + (f"; {', '.join(safe)} orders are safe to retry with --again" if safe else ""))
    return 0


def _stdout_is_terminal() -> bool:
    import os
    import sys

    return os.environ.get("CHECKOUTCTL_FORCE_TTY") == "1" or sys.stdout.isatty()
