"""PagBank order rules (seed 004, Checkout object v2.2): each rule fails where it should, at its LINE:COLUMN,
and passes where it should.

A case is an `order:` body snippet. `»` marks where an issue must point (the marker is removed before
the file is written); expected issues are `(rule, path)` or `(rule, path, n)` for the n-th marker, with
paths relative to `order`. Snippets without `items:` get one valid item (1 × 4990 centavos) appended.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from checkoutctl.documents.orders import check_file

MARK = "»"
HEAD = "provider: pagbank\norder:\n"
BASE_ITEMS = "items:\n  - name: Camiseta\n    quantity: 1\n    unit_amount: 4990\n"
CPF = "52998224725"
CNPJ = "11222333000181"


def _place(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without markers, and the 1-based (line, column) where each marker stood."""
    spots, lines = [], []
    for number, line in enumerate(text.split("\n"), 1):
        clean = ""
        for ch in line:
            if ch == MARK:
                spots.append((number, len(clean) + 1))
            else:
                clean += ch
        lines.append(clean)
    return "\n".join(lines), spots


def _check(tmp_path: Path, snippet: str):
    body = textwrap.dedent(snippet).strip("\n") + "\n"
    if not re.search(r"^items:", body, re.M):
        body += BASE_ITEMS
    text, spots = _place(HEAD + textwrap.indent(body, "  "))
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    docs = check_file(str(path))
    assert len(docs) == 1
    return docs[0], spots


def _full(path: str) -> str:
    return f"order.{path}" if path else "order"


def _assert_issues(tmp_path: Path, snippet: str, expected: list[tuple]) -> None:
    doc, spots = _check(tmp_path, snippet)
    want = []
    for rule, path, *n in expected:
        want.append((rule, _full(path), *spots[n[0] if n else 0]))
    got = [(i.rule, i.path, i.line, i.column) for i in doc.issues]
    assert Counter(got) == Counter(want), "\n".join(i.text() for i in doc.issues)
    if not expected:
        assert doc.body is not None


# --- builders for the nested objects ----------------------------------------------------------------

ADDRESS = {"street": "Avenida Paulista", "number": "1000", "locality": "Bela Vista", "city": "São Paulo",
           "region_code": "SP", "country": "BRA", "postal_code": "01310100"}


def address(**changes: str | None) -> str:
    """A flow mapping of a valid address with `changes` (None drops a key; a leading » marks the value)."""
    parts = []
    for key, value in {**ADDRESS, **changes}.items():
        if value is not None:
            mark = MARK if value.startswith(MARK) else ""
            parts.append(f'{key}: {mark}"{value.removeprefix(MARK)}"')
    return "{" + ", ".join(parts) + "}"


def dimensions(length="30", width="20", height="10") -> str:
    sides = [f"{k}: {v}" for k, v in (("length", length), ("width", width), ("height", height)) if v is not None]
    return "{" + ", ".join(sides) + "}"


def box(weight="500", **sides: str | None) -> str:
    return "{" + f"dimensions: {dimensions(**sides)}" + (f", weight: {weight}" if weight is not None else "") + "}"


def config(option="INSTALLMENTS_LIMIT", value='"10"', type_="CREDIT_CARD") -> str:
    opt = ", ".join(p for p in (option and f"option: {option}", value and f"value: {value}") if p)
    return "{" + (f"type: {type_}, " if type_ else "") + f"config_options: [{{{opt}}}]" + "}"


def item(quantity="1", unit_amount="4990", name="Camiseta", extra="") -> str:
    fields = [f"name: {name}" if name is not None else "", f"quantity: {quantity}" if quantity is not None else "",
              f"unit_amount: {unit_amount}" if unit_amount is not None else "", extra]
    return "{" + ", ".join(f for f in fields if f) + "}"


def items(*entries: str) -> str:
    return "items:\n" + "".join(f"  - {e}\n" for e in entries)


FULL_CUSTOMER = f'{{name: Maria Silva, email: maria@example.com, tax_id: "{CPF}", phone: {{area: "11", number: "912345678"}}}}'
URL = "https://example.com/"

