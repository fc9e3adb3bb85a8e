"""One `Settings` per run (CONTRACT §4), as twine turns arguments into one Settings object.

Precedence: flag > environment > the profile in `<config dir>/config.yaml` > built-in default. The built-in
profile `sandbox` always exists and is the default when no config names another.

    default_profile: pagbank
    profiles:
      pagbank:
        provider: pagbank
        base_url: https://sandbox.api.pagseguro.com
        token_env: PAGBANK_TOKEN      # the token itself only in a file of mode 0600
        timeout: 30                   # seconds each request may take in all (connect to last byte)
        connect_timeout: 5
      gestaoplus:                     # no token at hand: log in with a password grant instead
        provider: gestaoplus
        username: loja@example.com
        password_env: GESTAOPLUS_PASSWORD

The file is composed, not constructed (like order files, documents/loader.py): nothing in it can build
Python objects, and every problem is reported with file:line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from checkoutctl import redaction
from checkoutctl.errors import UsageError

if TYPE_CHECKING:
    import yaml

SANDBOX_PROFILE = "sandbox"
SANDBOX_TOKEN = "sandbox"  # CONTRACT §6: the built-in profile's token, valid only in the sandbox
SANDBOX_ORIGIN = "http://localhost"
DEFAULT_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 5.0
MAX_CONFIG_BYTES = 1024 * 1024
TOP_KEYS = ("default_profile", "profiles")
PROFILE_KEYS = ("provider", "base_url", "origin", "token_env", "token", "timeout", "connect_timeout",
                "username", "password_env", "client_id", "client_secret_env", "api_key_env")
ENV = {"profile": "CHECKOUTCTL_PROFILE", "base_url": "CHECKOUTCTL_BASE_URL", "token": "CHECKOUTCTL_TOKEN",
       "origin": "CHECKOUTCTL_ORIGIN", "timeout": "CHECKOUTCTL_TIMEOUT", "api_key": "CHECKOUTCTL_API_KEY"}
# The built-in profile's ERP key (Gestão Plus x-api-key), valid only in the sandbox, like SANDBOX_TOKEN.
SANDBOX_API_KEY = "sandbox"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))


class Secret:
    """A credential: shows as **** everywhere (repr, str, f-strings, logs); `.reveal()` is the one way out."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        redaction.register(value)  # known now, so masked wherever it may show up (redaction.py)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    def __str__(self) -> str:
        return "****"

    def __format__(self, spec: str) -> str:
        return "****"

    def __eq__(self, other: object) -> bool:
        import hmac  # lazily: it loads OpenSSL (~15 ms), which commands that compare no secret skip

        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self):  # pickling would carry the value out of the process
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class Login:
    """Credentials for a provider's password grant (Gestão Plus POST /oauth, Crayon connect/token),
    used when no bearer token is configured. Secrets come from environment variables only."""

    username: str
    password: Secret
    client_id: str | None = None
    client_secret: Secret | None = None


@dataclass(frozen=True)
class Settings:
    profile: str
    provider: str | None
    base_url: str | None
    origin: str | None
    token: Secret | None
    timeout: float  # seconds each request may take in all: connect, headers, body (policy.Timeout.total)
    connect_timeout: float
    is_sandbox: bool
    home: Path  # the state folder: journal, recovery file, sandbox database (checkoutctl/home.py)
    config_path: Path
    # Where each value came from: "flag", "env", "profile" or "default".
    source: dict[str, str] = field(default_factory=dict)
    profiles: tuple[str, ...] = (SANDBOX_PROFILE,)  # every profile name, built-in first
    token_env: str | None = None  # the variable the profile reads its token from
    login: Login | None = None  # a password grant, when the profile has username + password_env
    # An API key (Gestão Plus x-api-key for ERP routes such as cancel): CHECKOUTCTL_API_KEY or api_key_env.
    api_key: Secret | None = None
    api_key_env: str | None = None
    # What `auth login` stored (credentials.Grant), when the token comes from there: its expiry and refresh
    # token let a command renew it (providers/renewal.py). `token` is None when it has expired.
    stored_grant: object | None = None


