"""The grant out of an OAuth-style token answer (Gestão Plus /oauth, Crayon connect/token): RFC 6749 §5.1
`{access_token, token_type, expires_in, refresh_token}`, read by every provider's login and refresh."""

from __future__ import annotations

import math
import time

from checkoutctl.credentials import Grant
from checkoutctl.errors import ProviderFailure

# An expires_in beyond this is not a lifetime a provider means (or a hostile one): no expiry is kept.
MAX_LIFETIME_SECONDS = 10 * 365 * 86400


def grant_from(response, provider: str, *, now: float | None = None) -> Grant:
    """The grant of a 2xx token answer; ProviderFailure (exit 5) when it holds no access_token.

    `expires_in` is a number or, as Gestão Plus sends it (seeds/README: "43200"), a string of one;
    anything else means no expiry is known. A `refresh_token` is kept when it is a non-empty string."""
    doc = response.json()
    token = doc.get("access_token") if isinstance(doc, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise ProviderFailure(f"{provider} answered the login without an access_token", status=response.status)
    refresh = doc.get("refresh_token")
    refresh = refresh.strip() if isinstance(refresh, str) and refresh.strip() else None
    seconds = _lifetime(doc.get("expires_in"))
    expires_at = None if seconds is None else (time.time() if now is None else now) + seconds
    return Grant(token.strip(), expires_at, refresh)


def _lifetime(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and 0 < seconds <= MAX_LIFETIME_SECONDS else None
