"""The sandbox's Bakeronline world: three Belgian shops, their products and what an order costs.

The ids are those of seed 002's example request 1 (shop 12 sells product 18 at price 17, shop 13
product 15 at price 19, shop 15 product 13 at price 10), so that example, with a future date and
`shop_<id>` takeout keys, is accepted as it stands. Everything else here is sandbox invention; the
seed prices nothing. Money is `Decimal` EUR, two places.

Pricing of one order (one shop's part of the cart), as `prices` in seed 002's response:

    price               Σ amount × unit price of each line's product_price_id
    discount            coupons: Σ of their percentages (at most 100 %) of price, rounded half-up
    price_with_discount price − discount
    warranty            0.00 (seed 002 `checkout.warranty` names only a bank)
    delivery_cost       the shop's delivery cost when checkout.method is "delivery", else 0.00
    invoice_cost        INVOICE_COST when checkout.invoice is given, else 0.00
    sms_cost            SMS_COST when method "latch" notifies by "sms", else 0.00
    transaction_cost    TRANSACTION_COST for online payment methods, else 0.00
    price_to_pay        price_with_discount + warranty + delivery + invoice + sms + transaction
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from checkoutctl.sandbox import made_up

CURRENCY = "EUR"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Shop:
    id: int
    name: str
    street: str
    nr: str
    zipcode: str
    city: str
    latitude: float
    longitude: float
    allow_comments: bool
    delivery_cost: Decimal

    def address(self) -> dict:
        """`shop.address` as seed 002's response draws it, position included."""
        return {"street": self.street, "nr": self.nr, "zipcode": self.zipcode, "city": self.city,
                "country": "BE", "position": {"latitude": self.latitude, "longitude": self.longitude}}


@dataclass(frozen=True)
class ProductPrice:
    """One `product_price_id` (seed 002 cart[].product_price_id): a product's price in a shop."""

    id: int
    product_id: int
    shop_id: int
    name: str
    unit_price: Decimal


SHOPS: dict[int, Shop] = {
    s.id: s
    for s in (
        # allow_comments false on one shop, as the third order of seed 002's response.
        Shop(12, "Bakkerij Sint-Denijs", "Sint-Denijslaan", "96", "9000", "Gent", 51.03581, 3.70512, True, Decimal("3.50")),
        Shop(13, "Bakkerij Het Zuid", "Leopold de Waelplaats", "20", "2000", "Antwerpen", 51.20892, 4.39440, True, Decimal("4.95")),
        Shop(15, "Pâtisserie du Sablon", "Place du Grand Sablon", "1", "1000", "Bruxelles", 50.84017, 4.35596, False, Decimal("5.00")),
    )
}

PRICES: dict[int, ProductPrice] = {
    p.id: p
    for p in (
        ProductPrice(17, 18, 12, "Croissant", Decimal("1.20")),
        ProductPrice(21, 19, 12, "Pistolet", Decimal("0.55")),
        ProductPrice(22, 20, 12, "Volkorenbrood (heel)", Decimal("3.10")),
        ProductPrice(23, 20, 12, "Volkorenbrood (half)", Decimal("1.70")),
        ProductPrice(19, 15, 13, "Rijsttaart", Decimal("14.50")),
        ProductPrice(20, 16, 13, "Suikerbrood", Decimal("4.20")),
        ProductPrice(10, 13, 15, "Cramique", Decimal("5.80")),
        ProductPrice(11, 14, 15, "Éclair au chocolat", Decimal("3.40")),
    )
}

PRODUCTS: dict[int, int] = {p.product_id: p.shop_id for p in PRICES.values()}  # product → its shop

# Open world (sandbox/made_up.py): a shop, product or price id not listed above is made up — a bakery in
# one of these towns, a product of the shop its cart line names, a price of 0.50–25.00 — except the
# reserved ids (all nines: 99, 999), which are refused like unknown ones.
_TOWNS = (("Kerkstraat", "9000", "Gent", 51.05, 3.72), ("Meir", "2000", "Antwerpen", 51.22, 4.40),
          ("Rue Neuve", "1000", "Bruxelles", 50.85, 4.35), ("Bondgenotenlaan", "3000", "Leuven", 50.88, 4.70))


# `sandbox serve --catalogue FILE` (sandbox/own_catalogue.py): the user's shops and product prices.
CATALOGUE_SPEC = {
    "shops": {"id": int, "name": str, "street": str, "nr": str, "zipcode": str, "city": str, "delivery_cost": "money"},
    "prices": {"id": int, "product_id": int, "shop_id": int, "name": str, "unit_price": "money"},
}


def seeded_catalogue() -> dict:
    return {
        "shops": [{"id": s.id, "name": s.name, "street": s.street, "nr": s.nr, "zipcode": s.zipcode, "city": s.city,
                   "delivery_cost": str(s.delivery_cost)} for s in SHOPS.values()],
        "prices": [{"id": p.id, "product_id": p.product_id, "shop_id": p.shop_id, "name": p.name,
                    "unit_price": str(p.unit_price)} for p in PRICES.values()],
    }


