"""The API key of ERP routes (Gestão Plus x-api-key, `order cancel`): CONTRACT §4 CHECKOUTCTL_API_KEY, or
the variable a profile's `api_key_env` names; the built-in sandbox profile has the sandbox's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkoutctl.errors import UsageError
from checkoutctl.settings import load_settings

PROFILE = "profiles:\n  gp:\n    provider: gestaoplus\n    base_url: https://api.gestao.plus\n    api_key_env: GP_ERP_KEY\n"


@pytest.fixture
def config(_isolated_env):
    path = Path(os.environ["CHECKOUTCTL_HOME"]) / "config.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_profile_names_the_variable_and_the_environment_variable_wins(config, monkeypatch):
    monkeypatch.setenv("GP_ERP_KEY", "erp-from-profile-var")
    settings = load_settings(profile="gp")
    assert settings.api_key.reveal() == "erp-from-profile-var" and settings.api_key_env == "GP_ERP_KEY"
    assert "erp-from-profile-var" not in repr(settings)
    monkeypatch.setenv("CHECKOUTCTL_API_KEY", "erp-from-env")
    assert load_settings(profile="gp").api_key.reveal() == "erp-from-env"


def test_an_unset_variable_is_no_key_and_the_sandbox_has_its_own(config, monkeypatch):
    monkeypatch.delenv("GP_ERP_KEY", raising=False)
    monkeypatch.delenv("CHECKOUTCTL_API_KEY", raising=False)
    assert load_settings(profile="gp").api_key is None
    assert load_settings().api_key.reveal() == "sandbox"


def test_a_key_written_in_the_file_is_not_a_profile_key(config):
    config.write_text(PROFILE.replace("api_key_env: GP_ERP_KEY", "api_key: plain"), encoding="utf-8")
    with pytest.raises(UsageError, match="unknown key 'api_key'"):
        load_settings(profile="gp")
