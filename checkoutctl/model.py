"""The normalized order every provider's answer is mapped to (CONTRACT §5), and the careful readers
the provider mappings use to pull values out of JSON they cannot trust.

Rendering reads only these models, never provider JSON (STYLE.md principle 6). Money is `Decimal` in
major units with two places; provider numbers enter only through `money()`.

Addition to CONTRACT §5 (extend, never bend): the JSON object also carries `"notes": [...]`, the
provider's own messages about the order that fit no other field (Crayon `Errors[]`, Bakeronline
`valid: false`); an empty list when there are none. Also added, after it: `amounts` (how the total is
made: `[{"label", "amount"}]`, the lines add up to `total`), `shop`, `fulfilment`, `payment_method`, `group_id`, and
`boleto_url` in each installment; null or empty when the provider says nothing. And `from_journal`:
the keys whose values came from this machine's journal, not from the provider's answer (what placing
the order told that its lookup does not answer, e.g. Bakeronline's payment_url and cart lines);
empty when every value is the provider's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

# Past this a value is garbage, not money (a quadrillion in major units; float noise, overflow tricks).
MONEY_LIMIT = Decimal(10) ** 15
_CENT = Decimal("0.01")
_CENTAVOS_LIMIT = int(MONEY_LIMIT) * 100  # MONEY_LIMIT in minor units, as an int to compare ints with
# Enough precision for MONEY_LIMIT with cents and for products of such values; never the global context.
_MONEY_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_INT_TEXT = re.compile(r"[+-]?[0-9]{1,12}", re.ASCII)
QUANTITY_LIMIT = 10**9
# Unix seconds a datetime can hold (0001-01-01 .. 9999-12-31), so fromtimestamp never overflows.
_UNIX_MIN, _UNIX_MAX = -62135596800, 253402300799
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Customer:
    name: str | None = None
    document: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Item:
    id: str | None = None
    description: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    total: Decimal | None = None


@dataclass(frozen=True)
class Installment:
    number: int | None = None
    due_date: str | None = None
    amount: Decimal | None = None
    paid: Decimal | None = None
    method: str | None = None
    status: str | None = None
    code: str | None = None
    # The boleto of this installment, where the provider's answer pairs one with it (an added key).
    boleto_url: str | None = None


@dataclass(frozen=True)
class Attachment:
    name: str | None = None
    type: str | None = None
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class AmountLine:
    """One line of how a total is made ("shipping", 15.00); a discount is a negative amount."""

    label: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class Link:
    rel: str | None = None
    method: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Order:
    provider: str
    id: str | None = None
    code: str | None = None
    token: str | None = None
    status: str | None = None
    payment_status: str | None = None
    created_at: str | None = None
    currency: str | None = None
    total: Decimal | None = None
    discount: Decimal | None = None
    customer: Customer | None = None
    items: tuple[Item, ...] = ()
    installments: tuple[Installment, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    links: tuple[Link, ...] = ()
    payment_url: str | None = None
    # Not in CONTRACT §5's example: an added key (see the module docstring).
    notes: tuple[str, ...] = ()
    # How the total is made, where the provider says (the table's Amounts section; lines add up to total).
    amounts: tuple[AmountLine, ...] = ()
    # The provider's own word for the total the amounts add up to (Bakeronline `price_to_pay`, seed 002:
    # "price to pay"); the table's last Amounts row, "total" when None.
    total_label: str | None = None
    # Added keys (module docstring), for data CONTRACT §5 has no home for: the shop that takes the order,
    # how and when it is handed over ("delivery 2030-06-14 10:00–12:00") and paid (payment method), the
    # group it was placed in (Bakeronline's order_group, seed 002).
    shop: str | None = None
    fulfilment: str | None = None
    payment_method: str | None = None
    group_id: str | None = None
    # What status / payment_status codes mean, in words, where the provider's documents say (table only).
    status_meaning: str | None = None
    payment_status_meaning: str | None = None
    # The fields (names as in the JSON) filled in from this machine's journal (ordering/placed_here.py).
    from_journal: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------
# Money


def money(value: object, *, minor_units: bool = False) -> Decimal | None:
    """`value` (int, float, decimal text or Decimal) as a 2-place Decimal in major units, else None.

    `minor_units` divides by 100 (PagBank counts centavos, seed 004). Booleans, NaN, Infinity, text that
    is not a plain decimal number and values past MONEY_LIMIT are None: never an exception.
    """
    number: Decimal | None
    if type(value) is int and minor_units and -_CENTAVOS_LIMIT <= value <= _CENTAVOS_LIMIT:
        # PagBank's centavos (seed 004), 10,000 items' worth in a big order (issue 15): an int's centavos
        # are exact at 2 places (1234 -> 12.34, 100 -> 1.00), no division, no rounding, no -0.00.
        return Decimal(value).scaleb(-2, context=_MONEY_CONTEXT)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Bound before converting: a 10**100000 int is cheap to compare, costly to print.
        number = Decimal(value) if abs(value) <= MONEY_LIMIT * 100 else None
    elif isinstance(value, float):
        number = Decimal(str(value)) if math.isfinite(value) else None  # str: 0.1 stays 0.1
    elif isinstance(value, Decimal):
        number = value if value.is_finite() else None
    elif isinstance(value, str):
        text = value.strip()
        number = Decimal(text) if len(text) <= 40 and _DECIMAL_TEXT.fullmatch(text) else None
    else:
        number = None
    if number is None:
        return None
    try:
        if minor_units:
            number = _MONEY_CONTEXT.divide(number, Decimal(100))
        if abs(number) > MONEY_LIMIT:
            return None
        number = number.quantize(_CENT, context=_MONEY_CONTEXT)
    except (InvalidOperation, ArithmeticError):
        return None
    return number if number else Decimal("0.00")  # no "-0.00"


def money_times(price: Decimal | None, quantity: int | None) -> Decimal | None:
    """price × quantity, bounded like `money`; None when either is unknown."""
    if price is None or quantity is None:
        return None
    return money(_MONEY_CONTEXT.multiply(price, Decimal(quantity)))


def money_text(value: Decimal | None) -> str | None:
    """'150.00': a Decimal as CONTRACT §5 writes money (never exponent notation)."""
    number = money(value)
    return None if number is None else format(number, "f")


# ---------------------------------------------------------------------------------------------------
# Reading JSON nobody promised us: every reader takes any value and answers None (or empty) when the
# value is not what was hoped for.


def field(doc: object, *path: str) -> object:
    """doc[path[0]][path[1]]…, or None as soon as a step is not a dict holding that key."""
    for key in path:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def dict_at(doc: object, *path: str) -> dict:
    value = field(doc, *path)
    return value if isinstance(value, dict) else {}


def list_at(doc: object, *path: str) -> list:
    value = field(doc, *path)
    return value if isinstance(value, list) else []


def text(value: object) -> str | None:
    """A scalar as text (ids as strings: 593 → "593"); None for null, lists and objects."""
    if type(value) is str:  # most values: ids, names (one check instead of six for each of them)
        return value
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # str() of a >4300-digit int raises ValueError (CPython int_max_str_digits).
        return str(value) if abs(value) < 10**30 else None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    return None


def whole_number(value: object, *, limit: int = QUANTITY_LIMIT) -> int | None:
    """An integer (2, 2.0 or "2") within ±limit, else None. Quantities and installment numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) <= limit else None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() and abs(value) <= limit else None
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        number = int(value.strip())
        return number if abs(number) <= limit else None
    return None


