"""Gestão Plus: boleto checkout and public order details (seeds 000, 001; seeds/README)."""

from checkoutctl.providers.base import Operation, ProviderInfo

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
    ),
)
