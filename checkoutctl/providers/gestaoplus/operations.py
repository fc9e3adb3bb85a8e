"""Gestão Plus operations: POST /order (seed 000), then GET /order/info?t= (seed 001) to show it all."""

from __future__ import annotations

from urllib.parse import quote

from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.providers.call import Call, OnPlaced, Outcome
from checkoutctl.providers.grant import access_token
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


def login(call: Call) -> str:
    """seeds/README: `POST /oauth` password grant → {access_token, expires_in, token_type, refresh_token}."""
    creds = call.settings.login
    body = {"grant_type": "password", "client_id": creds.client_id or "app", "client_secret": None,
            "username": creds.username, "password": creds.password.reveal()}
    response = call.send(HttpRequest("POST", call.url("/oauth"), {**_origin(call), "Accept": "application/json"},
                                     json=body))
    return access_token(response, "Gestão Plus")


def cancel(ref: str, call: Call) -> Outcome:
    """seeds/README: the ERP's `DELETE /order-external/{orderId}`, with `x-api-key` and Origin."""
    from checkoutctl.providers.gestaoplus.mapping import cancelled_from_answer

    if call.settings.api_key is None:
        raise UsageError("Gestão Plus cancels orders through its ERP API, which needs an API key",
                         hint="set CHECKOUTCTL_API_KEY, or name its variable with `api_key_env:` in the profile")
    headers = {**_origin(call), "x-api-key": call.settings.api_key.reveal(), "Accept": "application/json"}
    response = call.send(HttpRequest("DELETE", call.url(f"/order-external/{quote(ref, safe='')}"), headers))
    return Outcome([cancelled_from_answer(response.json(), order_id=ref)], [response.body])
