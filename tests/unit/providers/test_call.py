"""providers/call.py: the net under every provider's mapping (Call.place / Call.look_up), and login
through the provider object. No sockets: the transport is a stand-in that answers from a list."""

from __future__ import annotations

import pytest

from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.providers.base import Provider, ProviderInfo
from checkoutctl.providers.call import Call, Outcome
from checkoutctl.providers.error_answers import raise_for_status
from checkoutctl.http.message import HttpRequest, HttpResponse

CANARY = "server-said-tok_9f8e7d"


class Answers:
    """A transport answering each request with the next (status, body)."""

    def __init__(self, *answers: tuple[int, bytes]) -> None:
        self.answers = list(answers)
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        self.sent.append(request)
        status, body = self.answers.pop(0)
        return HttpResponse(status, {"content-type": "application/json"}, body, request.url)


class Settings:
    token = None
    login = None
    stored_grant = None


class Probe(Provider):
    """Its operations read the answer as `read` says: the failure comes from the mapping, not the wire."""

    info = ProviderInfo(name="probe", title="Probe", seeds=(), items_field="items", currency="", base_url="",
                        operations=())

    def __init__(self, read, before_sending=None) -> None:
        self.read, self.before_sending = read, before_sending

    def create(self, body, call, on_placed):
        if self.before_sending:
            self.before_sending()
        response = call.send(HttpRequest("POST", call.url("/orders"), {}, json=body))
        doc = response.json()
        on_placed("1", None, response.status)
        return Outcome([self.read(doc)], [response.body])

    def show(self, ref, call):
        response = call.send(HttpRequest("GET", call.url(f"/orders/{ref}"), {}))
        return Outcome([self.read(response.json())], [response.body])


def call_of(provider: Provider, transport) -> Call:
    return Call(provider, "http://127.0.0.1:9", Settings(), transport, raise_for_status)


def wrong_type(doc):
    return doc["total"] + 1  # a list where an amount belongs: TypeError


def test_a_mapping_that_fails_on_a_2xx_answer_is_an_unreadable_answer_with_an_unknown_outcome():
    call = call_of(Probe(wrong_type), Answers((201, b'{"total": ["' + CANARY.encode() + b'"]}')))
    with pytest.raises(ProviderFailure) as caught:
        call.place({}, lambda *a: None)
    err = caught.value
    assert err.message.startswith("unreadable answer from probe (HTTP 201): ")
    assert err.outcome_unknown and err.status == 201 and err.exit_code == 5
    assert CANARY not in err.message  # the exception's text (which may quote the server) is not shown


def test_a_look_up_whose_answer_cannot_be_mapped_is_unreadable_but_changed_nothing():
    call = call_of(Probe(wrong_type), Answers((200, b'{"total": {"value": 1}}')))
    with pytest.raises(ProviderFailure) as caught:
        call.look_up("7")
    assert "unreadable answer from probe (HTTP 200)" in caught.value.message and not caught.value.outcome_unknown


def test_an_exception_before_any_answer_is_a_bug_and_stays_one():
    def broken_request_building():
        raise KeyError("items")

    transport = Answers((201, b"{}"))
    with pytest.raises(KeyError):
        call_of(Probe(lambda doc: doc, broken_request_building), transport).place({}, lambda *a: None)
    assert transport.sent == []


def test_the_callers_own_failure_in_on_placed_passes_through_untouched():
    class JournalBroke(Exception):
        pass

    def on_placed(*args):
        raise JournalBroke("disk full")

    with pytest.raises(JournalBroke):
        call_of(Probe(lambda doc: doc), Answers((201, b"{}"))).place({}, on_placed)


def test_a_readable_answer_passes_through():
    outcome = call_of(Probe(lambda doc: doc["total"]), Answers((200, b'{"total": 3}'))).look_up("7")
    assert outcome.orders == [3] and outcome.raw == [b'{"total": 3}']


def test_login_goes_to_the_provider_object_and_one_without_a_grant_says_so():
    class Login:
        username = "me"

    settings = Settings()
    settings.login = Login()
    call = Call(Probe(lambda doc: doc), "http://127.0.0.1:9", settings, Answers(), raise_for_status)
    with pytest.raises(UsageError, match="probe has no login grant"):
        call.bearer()

    class WithGrant(Probe):
        can_log_in = True

        def login(self, call):
            from checkoutctl.credentials import Grant

            return Grant("granted-token")

    call = Call(WithGrant(lambda doc: doc), "http://127.0.0.1:9", settings, Answers(), raise_for_status)
    assert call.bearer() == {"Authorization": "Bearer granted-token"}