def shop(shop_id: int, own: dict | None = None) -> Shop | None:
    if own is not None:
        e = next((e for e in own.get("shops", []) if e["id"] == shop_id), None)
        return None if e is None else Shop(e["id"], e["name"], e["street"], e["nr"], e["zipcode"], e["city"],
                                           50.85, 4.35, True, Decimal(str(e["delivery_cost"])))
    if shop_id in SHOPS:
        return SHOPS[shop_id]
    if made_up.is_reserved(shop_id):
        return None
    street, zipcode, city, latitude, longitude = made_up.pick("bakeronline-shop", shop_id, _TOWNS)
    return Shop(shop_id, f"Bakkerij {shop_id} (sandbox)", street, str(1 + shop_id % 200), zipcode, city,
                latitude, longitude, True, made_up.amount("bakeronline-delivery", shop_id, Decimal("2"), Decimal("6")))


def product_shop(product_id: int, line_shop_id: int, own: dict | None = None) -> int | None:
    """The shop that sells a product: its own for a listed one, the line's for a made-up one."""
    if own is not None:
        return next((e["shop_id"] for e in own.get("prices", []) if e["product_id"] == product_id), None)
    if product_id in PRODUCTS:
        return PRODUCTS[product_id]
    return None if made_up.is_reserved(product_id) else line_shop_id


def price(price_id: int, product_id: int, shop_id: int, own: dict | None = None) -> ProductPrice | None:
    if own is not None:
        e = next((e for e in own.get("prices", []) if e["id"] == price_id), None)
        return None if e is None else ProductPrice(e["id"], e["product_id"], e["shop_id"], e["name"],
                                                   Decimal(str(e["unit_price"])))
    if price_id in PRICES:
        return PRICES[price_id]
    if made_up.is_reserved(price_id):
        return None
    return ProductPrice(price_id, product_id, shop_id, f"Product {product_id} (sandbox)",
                        made_up.amount("bakeronline-price", price_id, Decimal("0.50"), Decimal("25")))


# Coupon codes (seed 002 checkout.coupons[].code) → percentage off `price`; any other code is refused.
COUPONS: dict[str, Decimal] = {"SANDBOX10": Decimal("10"), "BAKKER20": Decimal("20")}

# Seed 002 payment_method values paid outside an online checkout: no payment_url for them.
OFFLINE_PAYMENT_METHODS = frozenset(("point_of_sale", "paid_in_shop", "bank_transfer"))

TRANSACTION_COST = Decimal("0.25")
INVOICE_COST = Decimal("0.50")
SMS_COST = Decimal("0.15")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Prices:
    price: Decimal
    discount: Decimal
    warranty: Decimal
    delivery_cost: Decimal
    invoice_cost: Decimal
    sms_cost: Decimal
    transaction_cost: Decimal

    @property
    def price_with_discount(self) -> Decimal:
        return self.price - self.discount

    @property
    def price_to_pay(self) -> Decimal:
        return (self.price_with_discount + self.warranty + self.delivery_cost + self.invoice_cost
                + self.sms_cost + self.transaction_cost)

    def as_json(self) -> dict:
        """Seed 002 `prices`: every entry `{value, currency}`, value a JSON number."""
        names = ("price", "discount", "warranty", "delivery_cost", "invoice_cost", "sms_cost",
                 "transaction_cost", "price_to_pay", "price_with_discount")
        return {n: {"value": json_number(getattr(self, n)), "currency": CURRENCY} for n in names}


def quote(shop: Shop, lines: list[tuple[int, ProductPrice]], checkout: dict, payment_method: str) -> Prices:
    """What one shop's order costs; `lines` are (amount, price) pairs already checked against SHOPS."""
    price = sum((amount * p.unit_price for amount, p in lines), ZERO).quantize(CENT)
    percent = min(sum((COUPONS[c["code"]] for c in checkout.get("coupons") or ()), Decimal(0)), Decimal(100))
    discount = (price * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    method = checkout["method"]
    latch = checkout.get("latch") or {}
    return Prices(
        price=price,
        discount=discount,
        warranty=ZERO,
        delivery_cost=shop.delivery_cost if method == "delivery" else ZERO,
        invoice_cost=INVOICE_COST if checkout.get("invoice") else ZERO,
        sms_cost=SMS_COST if method == "latch" and latch.get("notification_method") == "sms" else ZERO,
        transaction_cost=ZERO if payment_method in OFFLINE_PAYMENT_METHODS else TRANSACTION_COST,
    )


def json_number(value: Decimal) -> int | float:
    """A JSON number with at most two decimals (seed 002 shows whole numbers: 19, 18, …).

    A float is only the carrier to `json.dumps`: for two-place values its shortest repr is the
    decimal text itself (1.2 for 1.20), so no precision is lost on the wire.
    """
    value = value.quantize(CENT)
    return int(value) if value == value.to_integral_value() else float(value)
