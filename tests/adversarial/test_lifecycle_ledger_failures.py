"""`order cancel|activate` keep a create's promise when the journal fails under them (issue 14, CONTRACT
§7): the provider carried the operation out while the journal could not take it (locked by another
process past the busy timeout, damaged), so the outcome is printed on stderr, kept in
journal-recovery.jsonl, the exit status is 5, and the next command folds it in exactly once — as the
operation it was. Real `checkoutctl` processes, each request held in flight by a sandbox delay fault
while the journal is broken under it (the tools of test_ledger_failures.py)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.adversarial.conftest import SAMPLES, history, sandbox_log
from tests.adversarial.test_ledger_failures import _created_id, _journal_files, _recovery_lines, run_while

pytestmark = [pytest.mark.integration, pytest.mark.timeout(150)]


def _change_while(home: Path, operation: str, checkout_id: str, break_journal) -> subprocess.CompletedProcess:
    """`order OPERATION ID --yes` in a child; once its request is in flight, `break_journal()`."""
    path = f"/pagbank/checkouts/{checkout_id}/{'inactivate' if operation == 'cancel' else 'activate'}"
    return run_while(("order", operation, checkout_id, "--yes", "--output", "json"), path, break_journal,
                     sandbox_home=home)


def _placed(cli, home: Path) -> str:
    res = cli("order", "create", SAMPLES / "pagbank.yaml")
    assert res.code == 0, res.err
    return _created_id(home)


def _lock(home: Path):
    db = sqlite3.connect(home / "journal.sqlite3", isolation_level=None, timeout=10)
    db.execute("BEGIN EXCLUSIVE")
    return lambda: (db.execute("ROLLBACK"), db.close())


def _assert_kept(res, operation: str, checkout_id: str, home: Path) -> dict:
    assert res.returncode == 5, res.stderr
    assert "Traceback" not in res.stderr
    assert f"{operation} of pagbank order {checkout_id}: created" in res.stderr
    assert "could not record" in res.stderr and "journal-recovery.jsonl" in res.stderr
    assert checkout_id in res.stdout  # the order as the provider now describes it is still shown
    [kept] = _recovery_lines(home)
    assert (kept["operation"], kept["state"], kept["id"], kept["provider"]) == (operation, "created", checkout_id,
                                                                               "pagbank")
    return kept


def test_a_cancel_the_locked_journal_cannot_record_is_kept_printed_exit_5_and_folded_once(cli, home):
    checkout_id = _placed(cli, home)
    res = _change_while(home, "cancel", checkout_id, lambda: _lock(home))
    assert "database is locked" in res.stderr
    _assert_kept(res, "cancel", checkout_id, home)
    assert len(sandbox_log(home, "POST", f"/pagbank/checkouts/{checkout_id}/inactivate")) == 1

    first = cli("order", "history", "--output", "json")
    assert first.code == 0 and "added 1 answered order(s)" in first.err
    entries = history(cli)
    assert [(e["operation"], e["state"]) for e in entries] == [("create", "created"), ("cancel", "created")]
    assert _recovery_lines(home) == []
    again = cli("order", "history", "--output", "json")
    assert "added" not in again.err and len(again.json()) == 2  # exactly once
    # The checkout really is inactive: activating it is the next step, and it is journalled normally.
    assert cli("order", "activate", checkout_id, "--yes").code == 0
    assert [e["operation"] for e in history(cli)] == ["create", "cancel", "activate"]


def test_an_activation_kept_while_the_journal_was_damaged_is_recorded_anew_as_an_activation(cli, home):
    checkout_id = _placed(cli, home)
    assert cli("order", "cancel", checkout_id, "--yes").code == 0

    def damage():
        for path in _journal_files(home, shm=True):  # the index too, or SQLite reads on from its cache
            size = path.stat().st_size
            with open(path, "r+b") as file:
                file.write(b"\xde\xad" * (size // 2))

    res = _change_while(home, "activate", checkout_id, damage)
    _assert_kept(res, "activate", checkout_id, home)
    for path in _journal_files(home, shm=True):  # the user moves the damaged journal aside
        path.rename(path.with_name(path.name + ".damaged"))
    [entry] = history(cli)
    assert (entry["operation"], entry["state"], entry["id"]) == ("activate", "created", checkout_id)
