"""http/routing.py: plain http:// to loopback goes through the loopback transport (http.client), anything
else through requests, which is made (and imported) only when such a URL is first sent. No sockets."""

from __future__ import annotations

import pytest

from checkoutctl.http.loopback import LoopbackTransport
from checkoutctl.http.routing import RoutingTransport
from checkoutctl.http.transport import RequestsTransport
from tests.conftest import loaded_after


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/pagbank/checkouts/X", "http://localhost/x", "HTTP://[::1]:80/",
                                 "http://127.8.9.10:1/a?b=c"])
def test_plain_http_to_loopback_goes_through_the_loopback_transport(url):
    assert isinstance(RoutingTransport().pick(url), LoopbackTransport)


@pytest.mark.parametrize("url", ["https://api.pagseguro.com/checkouts", "https://127.0.0.1:8443/x", "https://[::1]/",
                                 "http://example.com/x", "http://user@127.0.0.1/x", "http://127.0.0.1%2f@evil/x",
                                 "http://127.0.0.1:80\\@evil.com/", "http://localhost.evil.example/"])
def test_anything_else_goes_through_requests(url):
    # https (TLS is requests'), other hosts, and whatever the loopback reading refuses: the requests
    # transport then applies the URL policy as urllib3 reads it (plain http to a remote host is refused).
    assert isinstance(RoutingTransport().pick(url), RequestsTransport)


def test_each_transport_is_made_once_and_closed_with_the_router():
    router = RoutingTransport(max_response_bytes=1234)
    loopback, remote = router.pick("http://127.0.0.1:1/"), router.pick("https://api.example.com/")
    assert router.pick("http://127.0.0.1:2/") is loopback and router.pick("https://other.example/") is remote
    assert loopback.max_response_bytes == remote.max_response_bytes == 1234
    router.close()
    assert router.pick("http://127.0.0.1:1/") is not loopback


def test_the_requests_transport_is_loaded_only_when_a_remote_url_is_picked():
    # (and requests itself only when that transport sends: tests/unit/test_transport_dry_run.py)
    heavy = ("requests", "urllib3", "checkoutctl.http.transport")
    local = ("from checkoutctl.http.routing import RoutingTransport\nrouter = RoutingTransport()\n"
             "router.pick('http://127.0.0.1:1/x')")
    assert loaded_after(local, heavy) == []
    assert loaded_after(local + "\nrouter.pick('https://api.example.com/x')", heavy) == ["checkoutctl.http.transport"]
