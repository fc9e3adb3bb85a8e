"""The Gestão Plus sandbox's seeded catalogue: products, negotiation types and installment splitting.

Product 483 and negotiation type 22 are the ones seed 001 shows (`orderItems[0]`, `negotiationType`);
the others are made up so boleto checkouts (seed 000) and uneven splits can be tried.

Payment state, chosen for the sandbox (the seeds only show a paid card order):
- CARTAO_CREDITO: the card is charged at checkout, so every installment is `LIQUIDADO` with
  `amountPaid == amount`, and the order's `statusPayment` is `CONCLUIDO` (seed 001).
- BOLETO: nothing is paid yet: installments `ABERTO` with `amountPaid` 0, `statusPayment` `PENDENTE`.

Open world (sandbox/made_up.py): `product(id)` and `negotiation_type(id)` make up any id not listed
here — a product "PRODUTO {id}" at 10.00–500.00, a card or boleto plan of 1–3 installments — and
answer None (the provider's not-found) for reserved ids (all nines: 999, 999999).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from checkoutctl.sandbox import made_up

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Product:
    id: int
    description: str
    price: Decimal
    image: str


@dataclass(frozen=True)
class InstallmentRule:
    """One line of a negotiation type's plan (seed 001 `negotiationType.installments[]`)."""

    id: int
    due_days: int  # installmentDueDate: days after the order date
    percent: Decimal  # installmentPercent


@dataclass(frozen=True)
class NegotiationType:
    id: int
    description: str
    payment_method: str  # CARTAO_CREDITO | BOLETO
    plan: tuple[InstallmentRule, ...]

    @property
    def paid_at_checkout(self) -> bool:
        return self.payment_method == "CARTAO_CREDITO"


PRODUCTS: dict[int, Product] = {
    p.id: p
    for p in (
        Product(483, "CERTIFICADO PJ A1", Decimal("150"), "cert_soluti_a1_4_7.png"),  # seed 001 orderItems[0]
        Product(484, "CERTIFICADO PF A1", Decimal("120"), "cert_soluti_a1_pf.png"),
        Product(485, "CERTIFICADO PJ A3 + TOKEN", Decimal("289.90"), "cert_soluti_a3_token.png"),
        Product(490, "VALIDAÇÃO POR VIDEOCONFERÊNCIA", Decimal("33.33"), "videoconferencia.png"),
    )
}

THIRD = Decimal("33.33")

NEGOTIATION_TYPES: dict[int, NegotiationType] = {
    n.id: n
    for n in (
        # Seed 001: 2 card installments of 50 %, due at 0 and 30 days (installment ids 38, 39).
        NegotiationType(22, "E-commerce - Cartão de crédito 2x", "CARTAO_CREDITO",
                        (InstallmentRule(38, 0, Decimal(50)), InstallmentRule(39, 30, Decimal(50)))),
        NegotiationType(7, "Boleto à vista", "BOLETO", (InstallmentRule(12, 3, Decimal(100)),)),
        # Thirds do not divide most totals: the last installment takes the rounding remainder.
        NegotiationType(33, "E-commerce - Boleto 3x", "BOLETO",
                        (InstallmentRule(51, 3, THIRD), InstallmentRule(52, 33, THIRD),
                         InstallmentRule(53, 63, HUNDRED - 2 * THIRD))),
    )
}


# `sandbox serve --catalogue FILE` (sandbox/own_catalogue.py): the user's products and negotiation types.
CATALOGUE_SPEC = {
    "products": {"id": int, "description": str, "price": "money", "image?": str},
    "negotiation_types": {"id": int, "description": str, "payment_method": str,
                          "installments": {"due_days": int, "percent": "money"}},
}


def seeded_catalogue() -> dict:
    """The seeded catalogue in the shape of CATALOGUE_SPEC (`checkoutctl sandbox catalogue`)."""
    return {
        "products": [{"id": p.id, "description": p.description, "price": str(p.price), "image": p.image}
                     for p in PRODUCTS.values()],
        "negotiation_types": [{"id": n.id, "description": n.description, "payment_method": n.payment_method,
                               "installments": [{"due_days": r.due_days, "percent": str(r.percent)} for r in n.plan]}
                              for n in NEGOTIATION_TYPES.values()],
    }


