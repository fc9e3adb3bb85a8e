"""Bakeronline `POST /checkout/order` body, X-VERSION 1.5.0 (seed 002_56dd794bf0725789.txt; seeds/README).

Seed 002 lists four body fields with no presence column: `cart`, `checkout`, `payment_method` and
`return_url`. An order cannot exist without the first three (what to make, how to hand it over, how
to pay), so they are required; `return_url` ("An URL field starting with http:// or https://") is
only where the customer lands after paying online, so it is optional.

The shapes of CartItem and Checkout come from the seed's example request 1; where the example is the
only evidence, the comment beside the rule says what was inferred from it.
"""

from __future__ import annotations

import re

import yaml

from checkoutctl.providers.bakeronline.rules_handover import HANDOVER_CHECKS
from checkoutctl.rules.countries import COUNTRY_ALPHA2, EU_VAT_PREFIXES
from checkoutctl.rules.fields import (
    anchored,
    Bool, Check, Field, Format, Int, ListOf, MapOf, Obj, ObjectView, Str, required_when,
)
from checkoutctl.rules.formats import DATE, HTTP_URL, TIME_HHMM
from checkoutctl.rules.tax_numbers import eu_vat_problem

# Seed 002 `payment_method`: "String enumarion of …", copied in its order. The list has 44 values.
PAYMENT_METHODS: tuple[str, ...] = (
    "point_of_sale", "paid_in_shop", "bank_transfer", "ideal", "bancontact", "sofort", "giropay",
    "creditcard", "cartes_bancaires", "paypal", "eps_uberweisung", "payconiq", "monizze", "edenred",
    "webpay", "credomatic", "satispay", "stripe_card_visa_mc", "stripe_card_amex", "stripe_apple_pay",
    "stripe_google_pay", "payu_romania_visa", "payu_romania_mc", "payu_romania_visa_electron",
    "payu_romania_maestro", "payu_brazil_amex", "payu_brazil_boleto_bancario", "payu_brazil_diners",
    "payu_brazil_elo", "payu_brazil_hipercard", "payu_brazil_mc", "payu_brazil_visa", "payu_sp_maestro",
    "payu_sp_mc", "payu_sp_pbl", "payu_sp_visa", "payu_sp_blik", "payu_iyzico_amex", "payu_iyzico_mc",
    "payu_iyzico_troy", "payu_iyzico_visa", "pesopay_gcash", "pesopay_visa", "pesopay_mc",
)

# Seed 002 example `checkout` holds delivery, takeout, latch, isop, warranty, invoice, config and
# coupons. Only the first four are ways to hand an order over (`checkout.method` is "delivery" in the
# example, and the response's checkout carries `latch_id`); warranty, invoice, config and coupons
# go with any method.
METHODS: tuple[str, ...] = ("delivery", "takeout", "latch", "isop")


def _text(description: str = "") -> Str:
    return Str(pattern=r"[\s\S]*\S[\s\S]*", pattern_message="must not be blank", description=description)


def _id(description: str) -> Int:
    return Int(minimum=1, description=description)


# At most this many of one cart line: keeps every amount well inside what a JSON number (a double on
# most clients) carries exactly to the cent.
MAX_AMOUNT = 1000

DATE_STR = Str(formats=(DATE,), description="YYYY-MM-DD, a real calendar date")
TIME_STR = Str(formats=(TIME_HHMM,), description="HH:MM, 24-hour clock")

# E.164-ish, as the seed's latch example "+32 475 00 00 00": a plus, a non-zero country digit, then
# 7–15 digits in all, single spaces allowed between them.
PHONE_PATTERN = r"\+[1-9](?: ?[0-9]){6,14}"

_BE_VAT = r"BE[01][0-9]{9}"
_OTHER_EU_VAT = "(?:" + "|".join(sorted(EU_VAT_PREFIXES - {"BE"})) + ")[0-9A-Z]{2,12}"


def _eu_vat(value: str) -> str | None:
    """EU VAT number as VIES writes it: prefix + 2–12 capitals/digits, then its member state's own
    rule (length, format, check digits) by python-stdnum.

    The seed's own example BE0123456789 fails Belgium's mod-97 check (97 - 01234567 mod 97 = 49, not
    89): VIES refuses it, so validate does too; samples use BE0123456749.
    """
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,12}", value):
        return "must be an EU VAT number: country prefix then 2–12 capitals or digits, no spaces or dots, like BE0123456749"
    if value[:2] not in EU_VAT_PREFIXES:
        return f"{value[:2]} is not an EU VAT country prefix (Greece is EL, Northern Ireland XI)"
    if value[:2] == "BE" and not re.fullmatch(_BE_VAT, value):
        return "a Belgian VAT number is BE then 10 digits starting with 0 or 1, like BE0123456749"
    return eu_vat_problem(value)


