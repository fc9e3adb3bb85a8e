"""Which transport the tests' checkoutctl uses: the router's own choice, or requests for every URL.

Every server the adversarial suites start listens on 127.0.0.1, so the router (http/routing.py) hands
their exchanges to the loopback transport; real providers are reached through requests. To keep both
under the same hostile answers, a test (a fixture over TRANSPORTS), or a whole run (`pytest
--transport=requests tests/adversarial`), forces requests: in this process by patching
`RoutingTransport.pick`, in the checkoutctl processes tests start through
tests/transport_site/sitecustomize.py, which PYTHONPATH puts first and which reads FORCE_ENV. Both
live under tests/: nothing a user installs or runs has the switch.
"""

from __future__ import annotations

import os
from pathlib import Path

TRANSPORTS = ("loopback", "requests")
FORCE_ENV = "CHECKOUTCTL_TEST_FORCE_REQUESTS"
SITE = Path(__file__).resolve().parent / "transport_site"


def force_requests(monkeypatch) -> None:
    """Every URL through RequestsTransport, here and in the processes started after this (until undone)."""
    from checkoutctl.http.routing import RoutingTransport

    monkeypatch.setattr(RoutingTransport, "pick", lambda self, url: self.remote())
    monkeypatch.setenv(FORCE_ENV, "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(SITE), os.environ.get("PYTHONPATH")])))


def choose(name: str, monkeypatch) -> str:
    if name == "requests":
        force_requests(monkeypatch)
    return name
