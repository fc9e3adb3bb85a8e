"""The providers checkoutctl speaks: name → provider object. The only place that knows the built-in list.

The built-ins register through `register()` exactly as any other provider does (as simonw/llm's
built-in models do), so a fifth provider is its own folder plus one line in `_register_builtins`, or a
`register()` call of its own. Registering is cheap: a provider object imports nothing heavy (base.py).
"""

from __future__ import annotations

from checkoutctl.providers.base import Provider, ProviderInfo

_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Make `provider` known to every command; ValueError if its name is taken."""
    if not isinstance(provider, Provider):
        raise TypeError(f"{provider!r} is not a checkoutctl Provider")
    if provider.name in _PROVIDERS:
        raise ValueError(f"a provider named {provider.name!r} is already registered")
    _PROVIDERS[provider.name] = provider
    return provider


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def get(name: str) -> Provider:
    """The provider named `name`; KeyError if there is none."""
    return _PROVIDERS[name]


def find(name: str | None) -> Provider | None:
    return _PROVIDERS.get(name) if name is not None else None


def names() -> tuple[str, ...]:
    return tuple(_PROVIDERS)


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def info(name: str) -> ProviderInfo:
    return get(name).info


def order_spec(name: str):
    """The `Obj` spec of the provider's request body (the file's `order:`)."""
    return get(name).order_spec()


def rule_descriptions(name: str) -> dict[str, str]:
    """The provider's own rule ids (beyond the shared ones in documents/rule_catalogue.py) → what each checks."""
    return dict(get(name).rule_descriptions())


def all_infos() -> list[ProviderInfo]:
    return [p.info for p in _PROVIDERS.values()]


def _register_builtins() -> None:
    from checkoutctl.providers.bakeronline import BAKERONLINE
    from checkoutctl.providers.crayon import CRAYON
    from checkoutctl.providers.gestaoplus import GESTAOPLUS
    from checkoutctl.providers.pagbank import PAGBANK

    for provider in (GESTAOPLUS, PAGBANK, BAKERONLINE, CRAYON):
        register(provider)


_register_builtins()