EU_VAT = Format("vat", _eu_vat, {"pattern": anchored(f"{_BE_VAT}|{_OTHER_EU_VAT}")})

OPTION = Obj(
    {
        "option_id": Field(_id("product option id"), required=True, seed="002 cart[].options[].option_id"),
        "upload_id": Field(_id("id of an uploaded file (e.g. a photo cake)"), seed="002 cart[].options[].upload_id"),
    },
)

CART_ITEM = Obj(
    {
        # Seed 002 gives no upper bound; 1,000 of one line is where the sandbox stops (its totals stay
        # exact JSON numbers), and validate says so first rather than let the sandbox refuse it.
        "amount": Field(Int(minimum=1, maximum=MAX_AMOUNT, description="how many"), required=True, seed="002 cart[].amount"),
        "persons": Field(Int(minimum=0, description="number of persons (sized products)"), seed="002 cart[].persons"),
        "gram": Field(Int(minimum=0, description="weight in grams (sold by weight)"), seed="002 cart[].gram"),
        "comment": Field(Str(), seed="002 cart[].comment"),
        "product_id": Field(_id("product id"), required=True, seed="002 cart[].product_id"),
        "product_price_id": Field(_id("product price id"), required=True, seed="002 cart[].product_price_id"),
        "shop_id": Field(_id("shop the product is ordered from"), required=True, seed="002 cart[].shop_id"),
        "options": Field(ListOf(OPTION), seed="002 cart[].options"),
    },
    description="CartItem.cart",
)

ADDRESS = Obj(
    {
        "street": Field(_text(), required=True, seed="002 checkout.delivery.address.street"),
        "nr": Field(_text("house number, as text: 96, 12B, 3/101"), required=True, seed="002 checkout.delivery.address.nr"),
        "zipcode": Field(_text("postal code, as text: leading zeros are kept"), required=True, seed="002 checkout.delivery.address.zipcode"),
        "city": Field(_text(), required=True, seed="002 checkout.delivery.address.city"),
        "country": Field(Str(formats=(COUNTRY_ALPHA2,), description="ISO 3166-1 alpha-2, like BE"), required=True,
                         seed="002 checkout.delivery.address.country"),
    },
)


def _end_time_not_before_time(view: ObjectView) -> None:
    # Seed 002 example sends time 12:00 and end_time 12:00, so an empty window is accepted; only an
    # end before the start is refused. HH:MM strings (already checked) compare as times.
    start, end = view.get("time"), view.get("end_time")
    if start and end and end < start:
        view.report("end_time", "end-time", f"must not be before time {start} (got {end})")


DELIVERY = Obj(
    {
        "date": Field(DATE_STR, required=True, seed="002 checkout.delivery.date"),
        "time": Field(TIME_STR, required=True, seed="002 checkout.delivery.time"),
        "end_time": Field(TIME_STR, seed="002 checkout.delivery.end_time"),
        "address": Field(ADDRESS, required=True, seed="002 checkout.delivery.address"),
        "notes": Field(Str(), seed="002 checkout.delivery.notes"),
    },
    checks=(Check("end-time", "002 checkout.delivery.end_time", _end_time_not_before_time),),
)

TAKEOUT_SHOP = Obj(
    {
        "id": Field(_id("shop id; equals the <id> of its shop_<id> key"), required=True, seed="002 checkout.takeout.shops.*.id"),
        "date": Field(DATE_STR, required=True, seed="002 checkout.takeout.shops.*.date"),
        "time": Field(TIME_STR, required=True, seed="002 checkout.takeout.shops.*.time"),
    },
)

SHOP_KEY = r"shop_([1-9][0-9]*)"


def _shop_key_matches_id(view: ObjectView) -> None:
    """seeds/README: "Takeout shops are keyed shop_<id>": the key's id and the entry's `id` agree."""
    shops = view.nodes.get("shops")
    if not isinstance(shops, yaml.MappingNode):
        return
    for knode, vnode in shops.value:
        key = re.fullmatch(SHOP_KEY, knode.value)
        if not key or not isinstance(vnode, yaml.MappingNode):
            continue  # a bad key or entry is reported by the MapOf / Obj specs themselves
        for inode, idnode in vnode.value:
            if inode.value == "id" and isinstance(idnode, yaml.ScalarNode) and not idnode.style \
                    and re.fullmatch(r"[1-9][0-9]*", idnode.value) and idnode.value != key[1]:
                view.ck.report(idnode, f"{view.path}.shops.{knode.value}.id", "shop-key",
                               f"must equal the id in its key {knode.value} (got {idnode.value})")


