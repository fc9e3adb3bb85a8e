"""Bakeronline rules (seed 002): each rule fails where it should, at the right path and LINE:COLUMN,
and passes a valid neighbour. Cases edit one line of a full valid order (BASE)."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from checkoutctl.documents.orders import check_file, read_cart
from checkoutctl.documents.schema import file_schema
from checkoutctl.providers.bakeronline.rules import PAYMENT_METHODS
from tests.conftest import SAMPLES
from tests.unit.providers.order_edits import edit, issues_of, locate

BASE = """\
provider: bakeronline
order:
  cart:
    - amount: 2
      persons: 6
      gram: 500
      comment: Happy birthday
      product_id: 18
      product_price_id: 17
      shop_id: 12
      options:
        - option_id: 15
          upload_id: 11
  checkout:
    method: delivery
    delivery:
      date: "2030-06-14"
      time: "10:00"
      end_time: "12:00"
      address:
        street: Sint-Denijslaan
        nr: "96"
        zipcode: "9000"
        city: Gent
        country: BE
      notes: Ring twice
    takeout:
      shops:
        shop_12:
          id: 12
          date: "2030-06-15"
          time: "09:00"
    latch:
      latch_id: 12
      telephone: "+32 475 00 00 00"
      date: "2030-06-16"
      time: "08:00"
      notification_method: email
    isop:
      origin: in-store
      customer_id: 12
      employee_id: 14
    warranty:
      bank: ING Bank
    invoice:
      company:
        name: Bakkerij Voorbeeld BV
        vat: BE0123456749
        address:
          street: Veldstraat
          nr: "1"
          zipcode: "9000"
          city: Gent
          country: NL
    config:
      askInvoice: false
      askIsop: false
    coupons:
      - code: ZOMER10
  payment_method: bancontact
  return_url: https://shop.example.be/bedankt
