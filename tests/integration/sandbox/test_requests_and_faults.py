"""`sandbox requests [--follow]` shows what the sandbox received and answered; faults are removed one by
one; a fault whose path matches no route is a warning (issue 13). Real CLI, real HTTP."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.integration

TIMEOUT = 10
FOLLOW_SECONDS = 30


def test_requests_lists_what_was_received_and_answered(cli):
    assert cli("order", "create", str(SAMPLES / "pagbank.yaml")).code == 0
    table = cli("sandbox", "requests")
    assert table.code == 0 and "[201]\tPOST\t/pagbank/checkouts\tkey=" in table.out
    as_json = cli("sandbox", "requests", "--output", "json").json()
    assert [(r["method"], r["path"], r["status"]) for r in as_json] == [("POST", "/pagbank/checkouts", 201)]


def test_requests_follow_prints_each_new_request(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "checkoutctl", "sandbox", "reset", "--yes"], env=env, cwd=ROOT,
                   capture_output=True, timeout=60, check=True)  # the database exists before follow opens it
    follow = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "requests", "--follow"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    try:
        created = subprocess.run([sys.executable, "-m", "checkoutctl", "order", "create", str(SAMPLES / "pagbank.yaml")],
                                 env=env, cwd=ROOT, capture_output=True, timeout=60)
        assert created.returncode == 0, created.stderr
        seen = b""
        deadline = time.monotonic() + FOLLOW_SECONDS
        with selectors.DefaultSelector() as selector:
            selector.register(follow.stdout, selectors.EVENT_READ)
            while b"POST\t/pagbank/checkouts" not in seen and time.monotonic() < deadline:  # bounded
                if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                    chunk = os.read(follow.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    seen += chunk
        assert b"[201]\tPOST\t/pagbank/checkouts" in seen
        assert follow.poll() is None  # still following
    finally:
        follow.terminate()
        follow.wait(TIMEOUT)


def test_faults_are_removed_one_by_one(cli, sandbox, http):
    first = http.post(f"{sandbox.url}/_sandbox/faults", json={"path": "/pagbank/checkouts/*", "fault": "status=503"},
                      timeout=TIMEOUT).json()
    second = http.post(f"{sandbox.url}/_sandbox/faults", json={"path": "/gestaoplus/order/info", "fault": "status=502"},
                       timeout=TIMEOUT).json()
    assert "warning" not in first and "warning" not in second
    assert http.delete(f"{sandbox.url}/_sandbox/faults/{first['id']}", timeout=TIMEOUT).status_code == 204
    assert http.delete(f"{sandbox.url}/_sandbox/faults/{first['id']}", timeout=TIMEOUT).status_code == 404
    assert [f["id"] for f in http.get(f"{sandbox.url}/_sandbox/faults", timeout=TIMEOUT).json()] == [second["id"]]
    looked_up = http.get(f"{sandbox.url}/pagbank/checkouts/CHEC_X", headers={"Authorization": "Bearer sandbox"},
                         timeout=TIMEOUT)
    assert looked_up.status_code == 404  # the removed 503 never fired: the route answered


def test_fault_remove_on_the_cli(cli):
    for path in ("/pagbank/checkouts", "/gestaoplus/order"):
        assert cli("sandbox", "fault", "add", "--path", path, "--fault", "status=503").code == 0
    listed = cli("sandbox", "fault", "list", "--output", "json").json()
    removed = cli("sandbox", "fault", "remove", str(listed[0]["id"]))
    assert removed.code == 0 and f"removed fault {listed[0]['id']}" in removed.err
    assert [f["path"] for f in cli("sandbox", "fault", "list", "--output", "json").json()] == ["/gestaoplus/order"]
    again = cli("sandbox", "fault", "remove", str(listed[0]["id"]))
    assert again.code == 2 and f"no armed fault {listed[0]['id']}" in again.err


@pytest.mark.parametrize("path", ["/pagbank/checkout", "/pagbank/checkout/*", "/gestaoplus/orders/info",
                                  "/crayon/api/v2/*", "/nowhere"])
def test_a_fault_path_that_matches_no_route_is_a_warning(cli, sandbox, http, path):
    res = cli("sandbox", "fault", "add", "--path", path, "--fault", "status=503")
    assert res.code == 0 and f"warning: no sandbox route matches {path}" in res.err
    armed = http.post(f"{sandbox.url}/_sandbox/faults", json={"path": path, "fault": "status=503"}, timeout=TIMEOUT)
    assert armed.status_code == 201 and "never fire" in armed.json()["warning"]


@pytest.mark.parametrize("path", ["/pagbank/checkouts", "/pagbank/checkouts/", "/pagbank/checkouts/CHEC_1/activate",
                                  "/pagbank/*", "/gestaoplus/order-external/12", "/*", "/bakeronline/orders/[0-9]*"])
def test_a_fault_path_that_matches_a_route_is_no_warning(cli, path):
    res = cli("sandbox", "fault", "add", "--path", path, "--fault", "status=503")
    assert res.code == 0 and "warning" not in res.err


def test_requests_and_the_event_list_take_json_fields_and_jq(cli):
    assert cli("order", "create", str(SAMPLES / "pagbank.yaml")).code == 0
    assert cli("sandbox", "requests", "--json", "path,status").json() == [{"path": "/pagbank/checkouts", "status": 201}]
    assert "direction" in cli("sandbox", "requests", "--json").out.split()
    assert cli("sandbox", "requests", "--jq", ".[0].method").out.strip() == "POST"
    events = cli("sandbox", "trigger", "--list", "--json", "event").json()
    assert {"event": "pagbank.paid"} in events and all(list(e) == ["event"] for e in events)
