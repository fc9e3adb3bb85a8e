"""`auth login --password-stdin` through the real CLI against the embedded sandbox: the Gestão Plus and
Crayon password grants run once with the password read from stdin (no password_env needed), the token is
stored and used by the next command, and the password never shows, not even when it is refused."""

from __future__ import annotations

import io
import pytest

from tests.conftest import SAMPLES
from tests.integration.cli.conftest import paths as sandbox_paths, write_profile

pytestmark = pytest.mark.integration
WRONG = "canary-stdin-pw-7Rk2"


def _login(cli, monkeypatch, profile: str, password: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli("auth", "login", "--profile", profile, "--password-stdin")


def test_gestaoplus_password_from_stdin_logs_in_once_and_the_token_is_used(cli, sandbox, monkeypatch):
    monkeypatch.delenv("GP_PASSWORD", raising=False)
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com")
    res = _login(cli, monkeypatch, "gp", "sandbox")
    assert res.code == 0, res.err
    assert "logged in: profile 'gp'" in res.err and "expires" in res.err
    assert "gp\tlogged in" in cli("auth", "status").out
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")
    assert placed.code == 0, placed.err
    assert sandbox_paths(sandbox).count("POST /gestaoplus/oauth") == 1  # the stored token, no second grant


def test_crayon_password_from_stdin_runs_its_grant(cli, sandbox, monkeypatch):
    monkeypatch.setenv("CRAYON_CLIENT_SECRET", "sandbox")
    write_profile("cr", f"provider: crayon\nbase_url: {sandbox.url}/crayon\nusername: buyer@example.com\n"
                   "client_id: sandbox\nclient_secret_env: CRAYON_CLIENT_SECRET")
    res = _login(cli, monkeypatch, "cr", "sandbox")
    assert res.code == 0, res.err
    assert sandbox_paths(sandbox) == ["POST /crayon/api/v1/connect/token/"]
    placed = cli("order", "create", SAMPLES / "crayon.yaml", "--profile", "cr", "--output", "json")
    assert placed.code == 0, placed.err
    assert sandbox_paths(sandbox).count("POST /crayon/api/v1/connect/token/") == 1


def test_a_wrong_password_from_stdin_is_refused_and_never_shown(cli, sandbox, monkeypatch):
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com")
    res = _login(cli, monkeypatch, "gp", WRONG)
    assert res.code == 4 and "Invalid username and password" in res.err
    assert WRONG not in res.out + res.err and "Traceback" not in res.err
    assert "gp\tunusable: " in cli("auth", "status").out  # nothing was stored
    assert "auth login --password-stdin" in cli("auth", "status").out


def test_password_stdin_needs_a_password_and_a_password_grant(cli, sandbox, monkeypatch):
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com")
    empty = _login(cli, monkeypatch, "gp", "")
    assert empty.code == 2 and "no password was given" in empty.err
    write_profile("pb", f"provider: pagbank\nbase_url: {sandbox.url}/pagbank")
    no_grant = _login(cli, monkeypatch, "pb", "sandbox")
    assert no_grant.code == 2 and "no password grant" in no_grant.err
    both = cli("auth", "login", "--profile", "gp", "--with-token", "--password-stdin")
    assert both.code == 2 and "give one of them" in both.err
    assert sandbox_paths(sandbox) == []  # nothing sent for any of them


def test_with_token_needs_no_password_for_a_profile_with_a_username(cli, sandbox, monkeypatch):
    monkeypatch.delenv("GP_PASSWORD", raising=False)
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                        "username: maria@example.com\npassword_env: GP_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("sandbox\n"))
    res = cli("auth", "login", "--profile", "gp", "--with-token")
    assert res.code == 0, res.err
    assert sandbox_paths(sandbox) == []  # no grant ran: the token given is the one stored
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")
    assert placed.code == 0, placed.err
    assert "POST /gestaoplus/oauth" not in sandbox_paths(sandbox)
