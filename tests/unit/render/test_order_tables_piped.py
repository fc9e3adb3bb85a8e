"""Piped, an order's tables are TSV written without rich (issue 15: `order show | …` of 5,000 items
must not pay rich's ~40 ms import); on a terminal the same call draws with rich.

Each case runs in a fresh interpreter with stdout a pipe and reads `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.model import money_text
from checkoutctl.render.money_text import money_shown
from tests.conftest import ROOT

CODE = """
import json, sys
from decimal import Decimal
from checkoutctl.model import Installment, Item, Link, Order
from checkoutctl.render.order_view import render_orders

items = tuple(Item(id=f"SKU-{i}", description="x", quantity=1, unit_price=Decimal("1.00"), total=Decimal("1.00"))
              for i in range(3))
order = Order(provider="pagbank", id="CHEC_1", items=items, links=(Link("PAY", "GET", "https://pay.example/x"),),
              installments=(Installment(number=1, amount=Decimal("3.00")),))
render_orders([order], "table")
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def run(env_extra: dict) -> tuple[str, set[str]]:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", **env_extra}
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, set(json.loads(proc.stderr))


def test_piped_order_tables_import_no_rich():
    out, loaded = run({})
    assert "items\tSKU-2\tx\t1\t1.00\t1.00" in out.splitlines()
    assert not {m for m in loaded if m.split(".")[0] == "rich"}


def test_the_same_tables_on_a_terminal_are_drawn_with_rich():
    out, loaded = run({"CHECKOUTCTL_FORCE_TTY": "1", "COLUMNS": "80"})
    assert "┏" in out and "SKU-2" in out
    assert "rich.console" in loaded


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.integers(), st.none(),
                 st.floats(allow_nan=True), st.text(alphabet="0123456789.-+e ", max_size=12)),
       st.sampled_from([None, "BRL"]))
def test_money_shown_reads_the_amount_once_and_shows_what_it_showed(value, currency):
    # The form it had before (two money_text calls and a re-parse), kept here as the reference.
    text = money_text(value)
    expected = "-" if text is None else format(Decimal(text), ",f") + (f" {currency}" if currency else "")
    assert money_shown(value, currency) == expected
