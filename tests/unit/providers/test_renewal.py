"""providers/renewal.py and providers/grant.py: a stored login used until it expires, renewed with the
refresh grant before sending (or once after a 401), never replaying a POST; the new grant stored.
No sockets: the transport answers from a list; the credential store is the 0600 file in tmp_path."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from checkoutctl.credentials import CredentialStore, Grant
from checkoutctl.errors import ProviderFailure, ProviderRefused, UsageError
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.providers.call import Call
from checkoutctl.providers.error_answers import raise_for_status
from checkoutctl.providers.gestaoplus import GESTAOPLUS
from checkoutctl.providers.grant import grant_from
from checkoutctl.settings import Login, Secret

BASE = "http://127.0.0.1:9/gestaoplus"
NEW = {"access_token": "acc-new-7Tq", "expires_in": "43200", "token_type": "Bearer", "refresh_token": "ref-new-4Zk"}
INVALID_TOKEN = {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "Unauthorized (Invalid token)"}
SPENT = {"type": "about:blank", "title": "invalid_grant", "status": 400, "detail": "Invalid refresh token"}


class Answers:
    """A transport answering each request with the next (status, JSON document), or raising it."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        self.sent.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, doc = answer
        return HttpResponse(status, {"content-type": "application/json"}, json.dumps(doc).encode(), request.url)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.removeprefix(BASE)}" + (f" {r.json['grant_type']}" if r.json and "grant_type" in r.json
                                                            else "") for r in self.sent]


@dataclass
class Settings:
    home: Path
    stored_grant: Grant | None
    token: Secret | None = None
    login: Login | None = None
    profile: str = "gp"
    origin: str = "https://shop.example.com"


def stored(home: Path, grant: Grant) -> Settings:
    CredentialStore(home).save("gp", grant)
    return Settings(home, grant, None if grant.expired() else Secret(grant.token))


def call_with(settings, transport) -> Call:
    return Call(GESTAOPLUS, BASE, settings, transport, raise_for_status)


def get(call: Call) -> HttpResponse:
    return call.send(HttpRequest("GET", call.url("/thing"), {**call.bearer()}))


def post(call: Call) -> HttpResponse:
    return call.send(HttpRequest("POST", call.url("/order"), {**call.bearer()}, json={"items": []}))


EXPIRED = Grant("acc-old-1Aa", time.time() - 60, "ref-old-2Bb")
VALID = Grant("acc-old-1Aa", time.time() + 3600, "ref-old-2Bb")


def test_a_token_answer_gives_a_grant_with_its_expiry_and_refresh_token():
    def answer(doc):
        return HttpResponse(200, {}, json.dumps(doc).encode(), BASE)

    grant = grant_from(answer(NEW), "Gestão Plus", now=1000.0)
    assert grant == Grant("acc-new-7Tq", 1000.0 + 43200, "ref-new-4Zk")
    assert grant_from(answer({"access_token": "a", "expires_in": 60}), "X", now=0.0) == Grant("a", 60.0, None)
    for odd in ("soon", -5, 0, True, None, [1], "1e400", "nan", 10 ** 12):
        assert grant_from(answer({"access_token": "a", "expires_in": odd, "refresh_token": ""}), "X").expires_at is None
    with pytest.raises(ProviderFailure, match="without an access_token"):
        grant_from(answer({"token_type": "Bearer"}), "X")


def test_an_expired_stored_login_is_refreshed_before_the_request_and_the_new_grant_stored(tmp_path):
    transport = Answers((200, NEW), (200, {"ok": True}))
    call = call_with(stored(tmp_path, EXPIRED), transport)
    assert get(call).status == 200
    assert transport.paths() == ["POST /oauth refresh_token", "GET /thing"]
    refresh = transport.sent[0]
    assert refresh.json == {"grant_type": "refresh_token", "refresh_token": "ref-old-2Bb", "client_id": "app",
                            "client_secret": None}  # RFC 6749 §6; seeds/README client_id "app"
    assert refresh.headers["Origin"] == "https://shop.example.com" and "Authorization" not in refresh.headers
    assert transport.sent[1].headers["Authorization"] == "Bearer acc-new-7Tq"
    kept = CredentialStore(tmp_path).load("gp")
    assert (kept.token, kept.refresh_token) == ("acc-new-7Tq", "ref-new-4Zk") and not kept.expired()
    assert (tmp_path / "credentials.json").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_valid_stored_login_is_sent_as_it_is(tmp_path):
    transport = Answers((200, {"ok": True}), (200, {"ok": True}))
    call = call_with(stored(tmp_path, VALID), transport)
    get(call), get(call)
    assert transport.paths() == ["GET /thing", "GET /thing"]


def test_a_401_to_a_get_renews_once_and_repeats_it(tmp_path):
    transport = Answers((401, INVALID_TOKEN), (200, NEW), (200, {"ok": True}))
    call = call_with(stored(tmp_path, VALID), transport)
    assert get(call).status == 200
    assert transport.paths() == ["GET /thing", "POST /oauth refresh_token", "GET /thing"]
    assert transport.sent[2].headers["Authorization"] == "Bearer acc-new-7Tq"


