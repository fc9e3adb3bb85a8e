"""CONTRACT §4 and §7, "secrets never appear in output, logs, errors or --dry-run": a canary token set
through a profile's token_env goes through every command and every failure; stdout, stderr, the
journal's bytes and the config dumps never hold it. A token written in a readable config is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.adversarial.conftest import SAMPLES, TOKEN_ENV, Reply, free_port, run_subprocess

pytestmark = pytest.mark.timeout(120)
CANARY = "canary-8c1f0e6b-SECRET"


def assert_no_canary(*texts: str | bytes) -> None:
    for text in texts:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        assert CANARY.encode() not in data
        assert CANARY[:-7].encode() not in data  # not even its start


def journal_bytes(home) -> bytes:
    return b"".join(p.read_bytes() for p in home.glob("journal.sqlite3*"))


def echoing(status: int):
    """A server that puts the Authorization header back into its error body, in several formats."""

    def route(method, path, headers):
        auth = headers.get("Authorization", "")
        token = auth.partition(" ")[2]
        return Reply(status, {"type": "about:blank", "title": f"bad {auth}", "status": status,
                              "detail": f"token {token} refused", "trace": [{"file": "/srv/app.php", "arg": token}],
                              "error_messages": [{"error": "unauthorized", "description": f"{auth} invalid"}],
                              "message": token}, headers={"Retry-After": "0", "X-Echo": token})

    return route


def run_everything(cli) -> list:
    runs = [
        cli("validate", SAMPLES / "pagbank.yaml"),
        cli("validate", SAMPLES / "pagbank-invalid.yaml"),
        cli("--debug", "order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus", "--dry-run"),
    ]
    for provider in ("gestaoplus", "pagbank", "bakeronline", "crayon"):
        runs.append(cli("order", "create", SAMPLES / f"{provider}.yaml", "--profile", provider, "--dry-run"))
        runs.append(cli("--debug", "order", "create", SAMPLES / f"{provider}.yaml", "--profile", provider, "--again"))
    runs += [
        cli("--debug", "order", "show", "CHEC_1", "--profile", "pagbank", "--output", "raw"),
        cli("order", "show", "--token", "t", "--profile", "gestaoplus", "--output", "json"),
        cli("order", "show", "14", "--profile", "bakeronline"),
        cli("--debug", "order", "cancel", "CHEC_1", "--yes", "--profile", "pagbank"),
        cli("order", "activate", "CHEC_1", "--yes", "--profile", "pagbank", "--output", "raw"),
        cli("order", "cancel", "593", "--yes", "--profile", "gestaoplus", "--provider", "gestaoplus"),
        cli("order", "open", "CHEC_1", "--print", "--profile", "pagbank", "--provider", "pagbank"),
        cli("--debug", "order", "attachments", "--token", "t", "--profile", "gestaoplus", "--download",
            str(Path(os.environ["CHECKOUTCTL_HOME"]) / "downloads")),
        cli("order", "show", "--token", "t", "--profile", "gestaoplus", "--qr"),
        cli("order", "history"), cli("order", "history", "--output", "json"),
        cli("config", "show", "--profile", "pagbank"), cli("config", "show", "--profile", "pagbank", "--output", "json"),
        cli("config", "show"), cli("providers"), cli("providers", "--output", "json"), cli("schema", "pagbank"),
        cli("auth", "status"),
    ]
    return runs


@pytest.mark.parametrize("status", [401, 403, 500, 502])
def test_a_server_echoing_the_token_never_gets_it_on_screen_or_on_disk(cli, home, hostile, profiles, status):
    profiles(hostile.url, token=CANARY)
    hostile.route = echoing(status)
    runs = run_everything(cli)
    assert any(r.code in (4, 5) for r in runs)
    assert len(hostile.requests) >= 4
    # It was really sent (Gestão Plus's GET /order/info carries no bearer, seed 001).
    assert all(CANARY in r["headers"].get("Authorization", "") for r in hostile.sent("POST"))
    for res in runs:
        assert res.code != 1, res.err
        assert_no_canary(res.out, res.err)
    assert_no_canary(journal_bytes(home), (home / "config.yaml").read_bytes())


def network_failures(cli) -> list:
    return [cli("--debug", "order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus", "--again"),
            cli("order", "create", SAMPLES / "pagbank.yaml", "--profile", "pagbank", "--again"),
            cli("--debug", "order", "show", "14", "--profile", "bakeronline"),
            cli("config", "show", "--profile", "crayon", "--output", "json")]


def test_timeouts_and_refused_connections_never_show_the_token(cli, home, hostile, profiles):
    hostile.route = lambda method, path, headers: Reply(200, {"id": "x"}, delay=2)
    profiles(hostile.url, token=CANARY, timeout="0.3")
    slow = network_failures(cli)
    profiles(f"http://127.0.0.1:{free_port()}", token=CANARY)  # nothing listens there
    refused = network_failures(cli)
    for res in slow + refused:
        assert res.code != 1, res.err
        assert_no_canary(res.out, res.err)
    assert any("read timeout" in r.err for r in slow) and any("could not connect" in r.err for r in refused)
    assert_no_canary(journal_bytes(home))


def test_a_bad_config_never_shows_the_token(cli, home, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, CANARY)
    monkeypatch.setenv("CHECKOUTCTL_TOKEN", CANARY)
    config = home / "config.yaml"
    for text in (f"profiles:\n  p:\n    token_env: {TOKEN_ENV}\n    base_url: http://evil.example\n",
                 f"profiles:\n  p:\n    token_env: {TOKEN_ENV}\n    timeout: never\n",
                 f"profiles:\n  p:\n    token_env: {TOKEN_ENV}\n    bogus: {CANARY}\n",
                 f"profiles: [\n  {CANARY}\n"):
        config.write_text(text, encoding="utf-8")
        for args in (("config", "show", "--profile", "p"), ("order", "show", "X", "--profile", "p", "--provider", "pagbank")):
            res = cli(*args)
            assert res.code == 2, res.err
            assert_no_canary(res.out, res.err)


def test_the_token_in_a_0644_config_is_refused(cli, home):
    config = home / "config.yaml"
    config.write_text(f"profiles:\n  p:\n    provider: pagbank\n    base_url: https://api.example\n    token: {CANARY}\n")
    config.chmod(0o644)
    for args in (("config", "show", "--profile", "p"), ("order", "create", SAMPLES / "pagbank.yaml", "--profile", "p"),
                 ("order", "show", "CHEC_1", "--profile", "p")):
        res = cli(*args)
        assert res.code == 2 and "chmod 600" in res.err
        assert_no_canary(res.out, res.err)
    config.chmod(0o600)
    res = cli("config", "show", "--profile", "p", "--output", "json")
    assert res.code == 0 and "****" in res.out
    assert_no_canary(res.out, res.err)


def test_dry_run_and_debug_in_a_real_process(home, hostile, profiles):
    profiles(hostile.url, token=CANARY)
    hostile.route = echoing(500)
    env = {TOKEN_ENV: CANARY}
    for args in (("--debug", "order", "create", SAMPLES / "pagbank.yaml", "--profile", "pagbank", "--dry-run"),
                 ("--debug", "order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus"),
                 ("--debug", "order", "show", "CHEC_1", "--profile", "pagbank")):
        proc = run_subprocess(*args, env_extra=env)
        assert proc.returncode in (0, 5), proc.stderr[-500:]
        assert_no_canary(proc.stdout, proc.stderr)


@pytest.mark.parametrize("refresh_answer", ["refused", "renewed"])
def test_every_auth_command_and_the_refresh_keep_the_login_secrets_off_screen_and_disk(cli, home, hostile, profiles,
                                                                                       monkeypatch, refresh_answer):
    """The password, the access and refresh tokens of a Gestão Plus login (auth login, status, a refresh
    before sending, a 401 to the order POST, logout), with a server echoing each back in its errors."""
    import io

    secrets = {"password": CANARY + "-pw", "access": CANARY + "-acc", "refresh": CANARY + "-ref",
               "access2": CANARY + "-acc2", "refresh2": CANARY + "-ref2"}
    grants = []

    def route(method, path, headers):
        echo = f"{headers.get('Authorization', '')} {' '.join(secrets.values())}"
        if path.endswith("/oauth"):
            grants.append(path)
            if len(grants) == 1:  # the login: a token that is already past its expiry margin
                return Reply(200, {"access_token": secrets["access"], "expires_in": "1", "token_type": "Bearer",
                                   "refresh_token": secrets["refresh"]})
            if refresh_answer == "refused":
                return Reply(400, {"type": "about:blank", "title": "invalid_grant", "status": 400,
                                   "detail": f"Invalid refresh token {echo}"}, headers={"X-Echo": secrets["refresh"]})
            return Reply(200, {"access_token": secrets["access2"], "expires_in": "43200", "token_type": "Bearer",
                               "refresh_token": secrets["refresh2"]})
        return Reply(401, {"type": "about:blank", "title": "Unauthorized", "status": 401,
                           "detail": f"Unauthorized (Invalid token) {echo}"}, headers={"X-Echo": echo})

    hostile.route = route
    profiles(hostile.url, username="loja@example.com")
    monkeypatch.delenv(TOKEN_ENV)
    monkeypatch.setattr("sys.stdin", io.StringIO(secrets["password"] + "\n"))
    runs = [cli("--debug", "auth", "login", "--profile", "gestaoplus", "--password-stdin"), cli("auth", "status"),
            cli("--debug", "order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus"),
            cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gestaoplus", "--dry-run"),
            cli("--debug", "auth", "status"), cli("config", "show", "--profile", "gestaoplus", "--output", "json"),
            cli("order", "history", "--output", "json"), cli("auth", "logout", "--profile", "gestaoplus")]
    assert runs[0].code == 0 and runs[2].code == (2 if refresh_answer == "refused" else 4), runs[2].err
    assert len(grants) == 2  # the login, then one refresh
    for res in runs:
        assert res.code != 1, res.err
        assert_no_canary(res.out, res.err)
    assert_no_canary(journal_bytes(home), *(p.read_bytes() for p in home.glob("journal-recovery*")))