@dataclass(frozen=True)
class _Value:
    value: object
    line: int  # 1-based, for messages


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    exists: bool
    default_profile: _Value | None
    profiles: dict[str, dict[str, _Value]]
    mode: int | None  # st_mode & 0o777


def load_settings(*, profile: str | None = None, base_url: str | None = None,
                  timeout: float | str | None = None, credentials: bool = True,
                  password: Secret | Callable[[str, str], Secret] | None = None) -> Settings:
    """The merged settings; UsageError (exit 2) for anything wrong in flags, environment or config.

    `credentials=False` leaves out the token `auth login` stored (auth login itself: it replaces it);
    `password` (auth login --password-stdin) stands in for the profile's password_env in its grant; a
    function `password(username, profile)` is asked only when password_env gives none (auth login's prompt;
    its None: no password grant at all, as for --with-token)."""
    from checkoutctl.home import config_file, state_dir

    home = state_dir()
    config = read_config(config_file())
    env = {k: os.environ.get(v, "").strip() or None for k, v in ENV.items()}
    source: dict[str, str] = {}

    name, source["profile"] = _first((profile, "flag"), (env["profile"], "env"),
                                     (config.default_profile.value if config.default_profile else None, "profile"),
                                     (SANDBOX_PROFILE, "default"))
    names = (SANDBOX_PROFILE, *config.profiles)
    if name not in names:
        told = {"flag": "--profile", "env": ENV["profile"], "profile": f"default_profile in {config.path}"}[source["profile"]]
        raise UsageError(f"unknown profile {name!r} (from {told}); profiles: {', '.join(names)}",
                         hint=f"add it to {config.path} (`checkoutctl config init` writes a starter)")
    sandbox = name == SANDBOX_PROFILE
    entry = config.profiles.get(name, {})

    def pick(key: str, default: object, flag: object = None, from_env: object = None) -> object:
        value, source[key] = _first((flag, "flag"), (from_env, "env"),
                                    (entry[key].value if key in entry else None, "profile"), (default, "default"))
        return value

    provider = pick("provider", None)
    # Credentials first: once read they are registered with redaction.py, so no message below shows them.
    token, token_env = _token(env["token"], entry, config, sandbox, source)
    grant = _stored_grant(name, home, source) if token is None and not sandbox and credentials else None
    if grant is not None and not grant.expired():
        token = Secret(grant.token)
    if password is not None or (token is None and grant is None):
        login = _login(entry, config, password, profile=name)
    else:  # a token is at hand; the password grant only where it is configured (a refused refresh falls back to it)
        login = _login(entry, config, required=False, profile=name) if grant is not None else None
    api_key, api_key_env = _api_key(env["api_key"], entry, sandbox)
    url = pick("base_url", None, base_url, env["base_url"])
    if url is not None:
        _check_base_url(str(url), source, config, entry)
    origin = pick("origin", SANDBOX_ORIGIN if sandbox else None, None, env["origin"])
    read_timeout = _seconds(pick("timeout", DEFAULT_TIMEOUT, timeout, env["timeout"]), "timeout", source, config, entry)
    connect_timeout = _seconds(pick("connect_timeout", DEFAULT_CONNECT_TIMEOUT), "connect_timeout", source, config, entry)
    return Settings(profile=name, provider=provider, base_url=url, origin=origin, token=token,
                    timeout=read_timeout, connect_timeout=connect_timeout, is_sandbox=sandbox, home=home,
                    config_path=config.path, source=source, profiles=names, token_env=token_env, login=login,
                    api_key=api_key, api_key_env=api_key_env, stored_grant=grant)


def _api_key(from_env: str | None, entry: dict[str, _Value], sandbox: bool) -> tuple[Secret | None, str | None]:
    """CHECKOUTCTL_API_KEY, else the variable the profile's api_key_env names (never the key itself in
    the file), else the sandbox's own key for the built-in profile."""
    key_env = str(entry["api_key_env"].value) if "api_key_env" in entry else None
    if from_env is not None:
        return Secret(from_env), key_env
    if key_env is not None:
        value = os.environ.get(key_env, "").strip()
        return (Secret(value) if value else None), key_env
    return (Secret(SANDBOX_API_KEY) if sandbox else None), None


