"""Gestão Plus operations: POST /order (seed 000), then GET /order/info?t= (seed 001) to show it all."""

from __future__ import annotations

from urllib.parse import quote

from checkoutctl.credentials import Grant
from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.providers.call import Call, OnPlaced, Outcome
from checkoutctl.providers.grant import grant_from
from checkoutctl.http.message import HttpRequest


def _origin(call: Call) -> dict[str, str]:
    # Seed 000/001: Origin is required on both routes.
    if not call.settings.origin:
        raise UsageError("Gestão Plus needs an Origin header", hint="set `origin:` in the profile or CHECKOUTCTL_ORIGIN")
    return {"Origin": call.settings.origin}


def create_requests(body: dict, call: Call) -> list[HttpRequest]:
    headers = {**_origin(call), **call.bearer(), "Content-Type": "application/json", "Accept": "application/json"}
    return [HttpRequest("POST", call.url("/order"), headers, json=body)]


def create(body: dict, call: Call, on_placed: OnPlaced) -> Outcome:
    from checkoutctl.providers.gestaoplus.mapping import created_from_answer

    response = call.send(create_requests(body, call)[0])
    answer = created_from_answer(response.json())
    token = answer.get("publicToken")
    on_placed(answer.get("id"), token, response.status)
    if not token:
        raise ProviderFailure(
            f"Gestão Plus created order {answer.get('id') or '?'} but sent no publicToken to look it up",
            status=response.status,
        )
    shown = show(token, call)
    return shown  # the order as /order/info describes it; the POST answer holds only ids


def show(ref: str, call: Call) -> Outcome:
    from checkoutctl.providers.gestaoplus.mapping import order_from_info

    request = HttpRequest("GET", call.url(f"/order/info?t={quote(ref, safe='')}"), {**_origin(call), "Accept": "application/json"})
    response = call.send(request)
    return Outcome([order_from_info(response.json(), token=ref)], [response.body])


def login(call: Call) -> Grant:
    """seeds/README: `POST /oauth` password grant → {access_token, expires_in, token_type, refresh_token}."""
    creds = call.settings.login
    body = {"grant_type": "password", "client_id": _client_id(call), "client_secret": None,
            "username": creds.username, "password": creds.password.reveal()}
    return _token_request(call, body)


def refresh(call: Call, refresh_token: str) -> Grant:
    """RFC 6749 §6 at the same `POST /oauth`: {grant_type: refresh_token, refresh_token, client_id "app"}.

    Gestão Plus's answers — problem+json `{type, title, status, detail}` for everything, the token route
    at `/oauth`, client_id "app" with client_secret null — are those of Laminas API Tools' OAuth2 module
    (laminas-api-tools/api-tools-oauth2, AuthController::tokenAction over bshaffer/oauth2-server-php),
    whose server takes this grant (OAuth2\\GrantType\\RefreshToken): a fresh access token and, with
    `always_issue_new_refresh_token`, a new refresh token in place of the one spent. A spent, expired or
    unknown one is refused `invalid_grant` (bshaffer: HTTP 400 "Invalid refresh token" / "Refresh token
    has expired"; seeds/README's login refusal is 401), so both statuses read as a refusal."""
    body = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": _client_id(call),
            "client_secret": None}
    return _token_request(call, body)


def _client_id(call: Call) -> str:
    creds = call.settings.login
    return (creds.client_id if creds is not None else None) or "app"  # seeds/README: client_id "app"


def _token_request(call: Call, body: dict) -> Grant:
    response = call.send(HttpRequest("POST", call.url("/oauth"), {**_origin(call), "Accept": "application/json"},
                                     json=body))
    return grant_from(response, "Gestão Plus")


def cancel(ref: str, call: Call) -> Outcome:
    """seeds/README: the ERP's `DELETE /order-external/{orderId}`, with `x-api-key` and Origin."""
    from checkoutctl.providers.gestaoplus.mapping import cancelled_from_answer

    if call.settings.api_key is None:
        raise UsageError("Gestão Plus cancels orders through its ERP API, which needs an API key",
                         hint="set CHECKOUTCTL_API_KEY, or name its variable with `api_key_env:` in the profile")
    headers = {**_origin(call), "x-api-key": call.settings.api_key.reveal(), "Accept": "application/json"}
    response = call.send(HttpRequest("DELETE", call.url(f"/order-external/{quote(ref, safe='')}"), headers))
    return Outcome([cancelled_from_answer(response.json(), order_id=ref)], [response.body])
