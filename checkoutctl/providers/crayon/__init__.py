"""Crayon purchase-request checkout (seed 003; seeds/README for token, verify and shapes)."""

from __future__ import annotations

from checkoutctl.providers.base import Lookup, Provider
from checkoutctl.providers.crayon.info import FINAL_STATES, INFO, LEGACY, PRIMARY


class CrayonProvider(Provider):
    info = INFO
    # The purchase-request API has no order lookup (seed 003).
    lookup = Lookup(by_id=False)
    can_log_in = True  # seeds/README: POST /api/v1/connect/token/, Basic client id:secret + password grant
    dry_run_note = (f"then POST {PRIMARY}/checkout with the verified order (204 on success; "
                    f"legacy {LEGACY}/… where the primary answers 404)")
    samples = ("crayon.yaml", "crayon-cart.yaml", "crayon-invalid.yaml")
    starter_profile = (
        "base_url: https://api.crayon.com",
        "token_env: CRAYON_TOKEN",
        "# or, instead of token_env, log in (a password grant):",
        "# username: me@example.com",
        "# password_env: CRAYON_PASSWORD",
        "# client_id: my-client              # the API client, with its secret in an env var",
        "# client_secret_env: CRAYON_CLIENT_SECRET",
    )

    def order_spec(self):
        from checkoutctl.providers.crayon.rules import ORDER

        return ORDER

    def rule_descriptions(self):
        from checkoutctl.providers.crayon.rules import RULES

        return RULES

    def create_requests(self, body, call):
        from checkoutctl.providers.crayon import operations

        return operations.create_requests(body, call)

    def create(self, body, call, on_placed):
        from checkoutctl.providers.crayon import operations

        return operations.create(body, call, on_placed)

    def show(self, ref, call):
        from checkoutctl.errors import UsageError

        raise UsageError("Crayon has no order lookup in its purchase-request API (seed 003)",
                         hint="`checkoutctl order history` lists what this machine placed")

    def login(self, call):
        from checkoutctl.providers.crayon import operations

        return operations.login(call)

    def is_final(self, order) -> bool:
        return (order.status or "").upper() in FINAL_STATES

    def is_successful(self, order) -> bool:
        return (order.status or "").upper() == "CHECKED_OUT"  # the purchase went through

    def error_message(self, document: dict) -> str | None:
        from checkoutctl.providers.crayon.errors import error_message

        return error_message(document)

    def sandbox(self):
        from checkoutctl.providers.crayon.sandbox import mount

        return mount()


CRAYON = CrayonProvider()
