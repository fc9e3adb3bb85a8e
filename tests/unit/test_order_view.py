"""Order rendering: the table pinned at NO_COLOR=1 / COLUMNS=100, pure JSON, raw bodies, and terminal
safety (CONTRACT §7) against hostile strings in every field and arbitrary provider JSON."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from checkoutctl.model import Attachment, Customer, Installment, Item, Link, Order, order_to_json
from checkoutctl.providers.bakeronline.mapping import order_from_order, orders_from_group
from checkoutctl.providers.crayon.mapping import order_from_purchase_request
from checkoutctl.providers.gestaoplus.mapping import order_from_info
from checkoutctl.providers.pagbank.mapping import order_from_checkout
from checkoutctl.render.order_view import render_orders

SEED_001 = json.loads((Path(__file__).parent / "providers" / "seed_responses" / "gestaoplus_order_info_200.json")
                      .read_text("utf-8"))
# Written out here, not imported from safe_text.py, so a hole there fails these tests.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL_OR_TAB = re.compile("[\t]|" + CONTROL.pattern)
OSC8_TARGET = re.compile("\x1b\\]8;[^;\x1b]*;([^\x1b]*)\x1b\\\\")

EVIL_MARKUP = "[link=https://evil.example]x[/link]"
HOSTILE = [
    "\x1b[2J\x1b[31mclear",  # ESC: clear screen, colour
    "\x9b31mcsi",  # C1 CSI
    "abc\u202egnp.exe",  # bidi override (Trojan Source)
    EVIL_MARKUP,
    "[bold]loud[/bold]",
    ":smile:",
    "line1\nline2\r\x1b]8;;https://evil.example\x07osc",  # newline injection + OSC 8
]


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")  # the terminal's table (piped stdout gets TSV)


def table_of(orders, capsys) -> str:
    capsys.readouterr()
    render_orders(orders, "table")
    return capsys.readouterr().out


# --- the table, pinned -----------------------------------------------------------------------------


@pytest.fixture
def zone(monkeypatch):
    """The user's zone, from TZ (issue 11: times in the user's zone on a terminal)."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_seed_001_table_summary_items_installments_attachments(narrow, zone, capsys):
    zone("UTC")
    out = table_of([order_from_info(SEED_001, token="tok-1")], capsys)
    lines = [line.rstrip() for line in out.splitlines()]
    href = SEED_001["data"]["attachmentItems"][0]["href"]
    # Every line fits 100 columns but the boleto URL's own, which is longer than that and never split (issue 11).
    assert max(len(line) for line in lines if line != f"[1] {href}") <= 100
    for expected in ("provider        gestaoplus", "id              593", "code            0000593098",
                     "token           tok-1", "status          1 (active)",
                     "payment status  CONCLUIDO (paid in full)",
                     "created         2021-03-02 21:02", "total           150.00 BRL",
                     "discount        0.00 BRL", "customer        Solucoes Inteligentes Servicos EIRELI",
                     "document        123421341234", "email           example@exemple.com"):
        assert expected in lines
    assert not any(line.startswith("payment URL") for line in lines)  # no value: no row of dashes
    # Amounts: items 150.00 − discount 0.00 = total 150.00 (seed 001 orderTotal)
    assert "│ items    │ 150.00 BRL │" in lines and "│ discount │   0.00 BRL │" in lines
    assert "│ total    │ 150.00 BRL │" in lines
    assert "Items" in lines and "Installments" in lines and "Attachments & links" in lines
    assert "Notes" not in out  # nothing to say: section left out
    assert "│ 483 │ CERTIFICADO PJ A1 │   1 │     150.00 │ 150.00 │" in lines
    assert "│     1 │ 2021-03-02 │ CARTAO_CREDITO │ LIQUIDADO │  75.00 │  75.00 │ 0.00 │" in lines
    assert "│     2 │ 2021-04-01 │ CARTAO_CREDITO │ LIQUIDADO │  75.00 │  75.00 │ 0.00 │" in lines
    assert "│ total │            │                │           │ 150.00 │ 150.00 │ 0.00 │" in lines
    # the long boleto URL is shown whole on one line under the table, referenced from its row
    assert f"[1] {href}" in lines
    assert any(line.startswith("│ hello-world.pdf │ Boleto ") and "Hello world" in line and "│ [1] │" in line
               for line in lines)


