"""`checkoutctl config init`: a commented starter config.yaml, written mode 0600 from the start."""

from __future__ import annotations

import os
from pathlib import Path

from checkoutctl.errors import UsageError

_HEAD = """\
# checkoutctl configuration (see `checkoutctl config show`).
# Precedence: flag > environment (CHECKOUTCTL_PROFILE, CHECKOUTCTL_BASE_URL, CHECKOUTCTL_TOKEN,
# CHECKOUTCTL_ORIGIN, CHECKOUTCTL_TIMEOUT) > this file > built-in defaults.
# The built-in profile `sandbox` always exists: the embedded emulator, no account needed.

default_profile: sandbox

profiles:
  # Uncomment a profile and set default_profile (or pass --profile NAME).
  # Keep tokens out of this file: token_env names the environment variable that holds it.
  # (A `token:` written here is accepted only while this file is mode 0600.)
"""


def starter_config() -> str:
    """The starter file: one commented profile per registered provider, from its `starter_profile`."""
    from checkoutctl.providers import registry

    lines = [_HEAD.rstrip("\n")]
    for provider in registry.providers():
        lines += ["  #", f"  # {provider.name}:", f"  #   provider: {provider.name}"]
        lines += [f"  #   {line}" for line in provider.starter_profile]
    return "\n".join(lines) + "\n"


def write_starter_config(path: Path, *, force: bool = False) -> Path:
    """Write the starter config at `path`, mode 0600; UsageError if it exists and `force` is not set."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and not force:
            raise UsageError(f"{path} already exists", hint="`checkoutctl config init --force` replaces it")
        partial = path.with_name(path.name + ".new")
        partial.unlink(missing_ok=True)
        # Created 0600 from the start (O_EXCL), then renamed over: never a moment of a readable file.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(starter_config())
        os.replace(partial, path)
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
    return path
