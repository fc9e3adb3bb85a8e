"""The sandbox server itself: state across restarts, routing answers, `sandbox serve` and `sandbox reset`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from checkoutctl.sandbox_server import open_store, serve, start_in_thread

TIMEOUT = 10
GESTAO = {"Authorization": "Bearer sandbox", "Origin": "https://loja.example"}
GESTAO_ORDER = {"items": [{"id": 483, "quantity": 1}], "type": "V", "negotiationType": 22, "uri": "cliente-1"}
PAGBANK = {"Authorization": "Bearer sandbox"}
CHECKOUT = {"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}


def test_health_lists_the_emulated_providers(http, sandbox):
    health = http.get(f"{sandbox.url}/_sandbox/health", timeout=TIMEOUT).json()
    assert {"gestaoplus", "pagbank"} <= set(health["providers"])
    assert sandbox.url.startswith("http://127.0.0.1:")


def test_unknown_paths_answer_json_404(http, sandbox):
    response = http.get(f"{sandbox.url}/nowhere", timeout=TIMEOUT)
    assert response.status_code == 404 and response.json()["status"] == 404


def test_state_survives_a_restart(tmp_path, http):
    home = tmp_path / "home"
    with start_in_thread(home) as first:
        checkout = http.post(f"{first.url}/pagbank/checkouts", json=CHECKOUT, headers=PAGBANK, timeout=TIMEOUT).json()
        http.post(f"{first.url}/pagbank/checkouts/{checkout['id']}/inactivate", headers=PAGBANK, timeout=TIMEOUT)
        token = http.post(f"{first.url}/gestaoplus/order", json=GESTAO_ORDER, headers=GESTAO,
                          timeout=TIMEOUT).json()["publicToken"]
        issued = http.post(f"{first.url}/gestaoplus/oauth", timeout=TIMEOUT, json={
            "grant_type": "password", "client_id": "app", "client_secret": None, "username": "u", "password": "sandbox",
        }).json()["access_token"]
    with pytest.raises(requests.ConnectionError):
        http.get(f"{first.url}/_sandbox/health", timeout=TIMEOUT)  # really stopped
    with start_in_thread(home) as second:
        again = http.get(f"{second.url}/pagbank/checkouts/{checkout['id']}", headers=PAGBANK, timeout=TIMEOUT).json()
        assert again["status"] == "INACTIVE" and again["items"] == checkout["items"]
        info = http.get(f"{second.url}/gestaoplus/order/info", params={"t": token}, headers={"Origin": "x"}, timeout=TIMEOUT)
        assert info.status_code == 200 and info.json()["data"]["orderTotal"] == 150
        issued_still_valid = http.post(f"{second.url}/gestaoplus/order", json=GESTAO_ORDER, timeout=TIMEOUT,
                                       headers={"Authorization": f"Bearer {issued}", "Origin": "x"})
        assert issued_still_valid.status_code == 200


def test_two_servers_share_one_home(tmp_path, http):
    home = tmp_path / "home"
    with start_in_thread(home) as writer, start_in_thread(home) as reader:
        created = http.post(f"{writer.url}/pagbank/checkouts", json=CHECKOUT, headers=PAGBANK, timeout=TIMEOUT).json()
        read = http.get(f"{reader.url}/pagbank/checkouts/{created['id']}", headers=PAGBANK, timeout=TIMEOUT)
        assert read.status_code == 200 and read.json()["id"] == created["id"]


def test_fifty_concurrent_gestaoplus_orders_lose_none(sandbox):
    def place(number: int) -> requests.Response:
        with requests.Session() as session:
            session.trust_env = False
            return session.post(f"{sandbox.url}/gestaoplus/order", json={**GESTAO_ORDER, "uri": f"c-{number}"},
                                headers=GESTAO, timeout=30)

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(place, range(50)))
    assert [a.status_code for a in answers] == [200] * 50
    assert len({a.json()["data"]["id"] for a in answers}) == 50
    store = open_store(sandbox.home)
    try:
        assert store.connect().execute("SELECT COUNT(*) FROM gestaoplus_orders").fetchone()[0] == 50
    finally:
        store.close()


def test_stop_is_idempotent_and_embedded_refuses_remote_hosts(tmp_path):
    running = start_in_thread(tmp_path / "h")
    running.stop()
    running.stop()
    with pytest.raises(ValueError):
        start_in_thread(tmp_path / "h", host="0.0.0.0")


def test_serve_refuses_a_non_loopback_host(tmp_path, cli):
    from checkoutctl.errors import UsageError

    with pytest.raises(UsageError):
        serve(host="0.0.0.0", port=0, home=tmp_path)
    result = cli("sandbox", "serve", "--host", "0.0.0.0", "--port", "0")
    assert result.code == 2 and "--allow-remote" in result.err


def _ignore_sigint() -> None:
    # What a non-interactive shell does to `checkoutctl sandbox serve &`: SIGINT ignored, inherited.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.skipif(sys.platform == "win32", reason="signals to a child process are POSIX here")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("parent", [None, _ignore_sigint], ids=["default", "sigint-ignored-by-parent"])
def test_sandbox_serve_runs_until_ctrl_c(tmp_path, signum, parent):
    env = {**os.environ, "CHECKOUTCTL_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", "0"],
                               env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               preexec_fn=parent)
    try:
        first_line: list[str] = []
        reader = threading.Thread(target=lambda: first_line.append(process.stderr.readline()), daemon=True)
        reader.start()
        reader.join(30)
        assert first_line, "no banner within 30 s"
        match = re.fullmatch(r"checkoutctl sandbox listening on (http://127\.0\.0\.1:\d+) \(loopback only\)\n", first_line[0])
        assert match, first_line[0]
        assert requests.get(f"{match.group(1)}/_sandbox/health", timeout=TIMEOUT).json()["ok"] is True
        process.send_signal(signum)
        assert process.wait(timeout=15) == 0
        assert "sandbox stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=15)
        process.stderr.close()


def test_reset_wipes_every_table(cli, http, _isolated_env):
    with start_in_thread(_isolated_env) as sandbox:
        created = http.post(f"{sandbox.url}/pagbank/checkouts", json=CHECKOUT, headers=PAGBANK, timeout=TIMEOUT).json()
        assert cli("sandbox", "reset").code == 2  # not a TTY, no --yes: refused
        result = cli("sandbox", "reset", "--yes")
        assert result.code == 0, result.err
        gone = http.get(f"{sandbox.url}/pagbank/checkouts/{created['id']}", headers=PAGBANK, timeout=TIMEOUT)
        assert gone.status_code == 404
        assert http.get(f"{sandbox.url}/_sandbox/requests", timeout=TIMEOUT).json()[-1]["status"] == 404
