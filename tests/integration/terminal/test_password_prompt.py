"""`auth login` asks for a Gestão Plus / Crayon password with a hidden prompt on a real terminal (issue
14): typed on the pty, never echoed, the grant run once against the sandbox over real HTTP and its token
stored; in a script, with nothing to ask and no --password-stdin or password_env, exit 2 naming both."""

from __future__ import annotations

import json

import pytest

from tests.integration.terminal.conftest import on_terminal, piped

pytestmark = pytest.mark.integration
CANARY = "canary-typed-pw-3Wq8"


@pytest.fixture
def sandbox(home):
    from checkoutctl.sandbox_server import start_in_thread

    running = start_in_thread(home)
    try:
        yield running
    finally:
        running.stop()


def profile(home, sandbox, password: str | None = None, provider: str = "gestaoplus") -> None:
    if provider == "gestaoplus":
        lines = ["provider: gestaoplus", f"base_url: {sandbox.url}/gestaoplus", "origin: https://shop.example.com",
                 "username: maria@example.com"]
    else:
        lines = ["provider: crayon", f"base_url: {sandbox.url}/crayon", "username: buyer@example.com",
                 "client_id: sandbox", "client_secret_env: CRAYON_CLIENT_SECRET"]
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text("profiles:\n  p:\n" + "".join(f"    {line}\n" for line in lines), encoding="utf-8")


def grants(sandbox) -> list[str]:
    import requests

    log = requests.get(f"{sandbox.url}/_sandbox/requests", timeout=10).json()
    entries = log["requests"] if isinstance(log, dict) else log
    return [e["path"] for e in entries if e["method"] == "POST"]


@pytest.mark.parametrize("columns", [80, 120])
def test_the_password_is_asked_on_the_terminal_and_never_echoed(home, sandbox, columns):
    profile(home, sandbox)
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Password for", "sandbox"),), columns=columns)
    assert res.code == 0, res.out
    assert "Password for maria@example.com (profile p): " in res.out
    assert "sandbox\n" not in res.out.split("Password for", 1)[1].split("logged in", 1)[0]  # no echo of what was typed
    assert "logged in: profile 'p'" in res.out
    assert grants(sandbox) == ["/gestaoplus/oauth"]
    assert json.loads((home / "credentials.json").read_text())["profiles"]["p"]["refresh_token"]


def test_a_wrong_typed_password_is_refused_and_the_canary_never_appears(home, sandbox):
    profile(home, sandbox)
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Password for", CANARY),))
    assert res.code == 4, res.out
    assert "Invalid username and password" in res.out and "Traceback" not in res.out
    assert CANARY not in res.out and CANARY[:8] not in res.out
    assert not (home / "credentials.json").exists()


def test_crayon_asks_too(home, sandbox):
    profile(home, sandbox, provider="crayon")
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Password for", "sandbox"),),
                      env={"CRAYON_CLIENT_SECRET": "sandbox"})
    assert res.code == 0, res.out
    assert "Password for buyer@example.com" in res.out and grants(sandbox) == ["/crayon/api/v1/connect/token/"]


def test_an_empty_answer_sends_nothing(home, sandbox):
    profile(home, sandbox)
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Password for", ""),))
    assert res.code == 2 and "no password was given" in res.out
    assert grants(sandbox) == []


def test_in_a_script_with_nothing_to_ask_it_names_password_stdin_and_password_env(home, sandbox):
    profile(home, sandbox)
    res = piped(home, "auth", "login", "--profile", "p")
    assert res.code == 2, res.err
    assert "stdin is not a terminal" in res.err and "--password-stdin" in res.err and "password_env" in res.err
    assert grants(sandbox) == []


TOKEN_CANARY = "canary-typed-token-7Kp2"


@pytest.mark.parametrize("provider, title", [("pagbank", "PagBank Checkout"), ("bakeronline", "Bakeronline")])
def test_a_token_is_asked_on_the_terminal_never_echoed_and_stored(home, provider, title):
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text(f"profiles:\n  p:\n    provider: {provider}\n"
                                      f"    base_url: https://api.{provider}.example\n", encoding="utf-8")
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Token for", TOKEN_CANARY),))
    assert res.code == 0, res.out
    assert f"Token for profile 'p' ({title}): " in res.out
    assert TOKEN_CANARY not in res.out and TOKEN_CANARY[:8] not in res.out  # not echoed, not printed back
    assert json.loads((home / "credentials.json").read_text())["profiles"]["p"]["token"] == TOKEN_CANARY
    status = piped(home, "auth", "status")
    assert status.code == 0 and "p\t" in status.out and TOKEN_CANARY not in status.out + status.err


def test_an_empty_token_answer_stores_nothing(home):
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text("profiles:\n  p:\n    provider: pagbank\n    base_url: https://api.pagbank.example\n",
                                      encoding="utf-8")
    res = on_terminal(home, "auth", "login", "--profile", "p", answers=(("Token for", ""),))
    assert res.code == 2 and "no usable token was given" in res.out
    assert not (home / "credentials.json").exists()
