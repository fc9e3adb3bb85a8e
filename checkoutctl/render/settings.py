"""`config show` as a Listing: a profile's merged settings, where each came from, secrets masked."""

from __future__ import annotations

from checkoutctl.render.listing import Column, Listing

SHOWN = ("profile", "provider", "base_url", "origin", "token", "timeout", "connect_timeout")
# A path or URL is shown whole, never cut with "…".
COLUMNS = (Column("setting", "key"), Column("value", "url"), Column("from", "text"))


def settings_view(settings) -> dict:
    """The settings as `config show -o json` prints them: the token masked, never revealed."""
    return {
        "profile": settings.profile,
        "provider": settings.provider,
        "base_url": settings.base_url,
        "origin": settings.origin,
        "token": None if settings.token is None else str(settings.token),
        "token_env": settings.token_env,
        "login": None if settings.login is None else {
            "username": settings.login.username, "password": str(settings.login.password),
            "client_id": settings.login.client_id,
            "client_secret": None if settings.login.client_secret is None else str(settings.login.client_secret)},
        "timeout": settings.timeout,
        "connect_timeout": settings.connect_timeout,
        "is_sandbox": settings.is_sandbox,
        "home": str(settings.home),
        "config_path": str(settings.config_path),
        "config_exists": settings.config_path.exists(),
        "state_dir": str(settings.home),  # the journal, its recovery file and the sandbox database
        "source": dict(settings.source),
        "profiles": list(settings.profiles),
    }


def settings_listing(settings) -> Listing:
    view = settings_view(settings)
    rows = []
    for key in SHOWN:
        value = view[key]
        if key == "token" and value is None and settings.login is not None:
            value = f"(logs in as {settings.login.username}; password ****)"
        elif key == "token" and value is None:
            value = f"(not set: ${settings.token_env} is empty)" if settings.token_env else "(none)"
        elif key == "base_url" and value is None and settings.is_sandbox:
            value = "(the embedded sandbox)"
        elif key == "provider" and value is None:
            value = "(any: the order file says)"
        source = settings.source.get(key, "default")
        if key == "token" and settings.token_env:
            source = f"{source} (token_env {settings.token_env})"
        rows.append((key, "" if value is None else value, source))
    rows.append(("sandbox", "yes" if settings.is_sandbox else "no", ""))
    rows.append(("config", f"{settings.config_path}{'' if view['config_exists'] else ' (absent)'}", ""))
    rows.append(("state", f"{settings.home} (journal, sandbox)", ""))
    marks = [f"{name} (current)" if name == settings.profile else name for name in settings.profiles]
    return Listing(title=f"Profile {settings.profile}", columns=COLUMNS, rows=rows, json_value=view, fields=tuple(view),
                   footer=("Profiles: " + ", ".join(marks),))
