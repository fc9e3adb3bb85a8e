"""JSON a server sends, of any shape: a clear ProviderFailure (exit 5), never a crash (issue 9 §7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checkoutctl.errors import ProviderFailure
from checkoutctl.http.json_body import decode_json, encode_json
from checkoutctl.http.message import HttpResponse

HOSTILE = {
    "NaN": b'{"total": NaN}', "Infinity": b'{"total": -Infinity}', "100k digits": b'{"id": ' + b"9" * 100_000 + b"}",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000, "invalid UTF-8": b'{"name": "\xff\xfe"}',
    "truncated": b'{"id": "CHEC_1", "it', "not JSON": b"<html>oops</html>", "empty": b"   ",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_json_is_an_unreadable_answer(name):
    response = HttpResponse(200, {"content-type": "application/json"}, HOSTILE[name], "https://api.example.com/x")
    with pytest.raises(ProviderFailure) as caught:
        response.json()
    assert caught.value.exit_code == 5 and caught.value.outcome_unknown
    assert "unreadable response" in caught.value.message and len(caught.value.message) < 400


def test_plain_json_keeps_exact_decimals_and_lone_surrogates_as_text():
    assert decode_json(b'{"a": 49.90, "b": 1E+2, "c": "\\ud800x"}') == {"a": Decimal("49.90"), "b": Decimal("1E+2"),
                                                                        "c": "\ud800x"}
    assert encode_json({"c": "\ud800x", "a": Decimal("49.90")}) == '{"c":"\\ud800x","a":49.90}'


def test_huge_exponents_are_read_exactly_and_written_back_in_bounded_form():
    document = decode_json(b'{"a": 1e999999999, "b": 1e-999999999, "c": 0.10}')
    assert document == {"a": Decimal("1e999999999"), "b": Decimal("1e-999999999"), "c": Decimal("0.10")}
    assert encode_json(document) == '{"a":1E+999999999,"b":1E-999999999,"c":0.10}'


def test_a_quoted_body_is_redacted_before_it_is_cut():
    secret = "tok-" + "s" * 120
    body = b"x" * 60 + secret.encode()
    response = HttpResponse(200, {}, body, "https://api.example.com/x", secrets=(secret,))
    with pytest.raises(ProviderFailure) as caught:
        response.json()
    assert "tok-sss" not in caught.value.message and "****" in caught.value.message