def _login(entry: dict[str, _Value], config: ConfigFile, given: Secret | Callable | None = None, *,
           required: bool = True, profile: str = "") -> Login | None:
    """The profile's password-grant credentials, read from the environment variables it names
    (the password given on stdin instead, when there is one; a function giving it, asked only when
    password_env gives none). Not `required`: None where a variable it names is unset, instead of the
    configuration error."""
    if "username" not in entry:
        return None
    if not required:
        try:
            return _login(entry, config, given, profile=profile)
        except UsageError:
            return None

    def secret(key: str) -> Secret | None:
        if key not in entry:
            return None
        name = str(entry[key].value)
        value = os.environ.get(name, "")
        if not value:
            raise UsageError(f"{config.path}:{entry[key].line}: {key} names ${name}, which is not set",
                             hint=f"export {name}=…  (the secret stays out of the config file)")
        return Secret(value)

    if callable(given):
        configured = os.environ.get(str(entry["password_env"].value), "") if "password_env" in entry else ""
        password = Secret(configured) if configured else given(str(entry["username"].value), profile)
        if password is None:  # the function's way of saying no password grant is wanted (auth login --with-token)
            return None
    else:
        password = given if given is not None else secret("password_env")
    if password is None:
        raise UsageError(f"{config.path}:{entry['username'].line}: a username needs password_env (the variable "
                         "holding the password) or a token kept by `auth login --password-stdin`")
    client_id = entry["client_id"].value if "client_id" in entry else None
    return Login(str(entry["username"].value), password, None if client_id is None else str(client_id),
                 secret("client_secret_env"))


def _first(*candidates: tuple[object, str]) -> tuple[object, str]:
    for value, where in candidates:
        if value is not None:
            return value, where
    return None, "default"


def _where(key: str, source: dict[str, str], config: ConfigFile, entry: dict[str, _Value]) -> str:
    where = source[key]
    if where == "profile":
        return f"{config.path}:{entry[key].line}"
    if where == "env":
        return ENV.get(key, "environment")
    return "--" + key.replace("_", "-") if where == "flag" else "default"


def _check_base_url(url: str, source: dict[str, str], config: ConfigFile, entry: dict[str, _Value]) -> None:
    from checkoutctl.http.urls import parse_base_url

    try:
        parse_base_url(url)
    except UsageError as err:
        raise UsageError(f"base_url ({_where('base_url', source, config, entry)}): {err.message}",
                         hint=err.hint) from None


def _seconds(value: object, key: str, source: dict[str, str], config: ConfigFile, entry: dict[str, _Value]) -> float:
    from checkoutctl.http.policy import MAX_TIMEOUT, checked_seconds

    try:
        return checked_seconds(value)
    except ValueError:
        raise UsageError(f"{key} ({_where(key, source, config, entry)}) must be a positive number of seconds "
                         f"up to {MAX_TIMEOUT:g}, not {value!r}") from None


def _token(from_env: str | None, entry: dict[str, _Value], config: ConfigFile, sandbox: bool,
           source: dict[str, str]) -> tuple[Secret | None, str | None]:
    token_env = str(entry["token_env"].value) if "token_env" in entry else None
    if from_env is not None:
        source["token"] = "env"
        return Secret(from_env), token_env
    if token_env is not None:
        value = os.environ.get(token_env, "").strip()
        source["token"] = "env" if value else "profile"  # "profile": it names a variable that is not set
        return (Secret(value) if value else None), token_env
    if "token" in entry:
        # CONTRACT §4: a token in plain config only when no one else can read the file.
        if os.name != "nt" and config.mode is not None and config.mode & 0o077:
            raise UsageError(
                f"{config.path}:{entry['token'].line}: a token is written in the file, which others can read "
                f"(mode {config.mode:04o})",
                hint=f"chmod 600 {config.path}  (or name an environment variable with token_env:)")
        source["token"] = "profile"
        return Secret(str(entry["token"].value)), None
    source["token"] = "default"
    return (Secret(SANDBOX_TOKEN) if sandbox else None), None


