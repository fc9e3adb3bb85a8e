"""CONTRACT §7 against a hostile provider: a server of our own on 127.0.0.1 answers every provider's
routes with hostile strings in every field and arbitrary JSON shapes. Through the real CLI, in every
output mode: exit 0, 4 or 5 only; the terminal never receives ESC, C1 or bidi characters; rich markup
and emoji codes print literally; a hyperlink is drawn only for an http(s) URL.

(Property tests of the four mappings over arbitrary JSON live in tests/unit/test_order_view.py.)
"""

from __future__ import annotations

import json
import re

import pytest

from tests.adversarial.conftest import SAMPLES, Reply, history, unsafe_chars

MARKUP = "[link=http://evil]x[/link]"
HOSTILE_STRINGS = [
    "\x1b[2J\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]0;pwned title\x07",
    "\x9b31mC1 CSI\x9d0;osc\x9c",
    "\u202eevil\u202c \u2066isolate\u2069 \u200fRLM",
    MARKUP,
    "[bold red]loud[/bold red]",
    ":thumbs_up: :smile:",
    "javascript:alert(1)",
    "line1\nline2\r\n\tline3",
    "x" * 100_000,
    "ok ção 中文 😀",
]
EVIL_URL = "javascript:alert(document.cookie)"
OUTPUTS = ("table", "json", "raw")
OSC8 = re.compile(r"\x1b\]8;[^;]*;([^\x1b\x07]*)")


def gestaoplus_info(s: str, url: str = EVIL_URL) -> dict:
    return {"data": {"id": s, "code": s, "status": s, "statusPayment": s,
                     "date": {"date": s, "timezone_type": 3, "timezone": s}, "orderTotal": "150.00",
                     "orderDiscount": s, "user": {"name": s, "document": s, "email": s},
                     "orderItems": [{"id": s, "quantity": "1", "price": "75.5", "description": s}],
                     "financialItems": [{"dueDate": s, "installment": s, "amount": "1e3", "amountPaid": s,
                                         "type": s, "status": s, "code": s}],
                     "attachmentItems": [{"name": s, "type": s, "typeDescription": s, "description": s, "href": url},
                                         {"name": "ok", "href": "https://ok.example/b.pdf"}]},
            "type": s, "title": s, "status": 200, "detail": s}


def pagbank_checkout(s: str, url: str = EVIL_URL) -> dict:
    return {"id": s, "reference_id": s, "status": s, "created_at": s, "discount_amount": s,
            "customer": {"name": s, "email": s, "tax_id": s},
            "items": [{"reference_id": s, "name": s, "quantity": "2", "unit_amount": "4990"}],
            "links": [{"rel": "PAY", "href": url, "method": s}, {"rel": s, "href": "https://ok.example/pay", "method": "GET"}]}


def bakeronline_order(s: str, url: str = EVIL_URL) -> dict:
    return {"id": s, "order_nr": s, "status": s, "payment_status": s, "created_at": s, "currency": s,
            "prices": {"price_to_pay": {"value": s, "currency": s}, "discount": {"value": "NaN"}},
            "items": [{"product_id": s, "name": s, "amount": s, "price": {"value": "1.5"}}], "payment_url": url,
            "valid": False}


def crayon_request(s: str) -> dict:
    return {"ExternalOrderId": s, "OrderLines": [{"ProductId": s, "Name": s, "Quantity": s, "Errors": [{"Message": s}]}],
            "Errors": []}


def answers(s: str, url: str = EVIL_URL):
    """route(method, path, headers) -> Reply: every provider's routes answering with `s` everywhere."""

    def route(method: str, path: str, headers: dict) -> Reply:
        if path.startswith("/gestaoplus/order/info"):
            return Reply(200, gestaoplus_info(s, url))
        if path == "/gestaoplus/order":
            return Reply(200, {"data": {"id": s[:64], "orderCode": s}, "publicToken": "tok-" + s[:32], "status": 200,
                               "detail": s})
        if path.startswith("/pagbank/checkouts"):
            return Reply(201 if method == "POST" else 200, pagbank_checkout(s, url))
        if path == "/bakeronline/checkout/order":
            return Reply(200, {"order_group": {"id": s, "orders": [bakeronline_order(s, url)]}, "payment_url": url})
        if path.startswith("/bakeronline/orders/"):
            return Reply(200, {"order": bakeronline_order(s, url)})
        if path.endswith("/verify"):
            return Reply(200, crayon_request(s))
        if path.endswith("/checkout"):
            return Reply(204, b"")
        return Reply(404, {"message": s})

    return route