CASES = [
    # reference_id: String (64)
    ("reference_id: »" + "r" * 65, [("length", "reference_id")], "reference_id-65"),
    ("reference_id: " + "r" * 64, [], "reference_id-64"),
    # expiration_date: ISO-8601 with offset, in the future
    ('expiration_date: »"2030-12-31 23:59:00"', [("datetime", "expiration_date")], "expiration-no-T"),
    ('expiration_date: »"2030-12-31T23:59:00"', [("datetime", "expiration_date")], "expiration-no-offset"),
    ('expiration_date: »"2020-01-01T00:00:00-03:00"', [("future", "expiration_date")], "expiration-past"),
    ("expiration_date: 2030-12-31T23:59:00-03:00", [], "expiration-unquoted"),
    ('expiration_date: "2099-01-01T00:00:00Z"', [], "expiration-Z"),
    # customer.name: 1–120, first and last name
    ('customer: {name: »""}', [("length", "customer.name")], "name-empty"),
    ("customer: {name: »Maria}", [("full-name", "customer.name")], "name-one-word"),
    ('customer: {name: »"Maria -*"}', [("full-name", "customer.name")], "name-removed-chars"),
    ('customer: {name: »"Maria ' + "a" * 115 + '"}', [("length", "customer.name")], "name-121"),
    ('customer: {name: "Maria ' + "a" * 114 + '"}', [], "name-120"),
    ("customer: {name: \"Joana D'Arc 2\"}", [], "name-apostrophe-digits"),
    # customer.email: valid, 10–60
    ("customer: {email: »maria.silva@}", [("email", "customer.email")], "email-invalid"),
    ("customer: {email: »a@b.com}", [("length", "customer.email")], "email-9"),
    ("customer: {email: a@b.com.br}", [], "email-10"),
    ("customer: {email: »" + "m" * 49 + "@example.com}", [("length", "customer.email")], "email-61"),
    ("customer: {email: " + "m" * 48 + "@example.com}", [], "email-60"),
    # customer.tax_id: digits only, CPF 11 / CNPJ 14 with check digits
    ('customer: {tax_id: »"52998224726"}', [("tax-id", "customer.tax_id")], "cpf-check-digit"),
    ('customer: {tax_id: »"529.982.247-25"}', [("tax-id", "customer.tax_id")], "cpf-punctuated"),
    ('customer: {tax_id: »"5299822472"}', [("tax-id", "customer.tax_id")], "tax_id-10-digits"),
    ('customer: {tax_id: »"11222333000182"}', [("tax-id", "customer.tax_id")], "cnpj-check-digit"),
    (f'customer: {{tax_id: "{CPF}"}}', [], "cpf-valid"),
    (f"customer: {{tax_id: {CPF}}}", [], "cpf-unquoted"),
    (f'customer: {{tax_id: "{CNPJ}"}}', [], "cnpj-valid"),
    # customer.phone: country 55 (+ allowed), area 2 digits, number 9 digits starting with 9
    ('customer: {phone: {country: »"54"}}', [("pattern", "customer.phone.country")], "country-54"),
    ('customer: {phone: {country: »"+555"}}', [("pattern", "customer.phone.country")], "country-+555"),
    ('customer: {phone: {country: "55"}}', [], "country-55"),
    ('customer: {phone: {country: "+55"}}', [], "country-+55"),
    ('customer: {phone: {area: »"1"}}', [("pattern", "customer.phone.area")], "area-1"),
    ('customer: {phone: {area: »"1a"}}', [("pattern", "customer.phone.area")], "area-letter"),
    ("customer: {phone: {area: 21}}", [], "area-unquoted"),
    ('customer: {phone: {number: »"812345678"}}', [("pattern", "customer.phone.number")], "number-not-9"),
    ('customer: {phone: {number: »"91234567"}}', [("pattern", "customer.phone.number")], "number-8-digits"),
    ('customer: {phone: {number: »"9123456789"}}', [("pattern", "customer.phone.number")], "number-10-digits"),
    ('customer: {phone: {number: "912345678"}}', [], "number-valid"),
    ('customer: {phone: »"+5511912345678"}', [("type", "customer.phone")], "phone-not-mapping"),
    # customer_modifiable: Bool; false makes customer and its name/email/tax_id/phone(area, number) required
    ("customer_modifiable: »yes", [("type", "customer_modifiable")], "modifiable-yes"),
    ("customer_modifiable: true", [], "modifiable-true-no-customer"),
    ("»customer_modifiable: false", [("required", "customer")], "modifiable-false-no-customer"),
    ("customer_modifiable: false\ncustomer: »null", [("required", "customer")], "modifiable-false-null-customer"),
    ("customer_modifiable: false\ncustomer: »{name: Maria Silva}",
     [("required", "customer.email"), ("required", "customer.phone"), ("required", "customer.tax_id")],
     "modifiable-false-partial-customer"),
    (f'customer_modifiable: false\ncustomer: {{name: Maria Silva, email: maria@example.com, tax_id: "{CPF}", '
     'phone: »{country: "55"}}', [("required", "customer.phone.area"), ("required", "customer.phone.number")],
     "modifiable-false-partial-phone"),
    ("customer_modifiable: false\ncustomer: " + FULL_CUSTOMER, [], "modifiable-false-full-customer"),
    ("customer_modifiable: true\ncustomer: {name: Maria Silva}", [], "modifiable-true-partial-customer"),
    # items: ≥1; quantity 1–999 and unit_amount 0–999999900 required; name required 1–100; lengths
    ("items: »[]", [("min-items", "items")], "items-empty"),
    ("items: »{name: Camiseta}", [("type", "items")], "items-not-list"),
    (items(item(quantity="»0")), [("range", "items[0].quantity")], "quantity-0"),
    (items(item(quantity="»1000")), [("range", "items[0].quantity")], "quantity-1000"),
    (items(item(quantity='»"1"')), [("type", "items[0].quantity")], "quantity-quoted"),
    (items(item(quantity="»01")), [("type", "items[0].quantity")], "quantity-leading-zero"),
    (items(item(quantity="»1.5")), [("type", "items[0].quantity")], "quantity-decimal"),
    (items(item(quantity="999")), [], "quantity-999"),
    (items(item(), item(quantity="»0")), [("range", "items[1].quantity")], "quantity-second-item"),
    (items("»" + item(quantity=None)), [("required", "items[0].quantity")], "quantity-missing"),
    (items("»" + item(unit_amount=None)), [("required", "items[0].unit_amount")], "unit_amount-missing"),
    (items("»" + item(name=None)), [("required", "items[0].name")], "name-missing"),
    (items(item(unit_amount="»-1")), [("range", "items[0].unit_amount")], "unit_amount-negative"),
    (items(item(unit_amount="»999999901")), [("range", "items[0].unit_amount")], "unit_amount-over"),
    (items(item(unit_amount="0"), item(unit_amount="999999900")), [], "unit_amount-bounds"),
    (items(item(name='»""')), [("length", "items[0].name")], "item-name-empty"),
    (items(item(name="»" + "n" * 101)), [("length", "items[0].name")], "item-name-101"),
    (items(item(name="n" * 100)), [], "item-name-100"),
    (items(item(extra="description: »" + "d" * 256)), [("length", "items[0].description")], "description-256"),
    (items(item(extra="description: " + "d" * 255)), [], "description-255"),
    (items(item(extra="reference_id: »" + "r" * 101)), [("length", "items[0].reference_id")], "item-ref-101"),
    (items(item(extra="reference_id: " + "r" * 100)), [], "item-ref-100"),
    (items(item(extra='»image_url: "https://example.com/a.png"')), [("unknown-field", "items[0].image_url")],
     "item-image_url-not-in-seed"),
    # additional_amount, discount_amount: 0–999999900; discount ≤ Σ quantity × unit_amount + additional
    ("additional_amount: »-1", [("range", "additional_amount")], "additional-negative"),
    ("additional_amount: »999999901", [("range", "additional_amount")], "additional-over"),
    ("additional_amount: 999999900", [], "additional-max"),
    ("discount_amount: »-1", [("range", "discount_amount")], "discount-negative"),
    ("discount_amount: »999999901", [("range", "discount_amount")], "discount-over"),
    ("discount_amount: »4991", [("discount-total", "discount_amount")], "discount-above-items"),
    ("discount_amount: 4990", [], "discount-equal-items"),
    ("additional_amount: 10\ndiscount_amount: »5001", [("discount-total", "discount_amount")], "discount-above-additional"),
    ("additional_amount: 10\ndiscount_amount: 5000", [], "discount-with-additional"),
    (items(item("2", "4990"), item("3", "100")) + "discount_amount: »10281", [("discount-total", "discount_amount")],
     "discount-above-quantity-times-price"),
    (items(item("2", "4990"), item("3", "100")) + "discount_amount: 10280", [], "discount-quantity-times-price"),
    (items(item(quantity="»0")) + "discount_amount: 99999", [("range", "items[0].quantity")],
     "discount-not-judged-on-bad-items"),
    ("additional_amount: »-5\ndiscount_amount: 99999", [("range", "additional_amount")],
     "discount-not-judged-on-bad-additional"),
    # shipping: type enum required; service_type enum; address_modifiable Bool; amount 0–2147483647
    ("shipping: »{service_type: PAC}", [("required", "shipping.type")], "shipping-type-missing"),
    ("shipping: {type: »PICKUP}", [("enum", "shipping.type")], "shipping-type-unknown"),
    ("shipping: {type: »Free}", [("enum", "shipping.type")], "shipping-type-mixed-case"),
    ("shipping: {type: free}", [], "shipping-type-lower"),
    ("shipping: {type: FREE, service_type: »CORREIOS}", [("enum", "shipping.service_type")], "service_type-unknown"),
    ("shipping: {type: FREE, service_type: sedex}", [], "service_type-lower"),
    ("shipping: {type: FREE, address_modifiable: »yes}", [("type", "shipping.address_modifiable")], "address_modifiable-yes"),
    ("shipping: {type: FIXED, amount: »-1}", [("range", "shipping.amount")], "amount-negative"),
    ("shipping: {type: FIXED, amount: »2147483648}", [("range", "shipping.amount")], "amount-over"),
    ("shipping: {type: FIXED, amount: 2147483647}", [], "amount-max"),
    # conditional presence: amount when FIXED, address when address_modifiable false, box when CALCULATED
    ("shipping: »{type: FIXED}", [("required", "shipping.amount")], "fixed-without-amount"),
    ("shipping: »{type: fixed}", [("required", "shipping.amount")], "fixed-lower-without-amount"),
    ("shipping: {type: FREE}", [], "free-without-amount"),
    ("shipping: »{type: FREE, address_modifiable: false}", [("required", "shipping.address")], "address-fixed-missing"),
    (f"shipping: {{type: FREE, address_modifiable: false, address: {address()}}}", [], "address-fixed-given"),
    ("shipping: {type: FREE, address_modifiable: true}", [], "address-modifiable-no-address"),
    ("shipping: »{type: CALCULATED}", [("required", "shipping.box")], "calculated-without-box"),
    ("shipping: »{type: calculated}", [("required", "shipping.box")], "calculated-lower-without-box"),
    (f"shipping: {{type: CALCULATED, service_type: PAC, box: {box()}}}", [], "calculated-with-box"),
    # shipping.address
    (f"shipping: {{type: FREE, address: {address(complement=None)}}}", [], "address-no-complement"),
    *[(f"shipping: {{type: FREE, address: »{address(**{name: None})}}}", [("required", f"shipping.address.{name}")],
       f"address-{name}-missing") for name in ADDRESS],
    *[(f"shipping: {{type: FREE, address: {address(**{name: MARK + 'x' * size})}}}", [("length", f"shipping.address.{name}")],
       f"address-{name}-{size}") for name, size in (("street", 161), ("number", 21), ("complement", 41),
                                                    ("locality", 61), ("city", 91))],
    *[(f"shipping: {{type: FREE, address: {address(**{name: MARK})}}}", [("length", f"shipping.address.{name}")],
       f"address-{name}-empty") for name in ("street", "number", "complement", "locality", "city")],
    (f"shipping: {{type: FREE, address: {address(street='s' * 160, number='n' * 20, complement='c' * 40, locality='l' * 60, city='c' * 90)}}}",
     [], "address-max-lengths"),
    *[(f"shipping: {{type: FREE, address: {address(region_code=MARK + uf)}}}", [("pattern", "shipping.address.region_code")],
       f"region_code-{uf}") for uf in ("SPA", "XX", "sp", "BR", "EX")],
    *[(f"shipping: {{type: FREE, address: {address(region_code=uf)}}}", [], f"region_code-{uf}")
      for uf in ("AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
                 "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO")],
    *[(f"shipping: {{type: FREE, address: {address(country=MARK + c)}}}", [("enum", "shipping.address.country")],
       f"country-{c}") for c in ("BR", "ARG", "bra")],
    *[(f"shipping: {{type: FREE, address: {address(postal_code=MARK + p)}}}", [("pattern", "shipping.address.postal_code")],
       f"postal_code-{p}") for p in ("0131010", "01310-100", "013101000")],
    ("shipping:\n  type: FREE\n  address:\n    street: Avenida Paulista\n    number: 1000\n    locality: Bela Vista\n"
     "    city: São Paulo\n    region_code: SP\n    country: BRA\n    postal_code: 01310100", [], "postal_code-unquoted-leading-zero"),
    # shipping.box
    (f"shipping: {{type: CALCULATED, box: »{box(weight=None)}}}", [("required", "shipping.box.weight")], "box-weight-missing"),
    ("shipping: {type: CALCULATED, box: »{weight: 500}}", [("required", "shipping.box.dimensions")], "box-dimensions-missing"),
    *[(f"shipping: {{type: CALCULATED, box: {{dimensions: »{dimensions(**{side: None})}, weight: 500}}}}",
       [("required", f"shipping.box.dimensions.{side}")], f"box-{side}-missing") for side in ("length", "width", "height")],
    *[(f"shipping: {{type: CALCULATED, box: {box(**{name: MARK + v})}}}", [("range", f"shipping.box{path}")],
       f"box-{name}-{v}") for name, v, path in (
        ("length", "14", ".dimensions.length"), ("length", "101", ".dimensions.length"),
        ("width", "9", ".dimensions.width"), ("width", "101", ".dimensions.width"),
        ("height", "0", ".dimensions.height"), ("height", "101", ".dimensions.height"),
        ("weight", "299", ".weight"), ("weight", "10001", ".weight"))],
    (f"shipping: {{type: CALCULATED, box: {box(length='15', width='10', height='1', weight='300')}}}", [], "box-minimums"),
    (f"shipping: {{type: CALCULATED, box: {box(length='60', width='60', height='60', weight='10000')}}}", [], "box-maximums"),
    ("shipping: {type: CALCULATED, box: {dimensions: »{length: 100, width: 90, height: 10}, weight: 500}}",
     [("dimensions-sum", "shipping.box.dimensions")], "box-sum-200"),
    ("shipping: {type: CALCULATED, box: {dimensions: {length: 100, width: 89, height: 10}, weight: 500}}",
     [], "box-sum-199"),
    ("shipping: {type: CALCULATED, box: {dimensions: {length: 100, width: 99, height: »101}, weight: 500}}",
     [("range", "shipping.box.dimensions.height")], "box-sum-not-judged-on-bad-side"),
    # payment_methods
    ("payment_methods: [»{brands: [VISA]}]", [("required", "payment_methods[0].type")], "method-type-missing"),
    ("payment_methods: [{type: »CASH}]", [("enum", "payment_methods[0].type")], "method-type-unknown"),
    ("payment_methods: [{type: pix}, {type: boleto}, {type: debit_card}]", [], "method-type-lower"),
    ("payment_methods: »{type: PIX}", [("type", "payment_methods")], "methods-not-list"),
    ("payment_methods: [{type: CREDIT_CARD, brands: [VISA, »DISCOVER]}]", [("enum", "payment_methods[0].brands[1]")],
     "brand-unknown"),
    ("payment_methods: [{type: CREDIT_CARD, brands: [VISA, MASTERCARD, AMEX, ELO, HIPERCARD, HIPER, DINERS]}]", [],
     "brands-all"),
    ("payment_methods: [{type: DEBIT_CARD, brands: [visa, elo]}]", [], "brands-lower-debit"),
    ("payment_methods: [{type: PIX, brands: »[VISA]}]", [("brands-type", "payment_methods[0].brands")], "brands-on-pix"),
    ("payment_methods: [{type: CREDIT_CARD}, {type: boleto, brands: »[ELO]}]", [("brands-type", "payment_methods[1].brands")],
     "brands-on-boleto"),
    # payment_methods_configs
    (f"payment_methods_configs: [{config()}]", [], "config-valid"),
    (f"payment_methods_configs: [»{config(type_=None)}]", [("required", "payment_methods_configs[0].type")], "config-type-missing"),
    (f"payment_methods_configs: [{config(type_=MARK + 'BOLETO')}]", [("enum", "payment_methods_configs[0].type")],
     "config-type-boleto"),
    (f"payment_methods_configs: [{config(type_='debit_card')}]", [], "config-type-lower"),
    ("payment_methods_configs: [»{type: CREDIT_CARD}]", [("required", "payment_methods_configs[0].config_options")], "config_options-missing"),
    ("payment_methods_configs: [{type: CREDIT_CARD, config_options: »[]}]",
     [("min-items", "payment_methods_configs[0].config_options")], "config_options-empty"),
    ("payment_methods_configs: [{type: CREDIT_CARD, brands: [»FOO], config_options: [{option: INSTALLMENTS_LIMIT, value: '2'}]}]",
     [("enum", "payment_methods_configs[0].brands[0]")], "config-brand-unknown"),
    ("payment_methods_configs: [{type: CREDIT_CARD, config_options: [»{value: '2'}]}]",
     [("required", "payment_methods_configs[0].config_options[0].option")], "option-missing"),
    ("payment_methods_configs: [{type: CREDIT_CARD, config_options: [{option: »MAX_INSTALLMENTS, value: '2'}]}]",
     [("enum", "payment_methods_configs[0].config_options[0].option")], "option-unknown"),
    ("payment_methods_configs: [{type: CREDIT_CARD, config_options: [»{option: INSTALLMENTS_LIMIT}]}]",
     [("required", "payment_methods_configs[0].config_options[0].value")], "value-missing"),
    ("payment_methods_configs: [{type: CREDIT_CARD, config_options: [{option: INSTALLMENTS_LIMIT, value: »null}]}]",
     [("required", "payment_methods_configs[0].config_options[0].value")], "value-null"),
    *[(f"payment_methods_configs: [{config(value=MARK + v)}]",
       [("installments-limit", "payment_methods_configs[0].config_options[0].value")], f"installments-{v}")
      for v in ('"0"', '"19"', '"abc"', '"03"', '"1.5"', '""')],
    *[(f"payment_methods_configs: [{config(value=v)}]", [], f"installments-{v}") for v in ('"1"', '"18"', "12")],
    ("payment_methods_configs: [" + config(option="installments_limit", value=MARK + '"0"') + "]",
     [("installments-limit", "payment_methods_configs[0].config_options[0].value")], "installments-lower-option-0"),
    # redirect_url, return_url: ≤255, http(s); soft_descriptor ≤17
    *[(f"{name}: »ftp://example.com/x", [("url", name)], f"{name}-ftp") for name in ("redirect_url", "return_url")],
    *[(f"{name}: »{URL}" + "a" * 236, [("length", name)], f"{name}-256") for name in ("redirect_url", "return_url")],
    *[(f"{name}: {URL}" + "a" * 235, [], f"{name}-255") for name in ("redirect_url", "return_url")],
    ("soft_descriptor: »" + "S" * 18, [("length", "soft_descriptor")], "soft_descriptor-18"),
    ("soft_descriptor: " + "S" * 17, [], "soft_descriptor-17"),
    # notification_urls, payment_notification_urls: lists of http(s) URLs of 5–100 characters
    *[case for name in ("notification_urls", "payment_notification_urls") for case in (
        (f"{name}: [»http]", [("length", f"{name}[0]"), ("url", f"{name}[0]")], f"{name}-4"),
        (f'{name}: ["{URL}ok", »"ftp://example.com/x"]', [("url", f"{name}[1]")], f"{name}-ftp"),
        (f'{name}: [»"{URL}' + "a" * 81 + '"]', [("length", f"{name}[0]")], f"{name}-101"),
        (f'{name}: ["{URL}' + "a" * 80 + '", "http://a.b"]', [], f"{name}-100-and-short"),
        (f"{name}: »{URL}hook", [("type", name)], f"{name}-not-list"),
    )],
    # response-only fields (seed: REQUEST: Não) and fields the seed does not list
    *[(f"»{name}: {value}", [("response-only", name)], f"response-only-{name}") for name, value in (
        ("id", "CHEC_123"), ("status", "ACTIVE"), ("created_at", '"2030-01-01T00:00:00-03:00"'),
        ("links", f'[{{rel: SELF, href: "{URL}", method: GET}}]'))],
    ("»soft_descriptr: LOJA", [("unknown-field", "soft_descriptr")], "unknown-typo"),
]