def test_installment_totals_due_paid_open(narrow, capsys):
    order = Order("gestaoplus", id="9", currency="BRL", installments=(
        Installment(1, "2024-01-10", Decimal("100.00"), Decimal("100.00"), "BOLETO", "LIQUIDADO"),
        Installment(2, "2024-02-10", Decimal("100.00"), Decimal("40.00"), "BOLETO", "PARCIAL"),
        Installment(3, "2024-03-10", Decimal("50.50"), None, "BOLETO", "ABERTO"),
    ))
    lines = [line.rstrip() for line in table_of([order], capsys).splitlines()]
    assert "│     1 │ 2024-01-10 │ BOLETO │ LIQUIDADO │ 100.00 │ 100.00 │   0.00 │" in lines
    assert "│     2 │ 2024-02-10 │ BOLETO │ PARCIAL   │ 100.00 │  40.00 │  60.00 │" in lines
    # paid unknown counts as nothing paid, in the row as in the totals
    assert "│     3 │ 2024-03-10 │ BOLETO │ ABERTO    │  50.50 │      - │  50.50 │" in lines
    # due 250.50, paid 140.00, open 110.50
    assert "│ total │            │        │           │ 250.50 │ 140.00 │ 110.50 │" in lines


def test_empty_sections_and_summary_rows_without_a_value_are_left_out(narrow, capsys):
    out = table_of([Order("crayon", id="po-1", status="VERIFIED")], capsys)
    assert "Items" not in out and "Installments" not in out and "Attachments" not in out
    assert [line.rstrip() for line in out.splitlines()] == ["provider  crayon", "id        po-1", "status    VERIFIED"]
    doc = json.loads(json.dumps(order_to_json(Order("crayon", id="po-1", status="VERIFIED"))))
    assert doc["total"] is None and doc["created_at"] is None and doc["payment_url"] is None  # JSON keeps them


def test_created_is_in_the_users_zone_on_a_terminal_and_rfc3339_piped(narrow, zone, capsys, monkeypatch):
    order = Order("pagbank", id="CHEC_1", created_at="2021-03-02T21:02:53+00:00")
    zone("America/Sao_Paulo")
    assert "created   2021-03-02 18:02" in table_of([order], capsys).splitlines()
    zone("Asia/Tokyo")
    assert "created   2021-03-03 06:02" in table_of([order], capsys).splitlines()
    monkeypatch.delenv("CHECKOUTCTL_FORCE_TTY")
    assert "created\t2021-03-02T21:02:53+00:00" in table_of([order], capsys).splitlines()
    assert order_to_json(order)["created_at"] == "2021-03-02T21:02:53+00:00"


def test_gestaoplus_codes_in_words_unknown_codes_as_they_came(narrow, capsys):
    doc = json.loads(json.dumps(SEED_001))
    doc["data"].update(status=7, statusPayment="PARCIALMENTE_XYZ")
    lines = table_of([order_from_info(doc)], capsys).splitlines()
    assert "status          7" in lines and "payment status  PARCIALMENTE_XYZ" in lines


def test_several_orders_and_links_and_notes(narrow, capsys):
    orders = [Order("bakeronline", id=str(n), total=Decimal(n), currency="EUR", payment_url="https://example.com",
                    links=(Link("PAY", "GET", "https://example.com/pay"),), notes=("a note",)) for n in (14, 15)]
    lines = [line.rstrip() for line in table_of(orders, capsys).splitlines()]
    assert lines.count("provider     bakeronline") == 2
    assert "total        14.00 EUR" in lines and "total        15.00 EUR" in lines
    assert any(line.startswith("│ PAY ") and "│ GET " in line and "https://example.com/pay" in line for line in lines)
    assert "│ a note │" in lines


def test_items_without_any_money_have_no_price_columns(narrow, capsys):
    lines = [line.rstrip() for line in table_of([Order("crayon", items=(Item("CFQ7TTC0LH18", "M365", 25),))],
                                                capsys).splitlines()]
    assert "┃ id           ┃ description ┃ qty ┃" in lines
    assert "│ CFQ7TTC0LH18 │ M365        │  25 │" in lines


