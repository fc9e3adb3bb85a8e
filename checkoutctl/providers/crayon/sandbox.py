"""Crayon in the sandbox (CONTRACT §6): token, verify and checkout of a PurchaseRequestOrder (seed 003).

Routes (under /crayon; each also with a trailing slash, as seed 003's own example posts to
`…/purchaserequest/checkout/`):

    POST /api/v1/connect/token              seeds/README: Basic client id:secret; form grant_type=password,
                                            username, password, scope=CustomerApi. Sandbox credentials:
                                            client `sandbox`, secret `sandbox`, any username, password `sandbox`.
    POST /api/v1/purchaserequest/verify     primary; legacy /api/v1/assets/verify ("Both addresses are valid")
    POST /api/v1/purchaserequest/checkout   primary; legacy /api/v1/assets/checkout; 204, empty body
    GET|PUT /_sandbox/settings              sandbox-only switches, below

Token errors are OAuth's (RFC 6749 §5.2): `{"error": "invalid_client"}` 401 (with WWW-Authenticate:
Basic) for a bad client; 400 `invalid_request`, `unsupported_grant_type`, `invalid_grant` (password),
`invalid_scope`; each with an `error_description`.

Every other error is Crayon's body (seeds/README) `{ErrorCode, Message, Parameters{}, ObjectErrors[]}`,
where each ObjectErrors entry is `{"Property": "OrderLines[0].Quantity", "ErrorCode": <rule>, "Message"}`:

    401 Unauthorized          no Bearer, or one the sandbox did not issue (nor `sandbox`)
    400 InvalidRequestBody    not JSON; 415 UnsupportedMediaType (form); 413 PayloadTooLarge (> 1 MiB)
    400 ValidationError       the body breaks the rules `checkoutctl validate` runs (one ObjectError each);
                              checkout of an order whose Errors[] is not empty lands here too
    404 CustomerNotFound      unknown ResellerCustomerId (Parameters.ResellerCustomerId)
    400 OrderNotVerified      checkout: a line not in the catalogue, or without verify's CatalogItemId
    400 DuplicateOrder        checkout: that ExternalOrderId was already checked out (sandbox-wide)

`error_response` gives the sandbox core the same body for its 404/405/500 under /crayon and for
`status=` faults, ErrorCode then being the status phrase in PascalCase (`ServiceUnavailable`).

Verify answers 200 with the order as sent plus the catalogue's data per line (SkuId, CatalogItemId,
Name; BillingCycle, TermDuration, Type, IsTrial where absent) and `Errors`: one sentence per line the
catalogue does not know, and
one when the ExternalOrderId was already checked out. There is no order lookup: Crayon's
purchase-request API has none (seed 003) and `order show` refuses Crayon, so the sandbox invents none.

Fallback switch: with `primary_path` "absent" the primary addresses answer 404 with an EMPTY body (as
a missing route does), while a 404 for an unknown customer always carries Crayon's error body. Set it
for one request with the header `X-Sandbox-Crayon-Primary: absent`, or for the whole sandbox with
`PUT /crayon/_sandbox/settings {"primary_path": "absent"}` (stored in table crayon_settings; `present`
restores it; GET reads it).
"""

from __future__ import annotations

import copy
import json
import time
from http import HTTPStatus

from werkzeug.wrappers import Request, Response

from checkoutctl.providers.base import sandbox_prefix
from checkoutctl.providers.crayon import catalogue as cat
# CRAYON.order_spec() imports the rules, and PyYAML, with the first body to check: a look-up needs neither.
from checkoutctl.providers.crayon import CRAYON
from checkoutctl.providers.crayon.info import INFO
from checkoutctl.sandbox.bodies import BodyRefused, read_json
from checkoutctl.sandbox.context import Route, SandboxContext, SandboxMount
from checkoutctl.sandbox.request_body import check_request_body

