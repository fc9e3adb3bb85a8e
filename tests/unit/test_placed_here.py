"""ordering/placed_here.py: what placing an order told that its provider's lookup does not answer is
kept in the journal and filled into a later lookup of that order, only where this machine placed it
(same provider, same profile, same creation time) and only where the answer left it empty (issue 11)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from types import SimpleNamespace

import pytest

from checkoutctl.journal import Journal
from checkoutctl.journal.ledger import FILE_NAME
from checkoutctl.model import Item, Order
from checkoutctl.ordering import placed_here
from checkoutctl.ordering.placed_here import PlacedHere, keep
from checkoutctl.providers import registry
from checkoutctl.providers.call import Outcome

BAKERONLINE = registry.get("bakeronline")
CREATED = "2030-06-01T10:00:00+00:00"
ITEMS = (Item("18", "price 17, Happy birthday", 2), Item("19", "price 21", 6, Decimal("1.25"), Decimal("7.50")))


def placed(order_id: str = "14", **kw) -> Order:
    """An order as `order create` renders it: the create's answer and the request's cart lines."""
    values = dict(provider="bakeronline", id=order_id, status="PENDING", created_at=CREATED, total=Decimal("9.38"),
                  items=ITEMS, payment_url="http://127.0.0.1:8765/bakeronline/pay/3", group_id="3")
    return Order(**{**values, **kw})


def answered(order_id: str = "14", **kw) -> Order:
    """The same order as GET /orders/{id} answers it: no payment URL, no lines, no group (seed 002)."""
    return Order(**{**dict(provider="bakeronline", id=order_id, status="APPROVED", created_at=CREATED,
                           total=Decimal("9.38")), **kw})


def place(home, *orders: Order, profile: str = "sandbox", provider=BAKERONLINE) -> int:
    with Journal(home) as journal:
        entry = journal.begin(file="o.yaml", content_hash="h", provider=provider.name, profile=profile)
        journal.settle(entry, state="created", id=[o.id for o in orders], http_status=200)
        keep(journal, entry, provider, list(orders))
    return entry


def shown(home, *orders: Order, profile: str = "sandbox", provider=BAKERONLINE) -> list[Order]:
    settings = SimpleNamespace(home=home, profile=profile)
    return PlacedHere(settings, provider).fill(Outcome(list(orders))).orders


def test_a_lookup_of_an_order_placed_here_gets_its_payment_url_items_and_group_back(tmp_path):
    place(tmp_path, placed("14"), placed("15", items=ITEMS[:1]))
    first, second = shown(tmp_path, answered("14"), answered("15"))
    assert (first.payment_url, first.items, first.group_id) == ("http://127.0.0.1:8765/bakeronline/pay/3", ITEMS, "3")
    assert second.items == ITEMS[:1] and second.group_id == "3"
    assert first.from_journal == ("payment_url", "items", "group_id")
    assert first.status == "APPROVED"  # everything else is the provider's answer, as it is now


def test_what_the_answer_carries_stays_the_providers(tmp_path):
    place(tmp_path, placed())
    own = (Item("99", "as the provider says", 1),)
    [order] = shown(tmp_path, answered(items=own, payment_url="https://pay.example/x"))
    assert order.items == own and order.payment_url == "https://pay.example/x"
    assert order.from_journal == ("group_id",)


@pytest.mark.parametrize("other", [
    dict(profile="production"),  # another profile may reach another server: its order 14 is another order
    dict(created_at="2030-06-02T08:00:00+00:00"),  # the sandbox started afresh and gave out 14 again
    dict(order_id="15"),
])
def test_another_order_of_the_same_id_or_profile_is_not_filled(tmp_path, other):
    place(tmp_path, placed())
    order = answered(other.get("order_id", "14"), created_at=other.get("created_at", CREATED))
    [shown_order] = shown(tmp_path, order, profile=other.get("profile", "sandbox"))
    assert shown_order == order and shown_order.from_journal == ()


def test_the_newest_placement_of_an_id_is_the_one_filled(tmp_path):
    place(tmp_path, placed(payment_url="http://127.0.0.1:8765/bakeronline/pay/1"))
    place(tmp_path, placed(payment_url="http://127.0.0.1:8765/bakeronline/pay/2"))
    [order] = shown(tmp_path, answered())
    assert order.payment_url.endswith("/pay/2")


def test_an_answer_without_a_creation_time_is_filled(tmp_path):
    place(tmp_path, placed())
    [order] = shown(tmp_path, answered(created_at=None))
    assert order.items == ITEMS


def test_a_machine_without_a_journal_shows_the_answer_and_creates_no_journal(tmp_path):
    [order] = shown(tmp_path, answered())
    assert order == answered() and not (tmp_path / FILE_NAME).exists()
    assert placed_here.JOURNAL_FILE == FILE_NAME  # the name it looks for without importing sqlite3


def test_a_provider_whose_lookup_answers_everything_keeps_and_reads_nothing(tmp_path):
    pagbank = registry.get("pagbank")
    assert pagbank.lookup.not_answered == ()
    order = placed(provider="pagbank", id="CHEC_1")
    place(tmp_path, order, provider=pagbank)
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM journal_kept").fetchone() == (0,)
    [back] = shown(tmp_path, Order("pagbank", id="CHEC_1"), provider=pagbank)
    assert back == Order("pagbank", id="CHEC_1")


def test_an_order_with_nothing_to_keep_keeps_no_row(tmp_path):
    place(tmp_path, Order("bakeronline", id="14", created_at=CREATED))
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM journal_kept").fetchone() == (0,)


def test_a_kept_text_that_is_not_ours_is_ignored_and_values_are_read_carefully(tmp_path):
    place(tmp_path, placed("14"), placed("15"))
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        db.execute("UPDATE journal_kept SET details = '{not json' WHERE order_id = '14'")
        db.execute("""UPDATE journal_kept SET details = '{"v": 1, "created_at": null, "fields":"""
                   """ {"items": [{"id": 5, "quantity": "x", "unit_price": "1e9999"}, 7], "payment_url": [1]}}'"""
                   " WHERE order_id = '15'")
    first, second = shown(tmp_path, answered("14"), answered("15"))
    assert first == answered("14")
    assert second.items == (Item("5", None, None, None, None),) and second.payment_url is None
    assert second.from_journal == ("items",)


def test_a_journal_that_cannot_be_read_is_said_and_the_answer_shown(tmp_path, capsys):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database" * 100)
    [order] = shown(tmp_path, answered())
    assert order == answered()
    assert "the journal could not be read" in capsys.readouterr().err


def test_a_journal_that_cannot_keep_them_is_said_and_the_order_stands(tmp_path, capsys):
    class Refusing:
        def keep(self, entry_id, details):
            from checkoutctl.errors import JournalUnavailable

            raise JournalUnavailable("no", path=tmp_path, cause=sqlite3.OperationalError("disk I/O error"))

    keep(Refusing(), 1, BAKERONLINE, [placed()])
    err = capsys.readouterr().err
    assert "could not keep" in err and "payment_url, items, group_id" in err and "disk I/O error" in err


def test_the_lookup_is_read_once_per_command_across_polls(tmp_path, monkeypatch):
    place(tmp_path, placed())
    reads = []
    real = Journal.kept
    monkeypatch.setattr(Journal, "kept", lambda self, *a: reads.append(a) or real(self, *a))
    filler = PlacedHere(SimpleNamespace(home=tmp_path, profile="sandbox"), BAKERONLINE)
    for _ in range(3):  # `order show --watch` polls
        [order] = filler.fill(Outcome([answered()])).orders
        assert order.items == ITEMS
    assert len(reads) == 1
