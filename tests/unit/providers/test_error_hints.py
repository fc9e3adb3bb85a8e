"""raise_for_status's hints depend on what the request could have done (RFC 9110 §9.2.1), not on its status alone."""

from __future__ import annotations

import pytest

from checkoutctl.errors import ProviderFailure
from checkoutctl.http.message import HttpResponse
from checkoutctl.providers.error_answers import raise_for_status


def failure(method: str | None, status: int = 500, body: bytes = b'{"message": "boom"}') -> ProviderFailure:
    response = HttpResponse(status, {"content-type": "application/json"}, body, "https://api.example.com/x", method=method)
    with pytest.raises(ProviderFailure) as caught:
        if 200 <= status < 300:
            response.json()
        raise_for_status(response, "pagbank")
    return caught.value


@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT", "PATCH", None])
def test_a_request_with_effects_may_have_acted(method):
    err = failure(method)
    assert err.outcome_unknown and "may have acted" in err.hint


@pytest.mark.parametrize("method", ["GET", "HEAD", "get"])
def test_a_safe_request_changed_nothing(method):
    err = failure(method)
    assert not err.outcome_unknown and "may have" not in err.hint


@pytest.mark.parametrize("method, acted", [("GET", False), ("POST", True)])
def test_an_unreadable_answer_follows_the_method_too(method, acted):
    err = failure(method, 200, b"<<not json")
    assert err.outcome_unknown is acted and ("may have acted" in err.hint) is acted
