"""An old journal and an old sandbox database, as the first release (5cbef28) wrote them, open with
today's code and are migrated: nothing lost, Bakeronline groups found by each order id, new entries
numbered after the old ones. The files are real: the committed SQL dumps (tests/fixtures/legacy,
made by that release's code) replayed into SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from checkoutctl.journal import Journal
from checkoutctl.store import migrations

LEGACY = Path(__file__).resolve().parents[2] / "fixtures" / "legacy"


def _replay(dump: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.executescript((LEGACY / dump).read_text(encoding="utf-8"))
        db.execute("PRAGMA journal_mode = WAL")  # as that release left it
    db.close()
    return path


@pytest.fixture
def old_home(tmp_path) -> Path:
    home = tmp_path / "home"
    _replay("journal-0.x.sql", home / "journal.sqlite3")
    _replay("sandbox-0.x.sql", home / "sandbox.sqlite3")
    return home


def test_the_old_journal_opens_migrated_with_every_entry(old_home):
    with Journal(old_home) as journal:
        entries = journal.entries()
        assert [(e.entry_id, e.provider, e.state) for e in entries] == [
            (1, "gestaoplus", "created"), (2, "pagbank", "created"), (3, "bakeronline", "created"),
            (4, "crayon", "created"), (5, "bakeronline", "created"), (6, "pagbank", "refused"),
            (7, "pagbank", "unknown"), (8, "pagbank", "pending")]
        assert entries[0].token and entries[0].id == "1"
        assert entries[1].id.startswith("CHEC_") and entries[1].idempotency_key
        assert entries[4].id == "2,3"  # shown as before: the group's ids, in order
        assert (entries[5].http_status, entries[5].message) == (400, "bad tax id")
        assert all(e.uid is None and e.document is None for e in entries)
        # Found by each order of the group, by the whole group, by token, as before.
        assert journal.find("3").entry_id == 5 and journal.find("2").entry_id == 5
        assert journal.find("2,3").entry_id == 5
        assert journal.find(entries[0].token).entry_id == 1
        assert journal.find("1").entry_id == 3  # newest first, as the first release answered
        assert journal.find(",") is None and journal.find("") is None
        # The duplicate guard sees the old entries.
        assert journal.placed(entries[1].content_hash, "pagbank", "sandbox").entry_id == 2
        assert [e.entry_id for e in journal.unresolved()] == [7, 8]
        # New entries come after the old ones and may be `failed`.
        new = journal.begin(file="x.yaml", content_hash="h", provider="pagbank", profile="sandbox")
        assert new == 9
        journal.settle(new, state="failed", message="never sent: connection refused")
        assert journal.entries()[-1].state == "failed"
    with sqlite3.connect(old_home / "journal.sqlite3") as db:
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {"journal", "journal_orders", "_migrations"}
        assert "id" not in [r[1] for r in db.execute("PRAGMA table_info(journal)")]  # no packed column left
        assert db.execute("SELECT order_id FROM journal_orders WHERE entry_id = 5 ORDER BY position").fetchall() == [("2",), ("3",)]
        # 3: the operation column (order cancel/activate are journalled too); every old entry was a create.
        # 4: what placing told that the lookup does not answer (issue 11); the old entries kept nothing.
        assert migrations.applied(db) == {("journal", 1), ("journal", 2), ("journal", 3), ("journal", 4)}
        assert {r[0] for r in db.execute("SELECT operation FROM journal")} == {"create"}
        assert db.execute("SELECT count(*) FROM journal_kept").fetchone() == (0,)


def test_the_old_sandbox_database_opens_migrated_and_serves_its_orders(old_home, cli, monkeypatch):
    import json

    with Journal(old_home) as journal:
        pagbank_id = journal.entries()[1].id
    from checkoutctl.sandbox_server import open_store

    store = open_store(old_home)
    try:
        done = migrations.applied(store.connect())
        assert {scope for scope, _ in done} == {"sandbox_core", "sandbox_faults", "sandbox_requests", "gestaoplus",
                                                "pagbank", "bakeronline", "crayon"}
    finally:
        store.close()
    monkeypatch.setenv("CHECKOUTCTL_HOME", str(old_home))
    shown = cli("order", "show", pagbank_id, "--output", "json")
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["id"] == pagbank_id
    one = cli("order", "show", "3", "--output", "json")  # its provider found through journal_orders
    assert one.code == 0, one.err
    assert json.loads(one.out)["id"] == "3"
    group = cli("order", "show", "2,3", "--output", "json")
    assert group.code == 0, group.err
    assert [o["id"] for o in json.loads(group.out)] == ["2", "3"]
    # Placed before the journal kept payment URLs and cart lines: what the provider answers, no error.
    assert [(o["payment_url"], o["items"], o["from_journal"]) for o in json.loads(group.out)] == [(None, [], [])] * 2


def test_a_bakeronline_order_placed_after_the_upgrade_shows_its_payment_url_and_items(old_home, cli, monkeypatch):
    import json

    monkeypatch.setenv("CHECKOUTCTL_HOME", str(old_home))
    created = cli("order", "create", str(LEGACY.parents[1].parent / "samples" / "bakeronline.yaml"), "--again",
                  "--output", "json")
    assert created.code == 0, created.err
    placed = json.loads(created.out)
    assert placed["id"] not in ("1", "2", "3")  # after the old sandbox's orders
    shown = cli("order", "show", placed["id"], "--output", "json")
    assert shown.code == 0, shown.err
    order = json.loads(shown.out)
    assert order["payment_url"] == placed["payment_url"] and order["payment_url"]
    assert order["items"] == placed["items"] and len(order["items"]) == 2
    assert order["from_journal"] == ["payment_url", "items", "group_id"]
