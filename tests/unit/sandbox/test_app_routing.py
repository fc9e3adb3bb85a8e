"""SandboxApp routes on a map bound once (issue 15): what bind_to_environ per request answered, it
still answers. The real app through werkzeug's test Client: no sockets."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from checkoutctl.sandbox.http_server import _version
from checkoutctl.sandbox.framing import Refused
from checkoutctl.sandbox_server import SandboxApp

BEARER = {"Authorization": "Bearer sandbox", "Host": "127.0.0.1"}


@pytest.fixture
def client(tmp_path):
    app = SandboxApp(tmp_path)
    yield Client(app)
    app.store.close()


def test_a_route_with_a_value_is_matched(client):
    created = client.post("/pagbank/checkouts", headers=BEARER,
                          json={"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]})
    assert created.status_code == 201
    checkout_id = created.get_json()["id"]
    shown = client.get(f"/pagbank/checkouts/{checkout_id}", headers=BEARER)
    assert shown.status_code == 200 and shown.get_json()["id"] == checkout_id
    assert client.get(f"/pagbank/checkouts/{checkout_id}/", headers=BEARER).status_code == 200  # no redirect


def test_unknown_paths_and_methods_answer_404_and_405(client):
    assert client.get("/pagbank/nothing-here", headers=BEARER).status_code == 404
    refused = client.delete("/pagbank/checkouts", headers=BEARER)
    assert refused.status_code == 405 and "POST" in refused.headers["Allow"]


def test_a_websocket_upgrade_matches_no_route(client):
    upgrade = {**BEARER, "Connection": "keep-alive, Upgrade", "Upgrade": "websocket"}
    assert client.get("/pagbank/checkouts/CHEC_1", headers=upgrade).status_code == 400
    assert client.get("/pagbank/checkouts/CHEC_1", headers={**BEARER, "Upgrade": "websocket"}).status_code == 404


@pytest.mark.parametrize("text, expected", [("HTTP/1.1", (1, 1)), ("HTTP/1.0", (1, 0)), ("HTTP/01.01", (1, 1))])
def test_a_version_is_read_as_http_server_reads_it(text, expected):
    assert _version(text) == expected


@pytest.mark.parametrize("text, status", [("FOO/1.1", 400), ("HTTP/1", 400), ("HTTP/1.1.1", 400), ("HTTP/.1", 400),
                                          ("HTTP/1." + "1" * 11, 400), ("HTTP/2.0", 505), ("HTTP/3.0", 505)])
def test_a_bad_or_newer_version_is_refused(text, status):
    with pytest.raises(Refused) as refused:
        _version(text)
    assert refused.value.status == status


def test_remembered_routes_answer_each_path_its_own_values_also_past_the_bound(tmp_path, monkeypatch):
    import checkoutctl.sandbox_server as sandbox_server

    monkeypatch.setattr(sandbox_server, "MATCHES_KEPT", 2)  # forgotten all at once every two paths
    app = SandboxApp(tmp_path)
    client = Client(app)
    try:
        body = {"items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}
        ids = [client.post("/pagbank/checkouts", headers=BEARER, json=body).get_json()["id"] for _ in range(5)]
        for _ in range(2):
            for checkout_id in ids:
                shown = client.get(f"/pagbank/checkouts/{checkout_id}", headers=BEARER)
                assert shown.status_code == 200 and shown.get_json()["id"] == checkout_id
        assert len(app._matched) <= 2
        # The same path, another method: its own answer (405 is never remembered as a match).
        assert client.put(f"/pagbank/checkouts/{ids[0]}", headers=BEARER).status_code == 405
    finally:
        app.store.close()