PREFIX = sandbox_prefix(INFO.name)
PRIMARY_HEADER = "X-Sandbox-Crayon-Primary"
PRIMARY_STATES = ("present", "absent")

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS crayon_purchases (external_order_id TEXT PRIMARY KEY, "
    "reseller_customer_id INTEGER NOT NULL, checked_out_at REAL NOT NULL, via TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS crayon_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]


def routes() -> list[Route]:
    out = [Route("/_sandbox/settings", ("GET", "PUT"), settings)]
    for path, handler in (
        ("/api/v1/connect/token", token),
        ("/api/v1/purchaserequest/verify", verify_primary),
        ("/api/v1/assets/verify", verify_legacy),
        ("/api/v1/purchaserequest/checkout", checkout_primary),
        ("/api/v1/assets/checkout", checkout_legacy),
    ):
        # Both spellings: the client must never meet a redirect (CONTRACT §7 does not follow them).
        out += [Route(path, ("POST",), handler), Route(path + "/", ("POST",), handler)]
    return out


def mount() -> SandboxMount:
    return SandboxMount(tuple(SCHEMA), tuple(routes()), error_response,
                        catalogue_spec=cat.CATALOGUE_SPEC, seeded_catalogue=cat.seeded_catalogue)


# --- responses ------------------------------------------------------------------------------------


def _json(status: int, data: object, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers, content_type="application/json; charset=utf-8")


def _empty(status: int) -> Response:
    response = Response(b"", status=status)
    del response.headers["Content-Type"]
    return response


def _error(status: int, code: str, message: str, parameters: dict | None = None,
           object_errors: list[dict] | None = None, headers: dict | None = None) -> Response:
    """Crayon's error body (seeds/README): {ErrorCode, Message, Parameters{}, ObjectErrors[]}."""
    return _json(status, {"ErrorCode": code, "Message": message, "Parameters": parameters or {},
                          "ObjectErrors": object_errors or []}, headers)


def error_response(status: int, message: str) -> Response:
    """The server's hook for 404/405/500 under /crayon and for `status=` faults: Crayon's error body."""
    try:
        code = HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        code = "Error"
    return _error(status, code, message)


def _oauth_error(status: int, code: str, description: str) -> Response:
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="crayon"'
    return _json(status, {"error": code, "error_description": description}, headers)


# Crayon's ErrorCode spelling of the shared body problems.
_BODY_CODES = {"unsupported_media_type": "UnsupportedMediaType", "body_too_large": "PayloadTooLarge",
               "invalid_json": "InvalidRequestBody"}


def _read_json(request: Request) -> tuple[object, Response | None]:
    try:
        return read_json(request), None
    except BodyRefused as refused:
        return None, _error(refused.status, _BODY_CODES.get(refused.code, "InvalidRequestBody"), refused.message)


# --- token ----------------------------------------------------------------------------------------


def token(ctx: SandboxContext, request: Request) -> Response:
    """seeds/README: `POST /api/v1/connect/token/`, Basic client id:secret, password grant."""
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        client_id, secret = auth.username, auth.password
    else:  # RFC 6749 §2.3.1 also allows the client's credentials in the form
        client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
    if client_id != cat.CLIENT_ID or secret != cat.CLIENT_SECRET:
        return _oauth_error(401, "invalid_client", "unknown client or wrong secret (sandbox: sandbox/sandbox)")
    form = request.form
    if form.get("grant_type") != "password":
        if not form.get("grant_type"):
            return _oauth_error(400, "invalid_request", "grant_type is missing (use password)")
        return _oauth_error(400, "unsupported_grant_type", "only grant_type=password is supported")
    if not form.get("username") or not form.get("password"):
        return _oauth_error(400, "invalid_request", "username and password are required")
    if form.get("password") != cat.PASSWORD:
        return _oauth_error(400, "invalid_grant", "wrong username or password (sandbox password: sandbox)")
    scope = form.get("scope")
    if scope is not None and cat.SCOPE not in scope.split():
        return _oauth_error(400, "invalid_scope", f"the scope must include {cat.SCOPE}")
    issued = ctx.issue_token("crayon", ttl_seconds=cat.TOKEN_TTL_SECONDS)
    return _json(200, {"access_token": issued, "token_type": "Bearer", "expires_in": cat.TOKEN_TTL_SECONDS},
                 {"Cache-Control": "no-store", "Pragma": "no-cache"})


# --- sandbox settings -----------------------------------------------------------------------------


def _setting(ctx: SandboxContext, key: str, default: str) -> str:
    row = ctx.store.connect().execute("SELECT value FROM crayon_settings WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else default


def _primary_absent(ctx: SandboxContext, request: Request) -> bool:
    header = request.headers.get(PRIMARY_HEADER, "").strip().lower()
    if header in PRIMARY_STATES:
        return header == "absent"
    return _setting(ctx, "primary_path", "present") == "absent"


def settings(ctx: SandboxContext, request: Request) -> Response:
    """Sandbox-only: read or change the switches (no seed; Crayon has no such thing)."""
    if request.method == "PUT":
        body, refused = _read_json(request)
        if refused:
            return refused
        state = body.get("primary_path") if isinstance(body, dict) else None
        if state not in PRIMARY_STATES or set(body) != {"primary_path"}:
            return _error(400, "ValidationError", 'send {"primary_path": "present"} or {"primary_path": "absent"}')
        with ctx.store.tx() as db:
            db.execute("INSERT INTO crayon_settings(key, value) VALUES ('primary_path', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (state,))
    return _json(200, {"primary_path": _setting(ctx, "primary_path", "present")})


# --- verify and checkout --------------------------------------------------------------------------


def verify_primary(ctx: SandboxContext, request: Request) -> Response:
    return _verify(ctx, request, primary=True)


def verify_legacy(ctx: SandboxContext, request: Request) -> Response:
    return _verify(ctx, request, primary=False)


def checkout_primary(ctx: SandboxContext, request: Request) -> Response:
    return _checkout(ctx, request, primary=True)


def checkout_legacy(ctx: SandboxContext, request: Request) -> Response:
    return _checkout(ctx, request, primary=False)


def _order_in(ctx: SandboxContext, request: Request,
              primary: bool) -> tuple[dict | None, cat.Customer | None, Response | None]:
    """What verify and checkout share: the switch, the Bearer, the body, the rules, the customer."""
    if primary and _primary_absent(ctx, request):
        return None, None, _empty(404)  # a route that is not there: no Crayon error body
    if not ctx.bearer_ok(request):
        return None, None, _error(401, "Unauthorized", "a valid Bearer access token is required",
                                  headers={"WWW-Authenticate": 'Bearer realm="crayon"'})
    body, refused = _read_json(request)
    if refused:
        return None, None, refused
    issues = check_request_body(body, CRAYON.order_spec())
    if issues:
        errors = [{"Property": i.path, "ErrorCode": i.rule, "Message": i.message} for i in issues]
        return None, None, _error(400, "ValidationError", f"the order has {len(errors)} invalid propert"
                                  f"{'ies' if len(errors) > 1 else 'y'}", object_errors=errors)
    customer = cat.customer(body["ResellerCustomerId"], ctx.catalogue(INFO.name))  # open world unless --catalogue
    if customer is None:
        rid = body["ResellerCustomerId"]
        return None, None, _error(404, "CustomerNotFound", f"no customer tenant {rid}",
                                  {"ResellerCustomerId": str(rid)})
    return body, customer, None


def _checked_out(ctx: SandboxContext, external_order_id: str) -> bool:
    return ctx.store.connect().execute("SELECT 1 FROM crayon_purchases WHERE external_order_id = ?",
                                       (external_order_id,)).fetchone() is not None


def _verify(ctx: SandboxContext, request: Request, primary: bool) -> Response:
    """Verify (seeds/README): the PurchaseRequestOrder back, filled in from the catalogue, with Errors[]."""
    body, _customer, refused = _order_in(ctx, request, primary)
    if refused:
        return refused
    own = ctx.catalogue(INFO.name)
    order = copy.deepcopy(body)
    errors: list[str] = []
    for i, line in enumerate(order["OrderLines"]):
        item, why = cat.find(line["ProductId"], line.get("SkuId"), own)
        if item is None:
            errors.append(f"OrderLines[{i}]: {why}")
            continue
        line.update(SkuId=item.sku_id, CatalogItemId=item.catalog_item_id, Name=item.name)
        for key, default in (("BillingCycle", item.billing_cycle), ("TermDuration", item.term_duration),
                             ("Type", item.type), ("IsTrial", False)):
            if line.get(key) is None:
                line[key] = default
    if _checked_out(ctx, order["ExternalOrderId"]):
        errors.append(f"ExternalOrderId {order['ExternalOrderId']!r} was already checked out")
    order["Errors"] = errors
    return _json(200, order)


def _checkout(ctx: SandboxContext, request: Request, primary: bool) -> Response:
    """Seed 003: checkout of the order verify returned; 204 with an empty body."""
    body, customer, refused = _order_in(ctx, request, primary)
    if refused:
        return refused
    own = ctx.catalogue(INFO.name)
    problems = []
    for i, line in enumerate(body["OrderLines"]):
        item, why = cat.find(line["ProductId"], line.get("SkuId"), own)
        if item is None:
            problems.append({"Property": f"OrderLines[{i}].ProductId", "ErrorCode": "ProductNotFound", "Message": why})
        elif line.get("CatalogItemId") != item.catalog_item_id:
            got = line.get("CatalogItemId")
            problems.append({"Property": f"OrderLines[{i}].CatalogItemId", "ErrorCode": "NotVerified",
                             "Message": f"expected {item.catalog_item_id} (got {got!r}): "
                                        "check out the order verify returned"})
    if problems:
        return _error(400, "OrderNotVerified", "the order does not match the catalogue; verify it first",
                      object_errors=problems)
    external_id = body["ExternalOrderId"]
    with ctx.store.tx() as db:
        duplicate = db.execute("SELECT 1 FROM crayon_purchases WHERE external_order_id = ?", (external_id,)).fetchone()
        if not duplicate:
            db.execute("INSERT INTO crayon_purchases(external_order_id, reseller_customer_id, checked_out_at, via, "
                       "body) VALUES (?, ?, ?, ?, ?)",
                       (external_id, customer.id, time.time(), "primary" if primary else "legacy", json.dumps(body)))
    if duplicate:
        return _error(400, "DuplicateOrder", f"ExternalOrderId {external_id!r} was already checked out",
                      {"ExternalOrderId": external_id})
    return _empty(204)
