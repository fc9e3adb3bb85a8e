"""Bakeronline `/checkout/order`, X-VERSION 1.5.0 (seed 002; seeds/README)."""

from __future__ import annotations

from checkoutctl.providers.bakeronline.info import API_VERSION, FINAL_STATES, INFO
from checkoutctl.providers.base import Lookup, Provider


class BakeronlineProvider(Provider):
    info = INFO
    # GET /orders/{id} answers one order of seed 002's orders[]: no payment_url (the create answer's,
    # one per order_group), no cart lines (the request's) and no group id.
    lookup = Lookup(by_id=True, not_answered=("payment_url", "items", "group_id"))
    samples = ("bakeronline.yaml", "bakeronline-cart.yaml", "bakeronline-invalid.yaml")
    starter_profile = (
        "base_url: https://api.bakeronline.be",
        "token_env: BAKERONLINE_TOKEN",
    )

    def order_spec(self):
        from checkoutctl.providers.bakeronline.rules import ORDER

        return ORDER

    def rule_descriptions(self):
        from checkoutctl.providers.bakeronline.rules import RULES

        return RULES

    def create_requests(self, body, call):
        from checkoutctl.providers.bakeronline import operations

        return operations.create_requests(body, call)

    def create(self, body, call, on_placed):
        from checkoutctl.providers.bakeronline import operations

        return operations.create(body, call, on_placed)

    def show(self, ref, call):
        from checkoutctl.providers.bakeronline import operations

        return operations.show(ref, call)

    def is_final(self, order) -> bool:
        return (order.status or "").upper() in FINAL_STATES

    def is_successful(self, order) -> bool:
        return (order.status or "").upper() == "COLLECTED"  # handed over to the customer

    def sandbox(self):
        from checkoutctl.providers.bakeronline.sandbox import mount

        return mount()


BAKERONLINE = BakeronlineProvider()
