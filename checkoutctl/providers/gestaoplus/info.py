"""What Gestão Plus is, as plain facts every module of its folder may import (nothing heavy)."""

from __future__ import annotations

from checkoutctl.providers.base import Operation, ProviderInfo

# statusPayment values after which nothing more will happen to the order (seed 001 shows CONCLUIDO).
FINAL_PAYMENT_STATES = frozenset({"CONCLUIDO", "CANCELADO", "ESTORNADO", "EXPIRADO"})

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
