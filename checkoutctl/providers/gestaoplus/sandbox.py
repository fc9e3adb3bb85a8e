"""Gestão Plus in the sandbox (CONTRACT §6): `POST /order` (seed 000), `GET /order/info?t=` (seed 001),
`POST /oauth` (seeds/README), `DELETE /order-external/{orderId}` (the ERP cancel, sandbox_lifecycle.py),
and `GET /file?q=` serving the boleto PDFs and product images it links to.

Every answer, success included, is a problem document `{type, title, status, detail}` (seeds/README),
sent as `application/problem+json`:

    POST /order       403 "Forbidden (Missing Origin)"   no Origin header (seed 000: required; the sandbox
                                                          refuses like a CORS allow-list, so 403, checked first)
                      401 "Unauthorized (Invalid token)" no Bearer, or one that is neither `sandbox` nor issued
                      400 "Invalid JSON body"            body is not a JSON object
                      400 "<path>: <message>; …"         what `checkoutctl validate` reports, all of it
                      400 "Invalid negotiation type for this scope"   (seed 000's example)
                      400 "Product <id> not found"
                      200 {data: {id, orderCode}, publicToken, …, detail: "Order created"}
    GET /order/info   403 "Forbidden (Missing Origin)";  403 "Forbidden (Invalid token)" (seed 001)
                      200 the full seed 001 document, title "Unknown", detail "ok"
    POST /oauth       password grant (seeds/README). Sandbox users: ANY username with the password
                      `sandbox`; client_id must be "app". 401 title "invalid_grant" otherwise. And the
                      refresh grant (RFC 6749 §6), rotating refresh tokens: sandbox_oauth.py.

The catalogue (products, negotiation types) and the paid/open choice per method are in catalogue.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from datetime import datetime, timezone
from decimal import Decimal
from http import HTTPStatus

from werkzeug.wrappers import Request, Response

from checkoutctl.providers.base import sandbox_prefix
from checkoutctl.providers.gestaoplus import catalogue as cat
from checkoutctl.providers.gestaoplus import sandbox_lifecycle as lifecycle
from checkoutctl.providers.gestaoplus import sandbox_oauth
# GESTAOPLUS.order_spec() imports the rules, and PyYAML, with the first body to check: a look-up needs neither.
from checkoutctl.providers.gestaoplus import GESTAOPLUS
from checkoutctl.providers.gestaoplus.info import INFO
from checkoutctl.providers.gestaoplus.sandbox_problem import json_object, problem
from checkoutctl.sandbox.context import Route, SandboxContext, SandboxMount, random_token
from checkoutctl.sandbox.pdf import one_page_pdf
from checkoutctl.sandbox.request_body import check_request_body

PREFIX = sandbox_prefix(INFO.name)
# A 1x1 transparent PNG: what product image links (seed 001 orderItems[].image.href) download.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

SCHEMA = [  # append-only: statement N is migration N (checkoutctl/store/migrations.py)
    "CREATE TABLE IF NOT EXISTS gestaoplus_orders (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " public_token TEXT NOT NULL UNIQUE, type TEXT NOT NULL, negotiation_type INTEGER NOT NULL,"
    " uri TEXT NOT NULL, items TEXT NOT NULL, created_at INTEGER NOT NULL)",
    *lifecycle.SCHEMA,
    *sandbox_oauth.SCHEMA,
]


def routes() -> list[Route]:
    return [
        Route("/order", ("POST",), create_order),
        Route("/order/info", ("GET",), order_info),
        Route("/oauth", ("POST",), oauth),
        Route("/file", ("GET",), file_download),
        Route("/order-external/<int:order_id>", ("DELETE",), cancel_order),
    ]


def mount() -> SandboxMount:
    return SandboxMount(tuple(SCHEMA), tuple(routes()), error_response, lifecycle.EVENTS,
                        cat.CATALOGUE_SPEC, cat.seeded_catalogue)


def error_response(status: int, message: str) -> Response:
    """The seam's error hook: Gestão Plus problem documents; a 500 adds `trace` (seeds/README)."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Unknown"
    response = problem(status, message, title=title) if status != 500 else problem(status, message, title=title, trace=[])
    return response


def _origin_missing(request: Request) -> Response | None:
    if not request.headers.get("Origin", "").strip():
        return problem(403, "Forbidden (Missing Origin)")
    return None


# --- POST /order (seed 000) -----------------------------------------------------------------------

