"""PagBank Checkout (seed 004, v2.2 Checkout object; seeds/README for endpoints and errors)."""

from __future__ import annotations

from checkoutctl.providers.base import Lookup, Provider
from checkoutctl.providers.pagbank.info import FINAL_STATES, INFO


class PagBankProvider(Provider):
    info = INFO
    # seeds/README: "Ids look like `CHEC_…`" (the sandbox's: CHEC_ + 32 hex digits).
    lookup = Lookup(by_id=True, id_pattern=r"CHEC_[0-9A-Za-z-]{1,64}", example_id="CHEC_0123456789ABCDEF0123456789ABCDEF")
    # PagBank honours x-idempotency-key (seeds/README), so a create may be retried with the same key.
    idempotent_create = True
    sends_notifications = True  # seeds/README "PagBank notifications"
    lifecycle = frozenset({"cancel", "activate"})  # cancel = inactivate (seeds/README)
    samples = ("pagbank.yaml", "pagbank-cart.yaml", "pagbank-invalid.yaml")
    starter_profile = (
        "base_url: https://sandbox.api.pagseguro.com",
        "token_env: PAGBANK_TOKEN",
        "timeout: 30            # read timeout, seconds",
        "connect_timeout: 5",
    )

    def order_spec(self):
        from checkoutctl.providers.pagbank.rules import ORDER

        return ORDER

    def rule_descriptions(self):
        from checkoutctl.providers.pagbank.rules import RULES

        return RULES

    def create_requests(self, body, call):
        from checkoutctl.providers.pagbank import operations

        return operations.create_requests(body, call)

    def create(self, body, call, on_placed):
        from checkoutctl.providers.pagbank import operations

        return operations.create(body, call, on_placed)

    def show(self, ref, call):
        from checkoutctl.providers.pagbank import operations

        return operations.show(ref, call)

    def cancel(self, ref, call):
        from checkoutctl.providers.pagbank import operations

        return operations.transition(ref, call, "inactivate")

    def activate(self, ref, call):
        from checkoutctl.providers.pagbank import operations

        return operations.transition(ref, call, "activate")

    def is_final(self, order) -> bool:
        # A paid checkout is done with, whatever its own status still says.
        return (order.status or "").upper() in FINAL_STATES or self.is_successful(order)

    def is_successful(self, order) -> bool:
        # The latest charge of a payment through the checkout is PAID (seeds/README payment states).
        return (order.payment_status or "").upper() == "PAID"

    def error_message(self, document: dict) -> str | None:
        from checkoutctl.providers.pagbank.errors import error_message

        return error_message(document)

    def sandbox(self):
        from checkoutctl.providers.pagbank.sandbox import mount

        return mount()


PAGBANK = PagBankProvider()
