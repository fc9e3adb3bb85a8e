"""What Gestão Plus is, as plain facts every module of its folder may import (nothing heavy)."""

from __future__ import annotations

from checkoutctl.providers.base import Operation, ProviderInfo

# statusPayment values after which nothing more will happen to the order (seed 001 shows CONCLUIDO).
FINAL_PAYMENT_STATES = frozenset({"CONCLUIDO", "CANCELADO", "ESTORNADO", "EXPIRADO"})

# What the codes mean, in words, for the table (the JSON keeps the codes). Only what the documents say:
# seed 001 line 44 `"status": 1` is the order as placed and live (its line 47 statusPayment CONCLUIDO,
# its lines 90/105 installments LIQUIDADO); 0 is what a cancelled order shows (the ERP cancel of
# seeds/README, as the sandbox draws it: gestaoplus/sandbox_lifecycle.py). A code not listed is shown as-is.
STATUS_MEANINGS = {"1": "active", "0": "cancelled"}
# statusPayment / installment status words are Portuguese (seed 001 lines 47, 90): said in English.
PAYMENT_STATUS_MEANINGS = {
    "CONCLUIDO": "paid in full", "PENDENTE": "awaiting payment", "CANCELADO": "cancelled",
    "ESTORNADO": "refunded", "EXPIRADO": "expired", "LIQUIDADO": "paid", "ABERTO": "open", "VENCIDO": "overdue",
}

INFO = ProviderInfo(
    name="gestaoplus",
    title="Gestão Plus",
    seeds=("000_e9a402753962522d.txt", "001_89109f6e975f1b69.txt"),
    items_field="items",
    currency="BRL",
    base_url="https://api.gestao.plus",
    operations=(
        Operation("create", "POST", "/order", "a user's boleto checkout (Origin + Bearer)"),
        Operation("show", "GET", "/order/info?t=TOKEN", "public order details by publicToken"),
        Operation("token", "POST", "/oauth", "password grant: access token"),
        Operation("cancel", "DELETE", "/order-external/{id}", "cancel an order (ERP: x-api-key + Origin)"),
    ),
)
