"""Gestão Plus: boleto checkout and public order details (seeds 000, 001; seeds/README)."""

from __future__ import annotations

from checkoutctl.providers.base import Lookup, Provider
from checkoutctl.providers.gestaoplus.info import FINAL_PAYMENT_STATES, INFO


class GestaoPlusProvider(Provider):
    info = INFO
    # Orders are looked up by publicToken only (seed 001); the journal maps an id to its token.
    lookup = Lookup(by_id=False, by_token=True, token_name="publicToken")
    can_log_in = True  # seeds/README: POST /oauth, password grant
    can_refresh = True  # seeds/README: its answer carries a refresh_token (operations.refresh: RFC 6749 §6)
    lifecycle = frozenset({"cancel"})  # seeds/README: DELETE /order-external/{orderId}, x-api-key + Origin
    dry_run_note = "then GET /order/info?t=<publicToken from the answer> (Origin header) to show the whole order"
    # Seeds 000/001: a missing or unlisted Origin is refused with 403.
    refusal_hints = {403: "the credentials lack access, or Origin is not allowed: check the profile's origin "
                          "(CHECKOUTCTL_ORIGIN)"}
    samples = ("gestaoplus.yaml", "gestaoplus-invalid.yaml")
    starter_profile = (
        "base_url: https://api.gestao.plus",
        "origin: https://shop.example.com",
        "token_env: GESTAOPLUS_TOKEN",
        "# or, instead of token_env, log in (a password grant):",
        "# username: loja@example.com",
        "# password_env: GESTAOPLUS_PASSWORD",
    )

    def order_spec(self):
        from checkoutctl.providers.gestaoplus.rules import ORDER

        return ORDER

    def rule_descriptions(self):
        from checkoutctl.providers.gestaoplus.rules import RULES

        return RULES

    def create_requests(self, body, call):
        from checkoutctl.providers.gestaoplus import operations

        return operations.create_requests(body, call)

    def create(self, body, call, on_placed):
        from checkoutctl.providers.gestaoplus import operations

        return operations.create(body, call, on_placed)

    def show(self, ref, call):
        from checkoutctl.providers.gestaoplus import operations

        return operations.show(ref, call)

    def login(self, call):
        from checkoutctl.providers.gestaoplus import operations

        return operations.login(call)

    def refresh(self, call, refresh_token):
        from checkoutctl.providers.gestaoplus import operations

        return operations.refresh(call, refresh_token)

    def cancel(self, ref, call):
        from checkoutctl.providers.gestaoplus import operations

        return operations.cancel(ref, call)

    def is_final(self, order) -> bool:
        return (order.payment_status or "").upper() in FINAL_PAYMENT_STATES

    def is_successful(self, order) -> bool:
        return (order.payment_status or "").upper() == "CONCLUIDO"  # paid in full (seed 001 statusPayment)

    def sandbox(self):
        from checkoutctl.providers.gestaoplus.sandbox import mount

        return mount()


GESTAOPLUS = GestaoPlusProvider()
