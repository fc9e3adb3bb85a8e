"""PagBank Checkout in the sandbox (CONTRACT §6; seed 004, the v2.2 Checkout object; seeds/README).

    POST /checkouts                  201 the stored checkout (request fields echoed, enums upper-cased,
                                     id CHEC_ + 32 hex, status ACTIVE, created_at, expiration_date
                                     defaulting to now + 2 h, links SELF / PAY / INACTIVATE)
    GET  /checkouts/{id}             200 the checkout; past its expiration_date it reads EXPIRED
    POST /checkouts/{id}/inactivate  ACTIVE -> INACTIVE, 200 the checkout (sandbox choice: the seed is silent)
    POST /checkouts/{id}/activate    INACTIVE -> ACTIVE, 200; never from EXPIRED (seeds/README)
    GET  /pay/{id}                   the PAY link: a small HTML page (no auth, a buyer's browser opens it)

Errors are always `{"error_messages": [{"error", "description", "parameter_name"}]}` (seeds/README):
401 invalid_authorization_header (no valid Bearer), 400 invalid_request_body (not a JSON object),
400 field_cannot_be_empty (a required field is missing) / invalid_value (any other rule, parameter_name
is the field's path, e.g. `customer.tax_id`), 404 not_found, 400 invalid_value (`status`) for a
transition the checkout's status forbids.

`x-idempotency-key`: the same key with the same JSON body replays the first 201 (same body, plus
`x-idempotency-replayed: true`); with another body it is refused, 409 `idempotency_key_conflict`.
Look-up and insert share one IMMEDIATE transaction, so concurrent duplicates create one checkout.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import time
from datetime import datetime, timedelta, timezone
from http import HTTPStatus

from werkzeug.wrappers import Request, Response

from checkoutctl.providers.base import sandbox_prefix
# PAGBANK.order_spec() imports the rules, and PyYAML, with the first body to check: a look-up needs neither.
from checkoutctl.providers.pagbank import PAGBANK
from checkoutctl.providers.pagbank.info import INFO
from checkoutctl.providers.pagbank import sandbox_lifecycle as lifecycle
from checkoutctl.sandbox.bodies import BodyRefused, read_json
from checkoutctl.sandbox.context import Route, SandboxContext, SandboxMount
from checkoutctl.sandbox.request_body import check_request_body

PREFIX = sandbox_prefix(INFO.name)
DEFAULT_LIFETIME = timedelta(hours=2)  # seed 004 expiration_date: "data e hora atual + 2 horas"
BRASILIA = timezone(timedelta(hours=-3))  # PagBank stamps times in Brasília time
# Enum-valued fields (seed 004), answered upper-cased: credit_card -> CREDIT_CARD (seeds/README).
ENUM_PATHS = (
    ("shipping", "type"), ("shipping", "service_type"),
    ("payment_methods", "*", "type"), ("payment_methods", "*", "brands", "*"),
    ("payment_methods_configs", "*", "type"), ("payment_methods_configs", "*", "brands", "*"),
    ("payment_methods_configs", "*", "config_options", "*", "option"),
)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS pagbank_checkouts (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
    " status TEXT NOT NULL, expires_at REAL NOT NULL, created_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pagbank_idempotency (key TEXT PRIMARY KEY, body_sha256 TEXT NOT NULL,"
    " status INTEGER NOT NULL, response TEXT NOT NULL, created_at REAL NOT NULL)",
    *lifecycle.SCHEMA,  # append-only: statement N is migration N
]


def routes() -> list[Route]:
    return [
        Route("/checkouts", ("POST",), create_checkout),
        Route("/checkouts/<checkout_id>", ("GET",), show_checkout),
        Route("/checkouts/<checkout_id>/inactivate", ("POST",), inactivate_checkout),
        Route("/checkouts/<checkout_id>/activate", ("POST",), activate_checkout),
        Route("/pay/<checkout_id>", ("GET",), pay_page),
    ]


def mount() -> SandboxMount:
    return SandboxMount(tuple(SCHEMA), tuple(routes()), error_response, lifecycle.EVENTS)


def errors(status: int, *messages: tuple[str, str, str | None]) -> Response:
    body = {"error_messages": [{"error": e, "description": d, "parameter_name": p} for e, d, p in messages]}
    return _json(body, status)


def error_response(status: int, message: str) -> Response:
    """The seam's error hook: PagBank's error_messages format for 404/405/500 and `status=` faults."""
    try:
        code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "unknown_error"
    return errors(status, (code, message, None))


def _json(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, headers=headers, mimetype="application/json")


def _unauthorized() -> Response:
    return errors(401, ("invalid_authorization_header", "Invalid or missing Authorization header (Bearer)", None))


# --- POST /checkouts ------------------------------------------------------------------------------

def create_checkout(ctx: SandboxContext, request: Request) -> Response:
    if not ctx.bearer_ok(request):
        return _unauthorized()
    try:
        body = read_json(request)
    except BodyRefused:
        body = None
    if not isinstance(body, dict):
        return errors(400, ("invalid_request_body", "The request body must be a JSON object", None))
    key = (request.headers.get("x-idempotency-key") or "").strip() or None
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    if key:  # a replay is answered even if the body would no longer validate (e.g. a past expiration)
        earlier = _remembered(ctx.store.connect(), key, fingerprint)
        if earlier is not None:
            return earlier
    issues = check_request_body(body, PAGBANK.order_spec())
    if issues:
        return errors(400, *(_issue_message(i) for i in issues))
    now = datetime.fromtimestamp(ctx.now(), BRASILIA)  # the sandbox clock (sandbox/clock.py)
    checkout_id = "CHEC_" + secrets.token_hex(16).upper()
    expiration_text = body.get("expiration_date") or _iso(now + DEFAULT_LIFETIME)
    document = {"id": checkout_id, **_upper_enums(body), "expiration_date": expiration_text, "created_at": _iso(now)}
    document.setdefault("customer_modifiable", True)  # seed 004: "o valor padrão é true"
    document.setdefault("additional_amount", 0)  # seed 004: RESPONSE "Sim"
    document.setdefault("discount_amount", 0)
    expires_at = datetime.fromisoformat(expiration_text).timestamp()
    answer = lifecycle.answer(ctx, request, document, "ACTIVE")
    with ctx.store.tx() as db:
        if key:
            earlier = _remembered(db, key, fingerprint)  # another request with this key won the race
            if earlier is not None:
                return earlier
            db.execute("INSERT INTO pagbank_idempotency(key, body_sha256, status, response, created_at)"
                       " VALUES (?, ?, 201, ?, ?)", (key, fingerprint, json.dumps(answer, ensure_ascii=False), time.time()))
        db.execute("INSERT INTO pagbank_checkouts(id, document, status, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                   (checkout_id, json.dumps(document, ensure_ascii=False), "ACTIVE", expires_at, now.timestamp()))
    return _json(answer, 201)


def _remembered(db, key: str, fingerprint: str) -> Response | None:
    row = db.execute("SELECT * FROM pagbank_idempotency WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    if row["body_sha256"] != fingerprint:
        return errors(409, ("idempotency_key_conflict",
                            "This x-idempotency-key was already used with a different request body", "x-idempotency-key"))
    return Response(row["response"], status=row["status"], mimetype="application/json",
                    headers={"x-idempotency-replayed": "true"})


def _issue_message(issue) -> tuple[str, str, str]:
    """A validation issue as PagBank names it: parameter_name is the full path of the field (a missing
    field's path is the field itself, CONTRACT §2)."""
    if issue.rule == "required":
        return ("field_cannot_be_empty", issue.message, issue.path)
    return ("invalid_value", issue.message, issue.path)


def _upper_enums(body: dict) -> dict:
    document = json.loads(json.dumps(body))  # a deep copy

    def walk(node, path: tuple[str, ...]):
        if not path:
            return
        head, rest = path[0], path[1:]
        children = (range(len(node)) if isinstance(node, list) else ()) if head == "*" else (
            [head] if isinstance(node, dict) and head in node else [])
        for child in children:
            if not rest and isinstance(node[child], str):
                node[child] = node[child].upper()
            else:
                walk(node[child], rest)

    for enum_path in ENUM_PATHS:
        walk(document, enum_path)
    return document


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


# --- reading and changing one checkout ------------------------------------------------------------

def _load(ctx: SandboxContext, checkout_id: str):
    return ctx.store.connect().execute("SELECT * FROM pagbank_checkouts WHERE id = ?", (checkout_id,)).fetchone()


def _not_found(checkout_id: str) -> Response:
    return errors(404, ("not_found", f"Checkout {checkout_id} not found", "id"))


def show_checkout(ctx: SandboxContext, request: Request, checkout_id: str) -> Response:
    if not ctx.bearer_ok(request):
        return _unauthorized()
    row = _load(ctx, checkout_id)
    if row is None:
        return _not_found(checkout_id)
    return _json(lifecycle.answer(ctx, request, json.loads(row["document"]), lifecycle.status(ctx, row), row))


def _transition(ctx: SandboxContext, request: Request, checkout_id: str, source: str, target: str) -> Response:
    if not ctx.bearer_ok(request):
        return _unauthorized()
    with ctx.store.tx() as db:
        row = db.execute("SELECT * FROM pagbank_checkouts WHERE id = ?", (checkout_id,)).fetchone()
        if row is None:
            return _not_found(checkout_id)
        current = lifecycle.status(ctx, row)
        if current != source:
            verb = "activated" if target == "ACTIVE" else "inactivated"
            return errors(400, ("invalid_value", f"A checkout with status {current} cannot be {verb}", "status"))
        db.execute("UPDATE pagbank_checkouts SET status = ? WHERE id = ?", (target, checkout_id))
    answer = lifecycle.answer(ctx, request, json.loads(row["document"]), target, row)
    lifecycle.notify(ctx, answer, "notification_urls")  # the checkout's status changed
    return _json(answer)


def inactivate_checkout(ctx: SandboxContext, request: Request, checkout_id: str) -> Response:
    return _transition(ctx, request, checkout_id, "ACTIVE", "INACTIVE")


def activate_checkout(ctx: SandboxContext, request: Request, checkout_id: str) -> Response:
    return _transition(ctx, request, checkout_id, "INACTIVE", "ACTIVE")


def pay_page(ctx: SandboxContext, request: Request, checkout_id: str) -> Response:
    row = _load(ctx, checkout_id)
    if row is None:
        return Response("<!doctype html><title>Checkout not found</title><h1>Checkout not found</h1>",
                        status=404, mimetype="text/html")
    document, status = json.loads(row["document"]), lifecycle.status(ctx, row)
    lines = "".join(f"<li>{int(i.get('quantity', 0))} x {html.escape(str(i.get('name', '')))}"
                    f" — R$ {int(i.get('unit_amount', 0)) / 100:.2f}</li>" for i in document.get("items", []))
    total = sum(int(i.get("quantity", 0)) * int(i.get("unit_amount", 0)) for i in document.get("items", []))
    total += int(document.get("additional_amount", 0)) - int(document.get("discount_amount", 0))
    state = "Pagamento disponível (sandbox: nada é cobrado)" if status == "ACTIVE" else f"Checkout {status}"
    page = (f"<!doctype html><html lang=pt-BR><meta charset=utf-8><title>PagBank sandbox {html.escape(checkout_id)}</title>"
            f"<h1>PagBank sandbox checkout</h1><p>{html.escape(checkout_id)}</p><ul>{lines}</ul>"
            f"<p>Total: R$ {total / 100:.2f}</p><p>{state}</p></html>")
    return Response(page, mimetype="text/html")