def _stored_grant(profile: str, home: Path, source: dict[str, str]):
    """What `auth login` stored for `profile` (keyring or 0600 file), where it can still be used."""
    from checkoutctl.credentials import CredentialStore

    store = CredentialStore(home)
    grant = store.usable(profile)
    if grant is not None:
        source["token"] = store.where
    return grant


def read_config(path: Path) -> ConfigFile:
    """The config file's profiles with their line numbers; an absent file is an empty config."""
    try:
        stat = path.stat()
        if stat.st_size > MAX_CONFIG_BYTES:
            raise UsageError(f"{path}: {stat.st_size:,} bytes is too large for a config file")
        data = path.read_bytes()
    except FileNotFoundError:
        return ConfigFile(path, False, None, {}, None)
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    import yaml  # only when a config file exists: `order show` on a fresh machine skips ~12 ms of import

    try:
        root = yaml.compose(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as err:
        raise UsageError(f"{path}: not UTF-8 (byte {err.start})") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise UsageError(f"{path}{at}: not valid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise UsageError(f"{path}: not valid YAML: {err}") from None
    config = ConfigFile(path, True, None, {}, stat.st_mode & 0o777)
    if root is None:
        return config
    top = _mapping(root, path, "the file", TOP_KEYS)
    default = _scalar(top["default_profile"], path, "default_profile") if "default_profile" in top else None
    profiles: dict[str, dict[str, _Value]] = {}
    node = top.get("profiles")
    if node is not None and not _is_null(node):
        for name, body in _mapping(node, path, "profiles", None).items():
            if name == SANDBOX_PROFILE:
                raise UsageError(f"{path}:{body.start_mark.line + 1}: `sandbox` is the built-in profile; "
                                 "give yours another name")
            fields = {} if _is_null(body) else _mapping(body, path, f"profiles.{name}", PROFILE_KEYS)
            profiles[name] = {k: _scalar(v, path, f"profiles.{name}.{k}") for k, v in fields.items()}
            _check_profile(profiles[name], path, name)
    return ConfigFile(path, True, default, profiles, config.mode)


def _check_profile(fields: dict[str, _Value], path: Path, name: str) -> None:
    from checkoutctl.providers import registry

    provider = fields.get("provider")
    if provider is not None and provider.value not in registry.names():
        raise UsageError(f"{path}:{provider.line}: profiles.{name}.provider: unknown provider {provider.value!r}; "
                         f"one of {', '.join(registry.names())}")
    if "token" in fields and "token_env" in fields:
        raise UsageError(f"{path}:{fields['token'].line}: profiles.{name} has both token and token_env; keep one")
    for key in ("token", "token_env", "provider", "base_url", "origin", "username", "password_env", "client_id",
                "client_secret_env", "api_key_env"):
        if key in fields and fields[key].value is None:
            del fields[key]  # `key:` with no value is the same as leaving it out


def _mapping(node: yaml.Node, path: Path, what: str, allowed: tuple[str, ...] | None) -> dict[str, yaml.Node]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise UsageError(f"{path}:{node.start_mark.line + 1}: {what} must be a mapping")
    found: dict[str, yaml.Node] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            raise UsageError(f"{path}:{line}: {what}: keys must be plain names")
        if key.value in found:
            raise UsageError(f"{path}:{line}: {what}: duplicate key {key.value!r}")
        if allowed is not None and key.value not in allowed:
            raise UsageError(f"{path}:{line}: {what}: unknown key {key.value!r}; allowed: {', '.join(allowed)}")
        found[key.value] = value
    return found


def _scalar(node: yaml.Node, path: Path, what: str) -> _Value:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise UsageError(f"{path}:{node.start_mark.line + 1}: {what} must be a single value")
    if node.tag not in _PLAIN_TAGS:  # `!!python/...`, `!custom`: never meant for a config
        raise UsageError(f"{path}:{node.start_mark.line + 1}: {what}: YAML tags are not allowed here")
    return _Value(None if _is_null(node) else node.value, node.start_mark.line + 1)


def _is_null(node: yaml.Node) -> bool:
    import yaml

    # The composer resolves implicit tags: `key:`, `~` and `null` (unquoted) carry the null tag.
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
