"""Help text that names providers, made from the registry: a provider registered later appears in it.

Cheap to import: the registry holds provider objects only (providers/base.py), no rules and no HTTP.
"""

from __future__ import annotations

from checkoutctl.providers import registry


def names() -> str:
    """'gestaoplus, pagbank, bakeronline or crayon'."""
    return _either([p.name for p in registry.providers()])


def titles() -> str:
    return ", ".join(p.title for p in registry.providers())


def token_lookups() -> str:
    """Who looks orders up by a token, and what each calls it: 'Gestão Plus publicToken'."""
    return ", ".join(f"{p.title} {p.lookup.token_name}" for p in registry.providers() if p.lookup.by_token) or "none"


def idempotent_creates() -> str:
    return ", ".join(p.title for p in registry.providers() if p.idempotent_create) or "none"


def sample(number: int = 0) -> str:
    """The first sample file of the `number`th provider that has samples: 'samples/gestaoplus.yaml'."""
    files = [p.samples[0] for p in registry.providers() if p.samples] or ["order.yaml"]
    return "samples/" + files[number % len(files)]


def show_examples() -> str:
    by_id = next((p for p in registry.providers() if p.lookup.by_id and p.lookup.example_id), None)
    by_token = next((p for p in registry.providers() if p.lookup.by_token), None)
    lines = [f"checkoutctl order show {by_id.lookup.example_id}" if by_id else "checkoutctl order show ID"]
    if by_token:
        lines.append(f"checkoutctl order show --token 3f2a… --provider {by_token.name} --output json")
    lines.append("checkoutctl order show ID --watch")
    return "Examples:\n\n" + "\n\n".join("  " + line for line in lines)


def sandbox_path() -> str:
    """A provider's create path in the sandbox, for fault examples: '/pagbank/checkouts'."""
    for provider in sorted(registry.providers(), key=lambda p: not p.idempotent_create):
        create = next((op for op in provider.info.operations if op.name == "create"), None)
        if create:
            return provider.sandbox_prefix + create.path
    return "/PROVIDER/PATH"


def a_prefix() -> str:
    providers = registry.providers()
    return providers[0].sandbox_prefix if providers else "/PROVIDER"


def _either(words: list[str]) -> str:
    return " or ".join(filter(None, (", ".join(words[:-1]), words[-1] if words else "")))