"""


def test_base_order_is_valid(tmp_path):
    assert issues_of(tmp_path, BASE) == []


# (old line, new line or None, expected path, rule, text at the reported LINE:COLUMN)
FAILING = [
    # cart[] — seed 002 CartItem.cart
    ("    - amount: 2", "    - amount: 0", "order.cart[0].amount", "range", "0"),
    ("    - amount: 2", '    - amount: "2"', "order.cart[0].amount", "type", '"2"'),
    ("    - amount: 2", "    - amount: 02", "order.cart[0].amount", "type", "02"),
    ("    - amount: 2", "    -", "order.cart[0].amount", "required", "persons: 6"),
    ("      persons: 6", "      persons: -1", "order.cart[0].persons", "range", "-1"),
    ("      gram: 500", "      gram: 1.5", "order.cart[0].gram", "type", "1.5"),
    ("      product_id: 18", "      product_id: 0", "order.cart[0].product_id", "range", "0"),
    ("      product_id: 18", None, "order.cart[0].product_id", "required", "amount: 2"),
    ("      product_price_id: 17", "      product_price_id: 0", "order.cart[0].product_price_id", "range", "0"),
    ("      shop_id: 12", None, "order.cart[0].shop_id", "required", "amount: 2"),
    ("      shop_id: 12", "      shop_id: twelve", "order.cart[0].shop_id", "type", "twelve"),
    ("        - option_id: 15", "        - option_id: 0", "order.cart[0].options[0].option_id", "range", "0"),
    ("        - option_id: 15", "        -", "order.cart[0].options[0].option_id", "required", "upload_id"),
    ("          upload_id: 11", "          upload_id: 0", "order.cart[0].options[0].upload_id", "range", "0"),
    # checkout.method and the block it names
    ("    method: delivery", "    method: pickup", "order.checkout.method", "enum", "pickup"),
    ("    method: delivery", "    method: warranty", "order.checkout.method", "enum", "warranty"),
    ("    method: delivery", None, "order.checkout.method", "required", "delivery:"),
    # checkout.delivery
    ('      date: "2030-06-14"', '      date: "2030-02-30"', "order.checkout.delivery.date", "date", '"2030-02-30"'),
    ('      date: "2030-06-14"', "      date: 14/06/2030", "order.checkout.delivery.date", "date", "14/06/2030"),
    ('      time: "10:00"', '      time: "25:00"', "order.checkout.delivery.time", "time", '"25:00"'),
    ('      time: "10:00"', '      time: "9:00"', "order.checkout.delivery.time", "time", '"9:00"'),
    ('      time: "10:00"', None, "order.checkout.delivery.time", "required", 'date: "2030-06-14"'),
    ('      end_time: "12:00"', '      end_time: "09:30"', "order.checkout.delivery.end_time", "end-time", '"09:30"'),
    ('      end_time: "12:00"', '      end_time: "12:60"', "order.checkout.delivery.end_time", "time", '"12:60"'),
    ("      notes: Ring twice", "      notes: [a, b]", "order.checkout.delivery.notes", "type", "[a, b]"),
    # address (delivery; the invoice's is the same spec)
    ("        street: Sint-Denijslaan", '        street: ""', "order.checkout.delivery.address.street", "pattern", '""'),
    ('        nr: "96"', None, "order.checkout.delivery.address.nr", "required", "street: Sint-Denijslaan"),
    ('        zipcode: "9000"', '        zipcode: "  "', "order.checkout.delivery.address.zipcode", "pattern", '"  "'),
    ("        city: Gent", None, "order.checkout.delivery.address.city", "required", "street: Sint-Denijslaan"),
    ("        country: BE", "        country: BEL", "order.checkout.delivery.address.country", "country", "BEL"),
    ("        country: BE", "        country: be", "order.checkout.delivery.address.country", "country", "be"),
    ("        country: BE", "        country: UK", "order.checkout.delivery.address.country", "country", "UK"),
    ("        country: BE", "        country: XX", "order.checkout.delivery.address.country", "country", "XX"),
    ("        country: BE", None, "order.checkout.delivery.address.country", "required", "street: Sint-Denijslaan"),
    ("          country: NL", "          country: NLD", "order.checkout.invoice.company.address.country", "country", "NLD"),
    # takeout: shops keyed shop_<id> (seeds/README), key id == value id
    ("        shop_12:", "        shop12:", "order.checkout.takeout.shops.shop12", "pattern", "shop12"),
    ("        shop_12:", "        shop_012:", "order.checkout.takeout.shops.shop_012", "pattern", "shop_012"),
    ("        shop_12:", "        shop_13:", "order.checkout.takeout.shops.shop_13.id", "shop-key", "          id: 12>>12"),
    ("          id: 12", None, "order.checkout.takeout.shops.shop_12.id", "required", 'date: "2030-06-15"'),
    ('          time: "09:00"', '          time: "24:00"', "order.checkout.takeout.shops.shop_12.time", "time", '"24:00"'),
    ('          date: "2030-06-15"', '          date: "2030-13-01"', "order.checkout.takeout.shops.shop_12.date", "date", '"2030-13-01"'),
    # latch
    ("      latch_id: 12", "      latch_id: L12", "order.checkout.latch.latch_id", "type", "L12"),
    ("      latch_id: 12", None, "order.checkout.latch.latch_id", "required", "telephone"),
    ('      telephone: "+32 475 00 00 00"', '      telephone: "0475 00 00 00"', "order.checkout.latch.telephone", "pattern", '"0475'),
    ('      telephone: "+32 475 00 00 00"', '      telephone: "+32-475-000000"', "order.checkout.latch.telephone", "pattern", '"+32-'),
    ('      date: "2030-06-16"', None, "order.checkout.latch.date", "required", "latch_id"),
    ('      time: "08:00"', '      time: "8h"', "order.checkout.latch.time", "time", '"8h"'),
    ("      notification_method: email", "      notification_method: push", "order.checkout.latch.notification_method", "enum", "push"),
    # isop, warranty, invoice, config, coupons
    ("      origin: in-store", '      origin: ""', "order.checkout.isop.origin", "pattern", '""'),
    ("      origin: in-store", None, "order.checkout.isop.origin", "required", "customer_id"),
    ("      customer_id: 12", "      customer_id: 0", "order.checkout.isop.customer_id", "range", "0"),
    ("      employee_id: 14", '      employee_id: "14"', "order.checkout.isop.employee_id", "type", '"14"'),
    ("      bank: ING Bank", '      bank: " "', "order.checkout.warranty.bank", "pattern", '" "'),
    ("        name: Bakkerij Voorbeeld BV", None, "order.checkout.invoice.company.name", "required", "vat:"),
    ("        vat: BE0123456749", "        vat: BE 0123.456.789", "order.checkout.invoice.company.vat", "vat", "BE 0"),
    ("        vat: BE0123456749", "        vat: BE2123456789", "order.checkout.invoice.company.vat", "vat", "BE2"),
    ("        vat: BE0123456749", "        vat: BE012345678", "order.checkout.invoice.company.vat", "vat", "BE0"),
    # check digits, per member state (python-stdnum): the seed's own example fails Belgium's mod 97
    ("        vat: BE0123456749", "        vat: BE0123456789", "order.checkout.invoice.company.vat", "vat", "BE0"),
    ("        vat: BE0123456749", "        vat: NL123456789B01", "order.checkout.invoice.company.vat", "vat", "NL1"),
    ("        vat: BE0123456749", "        vat: DE136695977", "order.checkout.invoice.company.vat", "vat", "DE1"),
    ("        vat: BE0123456749", "        vat: FR4030326504", "order.checkout.invoice.company.vat", "vat", "FR4"),
    ("        vat: BE0123456749", "        vat: GR123456789", "order.checkout.invoice.company.vat", "vat", "GR1"),
    ("        vat: BE0123456749", "        vat: be0123456789", "order.checkout.invoice.company.vat", "vat", "be0"),
    ("        vat: BE0123456749", None, "order.checkout.invoice.company.vat", "required", "name:"),
    ("      askInvoice: false", "      askInvoice: no", "order.checkout.config.askInvoice", "type", "no"),
    ("      askIsop: false", '      askIsop: "false"', "order.checkout.config.askIsop", "type", '"false"'),
    ("      - code: ZOMER10", '      - code: ""', "order.checkout.coupons[0].code", "pattern", '""'),
    ("      - code: ZOMER10", "      - {}", "order.checkout.coupons[0].code", "required", "{}"),
    # payment_method, return_url, unknown fields
    ("  payment_method: bancontact", "  payment_method: maestro", "order.payment_method", "enum", "maestro"),
    ("  payment_method: bancontact", "  payment_method: Bancontact", "order.payment_method", "enum", "Bancontact"),
    ("  payment_method: bancontact", None, "order.payment_method", "required", "cart:"),
    ("  return_url: https://shop.example.be/bedankt", "  return_url: ftp://shop.example.be/x", "order.return_url", "url", "ftp:"),
    ("  return_url: https://shop.example.be/bedankt", "  return_url: shop.example.be", "order.return_url", "url", "shop.example.be"),
    ("  return_url: https://shop.example.be/bedankt", "  returnUrl: https://x.be", "order.returnUrl", "unknown-field", "returnUrl"),
]


@pytest.mark.parametrize("old,new,path,rule,at", FAILING, ids=[f"{c[2]}:{c[3]}:{c[4]}" for c in FAILING])
def test_rule_fails_at_its_place(tmp_path, old, new, path, rule, at):
    text = edit(BASE, old, new)
    line, column = locate(text, at, new)
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, text)]
    assert got == [(path, rule, line, column)]


PASSING = [
    ("    - amount: 2", "    - amount: 1"),
    ("      persons: 6", "      persons: 0"),
    ("      gram: 500", "      gram: 0"),
    ("      persons: 6", None),
    ("        - option_id: 15", "        - option_id: 1"),
    ("          upload_id: 11", None),
    ('      time: "10:00"', '      time: "00:00"'),
    ('      time: "10:00"', "      time: 10:00"),  # read from source text: still the string "10:00"
    ('      end_time: "12:00"', '      end_time: "10:00"'),  # seed 002 example: end_time == time
    ('      end_time: "12:00"', None),
    ('      date: "2030-06-14"', '      date: "2028-02-29"'),
    ('        zipcode: "9000"', "        zipcode: 9000"),  # a string field keeps 9000 as written
    ("        country: BE", "        country: NL"),
    ("        country: BE", '        country: "NO"'),
    ("        shop_12:", "        shop_7:\n          id: 7\n          date: \"2030-06-15\"\n          time: \"09:00\"\n        shop_12:"),
    ('      telephone: "+32 475 00 00 00"', '      telephone: "+32475000000"'),
    ("      notification_method: email", "      notification_method: sms"),
    ("      notification_method: email", None),
    ("        vat: BE0123456749", "        vat: BE1123456770"),  # check digits by python-stdnum
    ("        vat: BE0123456749", "        vat: NL004495445B01"),
    ("        vat: BE0123456749", "        vat: EL123456783"),
    ("        vat: BE0123456749", "        vat: XI123456782"),
    ("      askInvoice: false", "      askInvoice: true"),
    ("  return_url: https://shop.example.be/bedankt", "  return_url: http://shop.example.be/x?a=1"),
    ("  return_url: https://shop.example.be/bedankt", None),  # optional: no presence column in seed 002
    ("  payment_method: bancontact", "  payment_method: payu_brazil_boleto_bancario"),
    ("  payment_method: bancontact", "  payment_method: pesopay_mc"),
    ("  payment_method: bancontact", "  payment_method: point_of_sale"),
]


@pytest.mark.parametrize("old,new", PASSING, ids=[f"{c[0].strip()}->{(c[1] or 'deleted').strip()}" for c in PASSING])
def test_valid_neighbour_passes(tmp_path, old, new):
    assert issues_of(tmp_path, edit(BASE, old, new)) == []


def test_payment_methods_are_the_seed_list():
    # Seed 002 lists 44 values (the brief said 45; the seed is the authority), no duplicates.
    assert len(PAYMENT_METHODS) == len(set(PAYMENT_METHODS)) == 44
    assert PAYMENT_METHODS[0] == "point_of_sale" and PAYMENT_METHODS[-1] == "pesopay_mc"


SMALL = """\
provider: bakeronline
order:
  cart: {cart}
  checkout: {checkout}
  payment_method: bancontact
