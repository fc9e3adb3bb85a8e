"""Which notification URLs the sandbox calls: loopback only, unless `sandbox serve --notify-anywhere`.

No delivery leaves the machine here: the POST itself is replaced by a recorder."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from checkoutctl.sandbox import notifications, request_log
from checkoutctl.sandbox_server import open_store

ELSEWHERE = "https://shop.example.invalid/hooks/pagbank"
LOOPBACK = "http://127.0.0.1:9/hooks"


@pytest.mark.parametrize("url, anywhere, called", [
    (LOOPBACK, False, True),
    ("http://localhost:9/x", False, True),
    (ELSEWHERE, False, False),
    (ELSEWHERE, True, True),
    ("ftp://127.0.0.1/x", True, False),
    ("http:///no-host", True, False),
])
def test_may_call(url, anywhere, called):
    assert notifications.may_call(urlsplit(url), anywhere) is called


@pytest.mark.parametrize("anywhere", [False, True], ids=["default", "notify-anywhere"])
def test_a_url_off_the_machine_is_skipped_unless_told_otherwise(tmp_path, monkeypatch, anywhere):
    posted: list[str] = []

    def record(parts, delivery):
        posted.append(delivery.url)
        return 204

    monkeypatch.setattr(notifications, "_post", record)
    store = open_store(tmp_path)
    notifier = notifications.Notifier(store, "sandbox", anywhere=anywhere)
    try:
        notifier.notify([ELSEWHERE], b'{"id":"CHEC_1"}')
        assert notifier.drain(10)
    finally:
        notifier.close()
    assert posted == ([ELSEWHERE] if anywhere else [])
    directions = [e["direction"] for e in request_log.entries(store, direction=None)]
    assert directions == (["out"] if anywhere else ["skipped"])
    store.close()


def test_listen_knows_which_providers_send_notifications_from_the_providers_themselves(cli):
    res = cli("listen", "--provider", "crayon")
    assert res.code == 2
    assert "no crayon notifications" in res.err and "pagbank" in res.err
