"""Gestão Plus `POST /oauth` refresh grant in the sandbox over real HTTP (RFC 6749 §6, as Laminas API
Tools' OAuth2 server answers it; providers/gestaoplus/sandbox_oauth.py): a new access token and a new
refresh token, the spent one refused, both lifetimes on the sandbox clock."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
TIMEOUT = 10
PROBLEM_TYPE = "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
PASSWORD = {"grant_type": "password", "client_id": "app", "client_secret": None, "username": "ana",
            "password": "sandbox"}


def oauth(http, sandbox, body):
    return http.post(f"{sandbox.url}/gestaoplus/oauth", json=body, timeout=TIMEOUT)


def refresh(http, sandbox, token, client_id="app"):
    return oauth(http, sandbox, {"grant_type": "refresh_token", "refresh_token": token, "client_id": client_id,
                                 "client_secret": None})


def order_with(http, sandbox, access_token):
    body = {"items": [{"id": 483, "quantity": 1}], "type": "V", "negotiationType": 22, "uri": "cliente-42"}
    return http.post(f"{sandbox.url}/gestaoplus/order", json=body, timeout=TIMEOUT,
                     headers={"Authorization": f"Bearer {access_token}", "Origin": "https://loja.example"})


def advance(http, sandbox, duration):
    assert http.post(f"{sandbox.url}/_sandbox/clock", json={"advance": duration}, timeout=TIMEOUT).status_code == 200


def refused(response, status, title, detail):
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json() == {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail}


def test_a_refresh_answers_a_new_grant_and_the_spent_refresh_token_is_refused(http, sandbox):
    first = oauth(http, sandbox, PASSWORD).json()
    renewed = refresh(http, sandbox, first["refresh_token"])
    assert renewed.status_code == 200
    grant = renewed.json()
    assert set(grant) == {"access_token", "expires_in", "token_type", "refresh_token"}
    assert grant["expires_in"] == "43200" and grant["token_type"] == "Bearer"
    assert grant["access_token"] != first["access_token"] and grant["refresh_token"] != first["refresh_token"]
    assert order_with(http, sandbox, grant["access_token"]).status_code == 200
    refused(refresh(http, sandbox, first["refresh_token"]), 400, "invalid_grant", "Invalid refresh token")
    assert refresh(http, sandbox, grant["refresh_token"]).status_code == 200  # the new one is live, once


def test_the_access_token_expires_on_the_sandbox_clock_and_the_refresh_token_outlives_it(http, sandbox):
    grant = oauth(http, sandbox, PASSWORD).json()
    advance(http, sandbox, "11h")
    assert order_with(http, sandbox, grant["access_token"]).status_code == 200
    advance(http, sandbox, "2h")  # past expires_in 43200 s
    assert order_with(http, sandbox, grant["access_token"]).status_code == 401
    renewed = refresh(http, sandbox, grant["refresh_token"])
    assert renewed.status_code == 200
    assert order_with(http, sandbox, renewed.json()["access_token"]).status_code == 200


def test_an_expired_refresh_token_is_refused(http, sandbox):
    grant = oauth(http, sandbox, PASSWORD).json()
    advance(http, sandbox, "15d")  # past the 14 days of bshaffer/oauth2-server-php's refresh_token_lifetime
    refused(refresh(http, sandbox, grant["refresh_token"]), 400, "invalid_grant", "Refresh token has expired")


@pytest.mark.parametrize("token, client_id, status, title, detail", [
    ("", "app", 400, "invalid_request", 'Missing parameter: "refresh_token" is required'),
    ("never-issued", "app", 400, "invalid_grant", "Invalid refresh token"),
    (None, "other", 401, "invalid_client", "Client credentials were not found"),
])
def test_bad_refresh_requests_answer_the_providers_problem_documents(http, sandbox, token, client_id, status, title,
                                                                     detail):
    issued = oauth(http, sandbox, PASSWORD).json()["refresh_token"]
    refused(refresh(http, sandbox, issued if token is None else token, client_id), status, title, detail)
    assert refresh(http, sandbox, issued).status_code == 200  # a bad request spent nothing
