"""render/tsv.py state_colour: one rule for plain states and for codes shown with their meaning."""

from __future__ import annotations

import pytest

from checkoutctl.render.tsv import state_colour


@pytest.mark.parametrize(("value", "colour"), [
    ("created", "green"), ("PAID", "green"), ("ACTIVE", "green"), ("refused", "red"), ("DECLINED", "red"),
    ("cancelled", "red"), ("pending", "yellow"), ("unknown", "yellow"), ("LIQUIDADO", None), ("1", None),
    # Gestão Plus codes in words (gestaoplus/info.py): coloured as the plain state they are
    ("1 (active)", "green"), ("0 (cancelled)", "red"), ("CONCLUIDO (paid in full)", "green"),
    ("PENDENTE (awaiting payment)", "yellow"), ("CANCELADO (cancelled)", "red"), ("EXPIRADO (expired)", "red"),
    ("ABERTO (open)", "yellow"), ("LIQUIDADO (paid)", "green"),
    # the code's own colour wins; words that mean nothing to the rule stay plain
    ("PAID (cancelled)", "green"), ("ESTORNADO (refunded)", None), ("(cancelled", None), ("x (y) (z)", None),
])
def test_worded_states_take_the_colour_of_their_code_else_their_meaning(value, colour):
    assert state_colour(value) == colour


def test_a_piped_summary_colours_its_state_rows_only_when_colour_is_wanted():
    import io

    from checkoutctl.model import Order
    from checkoutctl.render.order_table import summary_listing
    from checkoutctl.render.tsv import write_tsv

    listing = summary_listing(Order("gestaoplus", id="1", status="0", status_meaning="cancelled", payment_status="PENDING"))
    coloured, plain = io.StringIO(), io.StringIO()
    write_tsv(listing, colour=True, stream=coloured)
    write_tsv(listing, colour=False, stream=plain)
    assert coloured.getvalue().splitlines() == ["provider\tgestaoplus", "id\t1", "status\t\x1b[31m0 (cancelled)\x1b[0m",
                                                "payment status\t\x1b[33mPENDING\x1b[0m"]
    assert "\x1b" not in plain.getvalue()