TAKEOUT = Obj(
    {
        "shops": Field(
            MapOf(TAKEOUT_SHOP, key_pattern=SHOP_KEY, key_message="a takeout shop is keyed shop_<id>, like shop_12",
                  min_items=1, description="pick-up per shop, keyed shop_<id>"),
            required=True,
            seed="002 checkout.takeout.shops; seeds/README",
        ),
    },
    checks=(Check("shop-key", "seeds/README takeout shops keyed shop_<id>", _shop_key_matches_id),),
)

LATCH = Obj(
    {
        "latch_id": Field(_id("pick-up locker id"), required=True, seed="002 checkout.latch.latch_id"),
        "telephone": Field(
            Str(pattern=PHONE_PATTERN, description="international number, like +32 475 00 00 00",
                pattern_message="must be an international phone number: + then digits (spaces allowed), like +32 475 00 00 00"),
            required=True, seed="002 checkout.latch.telephone",
        ),
        "date": Field(DATE_STR, required=True, seed="002 checkout.latch.date"),
        "time": Field(TIME_STR, required=True, seed="002 checkout.latch.time"),
        # The seed shows only "email"; "sms" is its obvious sibling (the response prices an `sms_cost`).
        # Nothing else is tolerated until the provider documents it.
        "notification_method": Field(Str(enum=("email", "sms")), seed="002 checkout.latch.notification_method"),
    },
)

ISOP = Obj(
    {
        "origin": Field(_text("where the in-store order was taken, e.g. in-store"), required=True, seed="002 checkout.isop.origin"),
        "customer_id": Field(_id("customer id"), seed="002 checkout.isop.customer_id"),
        "employee_id": Field(_id("employee id"), seed="002 checkout.isop.employee_id"),
    },
)

COMPANY = Obj(
    {
        "name": Field(_text(), required=True, seed="002 checkout.invoice.company.name"),
        "vat": Field(Str(formats=(EU_VAT,), description="EU VAT number, like BE0123456749"), required=True,
                     seed="002 checkout.invoice.company.vat"),
        "address": Field(ADDRESS, seed="002 checkout.invoice.company.address"),
    },
)

CHECKOUT = Obj(
    {
        "method": Field(Str(enum=METHODS, description="how the order is handed over"), required=True, seed="002 checkout.method"),
        "delivery": Field(DELIVERY, seed="002 checkout.delivery"),
        "takeout": Field(TAKEOUT, seed="002 checkout.takeout"),
        "latch": Field(LATCH, seed="002 checkout.latch"),
        "isop": Field(ISOP, seed="002 checkout.isop"),
        "warranty": Field(Obj({"bank": Field(_text(), seed="002 checkout.warranty.bank")}), seed="002 checkout.warranty"),
        "invoice": Field(Obj({"company": Field(COMPANY, required=True, seed="002 checkout.invoice.company")}),
                         seed="002 checkout.invoice"),
        "config": Field(
            Obj({
                "askInvoice": Field(Bool(), seed="002 checkout.config.askInvoice"),
                "askIsop": Field(Bool(), seed="002 checkout.config.askIsop"),
            }),
            seed="002 checkout.config",
        ),
        "coupons": Field(ListOf(Obj({"code": Field(_text(), required=True, seed="002 checkout.coupons[].code")})),
                         seed="002 checkout.coupons"),
    },
    # The sub-object named by `method` carries that method's date, time and place: it must be there.
    checks=tuple(required_when(m, "method", m, f"002 checkout.{m}") for m in METHODS),
    description="Checkout.Checkout",
)


# Bakeronline's own rules (seed 002), beside the shared ones in documents/rule_catalogue.py.
RULES: dict[str, str] = {
    "vat": "an invoice VAT number is a valid EU VAT number of its member state, check digits included (seed 002)",
    "end-time": "checkout.delivery.end_time is not before its time (seed 002)",
    "shop-key": "a takeout shop keyed shop_<id> carries that id (seeds/README)",
    "past-date": "the chosen method's delivery, latch or pick-up date is not in the past (seed 002)",
    "takeout-shop": "a takeout order names a pick-up (shop_<id>) for every shop its cart orders from (seeds/README)",
}

ORDER = Obj(
    {
        "cart": Field(ListOf(CART_ITEM, min_items=1), required=True, seed="002 cart"),
        "checkout": Field(CHECKOUT, required=True, seed="002 checkout"),
        "payment_method": Field(Str(enum=PAYMENT_METHODS), required=True, seed="002 payment_method"),
        "return_url": Field(Str(formats=(HTTP_URL,), description="where the customer returns after paying"),
                            seed="002 return_url"),
    },
    checks=HANDOVER_CHECKS,
    description="Bakeronline POST /checkout/order body (X-VERSION 1.5.0)",
)
