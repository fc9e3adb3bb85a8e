"""The bearer token a Call sends, kept valid (issue 14: tokens are used until they expire and refreshed
with the refresh token where the provider gives one, never logged in again on every command).

Where it comes from (settings.py decides):

- a token from the environment or the config file: sent as it is; a 401 is the provider's answer;
- the grant `auth login` stored (credentials.py): used until its stored expiry, then renewed BEFORE the
  request leaves; a 401 to a request that carried it (the provider's clock ran ahead, the token was
  revoked) renews it once per command. Renewing is the provider's refresh grant (RFC 6749 §6, where it
  `can_refresh`), else, or when that is refused, the profile's password grant where password_env is
  configured, else exit 2 naming `checkoutctl auth login --profile P`. The new grant replaces the
  stored one (atomically, under the store's lock, so a second command renewing at the same moment takes
  the first one's grant instead of spending a rotated refresh token twice);
- the profile's password grant (username + password_env, nothing stored): once per command.

After a 401 only a request that is safe to repeat (GET/HEAD, or `idempotent`) is sent again with the
new token. A POST that creates or changes an order is never replayed: the 401 is reported (exit 4,
the provider refused it, so nothing was placed) with a hint saying the token was renewed and the
command can simply be run again.

A token request that fails on the network concerns the login, not the order: the order's request
never left, so the failure is `sent=False` (the journal records it `failed`, placing again is safe).
"""

from __future__ import annotations

from checkoutctl.errors import CheckoutError, ProviderFailure, ProviderRefused, UsageError

SAFE_METHODS = ("GET", "HEAD")


class Bearer:
    """The Authorization header of one Call, and what renews it."""

    def __init__(self, settings, provider) -> None:
        self.settings = settings
        self.provider = provider
        self._grant = settings.stored_grant  # credentials.Grant, or None: the token is not a stored login
        self._token: str | None = settings.token.reveal() if settings.token is not None else None
        self._renewed = False
        # Set when a 401 was answered to a request that is not sent again (the hint its refusal carries).
        self.refusal_hint: str | None = None

    def header(self, call) -> dict[str, str]:
        if self._grant is not None and self._grant.expired():
            if call.transport is None:  # --dry-run: nothing is sent, so nothing is renewed
                return {"Authorization": "Bearer <renewed from the stored login>"}
            self._renew(call)
        if self._token is None:
            if self.settings.login is None:
                return {}
            if call.transport is None:
                return {"Authorization": "Bearer <from the profile's login>"}
            self._token = _token_request(self.provider, lambda: self.provider.login(call)).token
        return {"Authorization": f"Bearer {self._token}"}

    def carried_by(self, request) -> bool:
        return self._token is not None and request.headers.get("Authorization") == f"Bearer {self._token}"

    def after_refusal(self, call, request, response, idempotent: bool):
        """A 401 to `request`, which carried the stored token: renew it once, and send `request` again
        where that is safe; otherwise the 401 stands, with a hint (module docstring)."""
        if self._grant is None or self._renewed:
            return response
        repeatable = request.method.upper() in SAFE_METHODS or idempotent
        profile = self.settings.profile
        try:
            self._renew(call, why="was refused")
        except UsageError as err:
            if repeatable:
                raise
            self.refusal_hint = f"{err.message}; {err.hint}"
            return response
        if not repeatable:
            self.refusal_hint = (f"the stored token of profile {profile!r} was refused and has been renewed; "
                                 f"the {request.method.upper()} was not sent again, so nothing was placed: "
                                 "run the command again")
            return response
        from dataclasses import replace

        headers = {**request.headers, "Authorization": f"Bearer {self._token}"}
        return call.transport.send(replace(request, headers=headers), idempotent=idempotent)

    def _renew(self, call, why: str = "has expired") -> None:
        from checkoutctl.credentials import CredentialStore

        store = CredentialStore(self.settings.home)
        spent = self._grant
        with store.locked():
            current = store.load(self.settings.profile)
            if current is not None and current != spent and not current.expired():
                grant = current  # another command renewed it meanwhile: its refresh token is the live one
            else:
                grant = self._new_grant(call, spent, why)
                store.save(self.settings.profile, grant)
        self._grant, self._token, self._renewed = grant, grant.token, True

    def _new_grant(self, call, spent, why: str):
        profile, title = self.settings.profile, self.provider.title
        refused = None
        if spent.refreshable and self.provider.can_refresh:
            try:
                return _token_request(self.provider, lambda: self.provider.refresh(call, spent.refresh_token))
            except ProviderRefused as err:  # invalid_grant: spent, expired or revoked
                refused = err
        if self.settings.login is not None:  # password_env is configured: the password grant again
            return _token_request(self.provider, lambda: self.provider.login(call))
        then = (f"{title} refused to refresh it ({refused.provider_message or f'HTTP {refused.status}'})"
                if refused is not None else f"{title} hands out no refresh token")
        raise UsageError(f"the login stored for profile {profile!r} {why} and {then}",
                         hint=f"run `checkoutctl auth login --profile {profile}`")


def _token_request(provider, run):
    """`run()` (a login or refresh), its failures said as the token's: the order's request never left."""
    try:
        return run()
    except (ProviderRefused, UsageError):
        raise
    except CheckoutError as err:
        raise ProviderFailure(f"{provider.title} could not issue a token: {err.message}; the order's request "
                              "was not sent", status=getattr(err, "status", None), sent=False,
                              hint="try again; `checkoutctl auth status` shows the stored login") from None
    except Exception as err:  # an answer that is not a token answer's shape
        raise ProviderFailure(f"{provider.title} answered the token request in a shape it does not document "
                              f"({type(err).__name__}); the order's request was not sent", sent=False) from None
