"""The client's retry and deadline policy driven through the in-memory transport: no socket, no sleep."""

from __future__ import annotations

import json
import random

import pytest

from checkoutctl import redaction
from checkoutctl.errors import ProviderFailure, ProviderRefused, UsageError
from checkoutctl.http.base import DeadlineExceeded, MaybeSent, NotSent
from checkoutctl.http.client import Client
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.mock import MockTransport
from checkoutctl.http.policy import RetryPolicy, Timeout
from checkoutctl.providers.error_answers import raise_for_status

URL = "https://api.example.com/checkouts"


class FakeTime:
    """A clock and a sleep that only move when told to."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def answer(status: int, body: dict | bytes = b"{}", **headers: str) -> HttpResponse:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    return HttpResponse(status, {"content-type": "application/json", **{k.replace("_", "-").lower(): v for k, v in headers.items()}},
                        data, URL)


def client(handler, time: FakeTime, **retry) -> tuple[Client, MockTransport]:
    transport = MockTransport(handler)
    return Client(transport, timeout=Timeout(total=10, connect=2), retry=RetryPolicy(**retry), clock=time.clock,
                  sleep=time.sleep, rng=random.Random(7)), transport


def scripted(*steps):
    """A handler playing `steps` in order: an HttpResponse to return or an exception to raise."""
    queue = list(steps)

    def handler(request):
        step = queue.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step
    return handler


def test_get_is_retried_on_503_with_backoff_then_succeeds():
    time = FakeTime()
    c, t = client(scripted(answer(503), answer(503), answer(200, {"ok": True})), time)
    assert c.send(HttpRequest("GET", URL)).json() == {"ok": True}
    assert len(t.requests) == 3 and len(time.slept) == 2
    assert 0.25 <= time.slept[0] <= 0.5 and 0.5 <= time.slept[1] <= 1.0  # equal jitter on 0.5 s, 1 s


def test_retry_after_is_honoured_up_to_the_cap_and_beyond_it_the_client_gives_up_saying_so():
    time = FakeTime()
    c, t = client(scripted(answer(429, Retry_After="3"), answer(200)), time, max_wait=5)
    assert c.send(HttpRequest("GET", URL)).status == 200 and time.slept == [3.0]

    c, t = client(scripted(answer(429, {"message": "slow down"}, Retry_After="6")), time, max_wait=5)
    response = c.send(HttpRequest("GET", URL))
    assert len(t.requests) == 1 and time.slept == [3.0]
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, "pagbank")
    assert "asked to wait 6s before trying again, longer than checkoutctl waits (5s)" in caught.value.message


@pytest.mark.parametrize("value", ["٣", "²", "1.5", "-1", "soon", "9" * 40, "Wed, 99 Foo 2024 25:61:61 GMT",
                                   "Fri, 31 Dec 9999 23:59:59 GMT", "\x00", ""])
def test_any_retry_after_either_waits_within_the_cap_or_gives_up(value):
    time = FakeTime()
    c, t = client(scripted(answer(503, Retry_After=value), answer(200)), time, max_wait=5)
    response = c.send(HttpRequest("GET", URL))
    assert all(0 <= w <= 5 for w in time.slept)
    assert (response.status, len(t.requests)) in ((200, 2), (503, 1))


def test_a_post_is_never_repeated_once_it_may_have_been_sent():
    time = FakeTime()
    c, t = client(scripted(MaybeSent("the connection was reset after the request was sent")), time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("POST", URL, json={"a": 1}))
    assert len(t.requests) == 1 and time.slept == []
    assert caught.value.sent and caught.value.outcome_unknown and caught.value.exit_code == 5


def test_a_post_that_never_left_is_retried_and_reported_as_not_sent():
    time = FakeTime()
    c, t = client(scripted(*[NotSent("could not connect (connection refused)")] * 4), time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("POST", URL, json={"a": 1}))
    assert len(t.requests) == 4
    assert caught.value.sent is False and caught.value.outcome_unknown is False
    assert "after 4 attempts; nothing was sent" in caught.value.message


def test_once_any_attempt_may_have_been_sent_the_failure_says_so():
    time = FakeTime()
    c, t = client(scripted(MaybeSent("reset"), NotSent("refused"), NotSent("refused"), NotSent("refused")), time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("GET", URL))
    assert len(t.requests) == 4 and caught.value.sent and caught.value.outcome_unknown


def test_a_slow_answer_past_the_deadline_is_an_unknown_outcome():
    time = FakeTime()

    def slow(request):
        time.now += 11  # the server took longer than Timeout(total=10)
        return answer(201)

    c, t = client(slow, time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("POST", URL, json={}))
    assert "no complete answer within 10s (read timeout)" in caught.value.message
    assert caught.value.outcome_unknown and len(t.requests) == 1
    c, t = client(slow, time, max_attempts=2)
    with pytest.raises(ProviderFailure):
        c.send(HttpRequest("GET", URL))
    assert len(t.requests) == 2  # a GET is repeated after a timeout


def test_deadline_exceeded_before_sending_is_not_sent():
    assert DeadlineExceeded("x", sent=False).sent is False
    assert DeadlineExceeded("x").sent is True


def test_informational_final_answers_and_redirects_are_failures_not_successes():
    time = FakeTime()
    c, _ = client(scripted(answer(103)), time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("POST", URL, json={}))
    assert caught.value.outcome_unknown and "informational (HTTP 103)" in caught.value.message
    c, t = client(scripted(answer(302, b"", location="https://evil.example/x")), time)
    with pytest.raises(ProviderFailure) as caught:
        c.send(HttpRequest("GET", URL))
    assert "redirect to https://evil.example/x" in caught.value.message and len(t.requests) == 1


def test_plain_http_to_a_remote_host_is_refused_before_the_transport_sees_it():
    c, t = client(scripted(), FakeTime())
    with pytest.raises(UsageError):
        c.send(HttpRequest("GET", "http://example.com/x"))
    assert t.requests == []


def test_request_credentials_and_grant_tokens_are_registered_before_anything_is_shown():
    redaction.reset()
    try:
        time = FakeTime()
        grant = answer(200, {"access_token": "at-0123456789", "refresh_token": "rt-0123456789", "token_type": "bearer"})
        c, _ = client(scripted(grant), time)
        c.send(HttpRequest("POST", URL, {"Authorization": "Bearer header-secret-42"},
                           form={"password": "form-secret-43"}, basic_auth=("client", "basic-secret-44")))
        shown = redaction.redact("at-0123456789 rt-0123456789 header-secret-42 form-secret-43 basic-secret-44")
        assert shown == " ".join(["****"] * 5)
    finally:
        redaction.reset()


class Recorder:
    """An ExchangeObserver (http/exchange_log.py) that keeps what it is told."""

    def __init__(self) -> None:
        self.seen: list[tuple] = []

    def answered(self, request, response, seconds):
        self.seen.append(("answered", request.method, response.status, response.method, seconds))

    def failed(self, request, reason, sent, seconds):
        self.seen.append(("failed", request.method, reason, sent, seconds))


def test_the_observer_is_told_of_every_attempt_with_its_time():
    time = FakeTime()

    def handler(request):
        time.now += 0.25
        return steps.pop(0)() if callable(steps[0]) else steps.pop(0)

    def reset():
        raise MaybeSent("connection reset")

    steps = [answer(503), reset, answer(200)]
    recorder = Recorder()
    c = Client(MockTransport(handler), timeout=Timeout(total=10, connect=2), retry=RetryPolicy(), clock=time.clock,
               sleep=time.sleep, rng=random.Random(7), observer=recorder)
    response = c.send(HttpRequest("get", URL))
    assert response.status == 200 and response.method == "GET"
    assert recorder.seen == [("answered", "get", 503, "GET", 0.25), ("failed", "get", "connection reset", True, 0.25),
                             ("answered", "get", 200, "GET", 0.25)]


def test_the_exchange_log_masks_credentials_and_cleans_headers():
    import io

    from checkoutctl.http.exchange_log import ExchangeLog

    out = io.StringIO()
    log = ExchangeLog(out)
    request = HttpRequest("POST", URL + "?access_token=abcd1234", {"Authorization": "Bearer abcd1234", "X-Api-Key": "k3y-value"},
                          json={"a": 1})
    log.answered(request, HttpResponse(201, {"set-cookie": "session=abcd1234", "x-evil": "\x1b[2Jboom"}, b"{}", URL),
                 0.0123)
    log.failed(HttpRequest("GET", URL, basic_auth=("user", "pw-secret")), "connection refused", False, 0.002)
    text = out.getvalue()
    assert "abcd1234" not in text and "k3y-value" not in text and "pw-secret" not in text and "\x1b" not in text
    assert text.splitlines() == [
        f"> POST {URL}?access_token=****", "> Authorization: Bearer ****", "> X-Api-Key: ****",
        "> Content-Type: application/json", "< HTTP 201 Created (12 ms, 2 bytes)", "< set-cookie: ****",
        "< x-evil: [2Jboom", "", f"> GET {URL}", "> Authorization: Basic ****",
        "< no answer after 2 ms: connection refused (nothing was sent)", ""]


def test_the_exchange_log_shows_the_headers_as_sent_masked():
    import io

    from checkoutctl.http.exchange_log import ExchangeLog

    out = io.StringIO()
    sent = {"User-Agent": "checkoutctl/0.1.0", "Authorization": "Basic dXNlcjpwdy1zZWNyZXQ=", "Cookie": "sid=abcd1234"}
    answer_ = HttpResponse(200, {}, b"", URL, sent_headers=sent)
    ExchangeLog(out).answered(HttpRequest("GET", URL, basic_auth=("user", "pw-secret")), answer_, 0.001)
    assert out.getvalue().splitlines()[:4] == [f"> GET {URL}", "> User-Agent: checkoutctl/0.1.0",
                                               "> Authorization: Basic ****", "> Cookie: ****"]
    assert "dXNlcjpw" not in out.getvalue() and "abcd1234" not in out.getvalue()
