"""The journal's promises beyond recording: the duplicate guard taken in `begin`'s own transaction,
state `failed`, and the recovery file folded back exactly once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checkoutctl.journal import AlreadyPlaced, Journal, recovery

ROOT = Path(__file__).resolve().parents[2]


def _begin(journal: Journal, digest: str = "h1", **kw) -> int:
    return journal.begin(file="a.yaml", content_hash=digest, provider="pagbank", profile="sandbox", **kw)


def test_the_guard_refuses_content_that_may_exist_and_records_nothing(tmp_path):
    with Journal(tmp_path) as journal:
        first = _begin(journal, guard=True, idempotency_key="k1")
        for state in ("pending", "unknown", "created"):
            if state != "pending":
                journal.settle(first, state=state, id="CHEC_1" if state == "created" else None)
            with pytest.raises(AlreadyPlaced) as refused:
                _begin(journal, guard=True)
            assert refused.value.earlier.entry_id == first and refused.value.earlier.state == state
            assert len(journal.entries()) == 1
        # --again: no guard, and the earlier entry is handed to the key chooser in the same transaction.
        seen = []
        again = _begin(journal, guard=False, idempotency_key=lambda earlier: seen.append(earlier) or "k2")
        assert seen[0].entry_id == first and journal.entry(again).idempotency_key == "k2"


@pytest.mark.parametrize("state", ["refused", "failed"])
def test_refused_or_failed_content_may_be_placed_again_without_again(tmp_path, state):
    with Journal(tmp_path) as journal:
        journal.settle(_begin(journal, guard=True), state=state, message="never sent: connection refused")
        second = _begin(journal, guard=True)
        assert [e.state for e in journal.entries()] == [state, "pending"] and second == 2


def _record(entry, **values) -> dict:
    return {"uid": entry.uid, "entry_id": entry.entry_id, "at": entry.at, "provider": entry.provider,
            "profile": entry.profile, "file": entry.file, "document": entry.document,
            "content_hash": entry.content_hash, "idempotency_key": entry.idempotency_key,
            "recorded_at": "2030-01-01T00:00:00+00:00", **values}


def test_kept_answers_are_folded_in_on_the_next_open_once(tmp_path, capsys):
    with Journal(tmp_path) as journal:
        entry = journal.entry(_begin(journal, document=2))
    record = _record(entry, state="created", id="2,3", http_status=201)
    recovery.keep(tmp_path, record)
    recovery.keep(tmp_path, record)  # the same line twice (a crash between commit and emptying)
    assert recovery.path_in(tmp_path).stat().st_mode & 0o777 == 0o600
    with Journal(tmp_path) as journal:
        [settled] = journal.entries()
        assert (settled.state, settled.id, settled.http_status, settled.document) == ("created", "2,3", 201, 2)
        assert journal.find("3").entry_id == settled.entry_id
    assert "added 2 answered order(s)" in capsys.readouterr().err
    assert recovery.path_in(tmp_path).stat().st_size == 0
    with Journal(tmp_path) as journal:
        assert len(journal.entries()) == 1
    assert capsys.readouterr().err == ""


def test_an_answer_for_an_entry_the_journal_lost_is_recorded_anew_once(tmp_path, capsys):
    with Journal(tmp_path / "old") as journal:
        entry = journal.entry(_begin(journal))
    record = _record(entry, state="created", id="CHEC_9", token=None, http_status=201)
    for _ in range(2):  # kept, folded, then (as after a crash before emptying) kept again
        recovery.keep(tmp_path, record)
        with Journal(tmp_path) as journal:  # a new journal: the damaged one was moved aside
            assert [(e.id, e.state, e.uid) for e in journal.entries()] == [("CHEC_9", "created", entry.uid)]


def test_unreadable_lines_are_set_aside_not_lost(tmp_path, capsys):
    with Journal(tmp_path) as journal:
        entry = journal.entry(_begin(journal))
    recovery.keep(tmp_path, _record(entry, state="created", id="CHEC_1"))
    with open(recovery.path_in(tmp_path), "ab") as file:
        file.write(b'{"half a line\n{"uid": "x", "state": "done"}\n')
    with Journal(tmp_path) as journal:
        assert journal.entries()[0].state == "created"
    aside = recovery.path_in(tmp_path).with_name("journal-recovery.jsonl.unreadable").read_bytes()
    assert aside.count(b"\n") == 2 and b"half a line" in aside
    assert "2 unreadable line(s)" in capsys.readouterr().err


def test_stored_messages_are_redacted_before_they_are_cut(tmp_path):
    from checkoutctl import redaction

    secret = "tok-journal-canary-1234567890"
    redaction.register(secret)
    with Journal(tmp_path) as journal:
        entry_id = _begin(journal)
        journal.settle(entry_id, state="unknown", message="x" * 495 + secret)
        message = journal.entries()[0].message
    assert secret[:4] not in message.replace("x", "")  # not even the prefix that fits before the cut


FOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from checkoutctl.journal import Journal

    home, barrier = Path(sys.argv[1]), Path(sys.argv[2])
    deadline = time.monotonic() + 30
    while not barrier.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    with Journal(home) as journal:
        journal.entries()
""")


def test_two_processes_folding_at_once_apply_each_answer_once(tmp_path):
    count = 40
    with Journal(tmp_path) as journal:
        entries = [journal.entry(_begin(journal, digest=f"h{n}")) for n in range(count)]
    for n, entry in enumerate(entries):
        recovery.keep(tmp_path, _record(entry, state="created", id=f"CHEC_{n}"))
    barrier = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", FOLDER, str(tmp_path), str(barrier)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    barrier.touch()
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], results
    notes = [line for _, err in results for line in err.splitlines() if line.startswith("note: added")]
    assert notes == [f"note: added {count} answered order(s) kept in {recovery.path_in(tmp_path)} to the journal "
                     f"{tmp_path / 'journal.sqlite3'}"]
    with Journal(tmp_path) as journal:
        assert [(e.id, e.state) for e in journal.entries()] == [(f"CHEC_{n}", "created") for n in range(count)]
    assert recovery.path_in(tmp_path).stat().st_size == 0