def iso_from_unix(value: object) -> str | None:
    """Unix seconds (Bakeronline `created_at`, seed 002) as ISO 8601 in UTC: '2021-08-17T11:03:43+00:00'."""
    if isinstance(value, float):
        seconds = int(value) if math.isfinite(value) else None
    else:
        seconds = whole_number(value, limit=_UNIX_MAX)
    if seconds is None or not _UNIX_MIN <= seconds <= _UNIX_MAX:
        return None
    try:
        return (_EPOCH + timedelta(seconds=seconds)).isoformat()
    except OverflowError:
        return None


def iso_datetime(value: object) -> str | None:
    """An ISO 8601 timestamp in Python's canonical spelling; text that isn't one is kept as it came."""
    raw = text(value)
    if raw is None or isinstance(value, (int, float)):
        return raw
    try:
        return datetime.fromisoformat(raw.strip()).isoformat() if len(raw) <= 64 else raw
    except ValueError:
        return raw


# ---------------------------------------------------------------------------------------------------
# CONTRACT §5


def order_to_json(order: Order) -> dict:
    """The normalized order object of CONTRACT §5 (plus `notes`): every key always present."""
    customer = order.customer
    return {
        "provider": order.provider,
        "id": text(order.id),
        "code": text(order.code),
        "token": text(order.token),
        "status": text(order.status),
        "payment_status": text(order.payment_status),
        "created_at": text(order.created_at),
        "currency": text(order.currency),
        "total": money_text(order.total),
        "discount": money_text(order.discount),
        "customer": None if customer is None else {
            "name": text(customer.name), "document": text(customer.document), "email": text(customer.email),
        },
        "items": [
            {"id": text(i.id), "description": text(i.description), "quantity": whole_number(i.quantity),
             "unit_price": money_text(i.unit_price), "total": money_text(i.total)}
            for i in order.items
        ],
        "installments": [
            {"number": whole_number(i.number), "due_date": text(i.due_date), "amount": money_text(i.amount),
             "paid": money_text(i.paid), "method": text(i.method), "status": text(i.status),
             "code": text(i.code), "boleto_url": text(i.boleto_url)}
            for i in order.installments
        ],
        "attachments": [
            {"name": text(a.name), "type": text(a.type), "description": text(a.description), "url": text(a.url)}
            for a in order.attachments
        ],
        "links": [{"rel": text(k.rel), "method": text(k.method), "url": text(k.url)} for k in order.links],
        "payment_url": text(order.payment_url),
        "notes": [text(n) or "" for n in order.notes],
        "amounts": [{"label": text(line.label), "amount": money_text(line.amount)} for line in order.amounts],
        "shop": text(order.shop),
        "fulfilment": text(order.fulfilment),
        "payment_method": text(order.payment_method),
        "group_id": text(order.group_id),
        "from_journal": [text(name) or "" for name in order.from_journal],
    }
