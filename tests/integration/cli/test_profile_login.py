"""Profiles with a password grant instead of a token: Gestão Plus POST /oauth, Crayon connect/token.

A sandbox runs here on 127.0.0.1 and a profile in CHECKOUTCTL_HOME/config.yaml points at it.
"""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from tests.integration.cli.conftest import paths as sandbox_paths, write_profile

pytestmark = pytest.mark.integration
CANARY = "canary-password-5d1e"


def test_gestaoplus_logs_in_with_the_password_grant_then_places(cli, sandbox, monkeypatch):
    monkeypatch.setenv("GP_PASSWORD", "sandbox")
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com\npassword_env: GP_PASSWORD")
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")
    assert placed.code == 0, placed.err
    assert placed.json()["token"]
    paths = sandbox_paths(sandbox)
    assert paths.index("POST /gestaoplus/oauth") < paths.index("POST /gestaoplus/order")
    assert paths.count("POST /gestaoplus/oauth") == 1


def test_a_wrong_password_is_refused_and_never_shown(cli, sandbox, monkeypatch):
    monkeypatch.setenv("GP_PASSWORD", CANARY)
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com\npassword_env: GP_PASSWORD")
    refused = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp")
    assert refused.code == 4
    assert "Invalid username and password" in refused.err
    assert CANARY not in refused.out + refused.err
    assert "POST /gestaoplus/order" not in sandbox_paths(sandbox)  # nothing placed without a token
    assert cli("order", "history", "--output", "json").json()[0]["state"] == "refused"


def test_crayon_gets_a_token_with_client_credentials_and_password(cli, sandbox, monkeypatch):
    monkeypatch.setenv("CRAYON_PASSWORD", "sandbox")
    monkeypatch.setenv("CRAYON_CLIENT_SECRET", "sandbox")
    write_profile("cr", f"provider: crayon\nbase_url: {sandbox.url}/crayon\nusername: buyer@example.com\n"
                   "password_env: CRAYON_PASSWORD\nclient_id: sandbox\nclient_secret_env: CRAYON_CLIENT_SECRET")
    placed = cli("order", "create", SAMPLES / "crayon.yaml", "--profile", "cr", "--output", "json")
    assert placed.code == 0, placed.err
    assert placed.json()["status"] == "CHECKED_OUT"
    assert sandbox_paths(sandbox)[0] == "POST /crayon/api/v1/connect/token/"


def test_an_unset_password_variable_is_a_configuration_error(cli, sandbox, monkeypatch):
    monkeypatch.delenv("GP_PASSWORD", raising=False)
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com\npassword_env: GP_PASSWORD")
    result = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp")
    assert result.code == 2 and "GP_PASSWORD" in result.err and "not set" in result.err


def test_dry_run_does_not_log_in(cli, sandbox, monkeypatch):
    monkeypatch.setenv("GP_PASSWORD", CANARY)
    write_profile("gp", f"provider: gestaoplus\nbase_url: {sandbox.url}/gestaoplus\norigin: https://shop.example.com\n"
                   "username: maria@example.com\npassword_env: GP_PASSWORD")
    result = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--dry-run")
    assert result.code == 0, result.err
    assert "Authorization: Bearer ****" in result.out and CANARY not in result.out + result.err
    assert sandbox_paths(sandbox) == []
