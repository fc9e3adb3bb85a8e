"""The local journal: recorded before sending, settled after, safe when several processes write."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checkoutctl.errors import UsageError
from checkoutctl.journal import Journal, content_hash

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = ["at", "provider", "profile", "file", "idempotency_key", "state", "id", "token", "http_status"]


@pytest.fixture
def journal(tmp_path):
    with Journal(tmp_path / "home") as opened:
        yield opened


def _begin(journal: Journal, text: str = "provider: pagbank\n", **overrides) -> int:
    fields = {"file": "orders/a.yaml", "content_hash": content_hash(text), "provider": "pagbank",
              "profile": "sandbox", "idempotency_key": "key-1", **overrides}
    return journal.begin(**fields)


def test_content_hash_is_sha256_of_the_text():
    assert content_hash("abc") == content_hash(b"abc") == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert content_hash("ação") == content_hash("ação".encode("utf-8"))


def test_begin_records_a_pending_entry_before_anything_is_sent(journal, tmp_path):
    entry_id = _begin(journal)
    assert (tmp_path / "home" / "journal.sqlite3").exists()
    [entry] = journal.entries()
    assert entry.entry_id == entry_id and entry.state == "pending"
    assert (entry.provider, entry.profile, entry.file, entry.idempotency_key) == \
        ("pagbank", "sandbox", "orders/a.yaml", "key-1")
    assert entry.id is None and entry.token is None and entry.http_status is None
    assert entry.at.endswith("+00:00")
    assert journal.unresolved() == [entry]


def test_as_json_has_the_contract_keys_first(journal):
    _begin(journal)
    data = journal.entries()[0].as_json()
    assert list(data)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS


def test_settle_created_keeps_the_id_and_token(journal):
    entry_id = _begin(journal)
    journal.settle(entry_id, state="created", id="CHEC_1", http_status=201)
    # A later settle without id (e.g. the rendering step) keeps what was recorded.
    journal.settle(entry_id, state="created", token="pub-tok")
    entry = journal.find("CHEC_1")
    assert (entry.state, entry.id, entry.token, entry.http_status) == ("created", "CHEC_1", "pub-tok", 201)
    assert entry.settled_at is not None
    assert journal.find("pub-tok") == entry
    assert journal.find("nope") is None
    assert journal.unresolved() == []


def test_find_an_order_of_a_group(journal):
    entry_id = _begin(journal, provider="bakeronline")
    journal.settle(entry_id, state="created", id="14,15,17")
    assert journal.find("15").entry_id == entry_id
    assert journal.find("1") is None and journal.find("4,1") is None


def test_settle_refuses_unknown_states_and_entries(journal):
    entry_id = _begin(journal)
    with pytest.raises(ValueError):
        journal.settle(entry_id, state="done")
    with pytest.raises(LookupError):
        journal.settle(entry_id + 100, state="created")


def test_placed_finds_content_that_may_exist_at_the_provider(journal):
    text = "provider: pagbank\norder: {}\n"
    digest = content_hash(text)
    assert journal.placed(digest, "pagbank", "sandbox") is None
    refused = _begin(journal, text)
    journal.settle(refused, state="refused", http_status=400, message="bad tax id")
    assert journal.placed(digest, "pagbank", "sandbox") is None  # refused: nothing exists, send again freely
    unknown = _begin(journal, text)
    journal.settle(unknown, state="unknown", message="read timeout")
    assert journal.placed(digest, "pagbank", "sandbox").entry_id == unknown
    created = _begin(journal, text)
    journal.settle(created, state="created", id="CHEC_2")
    assert journal.placed(digest, "pagbank", "sandbox").entry_id == created
    assert journal.placed(digest, "pagbank", "production") is None
    assert journal.placed(digest, "gestaoplus", "sandbox") is None
    assert [e.entry_id for e in journal.unresolved()] == [unknown]


def test_entries_are_newest_last_and_limit_takes_the_latest(journal):
    ids = [_begin(journal, f"doc {i}") for i in range(5)]
    assert [e.entry_id for e in journal.entries()] == ids
    assert [e.entry_id for e in journal.entries(limit=2)] == ids[-2:]


def test_messages_are_cleaned_and_bounded(journal):
    entry_id = _begin(journal)
    journal.settle(entry_id, state="refused", message="bad\x1b[2J value\n" + "x" * 2000)
    message = journal.entries()[0].message
    assert "\x1b" not in message and "\n" not in message and len(message) <= 500


def test_the_journal_survives_reopening(tmp_path):
    with Journal(tmp_path) as first:
        entry_id = _begin(first)
        first.settle(entry_id, state="created", id="CHEC_9")
    with Journal(tmp_path) as second:
        assert second.find("CHEC_9").entry_id == entry_id
    assert (tmp_path / "journal.sqlite3").stat().st_mode & 0o077 == 0  # private to the user


def test_a_damaged_journal_is_a_usage_error(tmp_path):
    (tmp_path / "journal.sqlite3").write_bytes(b"this is not a database" * 100)
    with Journal(tmp_path) as journal, pytest.raises(UsageError, match="cannot be used"):
        journal.entries()


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from checkoutctl.journal import Journal

    home, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with Journal(home) as journal:
        for i in range(count):
            entry_id = journal.begin(file=f"{name}-{i}.yaml", content_hash=f"{name}-{i}", provider="pagbank",
                                     profile="sandbox", idempotency_key=None)
            journal.settle(entry_id, state="created", id=f"{name}-{i}", http_status=201)
""")


def test_processes_writing_at_once_lose_no_rows(tmp_path):
    writers, per_writer = 4, 60
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), f"w{n}", str(per_writer)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(writers)]
    for process in processes:
        _, err = process.communicate(timeout=90)
        assert process.returncode == 0, err.decode()
    with Journal(tmp_path) as journal:
        entries = journal.entries()
    assert len(entries) == writers * per_writer
    assert {e.id for e in entries} == {f"w{n}-{i}" for n in range(writers) for i in range(per_writer)}
    assert all(e.state == "created" and e.http_status == 201 for e in entries)
    assert len({e.entry_id for e in entries}) == len(entries)
    # WAL: readers never wait for the writer.
    assert sqlite3.connect(tmp_path / "journal.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
