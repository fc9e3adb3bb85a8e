"""Crayon PurchaseRequestOrder rules (seed 003; seeds/README): each rule fails where it should, at the
right path and LINE:COLUMN, and passes a valid neighbour. Cases edit one line of a valid order (BASE)."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from checkoutctl.documents.orders import check_file, read_cart
from checkoutctl.documents.schema import file_schema
from tests.conftest import SAMPLES
from tests.unit.providers.order_edits import edit, issues_of, locate

BASE = """\
provider: crayon
order:
  ExternalOrderId: PO-2030-0042
  CountryCode: "NO"
  ResellerCustomerId: 123456
  AdminAccount: admin@contoso.onmicrosoft.com
  NotificationEmail: it@contoso.example
  InvoiceProfileId: 42
  ScheduledPurchaseDate: "2030-07-01"
  OrderLines:
    - ProductId: CFQ7TTC0LH18
      SkuId: "0001"
      Quantity: 25
      BillingCycle: 1
      TermDuration: P1Y
      Type: 3
      CatalogItemId: "CFQ7TTC0LH18:0001:P1Y:M"
      Name: Microsoft 365 Business Basic
      IsTrial: false
      Errors: []
  Errors: []
"""


def test_base_order_is_valid(tmp_path):
    assert issues_of(tmp_path, BASE) == []


# (old line, new line or None, expected path, rule, text at the reported LINE:COLUMN)
FAILING = [
    ("  ExternalOrderId: PO-2030-0042", '  ExternalOrderId: ""', "order.ExternalOrderId", "pattern", '""'),
    ("  ExternalOrderId: PO-2030-0042", None, "order.ExternalOrderId", "required", "CountryCode"),
    ('  CountryCode: "NO"', "  CountryCode: NOR", "order.CountryCode", "country", "NOR"),
    ('  CountryCode: "NO"', "  CountryCode: no", "order.CountryCode", "country", "no"),
    ('  CountryCode: "NO"', "  CountryCode: EU", "order.CountryCode", "country", "EU"),
    ('  CountryCode: "NO"', None, "order.CountryCode", "required", "ExternalOrderId"),
    ("  ResellerCustomerId: 123456", '  ResellerCustomerId: "123456"', "order.ResellerCustomerId", "type", '"123456"'),
    ("  ResellerCustomerId: 123456", "  ResellerCustomerId: 0", "order.ResellerCustomerId", "range", "0"),
    ("  ResellerCustomerId: 123456", None, "order.ResellerCustomerId", "required", "ExternalOrderId"),
    ("  AdminAccount: admin@contoso.onmicrosoft.com", "  AdminAccount: [a]", "order.AdminAccount", "type", "[a]"),
    # seeds/README lists AdminAccount and NotificationEmail without `?`: required, like ExternalOrderId
    ("  AdminAccount: admin@contoso.onmicrosoft.com", None, "order.AdminAccount", "required", "ExternalOrderId"),
    ("  AdminAccount: admin@contoso.onmicrosoft.com", '  AdminAccount: " "', "order.AdminAccount", "pattern", '" "'),
    ("  NotificationEmail: it@contoso.example", None, "order.NotificationEmail", "required", "ExternalOrderId"),
    ("  NotificationEmail: it@contoso.example", "  NotificationEmail: it..ops@contoso.example", "order.NotificationEmail",
     "email", "it.."),
    ("  NotificationEmail: it@contoso.example", "  NotificationEmail: it@contoso", "order.NotificationEmail", "email", "it@"),
    ("  InvoiceProfileId: 42", "  InvoiceProfileId: 0", "order.InvoiceProfileId", "range", "0"),
    ("  InvoiceProfileId: 42", "  InvoiceProfileId: 4.2", "order.InvoiceProfileId", "type", "4.2"),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-02-30"',
     "order.ScheduledPurchaseDate", "datetime", '"2030-02-30"'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "01.07.2030"',
     "order.ScheduledPurchaseDate", "datetime", '"01.07.2030"'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-07-01T25:00:00Z"',
     "order.ScheduledPurchaseDate", "datetime", '"2030-07-01T25'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-07-01 09:00"',
     "order.ScheduledPurchaseDate", "datetime", '"2030-07-01 09'),
    # OrderLines[] — seeds/README
    ("    - ProductId: CFQ7TTC0LH18", '    - ProductId: ""', "order.OrderLines[0].ProductId", "pattern", '""'),
    ("    - ProductId: CFQ7TTC0LH18", "    -", "order.OrderLines[0].ProductId", "required", 'SkuId: "0001"'),
    ('      SkuId: "0001"', '      SkuId: " "', "order.OrderLines[0].SkuId", "pattern", '" "'),
    ("      Quantity: 25", "      Quantity: 0", "order.OrderLines[0].Quantity", "range", "0"),
    ("      Quantity: 25", '      Quantity: "25"', "order.OrderLines[0].Quantity", "type", '"25"'),
    ("      Quantity: 25", None, "order.OrderLines[0].Quantity", "required", "ProductId"),
    ("      BillingCycle: 1", "      BillingCycle: 6", "order.OrderLines[0].BillingCycle", "range", "6"),
    ("      BillingCycle: 1", "      BillingCycle: -1", "order.OrderLines[0].BillingCycle", "range", "-1"),
    ("      BillingCycle: 1", "      BillingCycle: Monthly", "order.OrderLines[0].BillingCycle", "type", "Monthly"),
    ("      TermDuration: P1Y", "      TermDuration: 1 month", "order.OrderLines[0].TermDuration", "duration", "1 month"),
    ("      TermDuration: P1Y", "      TermDuration: P", "order.OrderLines[0].TermDuration", "duration", "P"),
    ("      TermDuration: P1Y", "      TermDuration: p1m", "order.OrderLines[0].TermDuration", "duration", "p1m"),
    ("      Type: 3", "      Type: 0", "order.OrderLines[0].Type", "range", "0"),
    ("      Type: 3", "      Type: 4", "order.OrderLines[0].Type", "range", "4"),
    ("      Type: 3", "      Type: Subscription", "order.OrderLines[0].Type", "type", "Subscription"),
    ('      CatalogItemId: "CFQ7TTC0LH18:0001:P1Y:M"', '      CatalogItemId: ""', "order.OrderLines[0].CatalogItemId", "pattern", '""'),
    ("      Name: Microsoft 365 Business Basic", "      Name: {a: b}", "order.OrderLines[0].Name", "type", "{a: b}"),
    ("      IsTrial: false", "      IsTrial: yes", "order.OrderLines[0].IsTrial", "type", "yes"),
    ("      IsTrial: false", "      IsTrial: 0", "order.OrderLines[0].IsTrial", "type", "0"),
    ("      Errors: []", "      Errors: [{Code: 1}]", "order.OrderLines[0].Errors", "verify-errors", "[{"),
    ("      Name: Microsoft 365 Business Basic", "      Nmae: x", "order.OrderLines[0].Nmae", "unknown-field", "Nmae"),
    # Errors[]: response-side; checkout takes verify's result, so only an empty list passes
    ("  Errors: []", "  Errors:\n    - Code: 1\n      Description: Customer tenant not found",
     "order.Errors", "verify-errors", "- Code"),
    ("  Errors: []", "  Errors: none", "order.Errors", "type", "none"),
    ("  Errors: []", "  OrderErrors: []", "order.OrderErrors", "unknown-field", "OrderErrors"),
]


@pytest.mark.parametrize("old,new,path,rule,at", FAILING, ids=[f"{c[2]}:{c[3]}:{c[4]}" for c in FAILING])
def test_rule_fails_at_its_place(tmp_path, old, new, path, rule, at):
    text = edit(BASE, old, new)
    line, column = locate(text, at, new)
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, text)]
    assert got == [(path, rule, line, column)]


PASSING = [
    ('  CountryCode: "NO"', "  CountryCode: NO"),  # a string field keeps NO as written (never false)
    ('  CountryCode: "NO"', "  CountryCode: SE"),
    ("  InvoiceProfileId: 42", None),
    ("  InvoiceProfileId: 42", "  InvoiceProfileId: ~"),
    ('  ScheduledPurchaseDate: "2030-07-01"', None),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-07-01T09:00:00Z"'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-07-01T09:00"'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2030-07-01T09:00:00.1234567+02:00"'),
    ('  ScheduledPurchaseDate: "2030-07-01"', '  ScheduledPurchaseDate: "2028-02-29"'),
    ("    - ProductId: CFQ7TTC0LH18", "    - ProductId: 12345"),
    ('      SkuId: "0001"', None),
    ("      BillingCycle: 1", "      BillingCycle: 0"),
    ("      BillingCycle: 1", "      BillingCycle: 5"),
    ("      BillingCycle: 1", None),
    ("      TermDuration: P1Y", "      TermDuration: P1M"),
    ("      TermDuration: P1Y", "      TermDuration: P3Y"),
    ("      Type: 3", "      Type: 1"),
    ("      IsTrial: false", "      IsTrial: true"),
    ("      Errors: []", None),
    ("  Errors: []", None),
    ("      Quantity: 25", "      Quantity: 1"),
]


@pytest.mark.parametrize("old,new", PASSING, ids=[f"{c[0].strip()}->{(c[1] or 'deleted').strip()}" for c in PASSING])
def test_valid_neighbour_passes(tmp_path, old, new):
    assert issues_of(tmp_path, edit(BASE, old, new)) == []


def test_product_id_is_sent_as_written(tmp_path):
    # Crayon types ProductId as a string: a plain 12345 (or 0123) is kept as that text, not a number.
    path = tmp_path / "order.yaml"
    path.write_text(edit(BASE, "    - ProductId: CFQ7TTC0LH18", "    - ProductId: 0123"))
    (doc,) = check_file(str(path))
    assert doc.issues == () and doc.body["OrderLines"][0]["ProductId"] == "0123"
    assert doc.body["CountryCode"] == "NO" and doc.body["Errors"] == []


def test_order_lines_must_not_be_empty(tmp_path):
    text = ("provider: crayon\norder:\n  ExternalOrderId: A\n  CountryCode: SE\n  ResellerCustomerId: 1\n  OrderLines: []\n"
            "  AdminAccount: admin@contoso.onmicrosoft.com\n  NotificationEmail: it@contoso.example\n")
    got = [(i.path, i.rule, i.line, i.column) for i in issues_of(tmp_path, text)]
    assert got == [("order.OrderLines", "min-items", 6, 15)]


def test_valid_sample_has_no_issues():
    docs = check_file(str(SAMPLES / "crayon.yaml"))
    assert [d.issues for d in docs] == [()]


def test_invalid_sample_reports_each_mistake():
    docs = check_file(str(SAMPLES / "crayon-invalid.yaml"))
    got = [(i.line, i.column, i.path, i.rule) for d in docs for i in d.issues]
    assert got == [
        (15, 3, "order.AdminAccount", "required"),  # missing: at the order mapping's place
        (15, 20, "order.ExternalOrderId", "pattern"),
        (16, 16, "order.CountryCode", "country"),
        (17, 23, "order.ResellerCustomerId", "type"),
        (18, 22, "order.NotificationEmail", "email"),
        (19, 26, "order.ScheduledPurchaseDate", "datetime"),
        (22, 17, "order.OrderLines[0].Quantity", "range"),
        (23, 21, "order.OrderLines[0].BillingCycle", "type"),
        (24, 21, "order.OrderLines[0].TermDuration", "duration"),
        (25, 13, "order.OrderLines[0].Type", "range"),
        (26, 7, "order.OrderLines[1].ProductId", "required"),
        (28, 5, "order.Errors", "verify-errors"),
    ]


def test_cart_sample_merges_into_the_order():
    cart = str(SAMPLES / "crayon-cart.yaml")
    assert [(d.kind, d.issues) for d in check_file(cart)] == [("cart", ())]
    docs = check_file(str(SAMPLES / "crayon.yaml"), read_cart(cart))
    assert [d.issues for d in docs] == [()]
    assert [line["ProductId"] for line in docs[0].body["OrderLines"]] == ["CFQ7TTC0LH18", "CFQ7TTC0LF8R", "CFQ7TTC0LDPB"]


def test_bad_cart_line_is_reported_in_the_cart_file(tmp_path):
    cart = tmp_path / "cart.yaml"
    cart.write_text("provider: crayon\ncart:\n  - ProductId: X\n    Quantity: 1\n    BillingCycle: 9\n")
    got = [(i.file, i.line, i.column, i.path, i.rule) for i in issues_of(tmp_path, BASE, str(cart))]
    assert got == [(str(cart), 5, 19, "order.OrderLines[1].BillingCycle", "range")]


def test_json_schema_agrees_on_samples():
    schema = file_schema("crayon")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("crayon.yaml", "crayon-cart.yaml"):
        assert list(validator.iter_errors(yaml.safe_load((SAMPLES / name).read_text()))) == []
    assert list(validator.iter_errors(yaml.safe_load((SAMPLES / "crayon-invalid.yaml").read_text())))