def test_a_second_401_after_renewing_is_the_providers_answer(tmp_path):
    transport = Answers((401, INVALID_TOKEN), (200, NEW), (401, INVALID_TOKEN), (401, INVALID_TOKEN))
    call = call_with(stored(tmp_path, VALID), transport)
    with pytest.raises(ProviderRefused):
        get(call)
    with pytest.raises(ProviderRefused):
        get(call)
    assert transport.paths().count("POST /oauth refresh_token") == 1  # once per command


def test_a_401_to_a_post_renews_but_never_replays_it(tmp_path):
    transport = Answers((401, INVALID_TOKEN), (200, NEW))
    call = call_with(stored(tmp_path, VALID), transport)
    with pytest.raises(ProviderRefused) as caught:
        post(call)
    assert caught.value.exit_code == 4
    assert "renewed" in caught.value.hint and "not sent again" in caught.value.hint
    assert transport.paths() == ["POST /order", "POST /oauth refresh_token"]
    assert CredentialStore(tmp_path).load("gp").token == "acc-new-7Tq"  # the next run uses it


def test_a_token_from_the_environment_is_not_renewed(tmp_path):
    transport = Answers((401, INVALID_TOKEN))
    call = call_with(Settings(tmp_path, None, Secret("env-token-1")), transport)
    with pytest.raises(ProviderRefused):
        get(call)
    assert transport.paths() == ["GET /thing"]


def test_a_refused_refresh_without_a_password_names_auth_login(tmp_path):
    transport = Answers((400, SPENT))
    call = call_with(stored(tmp_path, EXPIRED), transport)
    with pytest.raises(UsageError) as caught:
        get(call)
    assert caught.value.exit_code == 2 and "Invalid refresh token" in caught.value.message
    assert caught.value.hint == "run `checkoutctl auth login --profile gp`"
    assert transport.paths() == ["POST /oauth refresh_token"]


def test_a_refused_refresh_after_a_post_401_stays_exit_4_naming_auth_login(tmp_path):
    transport = Answers((401, INVALID_TOKEN), (400, SPENT))
    call = call_with(stored(tmp_path, VALID), transport)
    with pytest.raises(ProviderRefused) as caught:
        post(call)
    assert "auth login --profile gp" in caught.value.hint
    assert transport.paths() == ["POST /order", "POST /oauth refresh_token"]


def test_a_refused_refresh_falls_back_to_the_configured_password_grant(tmp_path):
    transport = Answers((400, SPENT), (200, NEW), (200, {"ok": True}))
    settings = stored(tmp_path, EXPIRED)
    settings.login = Login("maria@example.com", Secret("pw-canary-9"))
    assert get(call_with(settings, transport)).status == 200
    assert transport.paths() == ["POST /oauth refresh_token", "POST /oauth password", "GET /thing"]
    assert CredentialStore(tmp_path).load("gp").refresh_token == "ref-new-4Zk"


def test_a_grant_another_command_renewed_meanwhile_is_taken_instead_of_spending_the_refresh_token(tmp_path):
    settings = stored(tmp_path, EXPIRED)
    CredentialStore(tmp_path).save("gp", Grant("acc-other-3Cc", time.time() + 3600, "ref-other-5Dd"))
    transport = Answers((200, {"ok": True}))
    get(call_with(settings, transport))
    assert transport.paths() == ["GET /thing"]
    assert transport.sent[0].headers["Authorization"] == "Bearer acc-other-3Cc"


def test_a_refresh_lost_on_the_network_says_the_orders_request_was_not_sent(tmp_path):
    from checkoutctl.errors import ProviderFailure as Lost

    transport = Answers(Lost("POST /oauth: the connection was reset", sent=True, outcome_unknown=True))
    with pytest.raises(ProviderFailure) as caught:
        post(call_with(stored(tmp_path, EXPIRED), transport))
    assert caught.value.sent is False and not caught.value.outcome_unknown
    assert "was not sent" in caught.value.message
    assert transport.paths() == ["POST /oauth refresh_token"]
    assert CredentialStore(tmp_path).load("gp") == EXPIRED  # nothing replaced


def test_a_dry_run_renews_nothing(tmp_path):
    call = call_with(stored(tmp_path, EXPIRED), None)
    assert call.bearer() == {"Authorization": "Bearer <renewed from the stored login>"}


def test_a_refused_stored_token_of_a_provider_without_refresh_names_auth_login(tmp_path):
    from checkoutctl.providers.crayon import CRAYON

    transport = Answers((401, {"ErrorCode": "Unauthorized", "Message": "token expired"}))
    settings = stored(tmp_path, Grant("acc-old-1Aa", time.time() + 3600, None))
    call = Call(CRAYON, "http://127.0.0.1:9/crayon", settings, transport, raise_for_status)
    with pytest.raises(UsageError) as caught:
        call.send(HttpRequest("GET", call.url("/thing"), {**call.bearer()}))
    assert "was refused and Crayon hands out no refresh token" in caught.value.message
    assert caught.value.hint == "run `checkoutctl auth login --profile gp`"
    assert len(transport.sent) == 1
