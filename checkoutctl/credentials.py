"""Stored credentials (CONTRACT §3 `auth login|status|logout`): a profile's token kept between commands.

Where, in order (as gh does):

- the OS keyring (`keyring`: Secret Service, macOS Keychain, Windows Credential Locker), service
  `checkoutctl`, one entry per profile;
- where no keyring backend works (CI, containers, a headless server), `credentials.json` in the state
  dir, mode 0600, with a warning each time it is written; a copy others can read is not used.

An environment token (`CHECKOUTCTL_TOKEN`, the profile's `token_env`) still wins, for CI: settings
consult this store only when neither is set. A stored token past its expiry is not used as it is:
where the provider handed out a refresh token, it is refreshed (providers/renewal.py) and the new grant
replaces the old one here, under `locked()` so two commands refreshing at once do not both spend the
same (rotating) refresh token.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from checkoutctl import redaction
from checkoutctl.errors import UsageError

SERVICE = "checkoutctl"
FILE_NAME = "credentials.json"
LOCK_NAME = "credentials.lock"
# A token this close to its expiry is treated as expired: it would lapse on the way to the server.
EXPIRY_MARGIN = 30.0


@dataclass(frozen=True)
class Grant:
    """What a login hands out (RFC 6749 §5.1): the access token, when it expires, the refresh token."""

    token: str
    expires_at: float | None = None  # seconds since the epoch, when the provider said
    refresh_token: str | None = None

    def expired(self, now: float | None = None) -> bool:
        return self.expires_at is not None and (now or time.time()) >= self.expires_at - EXPIRY_MARGIN

    @property
    def refreshable(self) -> bool:
        return bool(self.refresh_token)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> Grant | None:
        try:
            data = json.loads(text)
            token = data["token"]
            expires = data.get("expires_at")
            refresh = data.get("refresh_token")
        except (ValueError, TypeError, KeyError):
            return None
        if not isinstance(token, str) or not token:
            return None
        stored = Grant(token, float(expires) if isinstance(expires, (int, float)) else None,
                             refresh if isinstance(refresh, str) else None)
        redaction.register(stored.token)  # known now: masked wherever it may show up
        redaction.register(stored.refresh_token)
        return stored


class CredentialStore:
    """The keyring, or the 0600 file in `home` where no keyring backend works."""

    def __init__(self, home: Path) -> None:
        self.file = home / FILE_NAME
        self._keyring = _working_keyring()

    @property
    def where(self) -> str:
        return "keyring" if self._keyring is not None else "file"

    def describe(self) -> str:
        return f"the OS keyring ({type(self._keyring).__name__})" if self._keyring is not None else str(self.file)

    def load(self, profile: str) -> Grant | None:
        if self._keyring is not None:
            try:
                text = self._keyring.get_password(SERVICE, profile)
            except Exception:  # noqa: BLE001 - a locked or broken keyring is "nothing stored", never a crash
                text = None
            return Grant.from_json(text) if text else None
        entry = self._read_file().get(profile)
        return Grant.from_json(json.dumps(entry)) if isinstance(entry, dict) else None

    def usable(self, profile: str) -> Grant | None:
        """The stored grant while its token is valid or, past its expiry, it can be refreshed; None
        otherwise (an expired token alone is of no use)."""
        stored = self.load(profile)
        return None if stored is None or (stored.expired() and not stored.refreshable) else stored

    def save(self, profile: str, token: Grant) -> None:
        redaction.register(token.token)
        redaction.register(token.refresh_token)
        if self._keyring is not None:
            try:
                self._keyring.set_password(SERVICE, profile, token.to_json())
                return
            except Exception as err:  # noqa: BLE001
                raise UsageError(f"the OS keyring refused the token ({type(err).__name__})",
                                 hint="unlock the keyring, or set PYTHON_KEYRING_BACKEND to another backend") from None
        entries = self._read_file()
        entries[profile] = json.loads(token.to_json())
        self._write_file(entries)

    def delete(self, profile: str) -> bool:
        if self._keyring is not None:
            try:
                if self._keyring.get_password(SERVICE, profile) is None:
                    return False
                self._keyring.delete_password(SERVICE, profile)
                return True
            except Exception:  # noqa: BLE001 - keyring's PasswordDeleteError and backend failures alike
                return False
        entries = self._read_file()
        if profile not in entries:
            return False
        del entries[profile]
        self._write_file(entries)
        return True

    def _read_file(self) -> dict:
        try:
            stat = self.file.stat()
            if os.name != "nt" and stat.st_mode & 0o077:
                raise UsageError(f"{self.file} can be read by others (mode {stat.st_mode & 0o777:04o}); "
                                 "its tokens are not used", hint=f"chmod 600 {self.file}, or remove it and log in again")
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}
        profiles = data.get("profiles") if isinstance(data, dict) else None
        return profiles if isinstance(profiles, dict) else {}

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One process at a time between reading a grant and storing the one that replaces it (a refresh):
        an exclusive lock on `credentials.lock` in the state dir (none on Windows)."""
        try:
            import fcntl
        except ImportError:
            yield
            return
        self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.file.with_name(LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _write_file(self, entries: dict) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp creates the file 0600 under a name of its own: the token is never in a file others could
        # read, even for a moment, and two writers never share a temporary. os.replace swaps it in whole.
        fd, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=self.file.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"profiles": entries}, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.file)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise


def _working_keyring():
    """The keyring backend, or None where there is none that works (keyring's fail/null backends)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - keyring missing or its discovery failing: the file it is
        return None
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    if getattr(backend, "backends", None) == []:  # a chainer with nothing behind it
        return None
    return backend
