"""`order show --watch`: polls until the order is final, and gives up after --watch-timeout.

The CLI's embedded sandbox and a second sandbox started here share the SQLite state under
CHECKOUTCTL_HOME, so this test changes the order (inactivates the checkout) while the CLI watches.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration


def _placed_checkout(cli) -> str:
    placed = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    return placed.json()["id"]


def test_watch_returns_once_the_checkout_is_final(cli):
    import requests

    from checkoutctl.sandbox_server import start_in_thread

    checkout = _placed_checkout(cli)
    beside = start_in_thread(Path(os.environ["CHECKOUTCTL_HOME"]))
    timer = threading.Timer(0.6, lambda: requests.post(f"{beside.url}/pagbank/checkouts/{checkout}/inactivate",
                                                       headers={"Authorization": "Bearer sandbox"}, timeout=10))
    try:
        timer.start()
        watched = cli("order", "show", checkout, "--watch", "--interval", "0.2", "--watch-timeout", "20",
                      "--output", "json")
    finally:
        timer.cancel()
        beside.stop()
    assert watched.code == 0, watched.err
    assert watched.json()["status"] == "INACTIVE"
    assert "still not final" not in watched.err


def test_watch_gives_up_after_the_timeout_and_shows_the_latest_state(cli):
    checkout = _placed_checkout(cli)
    watched = cli("order", "show", checkout, "--watch", "--interval", "0.2", "--watch-timeout", "1", "--output", "json")
    assert watched.code == 0, watched.err
    assert watched.json()["status"] == "ACTIVE"
    assert "still not final after 1s" in watched.err


def test_without_watch_a_single_lookup(cli):
    checkout = _placed_checkout(cli)
    shown = cli("order", "show", checkout, "--output", "json")
    assert shown.code == 0 and shown.json()["status"] == "ACTIVE"