SHOW_ARGS = {
    "gestaoplus": ("order", "show", "--token", "tok-1", "--provider", "gestaoplus", "--profile", "gestaoplus"),
    "pagbank": ("order", "show", "CHEC_1", "--provider", "pagbank", "--profile", "pagbank"),
    "bakeronline": ("order", "show", "14", "--provider", "bakeronline", "--profile", "bakeronline"),
}


def create_args(provider: str, output: str) -> tuple[str, ...]:
    return ("order", "create", str(SAMPLES / f"{provider}.yaml"), "--profile", provider, "--again", "--output", output)


def assert_safe(res, s: str, output: str, allowed=(0,)) -> None:
    text = res.out + res.err
    assert res.code in allowed, (output, res.code, res.err[-600:])
    assert "Traceback" not in text
    assert not unsafe_chars(text), (output, unsafe_chars(text), repr(s[:60]))
    if output == "json" and res.code == 0:
        json.loads(res.out)  # stdout stays pure JSON
    if output == "table" and res.code == 0 and s in (MARKUP, "[bold red]loud[/bold red]", ":thumbs_up: :smile:"):
        assert s in res.out  # markup and emoji codes shown literally
        assert "👍" not in res.out and "😄" not in res.out


@pytest.mark.timeout(120)
@pytest.mark.parametrize("provider", sorted(SHOW_ARGS))
def test_order_show_with_hostile_strings_in_every_field(cli, hostile, profiles, provider):
    profiles(hostile.url)
    for s in HOSTILE_STRINGS:
        hostile.route = answers(s)
        for output in OUTPUTS:
            assert_safe(cli(*SHOW_ARGS[provider], "--output", output), s, output)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("provider", ["gestaoplus", "pagbank", "bakeronline", "crayon"])
def test_order_create_with_hostile_strings_in_every_field(cli, hostile, profiles, provider):
    profiles(hostile.url)
    for s in HOSTILE_STRINGS:
        hostile.route = answers(s)
        for output in OUTPUTS:
            assert_safe(cli(*create_args(provider, output)), s, output)
    entries = history(cli)
    assert entries and all(e["state"] == "created" for e in entries)
    res = cli("order", "history")
    assert res.code == 0 and not unsafe_chars(res.out + res.err)


WEIRD_BODIES = {
    "list": b"[]",
    "string": json.dumps("\x1b[2J" + MARKUP).encode(),
    "number": b"12345678901234567890",
    "null": b"null",
    "true": b"true",
    "empty": b"",
    "whitespace": b"   \n",
    "nan": b'{"id": NaN, "data": {"id": NaN, "orderTotal": Infinity}, "order": {"id": -Infinity}}',
    "huge-int": b'{"id": ' + b"9" * 5000 + b"}",
    "huge-float": b'{"data": {"orderTotal": 1e400, "orderDiscount": -1e400}, "unit_amount": 1e-400}',
    "numbers-as-strings": b'{"data": {"id": "1e3", "orderTotal": "0x10", "orderItems": [{"quantity": "1e9", "price": "--1"}]}}',
    "deep-json": b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep-object": b'{"order": ' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}",
    "wrong-types": b'{"data": [1,2], "order": "x", "order_group": [], "items": {}, "links": "PAY", "OrderLines": 3}',
    "binary": bytes(range(256)),
    "bad-utf8": b'{"id": "\xff\xfe\x1b[2J", "data": {"id": "\xc3"}}',
    "surrogates": b'{"id": "\\ud800\\udfff", "data": {"id": "\\udc00"}, "order": {"id": "\\ud83d"}}',
    "long-string": json.dumps({"id": "y" * 300_000, "data": {"id": "y" * 300_000}}).encode(),
    "html": b"<html><head><title>\x1b[2J502 Bad Gateway</title></head><body><h1>[bold]x</h1></body></html>",
}


