"""`order history`: the journal of orders placed from this machine (CONTRACT §3), drawn by the output layer.

Filters (`--provider`, `--state`, `--profile`, `--since`) apply before `--limit`: "the newest 5 refused
PagBank orders", not "those of the newest 5 that are refused".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from checkoutctl.errors import UsageError
from checkoutctl.journal import STATES, Journal
from checkoutctl.settings import Settings

# A table on a terminal shows the newest screenful, as gh's list commands do; piped or as JSON, all.
TERMINAL_LIMIT = 50
MAX_NAMED = 5  # entries a warning names by number


@dataclass(frozen=True)
class HistoryFilter:
    profile: str | None = None
    provider: str | None = None
    state: str | None = None
    since: str | None = None

    def any(self) -> bool:
        return any((self.profile, self.provider, self.state, self.since))


def show_history(settings: Settings, output: str, limit: int | None = None, *,
                 only: HistoryFilter = HistoryFilter(), select=None) -> int:
    from checkoutctl.journal.ledger import UNRESOLVED
    from checkoutctl.render.console import is_terminal
    from checkoutctl.render.history import history_listing
    from checkoutctl.render.stdout import print_listing

    keep = _matcher(only)
    journal = Journal(settings.home)
    screenful = limit is None and output == "table" and select is None and is_terminal()
    if only.any():
        matching = [e for e in journal.entries() if keep(e)]
        shown_limit = TERMINAL_LIMIT if screenful else limit
        entries = matching[-shown_limit:] if shown_limit else matching
        total, unresolved = len(matching), [e for e in matching if e.state in UNRESOLVED]
    else:
        entries = journal.entries(limit=TERMINAL_LIMIT if screenful else limit)
        total = journal.count() if screenful else len(entries)
        unresolved = journal.unresolved() if screenful else [e for e in entries if e.state in UNRESOLVED]
    print_listing(history_listing(entries), output, select=select)
    from checkoutctl.ordering.progress import say, warn

    if screenful and total > len(entries):
        say(f"{total - len(entries)} more: `checkoutctl order history --limit N`, or --output json for all")
    if unresolved:
        warn(unresolved_warning(unresolved))
    return 0


def unresolved_warning(entries) -> str:
    """What `order history` and `order create` say while entries' outcomes are unknown, and how to end it:
    `--resolve` records the answer (ordering/resolve.py), after which the warning stops."""
    from checkoutctl.providers import registry

    count = len(entries)
    numbers = ", ".join(f"#{e.entry_id}" for e in entries[-MAX_NAMED:])
    first = entries[-1]
    safe = [p.title for p in registry.providers() if p.idempotent_create]
    return (f"{count} order{'s' if count != 1 else ''} with an unknown outcome (entr{'ies' if count != 1 else 'y'} "
            f"{'…, ' if count > MAX_NAMED else ''}{numbers}): check with the provider, then record it with "
            f"`checkoutctl order history --resolve '#{first.entry_id}'` (looks the order up where it has an id) "
            "or `--resolve '#N' --as created|failed`"
            + (f"; {', '.join(safe)} orders are safe to retry with --again" if safe else ""))


def _matcher(only: HistoryFilter):
    if only.state is not None and only.state not in STATES:
        raise UsageError(f"unknown state {only.state!r}", hint="one of " + ", ".join(STATES))
    if only.provider is not None:
        from checkoutctl.providers import registry

        if only.provider not in registry.names():
            raise UsageError(f"unknown provider {only.provider!r}", hint="one of " + ", ".join(registry.names()))
    since = None if only.since is None else parse_since(only.since)

    def keep(entry) -> bool:
        return ((only.profile is None or entry.profile == only.profile)
                and (only.provider is None or entry.provider == only.provider)
                and (only.state is None or entry.state == only.state)
                and (since is None or _moment(entry.at) >= since))

    return keep


def parse_since(text: str) -> datetime:
    """A date (its midnight, UTC) or an RFC 3339 / ISO 8601 time (UTC when it names no zone)."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since {text!r} is not a date or time", hint="e.g. --since 2026-12-01 or --since 2026-12-01T09:30:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _moment(at: str) -> datetime:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
