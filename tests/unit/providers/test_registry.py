"""providers/registry.py and what each built-in provider declares (providers/base.py)."""

from __future__ import annotations

import pytest

from checkoutctl.providers import registry
from checkoutctl.providers.base import Lookup, Provider, ProviderInfo
from tests.conftest import SAMPLES


def test_the_built_ins_are_registered_in_order_and_a_name_is_taken_once():
    assert registry.names() == ("gestaoplus", "pagbank", "bakeronline", "crayon")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.get("pagbank"))
    with pytest.raises(TypeError):
        registry.register(object())  # type: ignore[arg-type]
    assert registry.find("stripe") is None and registry.find(None) is None
    with pytest.raises(KeyError):
        registry.get("stripe")


def test_unregister_forgets_a_provider():
    class Temporary(Provider):
        info = ProviderInfo(name="temporary", title="T", seeds=(), items_field="x", currency="", base_url="",
                            operations=())

    registry.register(Temporary())
    assert "temporary" in registry.names()
    registry.unregister("temporary")
    assert "temporary" not in registry.names()


@pytest.mark.parametrize("provider", registry.providers(), ids=registry.names())
def test_every_declared_sample_exists_and_validates_as_its_name_says(provider, cli):
    assert provider.samples, "each built-in shows its order file in samples/"
    for name in provider.samples:
        path = SAMPLES / name
        assert path.is_file(), path
        assert f"provider: {provider.name}" in path.read_text(encoding="utf-8")
        result = cli("validate", str(path))
        assert result.code == (3 if name.endswith("-invalid.yaml") else 0), (name, result.out, result.err)


@pytest.mark.parametrize("provider", registry.providers(), ids=registry.names())
def test_every_sandbox_route_is_served_under_the_providers_own_prefix(provider):
    from importlib import import_module

    mount = provider.sandbox()
    assert mount is not None and mount.routes and mount.schema
    assert import_module(f"checkoutctl.providers.{provider.name}.sandbox").PREFIX == provider.sandbox_prefix


def test_lookups_say_how_each_provider_finds_its_orders():
    assert registry.get("gestaoplus").lookup == Lookup(by_id=False, by_token=True, token_name="publicToken")
    assert registry.get("pagbank").lookup.owns_id("CHEC_0123456789ABCDEF0123456789ABCDEF")
    assert not registry.get("pagbank").lookup.owns_id("14")
    assert not any(p.lookup.owns_id("14") for p in registry.providers())
    assert [p.name for p in registry.providers() if p.idempotent_create] == ["pagbank"]
    assert [p.name for p in registry.providers() if p.can_log_in] == ["gestaoplus", "crayon"]