def test_no_orders(narrow, capsys):
    assert table_of([], capsys).strip() == "No orders."


# --- JSON and raw ------------------------------------------------------------------------------------


def test_json_is_one_object_or_an_array(capsys):
    order = order_from_info(SEED_001)
    render_orders([order], "json")
    assert json.loads(capsys.readouterr().out) == order_to_json(order)
    render_orders([order, order], "json")
    assert json.loads(capsys.readouterr().out) == [order_to_json(order)] * 2
    render_orders([], "json")
    assert json.loads(capsys.readouterr().out) == []


def test_json_keeps_non_ascii_readable(capsys):
    render_orders([Order("pagbank", items=(Item(description="Boné"),))], "json")
    assert '"Boné"' in capsys.readouterr().out


def test_raw_pretty_prints_json_bodies_and_keeps_text(capsys):
    render_orders([], "raw", raw_bodies=[b'{"a":[1,2],"b":"\\u001b[2Jx\xc3\xa3"}', "<html>\x1b[31m403</html>", b""])
    out = capsys.readouterr().out
    assert out.startswith('{\n  "a": [\n    1,\n    2\n  ],\n')
    assert '"b": "\\u001b[2Jxã"' in out  # escaped by JSON: printable, harmless
    assert "<html>[31m403</html>\n" in out and "\x1b" not in out


def test_raw_drops_bidi_and_c1_from_bodies(capsys):
    render_orders([], "raw", raw_bodies=['{"name": "abc\u202egnp.exe\u009b"}', b"\xff\xfe not utf-8 \xc2\x9b"])
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\x9b" not in out
    assert '"name": "abcgnp.exe"' in out and "not utf-8" in out


def test_unknown_output_is_refused():
    with pytest.raises(ValueError):
        render_orders([], "yaml")


# --- hostile strings in every field ---------------------------------------------------------------


def hostile_order(s: str, url: str) -> Order:
    return Order(provider=s, id=s, code=s, token=s, status=s, payment_status=s, created_at=s, currency=s,
                 total=Decimal("1.00"), discount=Decimal("0.00"), customer=Customer(s, s, s),
                 items=(Item(s, s, 1, Decimal("1.00"), Decimal("1.00")),),
                 installments=(Installment(1, s, Decimal("1.00"), Decimal("0.00"), s, s, s),),
                 attachments=(Attachment(s, s, s, url),), links=(Link(s, s, url),), payment_url=url, notes=(s,))


@pytest.mark.parametrize("s", HOSTILE)
def test_hostile_strings_never_reach_the_terminal_as_controls_or_markup(s):
    # A console with markup and emoji ON: safety must not depend on the console's settings.
    console = Console(file=io.StringIO(), width=300, no_color=True, markup=True, emoji=True)
    render_orders([hostile_order(s, "javascript:alert(1)")], "table", console=console)
    out = console.file.getvalue()
    assert not CONTROL_OR_TAB.findall(out.replace("\n", ""))
    assert "javascript:alert(1)" in out
    if s in (EVIL_MARKUP, "[bold]loud[/bold]", ":smile:"):
        assert out.count(s) >= 10  # shown literally in every cell, not interpreted
    assert "😄" not in out
    assert not any(line.lstrip("│ ").startswith(("line2", "osc")) for line in out.splitlines())


@pytest.mark.parametrize("s", HOSTILE)
def test_hostile_strings_in_json_and_raw(s, capsys):
    order = hostile_order(s, "javascript:alert(1)")
    render_orders([order], "json")
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert not CONTROL.findall(out.replace("\n", ""))
    for value in (doc["id"], doc["customer"]["email"], doc["items"][0]["description"], doc["notes"][0]):
        assert not CONTROL_OR_TAB.findall(value.replace("\n", ""))  # safe even after `jq -r`
    if s in (EVIL_MARKUP, ":smile:"):
        assert doc["status"] == s
    render_orders([order], "raw", raw_bodies=[json.dumps({"x": s}, ensure_ascii=False), s])
    assert not CONTROL.findall(capsys.readouterr().out.replace("\n", ""))


