"""How `sandbox serve` runs requests (issue 15): the app one request at a time, a `delay` fault waited out
of turn, and (Linux) every thread of `sandbox serve` on one CPU unless --all-cpus. Real servers on
127.0.0.1, real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
import requests

from tests.conftest import ROOT
from tests.integration.sandbox.test_lasting_links import free_port

TIMEOUT = 10
AUTH = {"Authorization": "Bearer sandbox"}
CHECKOUT = {"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}


def test_a_delayed_answer_holds_up_no_other_request(http, sandbox):
    checkout = http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers=AUTH, timeout=TIMEOUT).json()["id"]
    url = f"{sandbox.url}/pagbank/checkouts/{checkout}"
    finished: dict[str, float] = {}

    def delayed() -> None:
        with requests.Session() as other:
            other.trust_env = False
            answer = other.get(url, headers={**AUTH, "X-Sandbox-Fault": "delay=3"}, timeout=TIMEOUT)
            assert answer.status_code == 200
            finished["delayed"] = time.monotonic()

    started = time.monotonic()
    waiting = threading.Thread(target=delayed)
    waiting.start()
    time.sleep(0.5)  # the delayed request is in its wait by now
    for _ in range(5):
        assert http.get(url, headers=AUTH, timeout=TIMEOUT).status_code == 200
    finished["others"] = time.monotonic()
    waiting.join(TIMEOUT)
    assert finished["delayed"] - started >= 3
    assert finished["others"] < finished["delayed"]  # answered while the delayed one was still waiting


def test_many_clients_at_once_are_each_answered_their_own_order(http, sandbox):
    ids = [http.post(f"{sandbox.url}/pagbank/checkouts", json={**CHECKOUT, "reference_id": f"r{n}"}, headers=AUTH,
                     timeout=TIMEOUT).json()["id"] for n in range(16)]
    wrong: list[str] = []

    def client(number: int) -> None:
        with requests.Session() as session:
            session.trust_env = False
            for round_ in range(10):
                wanted = ids[(number + round_) % len(ids)]
                answer = session.get(f"{sandbox.url}/pagbank/checkouts/{wanted}", headers=AUTH, timeout=TIMEOUT)
                if answer.status_code != 200 or answer.json()["id"] != wanted:
                    wrong.append(f"{wanted}: {answer.status_code}")

    clients = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for each in clients:
        each.start()
    for each in clients:
        each.join(60)
    assert wrong == []
    assert len(http.get(f"{sandbox.url}/_sandbox/requests", timeout=TIMEOUT).json()) == 16 + 160


def _serve(home, port: int, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port), *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                               env={**os.environ, "CHECKOUTCTL_HOME": str(home)})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # bounded: until it answers
        try:
            with requests.Session() as session:
                session.trust_env = False
                session.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)  # also starts a handler thread
            return process
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    pytest.fail("sandbox serve did not start")


def _threads_cpus(pid: int) -> list[set[int]]:
    found = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            found.append(os.sched_getaffinity(int(tid)))
        except ProcessLookupError:  # the thread ended between the listing and the read
            pass
    return found


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs CPU affinity and two CPUs")
@pytest.mark.parametrize("extra", [(), ("--all-cpus",)])
def test_serve_keeps_every_thread_on_one_cpu_unless_all_cpus(tmp_path, extra):
    import socket

    port = free_port()
    process = _serve(tmp_path / "home", port, *extra)
    try:
        # A connection held open, so its handler thread is there to be read: the health check's own
        # ended with its session, and its thread with it, sometimes before the threads were listed.
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT):
            deadline = time.monotonic() + TIMEOUT
            cpus = _threads_cpus(process.pid)
            while len(cpus) < 3 and time.monotonic() < deadline:  # bounded: until the server has taken it
                time.sleep(0.02)
                cpus = _threads_cpus(process.pid)
    finally:
        process.terminate()
        process.wait(TIMEOUT)
    assert len(cpus) >= 3  # main, the notifier, a connection's
    if extra:
        assert all(each == os.sched_getaffinity(0) for each in cpus)
    else:
        assert len(cpus[0]) == 1 and all(each == cpus[0] for each in cpus)
