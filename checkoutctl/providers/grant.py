"""The access token out of an OAuth-style token answer (Gestão Plus /oauth, Crayon connect/token)."""

from __future__ import annotations

from checkoutctl.errors import ProviderFailure


def access_token(response, provider: str) -> str:
    """`access_token` of a 2xx token answer; ProviderFailure (exit 5) when it holds none."""
    doc = response.json()
    token = doc.get("access_token") if isinstance(doc, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise ProviderFailure(f"{provider} answered the login without an access_token", status=response.status)
    return token.strip()
