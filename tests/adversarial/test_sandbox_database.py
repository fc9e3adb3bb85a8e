"""A damaged sandbox database (not SQLite, truncated) is exit 2 naming the file with the way out, for
`sandbox serve` and for the embedded sandbox every command starts; no traceback; `sandbox reset`
moves the damaged file aside so the next command works."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.adversarial.conftest import SAMPLES, free_port, history, run_subprocess

pytestmark = pytest.mark.integration


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"these are somebody's notes, not a database\n" * 50)


def truncated(path: Path) -> None:
    from checkoutctl.sandbox_server import open_store

    store = open_store(path.parent)
    with store.tx() as db:  # enough rows for several pages, so half the file loses some
        for number in range(3000):
            db.execute("INSERT INTO sandbox_requests(at, method, path, idempotency_key, status) VALUES (?, ?, ?, ?, ?)",
                       (time.time(), "GET", f"/pagbank/checkouts/CHEC_{number}", None, 200))
    store.close()
    size = path.stat().st_size
    with open(path, "r+b") as file:
        file.truncate(size // 2)


DAMAGES = {"not sqlite": not_sqlite, "truncated": truncated}


def assert_names_file_and_way_out(err: str, path: Path) -> None:
    assert f"the sandbox database {path} is damaged" in err
    assert "checkoutctl sandbox reset --yes" in err and "mv " in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("damage", DAMAGES)
def test_sandbox_serve_on_a_damaged_database_is_exit_2_with_the_file_and_the_way_out(home, damage):
    path = home / "sandbox.sqlite3"
    DAMAGES[damage](path)
    result = run_subprocess("sandbox", "serve", "--port", str(free_port()))
    assert result.returncode == 2
    assert_names_file_and_way_out(result.stderr.decode(), path)


@pytest.mark.parametrize("damage", DAMAGES)
def test_order_create_on_the_embedded_sandbox_with_a_damaged_database(cli, home, damage):
    path = home / "sandbox.sqlite3"
    DAMAGES[damage](path)
    res = cli("order", "create", str(SAMPLES / "pagbank.yaml"))
    assert res.code == 2
    assert_names_file_and_way_out(res.err, path)
    [entry] = history(cli)
    # It never reached a sandbox: not `unknown`, not `created`, safe to place again.
    assert entry["state"] == "failed" and str(path) in entry["message"]


def test_order_show_on_a_damaged_database_is_exit_2(cli, home):
    path = home / "sandbox.sqlite3"
    not_sqlite(path)
    res = cli("order", "show", "CHEC_00000000-0000-0000-0000-000000000000", "--provider", "pagbank")
    assert res.code == 2
    assert_names_file_and_way_out(res.err, path)


def test_sandbox_reset_moves_a_damaged_database_aside_and_the_next_order_works(cli, home):
    path = home / "sandbox.sqlite3"
    not_sqlite(path)
    res = cli("sandbox", "reset", "--yes")
    assert res.code == 0, res.err
    [aside] = [p for p in home.iterdir() if p.name.startswith("sandbox.sqlite3.damaged-")]
    assert aside.read_bytes().startswith(b"these are somebody's notes")  # kept, not deleted
    assert cli("order", "create", str(SAMPLES / "pagbank.yaml")).code == 0