@pytest.mark.parametrize(("snippet", "expected"), [pytest.param(s, e, id=i) for s, e, i in CASES])
def test_rule(tmp_path, snippet, expected):
    _assert_issues(tmp_path, snippet, expected)


def test_case_ids_are_unique():
    ids = [i for *_, i in CASES]
    assert len(ids) == len(set(ids))


def test_items_are_required(tmp_path):
    path = tmp_path / "order.yaml"
    path.write_text("provider: pagbank\norder:\n  reference_id: x\n", encoding="utf-8")
    [doc] = check_file(str(path))
    assert [(i.rule, i.path, i.line, i.column, i.message) for i in doc.issues] == [
        ("required", "order.items", 3, 3, "missing required field")]  # the field's path, the parent's place


def test_missing_customer_details_are_named(tmp_path):
    doc, _ = _check(tmp_path, 'customer_modifiable: false\ncustomer: {name: Maria Silva, phone: {country: "55"}}')
    # CONTRACT §2: the path names the missing field itself.
    named = sorted((i.path, i.message) for i in doc.issues)
    because = "missing, required when customer_modifiable is false"
    assert named == sorted((f"order.customer.{n}", because) for n in ("email", "tax_id", "phone.area", "phone.number"))


def test_phone_message_matches_the_contract(tmp_path):
    doc, _ = _check(tmp_path, 'customer:\n  phone:\n    number: "812345678"')
    [issue] = doc.issues
    assert issue.text() == (f'{issue.file}:5:15: error: order.customer.phone.number: '
                            'must start with 9 and have 9 digits (got "812345678")')


def test_typo_suggests_the_field(tmp_path):
    doc, _ = _check(tmp_path, "soft_descriptr: LOJA")
    assert [i.hint for i in doc.issues] == ["did you mean 'soft_descriptor'?"]


def test_values_are_sent_as_written(tmp_path):
    doc, _ = _check(tmp_path, f"customer: {{tax_id: {CPF}, phone: {{country: +55, area: 11, number: 912345678}}}}\n"
                              "shipping: {type: free, address: {street: NO, number: 0123, locality: On, city: Off,"
                              " region_code: SP, country: BRA, postal_code: 01310100}}")
    assert doc.issues == ()
    assert doc.body["customer"] == {"tax_id": CPF, "phone": {"country": "+55", "area": "11", "number": "912345678"}}
    assert doc.body["shipping"] == {"type": "free", "address": {
        "street": "NO", "number": "0123", "locality": "On", "city": "Off", "region_code": "SP", "country": "BRA",
        "postal_code": "01310100"}}
