"""What `order create` says when Ctrl-C stops it (issue 11), before the boundary exits 130.

Whether the order may exist decides it: requests that may have reached the provider leave the entry
`unknown`, and the user is told which entry, its idempotency key, how to check and how to record the
answer (`order history --resolve`, ordering/resolve.py); an interrupt before anything left is `failed`
and says so, since placing the file again is then safe (CONTRACT §3).
"""

from __future__ import annotations

from checkoutctl.journal import Entry
from checkoutctl.ordering import progress

NOT_SENT = "interrupted (Ctrl-C) before the request left"
MAYBE_SENT = "interrupted (Ctrl-C) after the request was sent; the outcome is unknown"


def say_not_sent(entry: Entry) -> None:
    progress.say(f"interrupted: nothing was sent for the {entry.provider} order from {entry.file}; journal entry "
                 f"#{entry.entry_id} is `failed`, so placing it again is safe")


def say_unknown(entry: Entry, provider, key: str | None) -> None:
    number = entry.entry_id
    progress.warn(f"interrupted after the {entry.provider} order from {entry.file} was sent: the provider may have "
                  f"created it; its outcome is unknown (journal entry #{number}"
                  + (f", idempotency key {key})" if key else ")"))
    if key and provider.idempotent_create:
        progress.say(f"  check: `checkoutctl order create {entry.file} --again` reuses idempotency key {key}, so "
                     f"{provider.title} answers with the first order instead of creating a second")
    else:
        progress.say(f"  check: look for the order in your {provider.title} account before placing it again "
                     "(`checkoutctl order show ID` once you know its id)")
    progress.say(f"  record what you find: `checkoutctl order history --resolve '#{number}' --as created` "
                 "(or `--as failed`)")


def say_answered(entry: Entry, order_id: str | None, token: str | None) -> None:
    names = ", ".join(f"{label} {value}" for label, value in (("id", order_id), ("token", token)) if value)
    progress.warn(f"interrupted after the {entry.provider} order from {entry.file} was created: {names} "
                  f"(journal entry #{entry.entry_id}); `checkoutctl order history` shows it")
