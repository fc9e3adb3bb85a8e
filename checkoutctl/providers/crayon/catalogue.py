"""The sandbox's Crayon world: customer tenants and the products verify knows.

Sandbox data, not Crayon's. Product and SKU ids are shaped like Microsoft NCE ids (Crayon's verify
example: productId "CFQ7TTC0LF8R", skuId "0010"; its checkout example: catalogItemId
"CFQ7TTC0LF8R:0001:CFQ7TTC0Q3X5", i.e. product:sku:availability). Customer 123 is the
resellerCustomerId of both examples.

Credentials of the token endpoint (seeds/README: Basic client id:secret, password grant,
scope CustomerApi): client id `sandbox`, client secret `sandbox`, any username, password `sandbox`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checkoutctl.sandbox import made_up

CLIENT_ID = "sandbox"
CLIENT_SECRET = "sandbox"
PASSWORD = "sandbox"
SCOPE = "CustomerApi"
TOKEN_TTL_SECONDS = 3600


@dataclass(frozen=True)
class Customer:
    id: int  # ResellerCustomerId
    name: str
    country: str
    admin_account: str
    notification_email: str


@dataclass(frozen=True)
class CatalogItem:
    product_id: str
    sku_id: str
    availability_id: str
    name: str
    billing_cycle: int  # seeds/README 0-5: 1 Monthly, 2 Annual, …
    term_duration: str  # ISO-8601, like P1M
    type: int  # seeds/README 1-3: 3 Subscription

    @property
    def catalog_item_id(self) -> str:
        return f"{self.product_id}:{self.sku_id}:{self.availability_id}"


CUSTOMERS: dict[int, Customer] = {
    c.id: c
    for c in (
        Customer(123, "Contoso AS", "NO", "admin@contoso.onmicrosoft.com", "it@contoso.example"),
        Customer(4205, "Fabrikam GmbH", "DE", "admin@fabrikam.onmicrosoft.com", "einkauf@fabrikam.example"),
    )
}

_ITEMS = (
    CatalogItem("CFQ7TTC0LH18", "0001", "CFQ7TTC0LH0R", "Microsoft 365 Business Basic", 1, "P1M", 3),
    CatalogItem("CFQ7TTC0LDPB", "0001", "CFQ7TTC0LDPC", "Microsoft 365 Business Standard", 1, "P1M", 3),
    # Two SKUs of one product: a line that names the product alone is ambiguous.
    CatalogItem("CFQ7TTC0LF8R", "0001", "CFQ7TTC0Q3X5", "Office 365 E3 (sandbox)", 1, "P1M", 3),
    CatalogItem("CFQ7TTC0LF8R", "0010", "CFQ7TTC0Q3X6", "Office 365 E3 annual (sandbox)", 2, "P1Y", 3),
)

ITEMS: dict[tuple[str, str], CatalogItem] = {(i.product_id, i.sku_id): i for i in _ITEMS}


# Open world (sandbox/made_up.py): customers, products and SKUs not listed above are made up from their
# ids — except reserved ones (customer ids of all nines, product ids beginning MISSING or NOPE).
_COUNTRIES = ("NO", "SE", "DK", "DE", "NL", "GB")


# `sandbox serve --catalogue FILE` (sandbox/own_catalogue.py): the user's customers and products.
CATALOGUE_SPEC = {
    "customers": {"id": int, "name": str, "country": str, "admin_account": str, "notification_email": str},
    "products": {"product_id": str, "sku_id": str, "name": str, "billing_cycle": int, "term_duration": str,
                 "availability_id?": str},
}


def seeded_catalogue() -> dict:
    return {
        "customers": [{"id": c.id, "name": c.name, "country": c.country, "admin_account": c.admin_account,
                       "notification_email": c.notification_email} for c in CUSTOMERS.values()],
        "products": [{"product_id": i.product_id, "sku_id": i.sku_id, "name": i.name, "billing_cycle": i.billing_cycle,
                      "term_duration": i.term_duration, "availability_id": i.availability_id} for i in _ITEMS],
    }


def customer(customer_id: int, own: dict | None = None) -> Customer | None:
    if own is not None:
        e = next((e for e in own.get("customers", []) if e["id"] == customer_id), None)
        return None if e is None else Customer(e["id"], e["name"], e["country"], e["admin_account"], e["notification_email"])
    if customer_id in CUSTOMERS:
        return CUSTOMERS[customer_id]
    if made_up.is_reserved(customer_id):
        return None
    return Customer(customer_id, f"Customer {customer_id} AS (sandbox)",
                    made_up.pick("crayon-country", customer_id, _COUNTRIES),
                    f"admin@customer{customer_id}.onmicrosoft.com", f"it@customer{customer_id}.example")


def _made_up(product_id: str, sku_id: str) -> CatalogItem:
    availability = "CFQ7TTC0" + format(made_up.number("crayon-availability", f"{product_id}:{sku_id}") % 36**4, "04X")[:4]
    known = next((i.name for i in _ITEMS if i.product_id == product_id), None)
    name = f"{known} SKU {sku_id}" if known else f"Product {product_id} (sandbox)"
    annual = made_up.number("crayon-cycle", f"{product_id}:{sku_id}") % 2
    return CatalogItem(product_id, sku_id, availability, name, 2 if annual else 1, "P1Y" if annual else "P1M", 3)


def _own_items(own: dict) -> list[CatalogItem]:
    return [CatalogItem(e["product_id"], e["sku_id"], e.get("availability_id") or "CFQ7TTC0SBX0", e["name"],
                        e["billing_cycle"], e["term_duration"], 3) for e in own.get("products", [])]


def find(product_id: str, sku_id: str | None, own: dict | None = None) -> tuple[CatalogItem | None, str]:
    """The catalogue item of an order line, or None and why (verify's Errors text)."""
    if own is not None:
        skus = [i for i in _own_items(own) if i.product_id == product_id and sku_id in (None, i.sku_id)]
        if len(skus) == 1:
            return skus[0], ""
        if not skus:
            return None, f"product {product_id}{f' SKU {sku_id}' if sku_id else ''} is not in the catalogue"
        return None, f"product {product_id} has several SKUs ({', '.join(i.sku_id for i in skus)}): name one in SkuId"
    if made_up.is_reserved(product_id):
        return None, f"product {product_id} is not in the catalogue"
    if sku_id is not None:
        return ITEMS.get((product_id, sku_id)) or _made_up(product_id, sku_id), ""
    skus = [i for i in _ITEMS if i.product_id == product_id]
    if len(skus) == 1:
        return skus[0], ""
    if not skus:
        return _made_up(product_id, "0001"), ""
    return None, f"product {product_id} has several SKUs ({', '.join(i.sku_id for i in skus)}): name one in SkuId"
