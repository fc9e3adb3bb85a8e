"""CONTRACT §7, an answered order is never lost: the provider answers while the journal cannot take it
(locked by another process, read-only, damaged, disk full). The order's id is printed on stderr with
its file, kept in the recovery file, the exit status is 5 with a hint saying what happened, and the
next command folds it into the journal. Real `checkoutctl` processes; each request is held in flight
by a sandbox delay fault while the journal is broken under it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.adversarial.conftest import ROOT, SAMPLES, SUBPROCESS_TIMEOUT, TOKEN_ENV, free_port, history, sandbox_log

pytestmark = [pytest.mark.integration, pytest.mark.timeout(150)]
WAIT_SECONDS = 40
DELAY = 4
# The journal's busy timeout shortened in the child (15 s in real use), so a lock held past it is quick.
SHORT_BUSY = textwrap.dedent("""
    import sys

    import checkoutctl.store.connection as connection

    connection.BUSY_TIMEOUT_MS = 1000
    from checkoutctl.entry import main

    sys.exit(main(sys.argv[1:]))
""")


def _armed(sandbox_home: Path) -> list[dict]:
    from checkoutctl.sandbox import faults
    from checkoutctl.sandbox_server import open_store

    store = open_store(sandbox_home)
    try:
        return faults.armed(store)
    finally:
        store.close()


def _arm_delay(sandbox_home: Path, path: str = "/pagbank/checkouts") -> None:
    from checkoutctl.sandbox import faults
    from checkoutctl.sandbox_server import open_store

    store = open_store(sandbox_home)
    try:
        faults.arm(store, "POST", path, f"delay={DELAY}", 1)
    finally:
        store.close()


def _place_while(home: Path, break_journal, *, sandbox_home: Path | None = None, env: dict | None = None,
                 args: tuple = ()) -> subprocess.CompletedProcess:
    """`order create samples/pagbank.yaml` in a child; once its request is in flight, `break_journal()`."""
    return run_while(("order", "create", str(SAMPLES / "pagbank.yaml"), *args), "/pagbank/checkouts", break_journal,
                     sandbox_home=sandbox_home or home, env=env)


def run_while(argv: tuple, path: str, break_journal, *, sandbox_home: Path,
              env: dict | None = None) -> subprocess.CompletedProcess:
    """`checkoutctl ARGV` in a child whose POST to `path` the sandbox holds in flight (a delay fault);
    meanwhile `break_journal()` (it may return an undo, run once the child has ended)."""
    _arm_delay(sandbox_home, path)
    proc = subprocess.Popen([sys.executable, "-c", SHORT_BUSY, *argv],
                            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while _armed(sandbox_home) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert not _armed(sandbox_home), proc.communicate(timeout=10)
        assert proc.poll() is None
        undo = break_journal()
        try:
            out, err = proc.communicate(timeout=SUBPROCESS_TIMEOUT)
        finally:
            if undo:
                undo()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _created_id(sandbox_home: Path) -> str:
    with sqlite3.connect(sandbox_home / "sandbox.sqlite3") as db:
        [(checkout_id,)] = db.execute("SELECT id FROM pagbank_checkouts").fetchall()
    return checkout_id


def _recovery_lines(home: Path) -> list[dict]:
    path = home / "journal-recovery.jsonl"
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip(b"\x00 ")] if path.exists() else []


def _assert_kept_and_folded(cli, home: Path, res, checkout_id: str) -> None:
    assert res.returncode == 5, res.stderr
    assert "Traceback" not in res.stderr
    # On stderr at once: the id, the order's file; in the error: what happened, where it is kept.
    assert checkout_id in res.stderr and "pagbank.yaml" in res.stderr
    assert "could not record" in res.stderr and "journal-recovery.jsonl" in res.stderr
    assert "do not place" in res.stderr
    [kept] = _recovery_lines(home)
    assert (kept["id"], kept["state"], kept["provider"]) == (checkout_id, "created", "pagbank")

    first = cli("order", "history", "--output", "json")
    assert first.code == 0, first.err
    assert "added 1 answered order(s)" in first.err
    [entry] = json.loads(first.out)
    assert (entry["state"], entry["id"], entry["http_status"]) == ("created", checkout_id, 201)
    assert _recovery_lines(home) == []
    second = cli("order", "history", "--output", "json")
    assert "added" not in second.err and len(json.loads(second.out)) == 1  # exactly once
    again = cli("order", "create", SAMPLES / "pagbank.yaml")
    assert again.code == 2 and "already placed" in again.err  # and it is not placed twice


def test_a_journal_locked_by_another_process_past_the_busy_timeout(cli, home):
    holder: list[sqlite3.Connection] = []

    def lock():
        db = sqlite3.connect(home / "journal.sqlite3", isolation_level=None, timeout=10)
        db.execute("BEGIN EXCLUSIVE")
        holder.append(db)
        return lambda: (db.execute("ROLLBACK"), db.close())

    res = _place_while(home, lock)
    assert "database is locked" in res.stderr
    _assert_kept_and_folded(cli, home, res, _created_id(home))
    assert len(sandbox_log(home, "POST", "/pagbank/checkouts")) == 1


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


def _immutable_available(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.write_bytes(b"")
    try:
        if shutil.which("chattr") is None:
            return False
        if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
            return False
        _chattr("-i", probe)
        return True
    finally:
        probe.unlink()


def _journal_files(home: Path, *, shm: bool = False) -> list[Path]:
    """The journal and its write-ahead log (and its shared-memory index: made immutable under a
    process that has it mapped, it would end that process with SIGBUS, which is not what a read-only
    journal does to a user)."""
    names = ("journal.sqlite3", "journal.sqlite3-wal", *(("journal.sqlite3-shm",) if shm else ()))
    return [p for p in (home / n for n in names) if p.exists()]


def test_a_journal_made_read_only_while_the_request_is_in_flight(cli, home, tmp_path):
    # Read-only for everyone, root included (as this suite runs in CI): the immutable attribute.
    if not _immutable_available(tmp_path):
        pytest.skip("needs chattr +i (root on a filesystem with attributes)")
    files: list[Path] = []

    def read_only():
        files.extend(_journal_files(home))
        _chattr("+i", *files)
        return lambda: _chattr("-i", *files)

    res = _place_while(home, read_only)
    _assert_kept_and_folded(cli, home, res, _created_id(home))


def test_when_even_the_recovery_file_cannot_be_written_stderr_is_the_record(cli, home, tmp_path):
    if not _immutable_available(tmp_path):
        pytest.skip("needs chattr +i (root on a filesystem with attributes)")
    files: list[Path] = []

    def read_only():
        files.extend([*_journal_files(home), home / "journal-recovery.jsonl"])
        _chattr("+i", *files)
        return lambda: _chattr("-i", *files)

    res = _place_while(home, read_only)
    checkout_id = _created_id(home)
    assert res.returncode == 5
    [line] = [line for line in res.stderr.splitlines() if checkout_id in line and line.startswith("warning:")]
    assert "pagbank.yaml" in line and "NOT kept" in line
    assert "the only record of this order" in res.stderr
    assert _recovery_lines(home) == []
    assert [e["state"] for e in history(cli)] == ["pending"]  # honest: the journal never heard back


def test_a_journal_damaged_while_the_request_is_in_flight(cli, home):
    def damage():
        for path in _journal_files(home, shm=True):  # the index too, or SQLite reads on from its cache
            size = path.stat().st_size
            with open(path, "r+b") as file:
                file.write(b"\xde\xad" * (size // 2))

    res = _place_while(home, damage)
    checkout_id = _created_id(home)
    assert res.returncode == 5, res.stderr
    assert checkout_id in res.stderr and "journal-recovery.jsonl" in res.stderr
    [kept] = _recovery_lines(home)
    assert kept["id"] == checkout_id
    # The damaged journal is moved aside by the user; the next command records the order anew.
    for path in _journal_files(home, shm=True):
        path.rename(path.with_name(path.name + ".damaged"))
    [entry] = history(cli)
    assert (entry["id"], entry["state"], entry["file"].rsplit("/", 1)[-1]) == (checkout_id, "created", "pagbank.yaml")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs (root only); unmounted in teardown."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("needs a tmpfs mount (root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.fixture
def served_sandbox_elsewhere(tmp_path):
    """`sandbox serve` with its own state folder (not on the tiny disk): (url, its home)."""
    sandbox_home = tmp_path / "sandbox-home"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)], cwd=ROOT,
                            env={**os.environ, "CHECKOUTCTL_HOME": str(sandbox_home)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        yield url, sandbox_home
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_full_disk_while_the_request_is_in_flight(cli, tiny_disk, served_sandbox_elsewhere, monkeypatch):
    url, sandbox_home = served_sandbox_elsewhere
    home = tiny_disk
    monkeypatch.setenv("CHECKOUTCTL_HOME", str(home))
    (home / "config.yaml").write_text(f"default_profile: shop\nprofiles:\n  shop:\n    provider: pagbank\n"
                                      f"    base_url: {url}/pagbank\n    token_env: {TOKEN_ENV}\n", encoding="utf-8")
    (home / "config.yaml").chmod(0o600)
    filler = home / "filler"

    def fill():
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        return filler.unlink

    res = _place_while(home, fill, sandbox_home=sandbox_home, env={"CHECKOUTCTL_HOME": str(home), TOKEN_ENV: "sandbox"})
    _assert_kept_and_folded(cli, home, res, _created_id(sandbox_home))


@pytest.mark.parametrize("fault", ["status=404", "non-json"])
def test_a_gestaoplus_order_whose_follow_up_fails_still_shows_its_id_and_token(cli, home, fault):
    res = cli("sandbox", "fault", "add", "--method", "GET", "--path", "/gestaoplus/order/info", "--fault", fault,
              "--times", "5")
    assert res.code == 0, res.err
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml")
    assert placed.code == 5, placed.err  # created, so never exit 4, whatever the follow-up answered
    [entry] = history(cli)
    assert entry["state"] == "created" and entry["id"] and entry["token"]
    assert entry["id"] in placed.err and entry["token"] in placed.err
    assert f"order show --token {entry['token']}" in placed.err
    assert len(sandbox_log(home, "POST", "/gestaoplus/order")) == 1
