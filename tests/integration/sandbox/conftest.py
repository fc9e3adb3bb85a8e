"""The `sandbox` fixture: the real emulator on 127.0.0.1, an ephemeral port, a throwaway home; always stopped."""

from __future__ import annotations

import pytest


@pytest.fixture
def sandbox(tmp_path):
    """A RunningSandbox (`.url`, `.home`, `.stop()`) over a fresh sandbox.sqlite3 in its own home."""
    from checkoutctl.sandbox_server import start_in_thread

    home = tmp_path / "sandbox-home"
    running = start_in_thread(home)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def http():
    """A requests.Session that never follows redirects and is always closed."""
    import requests

    session = requests.Session()
    session.trust_env = False  # no proxies for 127.0.0.1
    try:
        yield session
    finally:
        session.close()
