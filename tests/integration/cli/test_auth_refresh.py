"""The stored Gestão Plus login renewed with its refresh token, through the real CLI against the sandbox
over real HTTP (issue 14): refreshed before sending once its stored expiry has passed, the order POST
never replayed after a 401 (the sandbox clock ran past the token), a refused refresh naming `auth
login` (or the password grant again where password_env is set), and no token ever shown."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
import requests

from tests.conftest import SAMPLES
from tests.integration.cli.conftest import received, write_profile

pytestmark = pytest.mark.integration
PROFILE = "provider: gestaoplus\nbase_url: {url}/gestaoplus\norigin: https://shop.example.com\nusername: maria@example.com"


@pytest.fixture
def logged_in(cli, sandbox, monkeypatch):
    """Profile `gp` logged in with the password grant (the 0600 file: no keyring in tests)."""

    def login(extra: str = ""):
        write_profile("gp", PROFILE.format(url=sandbox.url) + extra)
        monkeypatch.setattr("sys.stdin", io.StringIO("sandbox\n"))
        res = cli("auth", "login", "--profile", "gp", "--password-stdin")
        assert res.code == 0, res.err
        return stored()

    return login


def credentials() -> Path:
    return Path(os.environ["CHECKOUTCTL_HOME"]) / "credentials.json"


def stored() -> dict:
    return json.loads(credentials().read_text())["profiles"]["gp"]


def expire_stored_token() -> None:
    data = json.loads(credentials().read_text())
    data["profiles"]["gp"]["expires_at"] = 1.0
    credentials().write_text(json.dumps(data))
    credentials().chmod(0o600)


def log(sandbox) -> list[str]:
    return [f"{e['method']} {e['path']} {e['status']}" for e in received(sandbox)]


def advance(sandbox, duration: str) -> None:
    assert requests.post(f"{sandbox.url}/_sandbox/clock", json={"advance": duration}, timeout=10).status_code == 200


def create(cli):
    return cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")


def test_past_its_stored_expiry_the_login_is_refreshed_before_the_order_is_sent(cli, sandbox, logged_in):
    first = logged_in()
    expire_stored_token()
    assert "renewed with its refresh token on next use" in cli("auth", "status").out
    res = create(cli)
    assert res.code == 0, res.err
    assert log(sandbox)[1:] == ["POST /gestaoplus/oauth 200", "POST /gestaoplus/order 200",
                                "GET /gestaoplus/order/info 200"]
    renewed = stored()
    assert renewed["token"] != first["token"] and renewed["refresh_token"] != first["refresh_token"]
    assert renewed["expires_at"] > 1.0
    assert "gp\tlogged in" in cli("auth", "status").out
    again = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--again", "--output", "json")
    assert again.code == 0 and log(sandbox).count("POST /gestaoplus/oauth 200") == 2  # no login per command
    # The spent refresh token is refused by the provider (rotation): only the stored one is live.
    spent = requests.post(f"{sandbox.url}/gestaoplus/oauth", timeout=10, json={
        "grant_type": "refresh_token", "refresh_token": first["refresh_token"], "client_id": "app"})
    assert spent.status_code == 400 and spent.json()["title"] == "invalid_grant"
    for run in (res, again):
        assert all(secret not in run.out + run.err for secret in
                   (first["token"], first["refresh_token"], renewed["token"], renewed["refresh_token"]))


def test_a_401_to_the_order_post_renews_the_login_and_is_never_replayed(cli, sandbox, logged_in):
    logged_in()
    advance(sandbox, "13h")  # the sandbox's token lapses; this machine's stored expiry has not passed
    res = create(cli)
    assert res.code == 4, res.err
    assert "Invalid token" in res.err and "renewed" in res.err and "not sent again" in res.err
    assert log(sandbox)[1:] == ["POST /gestaoplus/order 401", "POST /gestaoplus/oauth 200"]
    [entry] = cli("order", "history", "--output", "json").json()
    assert (entry["state"], entry["http_status"]) == ("refused", 401)
    # Refused, so nothing was placed: the same file goes again without --again, on the renewed token.
    res = create(cli)
    assert res.code == 0, res.err
    assert log(sandbox)[3:] == ["POST /gestaoplus/order 200", "GET /gestaoplus/order/info 200"]


def test_a_refused_refresh_stops_before_sending_and_names_auth_login(cli, sandbox, logged_in):
    logged_in()
    expire_stored_token()
    advance(sandbox, "15d")  # the refresh token's 14 days are over too
    res = create(cli)
    assert res.code == 2 and "Traceback" not in res.err
    assert "Refresh token has expired" in res.err and "checkoutctl auth login --profile gp" in res.err
    assert log(sandbox)[1:] == ["POST /gestaoplus/oauth 400"]  # no order POST
    [entry] = cli("order", "history", "--output", "json").json()
    assert entry["state"] == "failed"


def test_a_refused_refresh_runs_the_password_grant_again_where_password_env_is_set(cli, sandbox, logged_in,
                                                                                   monkeypatch):
    monkeypatch.setenv("GP_PASSWORD", "sandbox")
    logged_in("\npassword_env: GP_PASSWORD")
    expire_stored_token()
    advance(sandbox, "15d")
    res = create(cli)
    assert res.code == 0, res.err
    assert log(sandbox)[1:3] == ["POST /gestaoplus/oauth 400", "POST /gestaoplus/oauth 200"]
    assert stored()["expires_at"] > 1.0  # the new grant replaced the dead one


def test_two_commands_renewing_at_once_spend_the_rotating_refresh_token_once(cli, sandbox, logged_in):
    """The first command's refresh is held in flight (a sandbox delay fault) while a second command
    starts: it waits on the store's lock and takes the first one's new grant, instead of spending the
    same rotating refresh token (which the provider would refuse: exit 2)."""
    import subprocess
    import sys
    import time

    from checkoutctl.sandbox import faults
    from tests.adversarial.test_ledger_failures import _armed
    from tests.conftest import ROOT

    logged_in()
    expire_stored_token()
    home = Path(os.environ["CHECKOUTCTL_HOME"])
    faults.arm(sandbox.app.store, "POST", "/gestaoplus/oauth", "delay=3", 1)
    argv = [sys.executable, "-m", "checkoutctl", "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--profile", "gp",
            "--again", "--output", "json"]

    def start():
        return subprocess.Popen(argv, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    procs = [start()]
    try:
        deadline = time.monotonic() + 40
        while _armed(home) and time.monotonic() < deadline and procs[0].poll() is None:
            time.sleep(0.05)
        assert not _armed(home) and procs[0].poll() is None  # the first refresh is in flight
        procs.append(start())
        results = [(proc.wait(timeout=60), proc.stderr.read().decode()) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert [code for code, _ in results] == [0, 0], results
    assert log(sandbox).count("POST /gestaoplus/oauth 200") == 2 and "POST /gestaoplus/oauth 400" not in log(sandbox)
    assert log(sandbox).count("POST /gestaoplus/order 200") == 2