def weird(body: bytes, status: int = 200, content_type: str = "application/json"):
    # Retry-After: 0 keeps the GET retries of a 5xx quick; their number is test_wire_faults' business.
    return lambda method, path, headers: Reply(status, body, content_type=content_type, headers={"Retry-After": "0"})


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", sorted(WEIRD_BODIES))
def test_arbitrary_bodies_exit_0_4_or_5_and_stay_safe(cli, hostile, profiles, name):
    profiles(hostile.url)
    hostile.route = weird(WEIRD_BODIES[name])
    for provider, args in SHOW_ARGS.items():
        for output in OUTPUTS:
            assert_safe(cli(*args, "--output", output), name, output, allowed=(0, 4, 5))
    for provider in ("gestaoplus", "pagbank", "bakeronline", "crayon"):
        for output in OUTPUTS:
            assert_safe(cli(*create_args(provider, output)), name, output, allowed=(0, 4, 5))
    for entry in history(cli):
        assert entry["state"] in ("created", "refused", "unknown"), entry  # never left pending


ERROR_BODIES = [
    {"error_messages": [{"error": s, "description": s, "parameter_name": s}] * 20} for s in HOSTILE_STRINGS[:6]
] + [
    {"type": "about:blank", "title": HOSTILE_STRINGS[0], "status": 400, "detail": HOSTILE_STRINGS[1],
     "trace": [{"file": HOSTILE_STRINGS[4]}]},
    {"ErrorCode": HOSTILE_STRINGS[3], "Message": MARKUP, "Parameters": {HOSTILE_STRINGS[0]: HOSTILE_STRINGS[4]},
     "ObjectErrors": [{"PropertyName": HOSTILE_STRINGS[2], "Message": "x" * 100_000}]},
    {"error": HOSTILE_STRINGS[1], "error_description": HOSTILE_STRINGS[4]},
    {"message": HOSTILE_STRINGS[0], "errors": {HOSTILE_STRINGS[4]: [HOSTILE_STRINGS[3]]}},
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("status,code", [(400, 4), (401, 4), (404, 4), (409, 4), (422, 4), (500, 5), (502, 5)])
def test_hostile_error_bodies_exit_4_or_5_with_a_clean_message(cli, hostile, profiles, status, code):
    profiles(hostile.url)
    for body in ERROR_BODIES:
        hostile.route = weird(json.dumps(body).encode(), status)
        for args in (SHOW_ARGS["pagbank"], create_args("gestaoplus", "json"), create_args("crayon", "table")):
            res = cli(*args)
            assert res.code == code, res.err[-500:]
            assert "error: " in res.err and "Traceback" not in res.err
            assert not unsafe_chars(res.out + res.err), unsafe_chars(res.err)
            assert len(res.err) < 4000  # bounded, even for a 100k-character message


@pytest.mark.parametrize("provider", ["gestaoplus", "pagbank", "bakeronline"])
def test_hyperlinks_only_for_http_urls_on_a_real_terminal(cli, hostile, profiles, monkeypatch, provider):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws OSC 8 links as on a terminal
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")  # the terminal's table (a piped stdout gets TSV, no links)
    profiles(hostile.url)
    for url in (EVIL_URL, "file:///etc/passwd", "data:text/html,<script>x</script>", "https://ok.example/pay\x1b]8;;http://evil\x1b\\"):
        hostile.route = answers("x", url)
        res = cli(*SHOW_ARGS[provider], "--output", "table")
        assert res.code == 0, res.err
        targets = {t for t in OSC8.findall(res.out) if t}
        assert targets <= {"https://ok.example/pay", "https://ok.example/b.pdf", "https://ok.example/pay]8;;http://evil\\"}, targets
        assert not any(t.startswith(("javascript:", "file:", "data:", "http://evil")) for t in targets)
        assert "http://evil\x1b" not in res.out
    hostile.route = answers("x", "https://ok.example/pay")
    res = cli(*SHOW_ARGS[provider], "--output", "table")
    if provider != "gestaoplus":  # Gestão Plus: the fixed https attachment is the link
        assert "https://ok.example/pay" in {t for t in OSC8.findall(res.out)}, "the positive case draws a link"
