"""CONTRACT §7 on the wire: the real CLI against the embedded sandbox with queued faults, and against a
server of our own. Every test counts the requests the server really received (the sandbox's request
log, read through sandbox/request_log.py), the exit code, and what the journal says.

POST is retried only by PagBank (x-idempotency-key, the same on every attempt); Gestão Plus,
Bakeronline and Crayon POSTs are sent once. GETs are retried on 429/5xx/network failures.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.adversarial.conftest import SAMPLES, Reply, history, sandbox_log

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

CREATE_PATH = {"gestaoplus": "/gestaoplus/order", "pagbank": "/pagbank/checkouts",
               "bakeronline": "/bakeronline/checkout/order", "crayon": "/crayon/api/v1/purchaserequest/verify"}
QUICK = "retry-after=0"  # a 429/503's Retry-After: 0, so retries cost no wall time


def arm(cli, path: str, fault: str, times: int = 1, method: str = "POST") -> None:
    res = cli("sandbox", "fault", "add", "--method", method, "--path", path, "--fault", fault, "--times", str(times))
    assert res.code == 0, res.err


def create(cli, provider: str, *extra: str):
    return cli("order", "create", str(SAMPLES / f"{provider}.yaml"), "--output", "json", *extra)


def checkouts_in_sandbox(home) -> int:
    with sqlite3.connect(home / "sandbox.sqlite3") as db:
        return db.execute("SELECT count(*) FROM pagbank_checkouts").fetchone()[0]


# --- PagBank: POST retried with the same key ---------------------------------------------------------

def test_pagbank_post_is_retried_on_503_with_the_same_idempotency_key(cli, home):
    arm(cli, "/pagbank/checkouts", f"status=503;{QUICK}", times=2)
    res = create(cli, "pagbank")
    assert res.code == 0, res.err
    sent = sandbox_log(home, "POST", "/pagbank/checkouts")
    assert [r["status"] for r in sent] == [503, 503, 201]
    keys = {r["idempotency_key"] for r in sent}
    assert len(keys) == 1 and None not in keys
    [entry] = history(cli)
    assert entry["state"] == "created" and entry["idempotency_key"] in keys and entry["id"] == res.json()["id"]
    assert checkouts_in_sandbox(home) == 1


def test_pagbank_503_on_every_attempt_is_unknown_after_exactly_four_posts(cli, home):
    arm(cli, "/pagbank/checkouts", f"status=503;{QUICK}", times=10)
    res = create(cli, "pagbank")
    assert res.code == 5 and "Traceback" not in res.err
    sent = sandbox_log(home, "POST", "/pagbank/checkouts")
    assert len(sent) == 4 and len({r["idempotency_key"] for r in sent}) == 1
    assert history(cli)[0]["state"] == "unknown"


def test_pagbank_reset_after_read_then_again_replays_the_first_checkout(cli, home):
    # Every attempt is acted on, then dropped: the order exists, the client can't know.
    arm(cli, "/pagbank/checkouts", "reset-after-read", times=4)
    res = create(cli, "pagbank")
    assert res.code == 5, res.err
    assert "--again" in res.err  # the hint says how to resolve it safely
    sent = sandbox_log(home, "POST", "/pagbank/checkouts")
    assert len(sent) == 4 and all(r["status"] is None for r in sent)
    key = sent[0]["idempotency_key"]
    assert {r["idempotency_key"] for r in sent} == {key}
    [entry] = history(cli)
    assert entry["state"] == "unknown" and entry["idempotency_key"] == key

    refused = create(cli, "pagbank")  # without --again: asks for it, sends nothing
    assert refused.code == 2 and "--again" in refused.err
    assert len(sandbox_log(home, "POST", "/pagbank/checkouts")) == 4

    again = create(cli, "pagbank", "--again")
    assert again.code == 0, again.err
    last = sandbox_log(home, "POST", "/pagbank/checkouts")[-1]
    assert last["idempotency_key"] == key and last["status"] == 201
    assert checkouts_in_sandbox(home) == 1  # replayed, not a second checkout
    entries = history(cli)
    assert entries[-1]["state"] == "created" and entries[-1]["idempotency_key"] == key


def test_pagbank_gateway_html_502_is_retried_then_placed(cli, home):
    arm(cli, "/pagbank/checkouts", "html;status=502")
    res = create(cli, "pagbank")
    assert res.code == 0, res.err
    sent = sandbox_log(home, "POST", "/pagbank/checkouts")
    assert [r["status"] for r in sent] == [502, 201] and len({r["idempotency_key"] for r in sent}) == 1


# --- the others: a POST that was sent is never sent again ---------------------------------------------

@pytest.mark.parametrize("provider", ["gestaoplus", "bakeronline", "crayon"])
@pytest.mark.parametrize("fault,state", [(f"status=503;{QUICK}", "unknown"), ("status=500", "unknown"),
                                         ("reset-after-read", "unknown"), ("reset", "unknown"),
                                         ("truncate", "unknown"), ("non-json", "unknown"),
                                         ("html", "unknown"), (f"status=429;{QUICK}", "refused")])
def test_non_idempotent_post_is_sent_exactly_once(cli, home, provider, fault, state):
    arm(cli, CREATE_PATH[provider], fault)
    res = create(cli, provider)
    assert res.code == (4 if state == "refused" else 5), res.err
    assert "Traceback" not in res.err and res.out == ""
    assert len(sandbox_log(home, "POST", CREATE_PATH[provider])) == 1
    [entry] = history(cli)
    assert entry["state"] == state


@pytest.mark.parametrize("provider", ["gestaoplus", "pagbank"])
def test_read_timeout_on_post(cli, home, provider):
    arm(cli, CREATE_PATH[provider], "delay=2", times=4)
    res = create(cli, provider, "--timeout", "0.5")
    assert res.code == 5 and "read timeout" in res.err
    sent = sandbox_log(home, "POST", CREATE_PATH[provider]) if provider == "gestaoplus" else None
    # The sandbox logs a delayed request only once it answers; PagBank's retries are counted below.
    assert history(cli)[0]["state"] == "unknown"
    if provider == "gestaoplus":
        assert sent is not None and len(sent) <= 1


# --- GETs: retried on 429 / 5xx / timeouts --------------------------------------------------------------

@pytest.fixture
def placed_checkout(cli, home) -> str:
    res = create(cli, "pagbank")
    assert res.code == 0, res.err
    return res.json()["id"]


def _gets(home, checkout_id: str) -> list[dict]:
    return sandbox_log(home, "GET", f"/pagbank/checkouts/{checkout_id}")


@pytest.mark.parametrize("fault,times,code,count", [
    ("status=429;retry-after=1", 1, 0, 2),
    (f"status=502;{QUICK}", 3, 0, 4),
    (f"status=503;{QUICK}", 4, 5, 4),
    ("reset", 2, 0, 3),
    ("html;status=504", 1, 0, 2),
    ("html;status=403", 1, 4, 1),
    ("status=404", 1, 4, 1),
])
def test_get_retries_exactly(cli, home, placed_checkout, fault, times, code, count):
    arm(cli, "/pagbank/checkouts/*", fault, times=times, method="GET")
    res = cli("order", "show", placed_checkout, "--output", "json")
    assert res.code == code, res.err
    assert len(_gets(home, placed_checkout)) == count
    if code == 0:
        assert res.json()["id"] == placed_checkout
    if fault.startswith("status=429"):
        assert "retrying in 1.0s after HTTP 429" in res.err  # Retry-After honoured


def test_get_read_timeout_is_retried(cli, home, placed_checkout):
    arm(cli, "/pagbank/checkouts/*", "delay=2", times=1, method="GET")
    res = cli("order", "show", placed_checkout, "--timeout", "0.5", "--output", "json")
    assert res.code == 0, res.err
    assert "read timeout" in res.err and res.json()["id"] == placed_checkout


def test_truncated_get_is_a_failure_not_a_crash(cli, home, placed_checkout):
    arm(cli, "/pagbank/checkouts/*", "truncate", times=10, method="GET")
    res = cli("order", "show", placed_checkout)
    assert res.code == 5 and "Traceback" not in res.err


# --- our own server: resets, redirects ------------------------------------------------------------------

def test_reset_before_the_request_is_read(cli, hostile, profiles):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(reset=True, read_body=False)
    res = cli("order", "create", str(SAMPLES / "gestaoplus.yaml"), "--profile", "gestaoplus")
    assert res.code == 5 and "Traceback" not in res.err
    assert len(hostile.sent("POST")) == 1
    assert history(cli)[0]["state"] == "unknown"
    res = cli("order", "show", "CHEC_1", "--profile", "pagbank")
    assert res.code == 5 and len(hostile.sent("GET")) == 4


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_to_another_host_are_not_followed(cli, hostile, profiles, status):
    profiles(hostile.url)
    hostile.route = lambda method, path, headers: Reply(status, b"", headers={"Location": "https://evil.example/steal"})
    for args in (("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline"),
                 ("order", "show", "CHEC_1", "--profile", "pagbank")):
        before = len(hostile.requests)
        res = cli(*args)
        assert res.code == 5, res.err
        assert "redirect" in res.err and "evil.example" in res.err
        assert len(hostile.requests) == before + 1  # neither followed nor retried


def test_rate_limited_post_with_retry_after_is_not_retried_but_get_is(cli, hostile, profiles):
    profiles(hostile.url)
    calls = []

    def route(method, path, headers):
        calls.append(method)
        if len([c for c in calls if c == method]) == 1:
            return Reply(429, {"message": "slow down"}, headers={"Retry-After": "1"})
        return Reply(200, {"order": {"id": 14, "status": "PENDING"}})

    hostile.route = route
    res = cli("order", "create", str(SAMPLES / "bakeronline.yaml"), "--profile", "bakeronline")
    assert res.code == 4 and calls.count("POST") == 1
    res = cli("order", "show", "14", "--profile", "bakeronline", "--output", "json")
    assert res.code == 0 and calls.count("GET") == 2 and res.json()["id"] == "14"
