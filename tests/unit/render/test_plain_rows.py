"""Rows drawn in plain Python (render/plain_rows.py) are the bytes rich's own Table draws (issue 15).

Every listing is drawn twice on the same kind of console, once with `rich_rows=True` (each row through
rich's Table, the reference) and once the fast way, and the two outputs must be equal: without colour,
with colour (state colours, bold header, OSC 8 links), at 80 and 120 columns, with cut text, wide
characters, right-justified numbers, section rules, no header, links listed below and tables wider
than the terminal. OSC 8 link ids are random per style, so they are the one thing normalised.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from checkoutctl.render.list_table import draw
from checkoutctl.render.listing import Column, Listing
from checkoutctl.render.plain_rows import fitted

LINK_ID = re.compile(r"\x1b\]8;id=[^;]*;")
KINDS = ("key", "time", "id", "url", "number", "state", "text")


def console(width: int, colour: bool) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=True, markup=False, emoji=False,
                   highlight=False, color_system="truecolor" if colour else None, soft_wrap=False)


def both(listing: Listing, width: int, colour: bool) -> tuple[str, str]:
    reference, fast = console(width, colour), console(width, colour)
    draw(listing, reference, rich_rows=True)
    draw(listing, fast)
    return (LINK_ID.sub("\x1b]8;id=N;", reference.file.getvalue()),
            LINK_ID.sub("\x1b]8;id=N;", fast.file.getvalue()))


words = st.text(alphabet=st.sampled_from("ab Zé漢字😀-_ .:/0129"), max_size=30)
values = st.one_of(words, st.sampled_from(["paid", "refused", "pending", "-", "", "https://pay.example/x?a=1",
                                           "http://127.0.0.1:8765/pagbank/pay/CHEC_1", "ftp://x.example/y",
                                           "1,234.50 BRL", "  12 ", "2026-01-10T12:00:00+00:00"]))


@st.composite
def listings(draw_):
    kinds = draw_(st.lists(st.sampled_from(KINDS), min_size=1, max_size=6))
    columns = tuple(Column(draw_(st.sampled_from(["id", "description", "qty", "URL", "", "estado"])), kind,
                           priority=draw_(st.integers(0, 2)))
                    for kind in kinds)
    rows = draw_(st.lists(st.tuples(*(values for _ in kinds)), max_size=8))
    ends = frozenset(draw_(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=2)))
    return Listing(title=draw_(st.sampled_from(["", "Items", "Installments"])), columns=columns, rows=rows,
                   json_value=None, section_ends=ends, show_header=draw_(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(listings(), st.sampled_from([80, 120, 30]), st.booleans())
def test_plain_rows_are_richs_bytes(listing, width, colour):
    reference, fast = both(listing, width, colour)
    assert fast == reference


ORDERISH = Listing(
    title="Installments",
    columns=(Column("no.", "number"), Column("due", "key"), Column("method", "text", priority=1),
             Column("status", "state"), Column("amount", "number"), Column("URL", "url")),
    rows=[(str(n), "2026-01-10", "CARTAO_CREDITO " * (n % 4), "PAGO" if n % 2 else "paid", f"{n},000.00",
           f"https://pay.example/{'x' * 30 * n}") for n in range(1, 6)] + [("total", "", "", "", "15,000.00", "")],
    json_value=None, section_ends=frozenset({4}))


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("colour", [False, True])
def test_an_order_section_is_the_same_at_80_and_120(width, colour):
    reference, fast = both(ORDERISH, width, colour)
    assert fast == reference
    assert "┏" in fast and "├" in fast  # drawn as a table, with the rule above the totals row


def test_a_table_wider_than_the_terminal_is_drawn_whole_both_ways():
    wide = Listing(title="", columns=(Column("id", "id"), Column("note", "text")),
                   rows=[("CHEC_" + "A" * 150, "a note that gives way")], json_value=None)
    reference, fast = both(wide, 80, False)
    assert fast == reference
    assert "CHEC_" + "A" * 150 in fast


def test_a_wrapping_column_is_left_to_rich():
    wrapping = Listing(title="", columns=(Column("id", "id"), Column("description", "text", wrap=True)),
                       rows=[("1", "word " * 40)], json_value=None)
    reference, fast = both(wrapping, 80, False)
    assert fast == reference
    assert len(fast.splitlines()) > 5  # folded over several lines, not cut


@pytest.mark.parametrize(("value", "width", "right", "expected"), [
    ("abc", 5, False, "abc  "),
    ("abc", 5, True, "  abc"),
    ("abcdefgh", 5, False, "abcd…"),
    ("12  ", 4, True, "  12"),  # right-justified text is right-stripped first, as rich does
    ("漢字漢字", 6, False, "漢字 …"),  # a wide character that does not fit becomes a space
])
def test_fitted_cuts_and_pads_as_rich_does(value, width, right, expected):
    assert fitted(value, width, right) == expected
