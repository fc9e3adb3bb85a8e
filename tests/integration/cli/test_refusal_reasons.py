"""The provider's refusal, as `order create` shows it, carries its per-field reasons (issue 12).

What the body alone decides is refused by validate before anything is sent; what needs the provider's
catalogue reaches it, and its answer names every field at fault — not only "2 problem(s)".
"""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration


def test_bakeronline_catalogue_refusal_names_each_field(cli, write):
    text = (SAMPLES / "bakeronline.yaml").read_text().replace("shop_id: 12", "shop_id: 99")
    assert "shop_id: 99" in text
    res = cli("order", "create", write("o.yaml", text))
    assert res.code == 4, res.err
    line = next(li for li in res.err.splitlines() if li.startswith("error:"))
    assert "(invalid_order): cart[0].shop_id: no shop 99" in line


def test_a_body_problem_is_refused_by_validate_before_sending(cli, write):
    text = (SAMPLES / "bakeronline.yaml").read_text()
    import re

    past, n = re.subn(r'(\n\s+date: )"?\d{4}-\d\d-\d\d"?', r'\1"2019-01-31"', text, count=1)
    assert n == 1
    res = cli("order", "create", write("o.yaml", past))
    assert res.code == 3  # nothing was sent
    assert "past-date" not in res.err and "2019-01-31 is in the past" in res.err
