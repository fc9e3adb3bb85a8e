"""Installment splitting of the Gestão Plus sandbox: amounts always add up to the order total exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.providers.gestaoplus import catalogue as cat

totals = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999999.99"), places=2, allow_nan=False,
                     allow_infinity=False)


@st.composite
def percent_plans(draw) -> list[Decimal]:
    """1-24 percents with two decimals that add up to 100, like negotiation type plans."""
    count = draw(st.integers(min_value=1, max_value=24))
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=10000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10000]
    return [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:])]


@settings(max_examples=400, deadline=None)
@given(total=totals, plan=percent_plans())
def test_amounts_sum_to_the_total_and_are_never_negative(total, plan):
    amounts = cat.split_installments(total, plan)
    assert len(amounts) == len(plan)
    assert sum(amounts, Decimal(0)) == total
    assert all(a >= 0 and a == a.quantize(cat.CENT) for a in amounts)


@settings(max_examples=200, deadline=None)
@given(total=totals)
def test_every_catalogue_plan_splits_exactly(total):
    for negotiation in cat.NEGOTIATION_TYPES.values():
        assert sum(negotiation_plan.percent for negotiation_plan in negotiation.plan) == 100
        amounts = cat.split_installments(total, [r.percent for r in negotiation.plan])
        assert sum(amounts, Decimal(0)) == total


def test_seed_001_plan_is_two_halves_at_0_and_30_days():
    # seed 001: 150 on "E-commerce - Cartão de crédito 2x" is 75 + 75, due 2021-03-02 and 2021-04-01.
    plan = cat.NEGOTIATION_TYPES[22]
    assert cat.split_installments(Decimal(150), [r.percent for r in plan.plan]) == [Decimal("75.00"), Decimal("75.00")]
    assert cat.due_dates(date(2021, 3, 2), plan) == [date(2021, 3, 2), date(2021, 4, 1)]


def test_thirds_put_the_remainder_on_the_last_installment():
    plan = [r.percent for r in cat.NEGOTIATION_TYPES[33].plan]
    assert cat.split_installments(Decimal(100), plan) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert cat.split_installments(Decimal("0.01"), plan) == [Decimal("0.00"), Decimal("0.00"), Decimal("0.01")]


def test_no_plan_no_installments():
    assert cat.split_installments(Decimal(10), []) == []
