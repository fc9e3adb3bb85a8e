"""CONTRACT §7, no duplicate without `--again`: the guard is taken at send time, per order, in the
transaction that records `pending`. Real `checkoutctl order create` processes against one sandbox
database; exact POST counts from the sandbox's own request log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.adversarial.conftest import ROOT, SAMPLES, SUBPROCESS_TIMEOUT, history, sandbox_log

pytestmark = [pytest.mark.integration, pytest.mark.timeout(150)]
WAIT_SECONDS = 40
PAGBANK = (SAMPLES / "pagbank.yaml").read_text(encoding="utf-8")

# `order create` that starts only when the barrier file appears: the processes race from one instant.
AT_THE_BARRIER = textwrap.dedent("""
    import sys, time
    from pathlib import Path

    from checkoutctl.entry import main

    barrier = Path(sys.argv[1])
    deadline = time.monotonic() + 40
    while not barrier.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    sys.exit(main(sys.argv[2:]))
""")


def _order(n: int) -> str:
    changed = PAGBANK.replace("  reference_id: pedido-2030-0001", f"  reference_id: race-{n}-pedido-2030-0001")
    assert changed != PAGBANK
    return changed


def _armed(home: Path) -> list[dict]:
    from checkoutctl.sandbox import faults
    from checkoutctl.sandbox_server import open_store

    store = open_store(home)
    try:
        return faults.armed(store)
    finally:
        store.close()


def _arm_delay(home: Path, seconds: float) -> None:
    from checkoutctl.sandbox import faults
    from checkoutctl.sandbox_server import open_store

    store = open_store(home)
    try:
        faults.arm(store, "POST", "/pagbank/checkouts", f"delay={seconds}", 1)
    finally:
        store.close()


def _start(*args: str, barrier: Path | None = None) -> subprocess.Popen:
    command = [sys.executable, "-c", AT_THE_BARRIER, str(barrier)] if barrier else [sys.executable, "-m", "checkoutctl"]
    return subprocess.Popen([*command, *map(str, args)], cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=SUBPROCESS_TIMEOUT * 2)
            results.append((proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)
    return results


def test_a_batch_and_a_single_file_holding_the_same_order_send_it_once(cli, home, tmp_path):
    """The batch checked its second order before sending its first; while its first was in flight a
    single file placed that second order. Checked only up front, the batch would send it again."""
    batch = tmp_path / "batch.yaml"
    batch.write_text(_order(1) + "---\n" + _order(2), encoding="utf-8")
    single = tmp_path / "single.yaml"
    single.write_text(_order(2), encoding="utf-8")
    _arm_delay(home, 6)
    slow = _start("order", "create", batch, "--output", "json")
    deadline = time.monotonic() + WAIT_SECONDS
    while _armed(home) and time.monotonic() < deadline and slow.poll() is None:
        time.sleep(0.05)
    assert not _armed(home), "the batch's first order never reached the sandbox"
    [(single_code, _, single_err)] = _finish([_start("order", "create", single)])
    assert single_code == 0, single_err
    [(batch_code, _, batch_err)] = _finish([slow])

    assert batch_code == 2, batch_err
    assert "batch.yaml (document 2) was already placed" in batch_err and "--again" in batch_err
    assert len(sandbox_log(home, "POST", "/pagbank/checkouts")) == 2  # order 1 once, order 2 once
    entries = history(cli)
    assert sorted((e["file"].rsplit("/", 1)[-1], e["state"]) for e in entries) == \
        [("batch.yaml", "created"), ("single.yaml", "created")]


@pytest.mark.parametrize("placers", [2, 4])
def test_processes_placing_the_same_body_at_once_send_it_once(cli, home, tmp_path, placers):
    files = []
    for n in range(placers):  # different files, the same order (a CI retry loop, a copied file)
        files.append(tmp_path / f"copy-{n}.yaml")
        files[-1].write_text(_order(0), encoding="utf-8")
    barrier = tmp_path / "go"
    procs = [_start("order", "create", f, barrier=barrier) for f in files]
    time.sleep(0.5)  # let every process reach the barrier (not a correctness wait: any order works)
    barrier.touch()
    results = _finish(procs)

    codes = sorted(code for code, _, _ in results)
    assert codes == [0] + [2] * (placers - 1), results
    for code, _, err in results:
        assert "Traceback" not in err
        if code == 2:
            assert "already placed" in err or "outcome is pending" in err, err
    assert len(sandbox_log(home, "POST", "/pagbank/checkouts")) == 1
    assert [e["state"] for e in history(cli)] == ["created"]


def test_a_request_that_never_left_is_failed_and_placing_it_again_is_safe(cli, home, profiles, tmp_path):
    from tests.adversarial.conftest import free_port

    profiles(f"http://127.0.0.1:{free_port()}")  # nothing listens there: refused before connecting
    res = cli("order", "create", SAMPLES / "pagbank.yaml", "--profile", "pagbank")
    assert res.code == 5, res.err
    [entry] = history(cli)
    assert entry["state"] == "failed" and entry["message"].startswith("never sent")
    again = cli("order", "create", SAMPLES / "pagbank.yaml", "--profile", "pagbank")
    assert again.code == 5 and "--again" not in again.err  # not refused as a duplicate: nothing exists
    assert [e["state"] for e in history(cli)] == ["failed", "failed"]