def test_hyperlinks_only_for_http_urls_and_only_to_the_text_shown():
    console = Console(file=io.StringIO(), width=300, force_terminal=True, color_system="truecolor")
    urls = ["https://ok.example/pay", "http://ok.example/boleto.pdf", "javascript:alert(1)", "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>", "JAVASCRIPT://https://x", "https://", "ftp://x.example/f",
            "https://sp ace.example", EVIL_MARKUP]
    order = Order("pagbank", payment_url=urls[0], status=EVIL_MARKUP,
                  attachments=tuple(Attachment(name=str(n), url=u) for n, u in enumerate(urls)),
                  links=(Link("PAY", "GET", "https://ok.example/pay\x1b]8;;https://evil.example\x07"),))
    render_orders([order], "table", console=console)
    out = console.file.getvalue()
    targets = {t for t in OSC8_TARGET.findall(out) if t}
    assert targets == {"https://ok.example/pay", "http://ok.example/boleto.pdf",
                       "https://ok.example/pay]8;;https://evil.example"}
    assert "evil.example\x07" not in out and "\x07" not in out
    for url in urls[2:5]:
        assert url in out  # shown as plain text


# --- properties: arbitrary JSON through every mapping, then every output ---------------------------

KNOWN_KEYS = [
    "data", "id", "code", "date", "timezone", "status", "statusPayment", "orderTotal", "orderDiscount", "user",
    "name", "document", "email", "orderItems", "quantity", "price", "description", "financialItems", "dueDate",
    "installment", "amount", "amountPaid", "type", "attachmentItems", "typeDescription", "href", "publicToken",
    "orderCode", "reference_id", "created_at", "customer", "tax_id", "items", "unit_amount", "additional_amount",
    "discount_amount", "shipping", "links", "rel", "method", "order_group", "orders", "payment_url", "order_nr",
    "prices", "price_to_pay", "discount", "value", "currency", "payment_status", "valid", "cart", "product_id",
    "order", "ExternalOrderId", "OrderLines", "ProductId", "Name", "Quantity", "Errors", "Message", "ErrorCode",
]
TEXT = st.text(max_size=24) | st.sampled_from(HOSTILE + ["https://ok.example/x", "javascript:alert(1)",
                                                         "2021-03-02 21:02:53.000000", "UTC", "PAY"])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=6), inner, max_size=8),
                    max_leaves=40)
MAPPINGS = [
    lambda doc: [order_from_info(doc, token="t")],
    lambda doc: [order_from_info({"data": doc})],
    lambda doc: [order_from_checkout(doc)],
    lambda doc: orders_from_group(doc),
    lambda doc: orders_from_group({"order_group": {"orders": doc}, "payment_url": "https://ok.example"}),
    lambda doc: [order_from_order(doc)],
    lambda doc: [order_from_purchase_request(doc, status="VERIFIED")],
]


def assert_safe_render(orders, raw_bodies) -> None:
    for output in ("table", "json", "raw"):
        console = Console(file=io.StringIO(), width=100, no_color=True)
        render_orders(orders, output, raw_bodies=raw_bodies, console=console)
        out = console.file.getvalue()
        allowed = CONTROL if output == "raw" else CONTROL_OR_TAB  # raw keeps the body's tabs, like `clean`
        assert not allowed.findall(out.replace("\n", "")), output
        if output == "json":
            parsed = json.loads(out)
            assert isinstance(parsed, dict if len(orders) == 1 else list)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=JSON, which=st.sampled_from(range(len(MAPPINGS))))
def test_any_json_maps_without_raising_and_renders_safely(doc, which):
    orders = MAPPINGS[which](doc)
    assert all(isinstance(o, Order) for o in orders)
    assert_safe_render(orders, [json.dumps(doc, ensure_ascii=False)])


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=200) | st.text(max_size=200) | JSON.map(lambda d: json.dumps(d, ensure_ascii=False)))
def test_any_raw_body_renders_safely(body):
    assert_safe_render([], [body])


@settings(max_examples=150, deadline=None)
@given(s=TEXT | st.text(), url=TEXT | st.text())
def test_any_strings_in_every_field_render_safely(s, url):
    assert_safe_render([hostile_order(s, url)], None)
