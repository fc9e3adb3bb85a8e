"""`auth login|status|logout` through the real CLI: a real keyring backend (keyrings.alt's plaintext file
keyring in a temporary folder), the 0600 file where no keyring works, the stored token used by the
next command, the environment still winning, and a profile without any credential stopped before a
single request is sent."""

from __future__ import annotations

import io
import json
import stat

import pytest

from tests.adversarial.conftest import SAMPLES, TOKEN_ENV, Reply, hostile, profiles  # noqa: F401 - fixtures
from tests.adversarial.conftest import home  # noqa: F401 - fixture

pytestmark = pytest.mark.integration
STORED = "stored-tok-5Hq2Zx8Rw1Lm"


@pytest.fixture
def keyring_file(tmp_path):
    """A real keyring backend: keyrings.alt's PlaintextKeyring, its file in tmp_path."""
    import keyring
    from keyring.backends import fail
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    try:
        yield tmp_path / "keyring_pass.cfg"
    finally:
        keyring.set_keyring(fail.Keyring())


@pytest.fixture
def served(hostile, profiles, monkeypatch):  # noqa: F811
    """Profiles on the hostile server, none with its token variable set; the server records each request."""
    hostile.route = lambda method, path, headers: Reply(200, {"id": "CHEC_1", "status": "ACTIVE", "items": []})
    profiles(hostile.url)
    monkeypatch.delenv(TOKEN_ENV)
    return hostile


def login_with_token(cli, monkeypatch, token: str = STORED, profile: str = "pagbank"):
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    return cli("auth", "login", "--profile", profile, "--with-token")


def sent_tokens(server) -> list[str]:
    return [r["headers"].get("Authorization", "") for r in server.sent("GET")]


def test_without_any_credential_nothing_is_sent_and_the_variable_is_named(cli, served):
    res = cli("order", "show", "CHEC_1", "--profile", "pagbank")
    assert res.code == 2 and f"${TOKEN_ENV} is not set" in res.err and "auth login --profile pagbank" in res.err
    res = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline")
    assert res.code == 2 and TOKEN_ENV in res.err
    assert served.requests == []
    dry = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline", "--dry-run")
    assert dry.code == 0 and "a real run stops before sending" in dry.err


def test_login_with_token_in_the_keyring_is_used_then_logout_removes_it(cli, served, monkeypatch, home,  # noqa: F811
                                                                         keyring_file):
    res = login_with_token(cli, monkeypatch)
    assert res.code == 0, res.err
    assert "OS keyring" in res.err and STORED not in res.err
    import keyring

    assert not (home / "credentials.json").exists() and keyring_file.exists()
    assert json.loads(keyring.get_password("checkoutctl", "pagbank"))["token"] == STORED
    status = cli("auth", "status")
    assert status.code == 0 and "pagbank\tlogged in (OS keyring)" in status.out
    assert "not logged in" in status.out  # the other profiles
    assert cli("order", "show", "CHEC_1", "--profile", "pagbank").code == 0
    assert sent_tokens(served) == [f"Bearer {STORED}"]
    res = cli("auth", "logout", "--profile", "pagbank")
    assert res.code == 0 and "removed" in res.err
    assert cli("order", "show", "CHEC_1", "--profile", "pagbank").code == 2
    assert len(served.requests) == 1


def test_where_no_keyring_works_the_token_goes_to_a_0600_file_with_a_warning(cli, served, monkeypatch, home):  # noqa: F811
    res = login_with_token(cli, monkeypatch)
    assert res.code == 0, res.err
    assert "warning: no OS keyring works here" in res.err
    path = home / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["profiles"]["pagbank"]["token"] == STORED
    assert cli("order", "show", "CHEC_1", "--profile", "pagbank").code == 0
    assert sent_tokens(served) == [f"Bearer {STORED}"]
    path.chmod(0o644)  # a copy others can read is refused, not used
    res = cli("order", "show", "CHEC_1", "--profile", "pagbank")
    assert res.code == 2 and "can be read by others" in res.err and len(served.requests) == 1


def test_an_environment_token_still_wins(cli, served, monkeypatch):
    assert login_with_token(cli, monkeypatch).code == 0
    monkeypatch.setenv(TOKEN_ENV, "env-token-7Yt3")
    assert cli("order", "show", "CHEC_1", "--profile", "pagbank").code == 0
    assert sent_tokens(served) == ["Bearer env-token-7Yt3"]


def test_an_expired_stored_token_is_not_used(cli, served, monkeypatch, home):  # noqa: F811
    assert login_with_token(cli, monkeypatch).code == 0
    path = home / "credentials.json"
    data = json.loads(path.read_text())
    data["profiles"]["pagbank"]["expires_at"] = 1.0
    path.write_text(json.dumps(data))
    path.chmod(0o600)
    res = cli("order", "show", "CHEC_1", "--profile", "pagbank")
    assert res.code == 2 and served.requests == []


def test_the_password_grant_runs_once_and_its_token_and_expiry_are_kept(cli, hostile, profiles, monkeypatch,  # noqa: F811
                                                                        home, keyring_file):
    def route(method, path, headers):
        if path.endswith("/oauth"):
            return Reply(200, {"access_token": "grant-tok-9Pq4Vn", "expires_in": "3600", "token_type": "Bearer",
                               "refresh_token": "refresh-3Kd8Wz"})
        return Reply(200, {"id": 1})

    hostile.route = route
    profiles(hostile.url, username="loja@example.com", password_env="ADVERSARIAL_PASSWORD")
    monkeypatch.delenv(TOKEN_ENV)
    monkeypatch.setenv("ADVERSARIAL_PASSWORD", "pw-secret-1Xc7")
    res = cli("auth", "login", "--profile", "gestaoplus")
    assert res.code == 0, res.err
    assert "expires" in res.err and "grant-tok" not in res.err
    assert len(hostile.sent("POST", "/gestaoplus/oauth")) == 1
    status = cli("auth", "status")
    assert "gestaoplus\tlogged in (OS keyring), expires" in status.out
    stored = json.loads(__import__("keyring").get_password("checkoutctl", "gestaoplus"))
    assert stored["token"] == "grant-tok-9Pq4Vn" and stored["refresh_token"] == "refresh-3Kd8Wz"
    assert stored["expires_at"] is not None


def test_idempotency_key_for_a_provider_without_idempotency_is_a_warning(cli):
    res = cli("order", "create", str(SAMPLES / "gestaoplus.yaml"), "--dry-run", "--idempotency-key", "k-1")
    assert res.code == 0 and "--idempotency-key is ignored for Gestão Plus" in res.err
    res = cli("order", "create", str(SAMPLES / "pagbank.yaml"), "--dry-run", "--idempotency-key", "k-1")
    assert res.code == 0 and "ignored" not in res.err and "x-idempotency-key: k-1" in res.out


def test_the_stored_token_never_shows_in_any_auth_output(cli, served, monkeypatch, keyring_file):
    runs = [login_with_token(cli, monkeypatch), cli("auth", "status"), cli("--debug", "auth", "status"),
            cli("config", "show", "--profile", "pagbank"), cli("config", "show", "--profile", "pagbank", "--output", "json"),
            cli("order", "show", "CHEC_1", "--profile", "pagbank", "--output", "raw"),
            cli("auth", "logout", "--profile", "pagbank"), cli("auth", "logout", "--profile", "pagbank")]
    for res in runs:
        assert res.code == 0, res.err
        assert STORED[:8] not in res.out + res.err