def create_order(ctx: SandboxContext, request: Request) -> Response:
    refused = _origin_missing(request)
    if refused:
        return refused
    if not ctx.bearer_ok(request):
        return problem(401, "Unauthorized (Invalid token)")
    body = json_object(request)
    if body is None:
        return problem(400, "Invalid JSON body")
    issues = check_request_body(body, GESTAOPLUS.order_spec())
    if issues:
        return problem(400, "; ".join(f"{i.path}: {i.message}" if i.path else i.message for i in issues))
    own = ctx.catalogue(INFO.name)  # `sandbox serve --catalogue FILE`, else the open world (made_up.py)
    if cat.negotiation_type(body["negotiationType"], own) is None:
        return problem(400, "Invalid negotiation type for this scope")  # seed 000, verbatim
    for item in body["items"]:
        if cat.product(item["id"], own) is None:
            return problem(400, f"Product {item['id']} not found")
    token = random_token(32)  # never starting with "-": it is typed as an argument
    items = [{"id": i["id"], "quantity": i["quantity"]} for i in body["items"]]
    with ctx.store.tx() as db:
        order_id = db.execute(
            "INSERT INTO gestaoplus_orders(public_token, type, negotiation_type, uri, items, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (token, body["type"], body["negotiationType"], body["uri"], json.dumps(items), int(time.time())),
        ).lastrowid
    # seeds/README: {data:{id, orderCode}, publicToken, status:200, detail:"Order created"}
    return problem(200, "Order created", title="Unknown", data={"id": order_id, "orderCode": order_code(order_id)},
                   publicToken=token)


def order_code(order_id: int) -> str:
    """Ten digits, zero-padded, like seed 001's "0000593098": the id, then three check digits."""
    return f"{order_id:07d}{(order_id * 97) % 1000:03d}"[-10:]


# --- DELETE /order-external/{orderId} (seeds/README; sandbox_lifecycle.py) ------------------------

def cancel_order(ctx: SandboxContext, request: Request, order_id: int) -> Response:
    refused = _origin_missing(request)
    if refused:
        return refused
    if request.headers.get("x-api-key", "").strip() != lifecycle.SANDBOX_API_KEY:
        return problem(401, "Unauthorized (Invalid API key)")
    detail = lifecycle.cancel(ctx, order_id)
    if detail is None:
        return problem(404, f"Order {order_id} not found")
    return problem(200, detail, title="Unknown", data={"id": order_id, "orderCode": order_code(order_id)})


# --- GET /order/info?t= (seed 001) ----------------------------------------------------------------

def order_info(ctx: SandboxContext, request: Request) -> Response:
    refused = _origin_missing(request)
    if refused:
        return refused
    row = _order_by_token(ctx, request.args.get("t", ""))
    if row is None:
        return problem(403, "Forbidden (Invalid token)")  # seed 001, verbatim
    return problem(200, "ok", title="Unknown", data=order_document(ctx, request, row))


def _order_by_token(ctx: SandboxContext, token: str):
    if not token:
        return None
    return ctx.store.connect().execute("SELECT * FROM gestaoplus_orders WHERE public_token = ?", (token,)).fetchone()


def _when(moment: datetime) -> dict:
    # seed 001 `date` / `dueDate`: PHP DateTime as JSON.
    return {"date": moment.strftime("%Y-%m-%d %H:%M:%S.000000"), "timezone_type": 3, "timezone": "UTC"}


def order_document(ctx: SandboxContext, request: Request, row) -> dict:
    """`data` of seed 001, every key in its order, built from the stored order and the catalogue."""
    own = ctx.catalogue(INFO.name)
    negotiation = cat.shown_negotiation(row["negotiation_type"], own)
    created = datetime.fromtimestamp(row["created_at"], tz=timezone.utc)
    items = json.loads(row["items"])
    total = sum((cat.shown_product(i["id"], own).price * i["quantity"] for i in items), Decimal(0))
    cancelled = lifecycle.is_cancelled(row)
    installments = _installments(ctx, row, negotiation, created, total, own)
    paid = all(i["status"] == lifecycle.PAID for i in installments)
    return {
        "id": row["id"],
        "type": row["type"],
        "code": order_code(row["id"]),
        "date": _when(created),
        "status": 0 if cancelled else 1,
        "orderDiscount": 0,
        "orderTotal": cat.as_number(total),
        "statusPayment": lifecycle.CANCELLED if cancelled else "CONCLUIDO" if paid else "PENDENTE",
        "user": fabricated_user(row["uri"]),
        "orderItems": [_item_document(ctx, request, i, own) for i in items],
        "financialItems": installments,
        "attachmentItems": _attachments(ctx, request, row, negotiation),
        "negotiationType": cat.negotiation_document(negotiation),
    }


def _item_document(ctx: SandboxContext, request: Request, item: dict, own: dict | None) -> dict:
    product = cat.shown_product(item["id"], own)
    return {
        "id": product.id,
        "quantity": item["quantity"],
        "price": cat.as_number(product.price),
        "description": product.description,
        "image": {"name": product.image, "description": product.image,
                  "href": ctx.external_url(request, _file_path({"image": product.image}))},
    }


