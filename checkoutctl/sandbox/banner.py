"""What `checkoutctl sandbox serve` says when it is up: each provider's base URL and how to use it."""

from __future__ import annotations

from pathlib import Path

from checkoutctl.sandbox.context import SANDBOX_TOKEN


def banner(url: str, providers: list[str], database: Path, *, loopback: bool) -> str:
    width = max((len(name) for name in providers), default=0)
    first = providers[0] if providers else "PROVIDER"
    lines = [
        f"checkoutctl sandbox listening on {url} ({'loopback only' if loopback else 'REMOTE ALLOWED'})",
        f"state: {database}",
        f"base URLs (bearer token: {SANDBOX_TOKEN}):",
        *(f"  {name:<{width}}  {url}/{name}" for name in providers),
        "commands of this home use it by themselves (the built-in sandbox profile); from elsewhere:",
        f"  CHECKOUTCTL_TOKEN={SANDBOX_TOKEN} checkoutctl order create ORDER.yaml --base-url {url}/{first}",
        "or a profile in config.yaml:",
        f"  profiles: {{local-{first}: {{provider: {first}, base_url: \"{url}/{first}\", token_env: SANDBOX_TOKEN}}}}",
        "links it hands out (boleto PDFs, PAY pages) open while it runs; Ctrl-C to stop",
    ]
    return "\n".join(lines) + "\n"
