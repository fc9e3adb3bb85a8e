"""Settings precedence (flag > env > profile > default), config file checks, and `checkoutctl config`."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from checkoutctl.errors import EXIT_USAGE, UsageError
from checkoutctl.settings import Secret, load_settings

CANARY = "canary-SECRET-7f3a9c"

PAGBANK = """\
default_profile: pb
profiles:
  pb:
    provider: pagbank
    base_url: https://sandbox.api.pagseguro.com
    token_env: PB_TOKEN
    timeout: 12
    connect_timeout: 3
  gp:
    provider: gestaoplus
    base_url: https://api.gestao.plus
    origin: https://shop.example
"""


@pytest.fixture
def home(_isolated_env) -> Path:
    return Path(os.environ["CHECKOUTCTL_HOME"])


@pytest.fixture
def config(home):
    def write(text: str, mode: int = 0o600) -> Path:
        path = home / "config.yaml"
        path.write_text(text, encoding="utf-8")
        path.chmod(mode)
        return path

    return write


def test_fresh_machine_gets_the_builtin_sandbox(home):
    settings = load_settings()
    assert settings.profile == "sandbox" and settings.is_sandbox
    assert settings.provider is None and settings.base_url is None
    assert settings.token == Secret("sandbox") and settings.token.reveal() == "sandbox"
    assert settings.origin == "http://localhost"
    assert settings.timeout == 30.0 and settings.connect_timeout == 5.0
    assert settings.home == home and settings.config_path == home / "config.yaml"
    assert set(settings.source.values()) == {"default"}
    assert settings.profiles == ("sandbox",)


def test_sandbox_with_a_base_url_from_the_environment_stays_sandbox(monkeypatch):
    monkeypatch.setenv("CHECKOUTCTL_BASE_URL", "http://127.0.0.1:8765/pagbank")
    settings = load_settings()
    assert settings.is_sandbox and settings.base_url == "http://127.0.0.1:8765/pagbank"
    assert settings.source["base_url"] == "env"


def test_profile_values_come_from_the_config(config, monkeypatch):
    config(PAGBANK)
    monkeypatch.setenv("PB_TOKEN", CANARY)
    settings = load_settings()
    assert (settings.profile, settings.provider, settings.base_url) == ("pb", "pagbank", "https://sandbox.api.pagseguro.com")
    assert settings.token.reveal() == CANARY and settings.token_env == "PB_TOKEN"
    assert (settings.timeout, settings.connect_timeout, settings.is_sandbox, settings.origin) == (12.0, 3.0, False, None)
    assert settings.source == {"profile": "profile", "provider": "profile", "base_url": "profile", "origin": "default",
                               "timeout": "profile", "connect_timeout": "profile", "token": "env"}
    assert settings.profiles == ("sandbox", "pb", "gp")
    assert CANARY not in repr(settings) and CANARY not in str(settings.token) and CANARY not in f"{settings.token}"


def test_flag_beats_env_beats_profile(config, monkeypatch):
    config(PAGBANK)
    monkeypatch.setenv("CHECKOUTCTL_BASE_URL", "https://env.example")
    monkeypatch.setenv("CHECKOUTCTL_TIMEOUT", "7")
    monkeypatch.setenv("CHECKOUTCTL_PROFILE", "gp")
    monkeypatch.setenv("CHECKOUTCTL_ORIGIN", "https://env-origin.example")
    monkeypatch.setenv("CHECKOUTCTL_TOKEN", CANARY)
    from_env = load_settings()
    assert (from_env.profile, from_env.base_url, from_env.timeout, from_env.origin) == \
        ("gp", "https://env.example", 7.0, "https://env-origin.example")
    assert from_env.token.reveal() == CANARY
    assert from_env.source["profile"] == from_env.source["base_url"] == from_env.source["timeout"] == "env"
    from_flags = load_settings(profile="pb", base_url="https://flag.example", timeout=2.5)
    assert (from_flags.profile, from_flags.base_url, from_flags.timeout) == ("pb", "https://flag.example", 2.5)
    assert from_flags.source["base_url"] == from_flags.source["timeout"] == from_flags.source["profile"] == "flag"


def test_token_env_not_set_means_no_token(config):
    config(PAGBANK)
    settings = load_settings()
    assert settings.token is None and settings.source["token"] == "profile"


def test_unknown_profile_lists_the_profiles(config):
    config(PAGBANK)
    with pytest.raises(UsageError) as caught:
        load_settings(profile="prod")
    assert caught.value.exit_code == EXIT_USAGE
    assert "unknown profile 'prod'" in caught.value.message and "sandbox, pb, gp" in caught.value.message


def test_unknown_key_is_refused_with_file_and_line(config):
    path = config(PAGBANK.replace("    timeout: 12", "    timout: 12"))
    with pytest.raises(UsageError) as caught:
        load_settings()
    assert caught.value.message.startswith(f"{path}:7: profiles.pb: unknown key 'timout'")


@pytest.mark.parametrize("text, fragment", [
    ("profiles: [a, b]\n", ":1: profiles must be a mapping"),
    ("profiles:\n  pb: {provider: paypal}\n", ":2: profiles.pb.provider: unknown provider 'paypal'"),
    ("default_profile: pb\ndefault_profile: gp\n", ":2: the file: duplicate key 'default_profile'"),
    ("profiles:\n  pb:\n    base_url: [x]\n", ":3: profiles.pb.base_url must be a single value"),
    ("profiles:\n  sandbox: {base_url: 'https://x.example'}\n", "`sandbox` is the built-in profile"),
    ("profiles: {pb: {token: x, token_env: Y}}\n", "has both token and token_env"),
    ("profiles:\n  pb: {\n", "not valid YAML"),
    ("default_profile: nope\n", "unknown profile 'nope'"),
    ("profiles:\n  pb: {base_url: 'http://api.example.com'}\ndefault_profile: pb\n", ":2): refusing plain http://"),
    ("profiles:\n  pb: {timeout: -1}\ndefault_profile: pb\n", "timeout"),
])
def test_invalid_configs_are_usage_errors(config, text, fragment):
    config(text)
    with pytest.raises(UsageError) as caught:
        load_settings()
    assert fragment in caught.value.message


def test_invalid_utf8_and_python_tags_are_refused_or_inert(config, home):
    (home / "config.yaml").write_bytes(b"default_profile: \xff\n")
    with pytest.raises(UsageError, match="not UTF-8"):
        load_settings()
    # A tag is composed, never constructed: nothing runs, the value is only text.
    config("default_profile: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(UsageError, match=":1: default_profile must be a single value"):
        load_settings()
    config("default_profile: !!python/name:os.system\n")
    with pytest.raises(UsageError, match="YAML tags are not allowed"):
        load_settings()


def test_token_in_plain_config_needs_mode_0600(config):
    text = f"default_profile: pb\nprofiles:\n  pb:\n    provider: pagbank\n    token: {CANARY}\n"
    path = config(text, mode=0o644)
    with pytest.raises(UsageError) as caught:
        load_settings()
    assert f"{path}:5" in caught.value.message and "0644" in caught.value.message
    assert f"chmod 600 {path}" in caught.value.hint
    assert CANARY not in caught.value.message + caught.value.hint
    path.chmod(0o600)
    settings = load_settings()
    assert settings.token.reveal() == CANARY and settings.source["token"] == "profile"


@pytest.mark.parametrize("value", ["0", "-3", "abc", "nan", "inf", ""])
def test_checkoutctl_timeout_must_be_positive(monkeypatch, value):
    monkeypatch.setenv("CHECKOUTCTL_TIMEOUT", value)
    if value == "":  # empty is unset
        assert load_settings().timeout == 30.0
        return
    with pytest.raises(UsageError, match="CHECKOUTCTL_TIMEOUT"):
        load_settings()


def test_an_unreadable_config_is_a_usage_error(home):
    (home / "config.yaml").mkdir()  # unreadable as a file even for root (chmod 000 is not)
    with pytest.raises(UsageError, match="cannot read"):
        load_settings()


def test_secret_never_shows_its_value():
    secret = Secret(CANARY)
    assert repr(secret) == "Secret('****')" and str(secret) == "****" and f"{secret:>20}" == "****"
    assert CANARY not in repr([secret]) and secret.reveal() == CANARY
    with pytest.raises(TypeError):
        pickle.dumps(secret)


# --- checkoutctl config path|show|init --------------------------------------------------------------


def test_config_path(cli, home):
    result = cli("config", "path")
    assert result.code == 0 and result.out.strip() == str(home / "config.yaml")


def test_config_init_writes_a_private_starter_and_refuses_to_overwrite(cli, home):
    result = cli("config", "init")
    path = home / "config.yaml"
    assert result.code == 0 and path.exists()
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_settings().profile == "sandbox"  # the starter is a valid config
    again = cli("config", "init")
    assert again.code == EXIT_USAGE and "already exists" in again.err and "--force" in again.err
    path.write_text("# mine\n")
    assert cli("config", "init", "--force").code == 0
    assert "default_profile: sandbox" in path.read_text()


def test_config_show_json_masks_the_token_and_says_where_values_came_from(cli, config, monkeypatch):
    config(PAGBANK)
    monkeypatch.setenv("PB_TOKEN", CANARY)
    monkeypatch.setenv("CHECKOUTCTL_TIMEOUT", "9")
    result = cli("config", "show", "--output", "json")
    assert result.code == 0, result.err
    view = json.loads(result.out)
    assert view["profile"] == "pb" and view["token"] == "****" and view["token_env"] == "PB_TOKEN"
    assert view["timeout"] == 9.0 and view["source"]["timeout"] == "env"
    assert view["profiles"] == ["sandbox", "pb", "gp"]
    assert CANARY not in result.out + result.err


def test_config_show_table_for_another_profile(cli, config, monkeypatch):
    config(PAGBANK)
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")  # the terminal's table (piped stdout gets TSV)
    monkeypatch.setenv("CHECKOUTCTL_TOKEN", CANARY)
    result = cli("config", "show", "--profile", "gp")
    assert result.code == 0, result.err
    assert "https://shop.example" in result.out and "gp (current)" in result.out
    assert "****" in result.out and CANARY not in result.out + result.err


def test_config_show_with_a_broken_config_exits_2_without_traceback(cli, config):
    config("profiles:\n  pb: {nope: 1}\n")
    result = cli("config", "show")
    assert result.code == EXIT_USAGE
    assert "unknown key 'nope'" in result.err and "Traceback" not in result.err
