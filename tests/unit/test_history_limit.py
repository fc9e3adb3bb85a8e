"""`order history` on a terminal shows the newest screenful and says how many more (gh's habit); piped,
as TSV or JSON, every entry (issue 15)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from checkoutctl.journal import Journal
from checkoutctl.ordering.history import TERMINAL_LIMIT

EXTRA = 7


def _fill(count: int) -> None:
    with Journal(Path(os.environ["CHECKOUTCTL_HOME"])) as journal:
        for n in range(count):
            entry = journal.begin(file=f"o{n}.yaml", content_hash=f"h{n}", provider="pagbank", profile="sandbox")
            journal.settle(entry, state="unknown" if n == 0 else "created", id=None if n == 0 else f"CHEC_{n:05d}")


def test_a_terminal_gets_the_newest_screenful_and_the_count_of_the_rest(cli, monkeypatch):
    _fill(TERMINAL_LIMIT + EXTRA)
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")
    res = cli("order", "history")
    assert res.code == 0, res.err
    shown = [n for n in range(TERMINAL_LIMIT + EXTRA) if f"CHEC_{n:05d}" in res.out]
    assert shown == list(range(EXTRA, TERMINAL_LIMIT + EXTRA))  # the newest ones
    assert f"{EXTRA} more" in res.err
    assert "1 order with an unknown outcome" in res.err  # counted over the whole journal, not the screen
    limited = cli("order", "history", "--limit", "3")
    assert "more" not in limited.err and "CHEC_00056" in limited.out and "CHEC_00053" not in limited.out


def test_piped_and_json_get_every_entry(cli):
    _fill(TERMINAL_LIMIT + EXTRA)
    piped = cli("order", "history")
    assert all(f"CHEC_{n:05d}" in piped.out for n in range(1, TERMINAL_LIMIT + EXTRA)) and "more" not in piped.err
    everything = cli("order", "history", "--output", "json")
    assert len(json.loads(everything.out)) == TERMINAL_LIMIT + EXTRA
