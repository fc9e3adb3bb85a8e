"""The provider contract: one object per provider, declaring what it is and what it can do.

    ProviderInfo   name, title, seeds, items field, currency, base URL, operations (`providers` lists it)
    Lookup         how `order show` finds its orders: by id, by token, what its ids look like
    Provider       the base class every provider (built-in or not) subclasses and `registry.register`s

Shared code asks the provider object (`provider.create(...)`, `provider.lookup.by_token`), never its
name. Importing a provider is cheap: its declarations are plain attributes, and its methods import the
heavy parts (rules, HTTP, response mapping, sandbox routes) lazily, from its own folder, so `validate`
and `--help` load none of them (tests/unit/test_cli_validate.py pins this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

# Annotations below name Call, Outcome, OnPlaced (providers/call.py), HttpRequest (transport.py),
# Grant (credentials.py) and Order (model.py) without importing them: this module is the bottom of
# providers/, imported by all.


# What `order cancel|activate` did, in words.
DONE = {"cancel": "cancelled", "activate": "activated"}


def sandbox_prefix(name: str) -> str:
    """Where the sandbox serves a provider's routes: one prefix per provider, its name (CONTRACT §6)."""
    return "/" + name


@dataclass(frozen=True)
class Operation:
    name: str  # create | show | verify | checkout | inactivate | activate | token
    method: str
    path: str
    description: str


@dataclass(frozen=True)
class ProviderInfo:
    """What `checkoutctl providers` lists (its `--output json` is this dataclass, field for field)."""

    name: str
    title: str
    seeds: tuple[str, ...]
    # The order's list of line items: where `--cart` appends a cart's items (CONTRACT §1).
    items_field: str
    currency: str
    base_url: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Lookup:
    """How `order show` finds an order at this provider."""

    by_id: bool = True
    # By a token instead of (or besides) the id; `token_name` is the provider's word for it.
    by_token: bool = False
    token_name: str = "token"
    # A regular expression every id of this provider matches (PagBank `CHEC_…`): an id that is not in
    # the journal is taken for this provider's when no other provider's pattern matches it.
    id_pattern: str | None = None
    example_id: str | None = None  # for help text
    # Fields of the normalized Order (model.py) that this lookup's answer never carries though placing
    # the order told them (the create's answer or request): the journal keeps them when the order is
    # placed from this machine, and `order show` fills them in there (ordering/placed_here.py).
    # Text fields and `items`.
    not_answered: tuple[str, ...] = ()

    def owns_id(self, ref: str) -> bool:
        return self.id_pattern is not None and re.fullmatch(self.id_pattern, ref) is not None


