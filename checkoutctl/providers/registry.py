"""The providers checkoutctl speaks. Adding a fifth is one folder and one line here.

Lookups import lazily: `validate` loads only the rules of the providers its files name.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from checkoutctl.providers.base import ProviderInfo

PROVIDER_NAMES: tuple[str, ...] = ("gestaoplus", "pagbank", "bakeronline", "crayon")


def _module(name: str, part: str = "") -> ModuleType:
    if name not in PROVIDER_NAMES:
        raise KeyError(name)
    return import_module(f"checkoutctl.providers.{name}{'.' + part if part else ''}")


def info(name: str) -> ProviderInfo:
    return _module(name).INFO


def order_spec(name: str):
    """The `Obj` spec of the provider's request body (the file's `order:`)."""
    return _module(name, "rules").ORDER


def rule_descriptions(name: str) -> dict[str, str]:
    """The provider's own rule ids (beyond the shared ones in documents/rule_catalogue.py) → what each checks."""
    return dict(_module(name, "rules").RULES)


def all_infos() -> list[ProviderInfo]:
    return [info(n) for n in PROVIDER_NAMES]
