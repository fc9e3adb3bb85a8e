"""The local journal of orders placed from this machine (CONTRACT §3, §7).

    ledger.py     Journal: `journal.sqlite3` in the state folder, its entries, the duplicate guard
    schema.py     its numbered migrations (checkoutctl/store/)
    recovery.py   `journal-recovery.jsonl`: answers the journal could not take, folded back on next open
"""

from checkoutctl.journal.ledger import (MAYBE_PLACED, SETTLED_STATES, STATES, AlreadyPlaced, Entry, Journal,
                                        content_hash)

__all__ = ["MAYBE_PLACED", "SETTLED_STATES", "STATES", "AlreadyPlaced", "Entry", "Journal", "content_hash"]
