"""Gestão Plus answers → the normalized `Order` (CONTRACT §5).

`GET /order/info?t=TOKEN` (seed 001) answers `{data:{…}, type, title, status, detail}`; money is in
reais. `POST /order` answers `{data:{id, orderCode}, publicToken, status:200, detail}` (seeds/README).
Every function takes whatever JSON came back and never raises: what can't be read is None or empty.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal

from checkoutctl.model import (
    AmountLine, Attachment, Customer, Installment, Item, Order, dict_at, field, list_at, money, money_times, text,
    whole_number,
)
from checkoutctl.providers.gestaoplus.info import INFO, PAYMENT_STATUS_MEANINGS, STATUS_MEANINGS

# seed 001: "date": {"date": "2021-03-02 21:02:53.000000", "timezone_type": 3, "timezone": "UTC"}
# (PHP's DateTime serialisation: type 1 is an offset, 2 an abbreviation, 3 a zone identifier).
_PHP_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})", re.ASCII)
_ZONE_NAME = re.compile(r"[A-Za-z_]{1,32}(?:/[A-Za-z0-9_+\-]{1,32}){0,2}", re.ASCII)


def order_from_info(doc: object, *, token: str | None = None) -> Order:
    """The order of a `GET /order/info` answer (seed 001); `token` is the `t` it was looked up by."""
    data = dict_at(doc, "data")
    user = field(data, "user")
    status, payment_status = text(data.get("status")), text(data.get("statusPayment"))
    attachments = tuple(_attachment(a) for a in list_at(data, "attachmentItems") if isinstance(a, dict))
    installments = tuple(_installment(f) for f in list_at(data, "financialItems") if isinstance(f, dict))
    items = tuple(_item(i) for i in list_at(data, "orderItems") if isinstance(i, dict))
    total, discount = money(data.get("orderTotal")), money(data.get("orderDiscount"))
    return Order(
        provider=INFO.name,
        id=text(data.get("id")),
        code=text(data.get("code")),
        token=token,
        status=status,  # seed 001: a number (1); kept as its text
        status_meaning=STATUS_MEANINGS.get(status or ""),
        payment_status=payment_status,
        payment_status_meaning=PAYMENT_STATUS_MEANINGS.get((payment_status or "").strip().upper()),
        created_at=_php_datetime(data.get("date")),
        currency=INFO.currency,
        total=total,
        discount=discount,
        amounts=_amounts(items, discount, total),
        customer=Customer(name=text(user.get("name")), document=text(user.get("document")),
                          email=text(user.get("email"))) if isinstance(user, dict) else None,
        items=items,
        installments=_with_boletos(installments, attachments),
        attachments=attachments,
    )


def created_from_answer(doc: object) -> dict:
    """`{id, orderCode, publicToken}` of a `POST /order` answer (seeds/README), each text or None.

    `publicToken` is the `t` of `GET /order/info`: the caller journals it before anything else.
    """
    return {
        "id": text(field(doc, "data", "id")),
        "orderCode": text(field(doc, "data", "orderCode")),
        "publicToken": text(field(doc, "publicToken")),
    }


def cancelled_from_answer(doc: object, *, order_id: str) -> Order:
    """The order a `DELETE /order-external/{orderId}` answer names: `{data: {id, orderCode}, detail}` (a
    problem document, as every Gestão Plus answer); its detail ("Order cancelled") becomes a note."""
    detail = text(field(doc, "detail"))
    return Order(provider=INFO.name, id=text(field(doc, "data", "id")) or order_id,
                 code=text(field(doc, "data", "orderCode")), currency=INFO.currency,
                 notes=(detail,) if detail else ())


def _item(raw: dict) -> Item:
    # seed 001 orderItems[]: {id, quantity, price, description, image}; no line total, so price × quantity.
    quantity = whole_number(raw.get("quantity"))
    price = money(raw.get("price"))
    return Item(id=text(raw.get("id")), description=text(raw.get("description")), quantity=quantity,
                unit_price=price, total=money_times(price, quantity))


def _installment(raw: dict) -> Installment:
    # seed 001 financialItems[]: {id, code, dueDate{date,…}, installment, amountPaid, amount, type, status}
    due = text(field(raw, "dueDate", "date"))
    return Installment(
        number=whole_number(raw.get("installment")),
        due_date=due[:10] if due is not None and _DAY.match(due) else None,
        amount=money(raw.get("amount")),
        paid=money(raw.get("amountPaid")),
        method=text(raw.get("type")),
        status=text(raw.get("status")),
        code=text(raw.get("code")),
    )


def _amounts(items: tuple[Item, ...], discount: Decimal | None, total: Decimal | None) -> tuple[AmountLine, ...]:
    """seed 001: orderTotal 150 = Σ price × quantity of orderItems − orderDiscount (0); shown only when
    the answer's numbers do add up that way, so the lines a reader sees always add up to the total."""
    if total is None or not items or any(item.total is None for item in items):
        return ()
    lines = (AmountLine("items", sum((item.total for item in items), Decimal("0.00"))),
             AmountLine("discount", -(discount or Decimal("0.00")) or Decimal("0.00")))
    return lines if sum(line.amount for line in lines) == total else ()


def _with_boletos(installments: tuple[Installment, ...], attachments: tuple[Attachment, ...]):
    """Each installment with its boleto, paired by position when there is exactly one boleto per installment.

    seed 001 attachmentItems (lines 109-118) name no installment: a boleto plan answers one Boleto PDF per
    financial item, in their order; any other count (seed 001's card order: 2 installments, 1 PDF) pairs
    nothing rather than guess, and the PDFs stay listed under Attachments.
    """
    boletos = [a for a in attachments if (a.type or "").strip().lower() == "boleto" and a.url]
    if not installments or len(boletos) != len(installments):
        return installments
    ordered = sorted(installments, key=lambda i: (i.number is None, i.number or 0))
    if ordered != list(installments):
        return installments  # not in installment order: position says nothing
    return tuple(replace(i, boleto_url=b.url) for i, b in zip(installments, boletos))


def _attachment(raw: dict) -> Attachment:
    # seed 001 attachmentItems[]: {id, description, type (0), typeDescription ("Boleto"), name, href}
    return Attachment(name=text(raw.get("name")), type=text(raw.get("typeDescription")),
                      description=text(raw.get("description")), url=text(raw.get("href")))


def _php_datetime(value: object) -> str | None:
    """{"date": "2021-03-02 21:02:53.000000", "timezone": "UTC"} → "2021-03-02T21:02:53+00:00".

    A zone we can't resolve leaves the local time without an offset rather than guessing one.
    """
    stamp = text(field(value, "date"))
    match = _PHP_DATE.fullmatch(stamp.strip()) if stamp is not None else None
    if match is None:
        return None
    day, clock, fraction = match.groups()
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}")
    except ValueError:
        return None
    if fraction and int(fraction):
        moment = moment.replace(microsecond=int(fraction.ljust(6, "0")))
    zone = _zone(text(field(value, "timezone")))
    if zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat()


def _zone(name: str | None) -> tzinfo | None:
    if name is None:
        return None
    name = name.strip()
    if name.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    offset = _OFFSET.fullmatch(name)
    if offset:
        sign, hours, minutes = offset.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta >= timedelta(hours=24):
            return None
        return timezone(-delta if sign == "-" else delta)
    if not _ZONE_NAME.fullmatch(name):  # before touching the tz database with a server's string
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError, OSError: all mean "unknown"
        return None
