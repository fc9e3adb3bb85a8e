"""Crayon operations: verify, then checkout the verified PurchaseRequestOrder (seed 003; seeds/README).

Both steps have a primary and a legacy address ("Both addresses are valid", seed 003); where the
primary answers 404 the legacy one is used.
"""

from __future__ import annotations

from checkoutctl.credentials import Grant
from checkoutctl.errors import ProviderRefused, UsageError
from checkoutctl.providers.call import Call, OnPlaced, Outcome
from checkoutctl.providers.crayon.info import LEGACY, PRIMARY
from checkoutctl.providers.grant import grant_from
from checkoutctl.http.message import HttpRequest, HttpResponse


def _headers(call: Call) -> dict[str, str]:
    return {**call.bearer(), "Accept": "application/json", "Content-Type": "application/json"}


def create_requests(body: dict, call: Call) -> list[HttpRequest]:
    return [HttpRequest("POST", call.url(f"{PRIMARY}/verify"), _headers(call), json=body)]


def _post_with_fallback(call: Call, step: str, body) -> HttpResponse:
    response = call.send(HttpRequest("POST", call.url(f"{PRIMARY}/{step}"), _headers(call), json=body), check=False)
    if response.status == 404:
        response = call.send(HttpRequest("POST", call.url(f"{LEGACY}/{step}"), _headers(call), json=body), check=False)
    call.check_status(response)
    return response


def create(body: dict, call: Call, on_placed: OnPlaced) -> Outcome:
    from checkoutctl.providers.crayon.mapping import order_from_purchase_request

    verified_response = _post_with_fallback(call, "verify", body)
    verified = verified_response.json()
    errors = verified.get("Errors") if isinstance(verified, dict) else None
    if errors:
        shown = "; ".join(str(e.get("Message", e) if isinstance(e, dict) else e) for e in errors[:5])
        raise ProviderRefused(f"Crayon did not verify the order: {shown}", status=verified_response.status)
    done = _post_with_fallback(call, "checkout", verified)
    external_id = verified.get("ExternalOrderId") if isinstance(verified, dict) else None
    on_placed(str(external_id) if external_id is not None else None, None, done.status)
    order = order_from_purchase_request(verified, status="CHECKED_OUT")
    return Outcome([order], [verified_response.body])


def login(call: Call) -> Grant:
    """seeds/README: `POST /api/v1/connect/token/`, Basic client id:secret, form password grant."""
    creds = call.settings.login
    if not creds.client_id or creds.client_secret is None:
        raise UsageError("Crayon's token grant needs the API client too",
                         hint="add client_id and client_secret_env to the profile")
    form = {"grant_type": "password", "username": creds.username, "password": creds.password.reveal(),
            "scope": "CustomerApi"}
    response = call.send(HttpRequest("POST", call.url("/api/v1/connect/token/"), {"Accept": "application/json"},
                                     form=form, basic_auth=(creds.client_id, creds.client_secret.reveal())))
    return grant_from(response, "Crayon")
