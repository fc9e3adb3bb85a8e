"""Validate and the sandbox agree (issue 12): every refusal a sandbox makes from the request body alone
is a rule `checkoutctl validate` runs too.

Each sandbox checks a body with `check_request_body(body, PROVIDER.order_spec())`, the very spec validate
reads a file with, so those refusals are validate's by construction. This test walks every other
refusal written in `checkoutctl/providers/*/sandbox*.py` and requires it to be classified: it needs the
catalogue or the sandbox's state, or it is about the request rather than the body. A new refusal
that the body alone decides fails here until it is a rule.
"""

from __future__ import annotations

import copy
import json
import re
from importlib import import_module

import pytest
import yaml
from werkzeug.test import Client

from checkoutctl.providers import registry
from checkoutctl.sandbox.context import CORE_SCHEMA, SandboxContext
from checkoutctl.sandbox.store import Store
from checkoutctl.store.migrations import Migrations
from tests.conftest import ROOT
from tests.unit.sandbox.routes_app import wsgi_app
from tests.unit.sandbox.test_bakeronline_sandbox import HEADERS, SEED_REQUEST

# A refusal as the sandbox source writes it: the code (or a message's fixed start) passed to the
# provider's error builder, a catalogue `problem(path, rule, …)`, or an in-band `Errors` sentence.
REFUSAL = re.compile(
    r'(?:_error|_oauth_error|errors|problem)\((\d{3}), \(?f?"([^"{]*)|problem\(f?"[^"]*", "(\w+)"|errors\.append\(f?"([^"{]*)')

RULES = "the body broke a rule: check_request_body(body, PROVIDER.order_spec()), validate's own spec"
REQUEST = "the request, not its body (auth, headers, JSON syntax, route, lookup)"
CATALOGUE = "needs the sandbox's catalogue (ids it knows)"
STATE = "needs the sandbox's state (what was placed before)"
ANSWER = "a success answer, not a refusal"

CLASSIFIED: dict[str, dict[str, str]] = {
    "bakeronline": {
        "validation_failed": RULES, "unsupported_version": REQUEST, "unauthenticated": REQUEST, "not_found": REQUEST,
        "invalid_order": CATALOGUE, "unknown_shop": CATALOGUE, "unknown_product": CATALOGUE,
        "product_not_in_shop": CATALOGUE, "unknown_product_price": CATALOGUE, "price_not_of_product": CATALOGUE,
        "unknown_coupon": CATALOGUE,
    },
    "crayon": {
        "ValidationError": RULES, "Unauthorized": REQUEST, "invalid_client": REQUEST, "invalid_grant": REQUEST,
        "invalid_request": REQUEST, "invalid_scope": REQUEST, "unsupported_grant_type": REQUEST,
        "CustomerNotFound": CATALOGUE, "OrderNotVerified": CATALOGUE, "OrderLines[": CATALOGUE,
        "DuplicateOrder": STATE, "ExternalOrderId": STATE,
    },
    "gestaoplus": {
        ";": RULES, "Forbidden (Missing Origin)": REQUEST, "Unauthorized (Invalid token)": REQUEST,
        "Forbidden (Invalid token)": REQUEST, "Invalid JSON body": REQUEST, "File not found": REQUEST,
        "Client credentials were not found": REQUEST, "Invalid username and password combination": REQUEST,
        "Unsupported grant type; use password or refresh_token": REQUEST, "Unauthorized (Invalid API key)": REQUEST,
        "Invalid refresh token": STATE, "Refresh token has expired": STATE,  # sandbox_oauth.py: tokens it issued
        "Order": REQUEST,  # cancel: "Order {id} not found", a lookup
        "Invalid negotiation type for this scope": CATALOGUE, "Product": CATALOGUE,
        "Order created": ANSWER, "ok": ANSWER,
    },
    "pagbank": {
        "invalid_value": RULES, "invalid_authorization_header": REQUEST, "invalid_request_body": REQUEST,
        "not_found": REQUEST, "idempotency_key_conflict": STATE,
    },
}


