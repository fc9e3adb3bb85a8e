"""Several processes placing orders against ONE `checkoutctl sandbox serve` process at once, while
others read `order history`: every order lands exactly once in the journal and in the sandbox.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.adversarial.conftest import ROOT, SUBPROCESS_TIMEOUT, TOKEN_ENV, free_port

pytestmark = [pytest.mark.integration, pytest.mark.timeout(150)]
WRITERS = 6
ORDERS_PER_WRITER = 2
READERS = 3
ORDER = """provider: pagbank
order:
  reference_id: "conc-{writer}-{n}"
  items:
    - name: Camiseta
      quantity: 1
      unit_amount: {amount}
"""


@pytest.fixture
def served_sandbox(home):
    """`checkoutctl sandbox serve` on a free loopback port, state under `home`; stopped in teardown."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)],
                            cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"sandbox did not start: {proc.stderr.read().decode()[-500:]}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stderr.close()


def test_concurrent_creates_and_reads_lose_and_duplicate_nothing(home, tmp_path, served_sandbox):
    (home / "config.yaml").write_text(
        f"default_profile: shared\nprofiles:\n  shared:\n    provider: pagbank\n"
        f"    base_url: {served_sandbox}/pagbank\n    token_env: {TOKEN_ENV}\n", encoding="utf-8")
    env = {**os.environ, TOKEN_ENV: "sandbox"}  # the served sandbox accepts its public token (CONTRACT §6)
    files = []
    for writer in range(WRITERS):
        path = tmp_path / f"orders-{writer}.yaml"
        path.write_text("---\n".join(ORDER.format(writer=writer, n=n, amount=1000 + writer * 10 + n)
                                     for n in range(ORDERS_PER_WRITER)), encoding="utf-8")
        files.append(path)
    command = [sys.executable, "-m", "checkoutctl"]
    procs = [subprocess.Popen([*command, "order", "create", str(f), "--output", "json"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files]
    procs += [subprocess.Popen(["sh", "-c", " && ".join([" ".join([*command, "order", "history", "--output", "json"])] * 3)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(READERS)]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=SUBPROCESS_TIMEOUT * 2)
            results.append((proc.returncode, out.decode(), err.decode()))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)

    for code, out, err in results:
        assert code == 0, err[-800:]
        assert "Traceback" not in err
    created = [order for code, out, err in results[:WRITERS] for order in json.loads(out)]
    assert len(created) == WRITERS * ORDERS_PER_WRITER
    ids = {order["id"] for order in created}
    assert len(ids) == len(created)

    listing = subprocess.run([*command, "order", "history", "--output", "json"], cwd=ROOT, env=env,
                             capture_output=True, timeout=SUBPROCESS_TIMEOUT)
    journal = json.loads(listing.stdout)
    assert [e["state"] for e in journal] == ["created"] * len(created)
    assert {e["id"] for e in journal} == ids
    assert len({e["idempotency_key"] for e in journal}) == len(journal)

    with sqlite3.connect(home / "sandbox.sqlite3") as db:
        rows = [r[0] for r in db.execute("SELECT id FROM pagbank_checkouts")]
    assert sorted(rows) == sorted(ids)  # the sandbox holds exactly these, once each