class Provider:
    """A checkout provider. Subclass it, set `info` (and whatever else differs), implement the
    operations it supports, and pass an instance to `checkoutctl.providers.registry.register`."""

    info: ProviderInfo
    lookup: Lookup = Lookup()
    # The provider honours an idempotency key on create (PagBank x-idempotency-key): a create whose
    # outcome is unknown may be sent again with the same key, and the provider answers the first one.
    idempotent_create: bool = False
    # It has a password grant (`login`): a profile may give username/password_env instead of a token.
    can_log_in: bool = False
    # Its grants carry a refresh token it takes back (`refresh`, RFC 6749 §6): an expired stored login
    # is renewed with it instead of asking for the password again (providers/renewal.py).
    can_refresh: bool = False
    # Its sandbox sends the provider's notifications (webhooks) that `checkoutctl listen` receives.
    sends_notifications: bool = False
    # What `order create --dry-run` cannot print because it depends on the first answer.
    dry_run_note: str = ""
    # Hints for a refusal (HTTP status → what to check) where the shared ones say too little.
    refusal_hints: Mapping[int, str] = {}
    # The sample files of samples/ that show its order and cart files (valid, and one with every mistake).
    samples: tuple[str, ...] = ()
    # Commented lines of `config init`'s starter config.yaml for a profile of this provider.
    starter_profile: tuple[str, ...] = ()
    # What it can do to a placed order besides show it: "cancel", "activate" (`order cancel|activate`).
    lifecycle: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def sandbox_prefix(self) -> str:
        return sandbox_prefix(self.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # --- the order file ---------------------------------------------------------------------------

    def order_spec(self) -> Any:
        """The `Obj` spec of the request body, i.e. of the file's `order:` (checkoutctl.rules.fields)."""
        raise NotImplementedError

    def rule_descriptions(self) -> Mapping[str, str]:
        """Its own rule ids (beyond the shared ones of documents/rule_catalogue.py) → what each checks."""
        return {}

    # --- operations -------------------------------------------------------------------------------

    def create_requests(self, body: dict, call: Call) -> list[HttpRequest]:
        """The request(s) `create` sends first, exactly (what `--dry-run` prints)."""
        raise NotImplementedError

    def create(self, body: dict, call: Call, on_placed: OnPlaced) -> Outcome:
        """Place the order; call `on_placed(id, token, status)` the moment the answer names it."""
        raise NotImplementedError

    def show(self, ref: str, call: Call) -> Outcome:
        """Look the order up by `ref` (its id, or its token where `lookup.by_token`)."""
        from checkoutctl.errors import UsageError

        raise UsageError(f"{self.title} has no order lookup", hint="`checkoutctl order history` lists what this machine placed")

    def cancel(self, ref: str, call: Call) -> Outcome:
        """Cancel the order (where "cancel" is in `lifecycle`): the order as the provider then describes it."""
        return self._cannot("cancel")

    def activate(self, ref: str, call: Call) -> Outcome:
        """Make an inactive order payable again (where "activate" is in `lifecycle`)."""
        return self._cannot("activate")

    def _cannot(self, operation: str):
        from checkoutctl.errors import UsageError

        raise UsageError(f"{self.title} orders cannot be {DONE[operation]} from checkoutctl",
                         hint="`checkoutctl providers` lists what each provider can do")

    def link_to_open(self, order: Order) -> str | None:
        """What `order open` opens: the payment page, else the first attachment (a boleto PDF)."""
        return order.payment_url or next((a.url for a in order.attachments if a.url), None)

    def login(self, call: Call) -> Grant:
        """The grant (access token, expiry, refresh token) of the profile's password grant (only where
        `can_log_in`)."""
        from checkoutctl.errors import UsageError

        raise UsageError(f"{self.name} has no login grant; give the profile a token_env",
                         hint="username/password_env work for providers with a `token` operation "
                              "(`checkoutctl providers`)")

    def refresh(self, call: Call, refresh_token: str) -> Grant:
        """A new grant for `refresh_token` (only where `can_refresh`); ProviderRefused when it is refused."""
        from checkoutctl.errors import UsageError

        raise UsageError(f"{self.title} does not refresh tokens", hint="log in again: `checkoutctl auth login`")

    def is_final(self, order: Order) -> bool:
        """Whether nothing more will happen to the order (`order show --watch` stops there)."""
        return False

    def is_successful(self, order: Order) -> bool:
        """Whether the order reached a paid/successful final state (`--watch --exit-status` exits 0 there)."""
        return False

    def look_up_hint(self, order: Order) -> str | None:
        """The command that shows this order again, or None when it can't be looked up."""
        if self.lookup.by_token and order.token:
            return f"checkoutctl order show --token {order.token}"
        if self.lookup.by_id and order.id:
            return f"checkoutctl order show {order.id}"
        return None

    # --- answers ----------------------------------------------------------------------------------

    def error_message(self, document: dict) -> str | None:
        """The message of an error body in this provider's own format, or None when it is not one."""
        return None

    # --- the sandbox ------------------------------------------------------------------------------

    def sandbox(self) -> Any:
        """Its part of the sandbox (`checkoutctl.sandbox.context.SandboxMount`), or None: not emulated."""
        return None