def product(product_id: int, own: dict | None = None) -> Product | None:
    """The product with this id: from the user's catalogue when one is loaded (else None), otherwise
    seeded or made up; None for a reserved id."""
    if own is not None:
        entry = next((p for p in own.get("products", []) if p["id"] == product_id), None)
        return None if entry is None else Product(entry["id"], entry["description"], Decimal(str(entry["price"])),
                                                  entry.get("image") or f"produto-{product_id}.png")
    if product_id in PRODUCTS:
        return PRODUCTS[product_id]
    if made_up.is_reserved(product_id):
        return None
    return _made_up_product(product_id)


def negotiation_type(negotiation_id: int, own: dict | None = None) -> NegotiationType | None:
    if own is not None:
        entry = next((n for n in own.get("negotiation_types", []) if n["id"] == negotiation_id), None)
        if entry is None:
            return None
        plan = tuple(InstallmentRule(negotiation_id * 10 + n, r["due_days"], Decimal(str(r["percent"])))
                     for n, r in enumerate(entry["installments"]))
        return NegotiationType(negotiation_id, entry["description"], entry["payment_method"], plan)
    if negotiation_id in NEGOTIATION_TYPES:
        return NEGOTIATION_TYPES[negotiation_id]
    if made_up.is_reserved(negotiation_id):
        return None
    return _made_up_negotiation(negotiation_id)


def shown_product(product_id: int, own: dict | None) -> Product:
    """What a stored order shows for its product, whatever catalogue has been loaded since."""
    return product(product_id, own) or PRODUCTS.get(product_id) or _made_up_product(product_id)


def shown_negotiation(negotiation_id: int, own: dict | None) -> NegotiationType:
    return (negotiation_type(negotiation_id, own) or NEGOTIATION_TYPES.get(negotiation_id)
            or _made_up_negotiation(negotiation_id))


def _made_up_product(product_id: int) -> Product:
    price = made_up.amount("gestaoplus-product", product_id, Decimal("10"), Decimal("500"))
    return Product(product_id, f"PRODUTO {product_id}", price, f"produto-{product_id}.png")


def _made_up_negotiation(negotiation_id: int) -> NegotiationType:
    method = made_up.pick("gestaoplus-negotiation", negotiation_id, ("CARTAO_CREDITO", "BOLETO"))
    count = 1 + made_up.number("gestaoplus-installments", negotiation_id) % 3
    first_due = 0 if method == "CARTAO_CREDITO" else 3
    share = (HUNDRED / count).quantize(CENT)
    plan = tuple(InstallmentRule(negotiation_id * 10 + n, first_due + 30 * n,
                                 share if n < count - 1 else HUNDRED - share * (count - 1))
                 for n in range(count))
    label = "Cartão de crédito" if method == "CARTAO_CREDITO" else "Boleto"
    return NegotiationType(negotiation_id, f"Sandbox - {label} {count}x", method, plan)


def split_installments(total: Decimal, percents: list[Decimal]) -> list[Decimal]:
    """Amounts of each installment, in cents, that add up to `total` exactly.

    Every installment but the last is its share rounded DOWN to the cent, and the last takes what is
    left, so no amount is ever negative and the sum is always the total, whatever the percents' rounding.
    """
    if not percents:
        return []
    total = Decimal(total).quantize(CENT)
    amounts = [(total * Decimal(p) / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for p in percents[:-1]]
    amounts.append(total - sum(amounts, Decimal(0)))
    return amounts


def due_dates(ordered_on: date, negotiation: NegotiationType) -> list[date]:
    return [ordered_on + timedelta(days=rule.due_days) for rule in negotiation.plan]


def negotiation_document(negotiation: NegotiationType) -> dict:
    """`data.negotiationType` exactly as seed 001 shapes it."""
    card = negotiation.paid_at_checkout
    count = len(negotiation.plan)
    return {
        "id": negotiation.id,
        "description": negotiation.description,
        "paymentSettings": {"paymentMethod": negotiation.payment_method, "installments": count},
        "installments": [
            {
                "id": rule.id,
                "paymentMethod": negotiation.payment_method,
                "generatePaymentBoleto": None if card else True,
                "generatePaymentCreditCard": True if card else None,
                "installmentDueDate": rule.due_days,
                "installmentPercent": as_number(rule.percent),
                "installmentsType": 2,
                "installments": count,
                "installment": number,
            }
            for number, rule in enumerate(negotiation.plan, start=1)
        ],
    }


def as_number(value: Decimal) -> int | float:
    """Gestão Plus answers money and percents as JSON numbers: 150, 75, 33.33 (seed 001)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
