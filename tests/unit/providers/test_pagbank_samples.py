"""PagBank samples, carts and the generated JSON Schema (seed 004): the valid sample is clean, the invalid
one reports each mistake it documents at its LINE:COLUMN, a cart's items join the order, and the JSON
Schema says what it can of the same rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checkoutctl.documents.orders import check_file, read_cart

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
CPF = "52998224725"
ADDRESS = {"street": "Avenida Paulista", "number": "1000", "locality": "Bela Vista", "city": "São Paulo",
           "region_code": "SP", "country": "BRA", "postal_code": "01310100"}


def test_valid_sample_has_no_issues():
    docs = check_file(str(SAMPLES / "pagbank.yaml"))
    assert [d.issues for d in docs] == [()]
    body = docs[0].body
    assert body["customer"]["tax_id"] == CPF
    assert body["shipping"]["address"]["postal_code"] == "01452002"
    assert [i["quantity"] * i["unit_amount"] for i in body["items"]] == [9980, 12900]


def test_invalid_sample_reports_each_mistake():
    docs = check_file(str(SAMPLES / "pagbank-invalid.yaml"))
    got = [[(i.rule, i.path, i.line, i.column) for i in d.issues] for d in docs]
    assert got == [
        [
            ("tax-id", "order.customer.tax_id", 19, 13),
            ("pattern", "order.customer.phone.number", 23, 15),
            ("range", "order.items[0].quantity", 26, 17),
            ("type", "order.shipping.address_modifiable", 31, 25),
            ("pattern", "order.shipping.address.region_code", 37, 20),
            ("response-only", "order.status", 40, 3),
            ("unknown-field", "order.soft_descriptr", 41, 3),
        ],
        [("discount-total", "order.discount_amount", 51, 20)],
    ]


def test_cart_sample_is_a_valid_cart():
    [doc] = check_file(str(SAMPLES / "pagbank-cart.yaml"))
    assert doc.kind == "cart" and doc.issues == ()
    assert [i["name"] for i in doc.body] == ["Par de meias", "Boné aba curva"]


def test_cart_items_are_appended_to_the_order():
    [doc] = check_file(str(SAMPLES / "pagbank.yaml"), read_cart(str(SAMPLES / "pagbank-cart.yaml")))
    assert doc.issues == ()
    assert [i["reference_id"] for i in doc.body["items"]] == ["CAM-001", "CAN-002", "MEIA-003", "BON-004"]


def test_cart_items_count_towards_the_discount_limit(tmp_path):
    order = tmp_path / "order.yaml"
    order.write_text("provider: pagbank\norder:\n  items:\n    - {name: A, quantity: 1, unit_amount: 100}\n"
                     "  discount_amount: 150\n", encoding="utf-8")
    cart = tmp_path / "cart.yaml"
    cart.write_text("provider: pagbank\ncart:\n  - {name: B, quantity: 1, unit_amount: 50}\n", encoding="utf-8")
    [alone] = check_file(str(order))
    assert [(i.rule, i.line, i.column) for i in alone.issues] == [("discount-total", 5, 20)]
    [merged] = check_file(str(order), read_cart(str(cart)))
    assert merged.issues == ()


def test_bad_cart_item_points_into_the_cart_file(tmp_path):
    cart = tmp_path / "cart.yaml"
    cart.write_text("provider: pagbank\ncart:\n  - name: Meias\n    quantity: 0\n    unit_amount: 1590\n", encoding="utf-8")
    [doc] = check_file(str(SAMPLES / "pagbank.yaml"), read_cart(str(cart)))
    assert [(i.file, i.path, i.line, i.column, i.rule) for i in doc.issues] == [
        (str(cart), "order.items[2].quantity", 4, 15, "range")]


# --- the JSON Schema says what it can of the same rules ------------------------------------------------

@pytest.fixture(scope="module")
def schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    from checkoutctl.documents.schema import file_schema

    schema = file_schema("pagbank")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_accepts_the_samples(schema_validator):
    for name in ("pagbank.yaml", "pagbank-cart.yaml"):
        for data in yaml.safe_load_all((SAMPLES / name).read_text(encoding="utf-8")):
            assert list(schema_validator.iter_errors(data)) == [], name


@pytest.mark.parametrize(("order", "valid"), [
    ({"customer_modifiable": False}, False),
    ({"customer_modifiable": False, "customer": {"name": "Maria Silva"}}, False),
    ({"customer_modifiable": False, "customer": {"name": "Maria Silva", "email": "maria@example.com", "tax_id": CPF,
                                                 "phone": {"country": "55"}}}, False),
    ({"customer_modifiable": False, "customer": {"name": "Maria Silva", "email": "maria@example.com", "tax_id": CPF,
                                                 "phone": {"area": "11", "number": "912345678"}}}, True),
    ({"customer_modifiable": True}, True),
    ({"customer": {"name": "Maria"}}, False),
    ({"customer": {"phone": {"number": "812345678"}}}, False),
    ({"payment_methods": [{"type": "PIX", "brands": ["VISA"]}]}, False),
    ({"payment_methods": [{"type": "CREDIT_CARD", "brands": ["VISA"]}]}, True),
    ({"payment_methods_configs": [{"type": "CREDIT_CARD", "config_options": [{"option": "INSTALLMENTS_LIMIT", "value": "19"}]}]}, False),
    ({"payment_methods_configs": [{"type": "CREDIT_CARD", "config_options": [{"option": "INSTALLMENTS_LIMIT", "value": "18"}]}]}, True),
    ({"shipping": {"type": "FIXED"}}, False),
    ({"shipping": {"type": "CALCULATED"}}, False),
    ({"shipping": {"type": "FREE", "address_modifiable": False}}, False),
    ({"shipping": {"type": "FREE", "address": dict(ADDRESS, region_code="SPA")}}, False),
    ({"shipping": {"type": "FREE", "address": ADDRESS}}, True),
    ({"status": "ACTIVE"}, False),
])
def test_schema_conditions(schema_validator, order, valid):
    data = {"provider": "pagbank", "order": {"items": [{"name": "A", "quantity": 1, "unit_amount": 1}], **order}}
    assert (list(schema_validator.iter_errors(data)) == []) is valid