"""
ITEM = "[{amount: 1, product_id: 1, product_price_id: 1, shop_id: 1}]"
BLOCKS = {
    "delivery": '{date: "2030-01-02", time: "10:00", address: {street: A, nr: "1", zipcode: "1000", city: B, country: BE}}',
    "takeout": '{shops: {shop_1: {id: 1, date: "2030-01-02", time: "10:00"}}}',
    "latch": '{latch_id: 1, telephone: "+32 475 00 00 00", date: "2030-01-02", time: "10:00"}',
    "isop": "{origin: in-store}",
}


@pytest.mark.parametrize("method", list(BLOCKS))
def test_method_requires_its_block(tmp_path, method):
    ok = SMALL.format(cart=ITEM, checkout=f"{{method: {method}, {method}: {BLOCKS[method]}}}")
    assert issues_of(tmp_path, ok) == []
    missing = SMALL.format(cart=ITEM, checkout=f"{{method: {method}}}")
    got = [(i.path, i.rule, i.line, i.column, i.message) for i in issues_of(tmp_path, missing)]
    assert got == [(f"order.checkout.{method}", "required", 4, 13, f"missing, required when method is {method}")]
    null = SMALL.format(cart=ITEM, checkout=f"{{method: {method}, {method}: ~}}")
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, null)]
    assert got == [(f"order.checkout.{method}", "required", *locate(null, "~"))]


def test_other_blocks_are_tolerated_beside_the_method(tmp_path):
    # The seed's own example sends every block with method delivery.
    both = SMALL.format(cart=ITEM, checkout=f"{{method: isop, isop: {BLOCKS['isop']}, latch: {BLOCKS['latch']}}}")
    assert issues_of(tmp_path, both) == []


@pytest.mark.parametrize("checkout,path,rule,at", [
    ("{method: takeout, takeout: {shops: {}}}", "order.checkout.takeout.shops", "min-items", "{}"),
    ("{method: takeout, takeout: {}}", "order.checkout.takeout.shops", "required", "{}"),
    ("{method: isop, isop: {origin: x}, invoice: {company: ~}}", "order.checkout.invoice.company", "required", "~"),
    ("{method: isop, isop: {origin: x}, invoice: {}}", "order.checkout.invoice.company", "required", "{}"),
    ("{method: isop, isop: {origin: x}, coupons: [{code: A}, {code: B, value: 5}]}", "order.checkout.coupons[1].value",
     "unknown-field", "value"),
])
def test_block_shapes(tmp_path, checkout, path, rule, at):
    text = SMALL.format(cart=ITEM, checkout=checkout)
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, text)]
    assert got == [(path, rule, *locate(text, at))]


def test_cart_must_not_be_empty(tmp_path):
    text = SMALL.format(cart="[]", checkout="{method: isop, isop: {origin: x}}")
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, text)]
    assert got == [("order.cart", "min-items", 3, 9)]


def test_valid_sample_has_no_issues():
    docs = check_file(str(SAMPLES / "bakeronline.yaml"))
    assert [d.issues for d in docs] == [()]
    assert docs[0].body["checkout"]["delivery"]["address"]["nr"] == "96"


def test_invalid_sample_reports_each_mistake():
    docs = check_file(str(SAMPLES / "bakeronline-invalid.yaml"))
    got = [(i.line, i.column, i.path, i.rule) for d in docs for i in d.issues]
    assert got == [
        (12, 15, "order.cart[0].amount", "range"),
        (21, 17, "order.checkout.delivery.end_time", "end-time"),
        (27, 18, "order.checkout.delivery.address.country", "country"),
        (33, 17, "order.checkout.takeout.shops.shop_12.time", "time"),
        (34, 19, "order.payment_method", "enum"),
        (35, 15, "order.return_url", "url"),
        (45, 5, "order.checkout.delivery", "required"),
    ]


def test_cart_sample_merges_into_the_order():
    cart = str(SAMPLES / "bakeronline-cart.yaml")
    alone = check_file(cart)
    assert [(d.kind, d.issues) for d in alone] == [("cart", ())]
    docs = check_file(str(SAMPLES / "bakeronline.yaml"), read_cart(cart))
    assert [d.issues for d in docs] == [()]
    assert [line["product_id"] for line in docs[0].body["cart"]] == [18, 19, 20, 19]


def test_bad_cart_item_is_reported_in_the_cart_file(tmp_path):
    cart = tmp_path / "cart.yaml"
    cart.write_text("provider: bakeronline\ncart:\n  - amount: 0\n    product_id: 1\n    product_price_id: 1\n    shop_id: 1\n")
    got = [(i.file, i.line, i.column, i.path, i.rule) for i in issues_of(tmp_path, BASE, str(cart))]
    assert got == [(str(cart), 3, 13, "order.cart[1].amount", "range")]


def test_cart_for_another_provider_is_refused(tmp_path):
    got = [(i.path, i.rule) for i in issues_of(tmp_path, BASE, str(SAMPLES / "crayon-cart.yaml"))]
    assert got == [("provider", "provider")]


def test_json_schema_agrees_on_samples():
    schema = file_schema("bakeronline")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("bakeronline.yaml", "bakeronline-cart.yaml"):
        assert list(validator.iter_errors(yaml.safe_load((SAMPLES / name).read_text()))) == []
    bad = [list(validator.iter_errors(doc)) for doc in yaml.safe_load_all((SAMPLES / "bakeronline-invalid.yaml").read_text())]
    assert all(bad)
    null_block = yaml.safe_load(SMALL.format(cart=ITEM, checkout="{method: isop, isop: ~}"))
    assert list(validator.iter_errors(null_block))