def _installments(ctx: SandboxContext, row, negotiation: cat.NegotiationType, created: datetime,
                  total: Decimal, own: dict | None) -> list[dict]:
    amounts = cat.split_installments(total, [r.percent for r in negotiation.plan])
    dues = cat.due_dates(created.date(), negotiation)
    states = lifecycle.states_of(ctx.store.connect(), row["id"])  # what `sandbox trigger` made of them
    statuses = [lifecycle.installment_status(row, n, states, own) for n in range(1, len(amounts) + 1)]
    return [
        {
            "id": row["id"] * 100 + number,
            "code": _installment_code(row, number),
            "dueDate": _when(datetime(due.year, due.month, due.day, tzinfo=timezone.utc)),
            "installment": number,
            "amountPaid": cat.as_number(amount if status == lifecycle.PAID else Decimal(0)),
            "amount": cat.as_number(amount),
            "type": negotiation.payment_method,
            "status": status,
            "payment": [],
        }
        for number, (amount, due, status) in enumerate(zip(amounts, dues, statuses), start=1)
    ]


def _installment_code(row, number: int) -> str:
    digest = hashlib.sha256(f"{row['public_token']}:{number}".encode()).hexdigest()
    return f"GOPAGHOM_{row['id']}_{digest[:16]}"


def _attachments(ctx: SandboxContext, request: Request, row, negotiation: cat.NegotiationType) -> list[dict]:
    """Boleto PDFs: one per installment of a boleto plan; a card order carries one too, like seed 001's."""
    code = order_code(row["id"])
    count = len(negotiation.plan) if not negotiation.paid_at_checkout else 1
    attachments = []
    for number in range(1, count + 1):
        name = f"boleto-{code}-{number}.pdf" if not negotiation.paid_at_checkout else f"pedido-{code}.pdf"
        attachments.append({
            "id": row["id"] * 100 + number,
            "description": f"Boleto {number}/{count}" if not negotiation.paid_at_checkout else f"Pedido {code}",
            "type": 0,
            "typeDescription": "Boleto",
            "name": name,
            "href": ctx.external_url(request, _file_path({"t": row["public_token"], "n": number})),
        })
    return attachments


def fabricated_user(uri: str) -> dict:
    """A customer made up from `uri` (seed 000: "customer identifier"): the same uri, the same user."""
    digest = hashlib.sha256(uri.encode("utf-8")).hexdigest()
    digits = "".join(str(int(c, 16) % 10) for c in digest)
    names = ("Solucoes Inteligentes Servicos EIRELI", "Padaria Boa Massa LTDA", "Maria Souza Consultoria ME",
             "Tecnologia Nordeste SA")
    places = (("PB", "Joao Pessoa", "Avenida Dom Pedro ii", "Centro"), ("SP", "Sao Paulo", "Rua Augusta", "Consolacao"),
              ("PE", "Recife", "Rua da Aurora", "Boa Vista"))
    state, city, street, neighborhood = places[int(digest[8:10], 16) % len(places)]
    user_id = int(digest[:6], 16) % 100000 + 1
    return {
        "id": user_id,
        "document": digits[:14],
        "name": names[int(digest[6:8], 16) % len(names)],
        "stateRegistration": None,
        "email": f"cliente{user_id}@example.com",
        "phone": None,
        "cellphone": "839" + digits[14:22],
        "state": state,
        "city": city,
        "address": street,
        "neighborhood": neighborhood,
        "number": int(digits[22:25]) + 1,
        "addressDetail": f"Sala {int(digits[25:28]) + 1}",
        "zipCode": digits[28:36],
    }


# --- GET /file?q= (the hrefs above) ---------------------------------------------------------------

def _file_path(ref: dict) -> str:
    q = base64.urlsafe_b64encode(json.dumps(ref, separators=(",", ":")).encode()).decode()
    return f"{PREFIX}/file?forceDownload=false&q={q}"


def file_download(ctx: SandboxContext, request: Request) -> Response:
    try:
        ref = json.loads(base64.urlsafe_b64decode(request.args.get("q", "").encode()))
    except (ValueError, TypeError):
        ref = None
    if isinstance(ref, dict) and isinstance(ref.get("image"), str):
        return Response(PIXEL_PNG, mimetype="image/png")
    row = _order_by_token(ctx, ref.get("t", "")) if isinstance(ref, dict) and isinstance(ref.get("t"), str) else None
    if row is None:
        return problem(404, "File not found")
    document = order_document(ctx, request, row)
    number = ref.get("n") if isinstance(ref.get("n"), int) else 1
    due = next((f for f in document["financialItems"] if f["installment"] == number), document["financialItems"][0])
    lines = ["SANDBOX - boleto sem valor", f"Pedido {document['code']}", f"Parcela {due['installment']}",
             f"Vencimento {due['dueDate']['date'][:10]}", f"Valor R$ {Decimal(str(due['amount'])):.2f}",
             f"Codigo {due['code']}", f"Cliente {document['user']['name']}"]
    disposition = "inline" if request.args.get("forceDownload", "false") == "false" else "attachment"
    return Response(one_page_pdf(lines), mimetype="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="boleto-{document["code"]}-{number}.pdf"'})


# --- POST /oauth (seeds/README): the password and refresh grants, sandbox_oauth.py -------------------

def oauth(ctx: SandboxContext, request: Request) -> Response:

    return sandbox_oauth.oauth(ctx, request)
