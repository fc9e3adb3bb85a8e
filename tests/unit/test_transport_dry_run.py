"""What `--dry-run` shows, masking, URL rules and error-body parsing: no socket is opened here."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from checkoutctl.errors import EXIT_FAILURE, EXIT_REFUSED, ProviderFailure, ProviderRefused, UsageError
from checkoutctl.providers.error_answers import provider_message, raise_for_status
from checkoutctl.http.json_body import encode_json
from checkoutctl.http.masking import format_request, mask_headers
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import retry_after_seconds
from checkoutctl.http.urls import check_url

CANARY = "canary-SECRET-7f3a9c"


def test_importing_the_transport_does_not_import_requests():
    code = ("import sys, checkoutctl.http.transport, checkoutctl.http.client, checkoutctl.settings; "
            "print('requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_mask_headers_hides_credentials_and_keeps_the_rest():
    masked = mask_headers({
        "Authorization": f"Bearer {CANARY}", "x-api-key": CANARY, "Cookie": f"sid={CANARY}",
        "X-Auth-Token": CANARY, "X-Client-Secret": CANARY, "X-Password": CANARY,
        "Content-Type": "application/json", "x-idempotency-key": "key-1", "Origin": "https://shop.example",
    })
    assert masked["Authorization"] == "Bearer ****"
    for name in ("x-api-key", "Cookie", "X-Auth-Token", "X-Client-Secret", "X-Password"):
        assert masked[name] == "****"
    assert masked["Content-Type"] == "application/json"
    assert masked["x-idempotency-key"] == "key-1"
    assert masked["Origin"] == "https://shop.example"
    assert CANARY not in json.dumps(masked)


def test_format_request_shows_method_url_masked_headers_and_pretty_json():
    request = HttpRequest("post", "https://api.pagseguro.com/checkouts",
                          {"Authorization": f"Bearer {CANARY}", "x-idempotency-key": "k-1"},
                          json={"reference_id": "pedido-001", "items": [{"unit_amount": 4990, "price": Decimal("49.90")}]})
    text = format_request(request)
    assert CANARY not in text
    lines = text.splitlines()
    assert lines[0] == "POST https://api.pagseguro.com/checkouts"
    assert "Authorization: Bearer ****" in lines
    assert "x-idempotency-key: k-1" in lines
    assert "Content-Type: application/json" in lines
    body = text.split("\n\n", 1)[1]
    assert json.loads(body, parse_float=Decimal) == {"reference_id": "pedido-001",
                                                     "items": [{"unit_amount": 4990, "price": Decimal("49.90")}]}
    assert '"price": 49.90' in body  # exact, not 49.9 through a float
    assert '  "reference_id"' in body  # indented


def test_format_request_masks_form_secrets_and_basic_auth():
    request = HttpRequest("POST", "https://api.crayon.com/api/v1/connect/token/", {},
                          form={"grant_type": "password", "username": "ana", "password": CANARY,
                                "client_secret": CANARY, "scope": "CustomerApi"},
                          basic_auth=("client-id", CANARY))
    text = format_request(request)
    assert CANARY not in text
    assert "Authorization: Basic ****" in text
    assert "password=****" in text and "client_secret=****" in text
    assert "username=ana" in text and "grant_type=password" in text


def test_format_request_masks_userinfo_and_secret_query_values():
    text = format_request(HttpRequest("GET", f"https://user:{CANARY}@api.example.com/x?access_token={CANARY}&t=abc", {}))
    assert CANARY not in text
    assert "t=abc" in text


def test_format_request_removes_terminal_control_characters():
    text = format_request(HttpRequest("GET", "https://api.example.com/x", {"X-Note": "a\x1b[31mred"}))
    assert "\x1b" not in text


def test_request_repr_never_shows_headers():
    request = HttpRequest("GET", "https://api.example.com/x", {"Authorization": f"Bearer {CANARY}"},
                          basic_auth=("id", CANARY))
    assert CANARY not in repr(request)


def test_encode_json_writes_decimals_exactly_and_leaves_lookalike_strings_alone():
    text = encode_json({"a": Decimal("0.10"), "b": [Decimal("1E+2")], "c": "\x00decimal0:0\x00", "d": 1.5})
    assert json.loads(text, parse_float=Decimal) == {"a": Decimal("0.10"), "b": [100], "c": "\x00decimal0:0\x00",
                                                     "d": Decimal("1.5")}
    assert '"a":0.10' in text


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/pagbank", "http://localhost/x", "http://[::1]:80/",
                                 "http://127.8.9.10/", "https://api.pagseguro.com"])
def test_allowed_urls(url):
    check_url(url)


@pytest.mark.parametrize("url", ["http://example.invalid/", "http://10.0.0.1/", "http://localhost.evil.example/",
                                 "ftp://127.0.0.1/", "api.pagseguro.com", "https://", "http://[::2]/"])
def test_refused_urls(url):
    with pytest.raises(UsageError):
        check_url(url)


def test_retry_after_as_seconds_and_as_http_date():
    from datetime import datetime, timezone

    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 01 May 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Wed, 01 May 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def _response(status: int, body: bytes | str | dict, content_type: str = "application/json",
              secrets: tuple[str, ...] = ()) -> HttpResponse:
    if isinstance(body, dict):
        body = json.dumps(body)
    data = body.encode() if isinstance(body, str) else body
    return HttpResponse(status, {"content-type": content_type}, data, "https://api.example.com/x", 0.1, secrets)


@pytest.mark.parametrize("body, expected", [
    ({"error": "invalid_grant", "error_description": "Invalid username and password combination"},
     "Invalid username and password combination (invalid_grant)"),
    ({"message": "Cart is empty"}, "Cart is empty"),
    ({"error": {"message": "Shop is closed", "code": "shop_closed"}}, "Shop is closed (shop_closed)"),
    ({"message": "The given data was invalid.", "errors": {"cart": ["The cart field is required."]}},
     "The given data was invalid.: cart: The cart field is required."),
    ({"type": "about:blank", "title": "Forbidden", "status": 403, "detail": ""}, "Forbidden"),
    ({"unexpected": True}, '{"unexpected":true}'),
])
def test_json_error_shapes(body, expected):
    assert provider_message(_response(400, body)) == expected


def test_plain_text_error_is_cut_to_its_first_200_characters():
    message = provider_message(_response(502, "x" * 1000, "text/plain"))
    assert message == "x" * 200 + "…"


def test_html_without_title_uses_the_first_heading():
    assert provider_message(_response(502, "<html><body><h1>Bad\nGateway</h1></body></html>", "text/html")) == \
        "HTML page: Bad Gateway"


def test_error_text_is_cleaned_of_terminal_escapes_and_bounded():
    message = provider_message(_response(400, {"error_messages": [
        {"error": "invalid_value", "description": "bad \x1b]52;c;AAAA\x07 value\u202e", "parameter_name": "x"}] * 50}))
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert len(message) <= 1000
    assert message.endswith("and 40 more")


def test_raise_for_status_classes_and_exit_codes():
    raise_for_status(_response(200, {}), "pagbank")
    raise_for_status(_response(204, b""), "crayon")
    with pytest.raises(ProviderRefused) as refused:
        raise_for_status(_response(404, {"message": "not found"}), "pagbank")
    assert refused.value.exit_code == EXIT_REFUSED and refused.value.hint
    with pytest.raises(ProviderFailure) as failed:
        raise_for_status(_response(502, b""), "pagbank")
    assert failed.value.exit_code == EXIT_FAILURE
    assert failed.value.message == "pagbank failed (HTTP 502 Bad Gateway)"


def test_messages_never_carry_the_requests_credentials():
    response = _response(401, {"message": f"Bearer {CANARY} expired"}, secrets=(f"Bearer {CANARY}", CANARY))
    with pytest.raises(ProviderRefused) as caught:
        raise_for_status(response, "gestaoplus")
    assert CANARY not in str(caught.value) and CANARY not in (caught.value.provider_message or "")
    with pytest.raises(ProviderFailure) as unreadable:
        _response(200, f"oops {CANARY}", "text/plain", secrets=(CANARY,)).json()
    assert CANARY not in unreadable.value.message
    assert CANARY not in repr(response)


def test_json_of_an_empty_or_deeply_nested_body_is_a_provider_failure():
    with pytest.raises(ProviderFailure):
        _response(200, b"").json()
    with pytest.raises(ProviderFailure):
        _response(200, "[" * 100_000).json()
