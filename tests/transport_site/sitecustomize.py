"""Test-only (tests/transport_choice.py): a checkoutctl process started by a test that forced requests
sends every URL through RequestsTransport. Read by Python at start-up only when tests put this folder
on PYTHONPATH; no installed checkoutctl has it."""

import os

if os.environ.get("CHECKOUTCTL_TEST_FORCE_REQUESTS") == "1":
    from checkoutctl.http.routing import RoutingTransport

    RoutingTransport.pick = lambda self, url: self.remote()