def refusals_written_in(provider: str) -> set[str]:
    folder = ROOT / "checkoutctl" / "providers" / provider
    source = "\n".join(path.read_text() for path in sorted(folder.glob("sandbox*.py")))  # its routes, split by idea
    return {(m[2] if m[1] else (m[3] or m[4])).strip() for m in REFUSAL.finditer(source)}


@pytest.mark.parametrize("provider", registry.names())
def test_every_refusal_of_each_sandbox_is_classified(provider):
    assert refusals_written_in(provider) == set(CLASSIFIED[provider])


@pytest.mark.parametrize("provider", registry.names())
def test_each_sandbox_checks_bodies_with_validates_own_spec(provider):
    sandbox = import_module(f"checkoutctl.providers.{provider}.sandbox")
    source = (ROOT / "checkoutctl" / "providers" / provider / "sandbox.py").read_text()
    checks = re.findall(r"check_request_body\(body, (\w+)\.order_spec\(\)\)", source)
    assert len(checks) == 1, checks
    assert getattr(sandbox, checks[0]) is registry.get(provider)  # the registered provider object itself
    assert getattr(sandbox, checks[0]).order_spec() is registry.order_spec(provider)


# --- the refusals that were the sandbox's alone (a date in the past passed validate) -------------------


def _past(body):
    body["checkout"]["delivery"]["date"] = "2019-01-31"
    return "checkout.delivery.date", "past-date"


def _past_latch(body):
    body["checkout"]["method"] = "latch"
    body["checkout"]["latch"]["date"] = "2020-02-29"
    return "checkout.latch.date", "past-date"


def _past_takeout(body):
    body["checkout"]["method"] = "takeout"
    body["cart"] = body["cart"][1:2]  # shop 13 only, which has its shop_13 entry
    body["checkout"]["takeout"]["shops"]["shop_13"]["date"] = "2021-06-01"
    return "checkout.takeout.shops.shop_13.date", "past-date"


def _takeout_shop_missing(body):
    body["checkout"]["method"] = "takeout"
    body["cart"] = body["cart"][:2]  # shops 12 and 13: only shop_13 has its entry
    return "checkout.takeout.shops.shop_12", "takeout-shop"


def _amount(body):
    body["cart"][0]["amount"] = 1001
    return "cart[0].amount", "range"


@pytest.fixture
def bakeronline_client(tmp_path):
    from checkoutctl.providers.bakeronline import sandbox as bo

    store = Store(tmp_path / "sandbox.sqlite3", [Migrations.of_statements("sandbox_core", CORE_SCHEMA),
                                                 Migrations.of_statements("bakeronline", bo.SCHEMA)])
    yield Client(wsgi_app(SandboxContext(store), bo))
    store.close()


@pytest.mark.parametrize("edit", [_past, _past_latch, _past_takeout, _takeout_shop_missing, _amount],
                         ids=lambda f: f.__name__.strip("_"))
def test_a_body_refusal_of_the_sandbox_is_reported_by_validate_at_the_same_field(bakeronline_client, cli, write, edit):
    body = copy.deepcopy(SEED_REQUEST)
    path, rule = edit(body)
    answer = bakeronline_client.post("/bakeronline/checkout/order", json=body, headers=HEADERS)
    assert answer.status_code == 422, answer.get_json()
    assert [(f["path"], f["rule"]) for f in answer.get_json()["error"]["fields"]] == [(path, rule)]
    res = cli("validate", "--format", "json", write("o.yaml", yaml.safe_dump({"provider": "bakeronline", "order": body})))
    assert res.code == 3
    assert [(i["path"], i["rule"]) for i in json.loads(res.out)] == [(f"order.{path}", rule)]


def test_the_unedited_body_passes_both(bakeronline_client, cli, write):
    assert bakeronline_client.post("/bakeronline/checkout/order", json=SEED_REQUEST, headers=HEADERS).status_code == 200
    res = cli("validate", write("o.yaml", yaml.safe_dump({"provider": "bakeronline", "order": SEED_REQUEST})))
    assert (res.code, res.out) == (0, "")
