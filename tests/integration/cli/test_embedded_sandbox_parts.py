"""The embedded sandbox starts only what a command needs (issue 15), and stops at once.

A command on the built-in profile starts the sandbox with the one provider it asks for (its routes,
its tables); a command reaching a second provider (a file with orders for two) adds that one before
its first request there. Real sandbox on 127.0.0.1, real CLI.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.integration


def _get(url: str, path: str) -> tuple[int, object]:
    import requests

    with requests.Session() as http:
        http.trust_env = False
        answer = http.get(url + path, timeout=10, headers={"Authorization": "Bearer sandbox"})
        return answer.status_code, answer.json()


def test_a_sandbox_for_one_provider_serves_it_alone_until_asked_for_another(tmp_path):
    from checkoutctl.providers import registry
    from checkoutctl.sandbox_server import start_in_thread

    pagbank, gestaoplus = registry.find("pagbank"), registry.find("gestaoplus")
    with start_in_thread(tmp_path, providers=[pagbank]) as running:
        assert _get(running.url, "/_sandbox/health")[1]["providers"] == ["pagbank"]
        status, body = _get(running.url, "/pagbank/checkouts/CHEC_00000000000000000000000000000000")
        assert status == 404 and body["error_messages"][0]["error"] == "not_found"  # PagBank's own format
        status, body = _get(running.url, "/gestaoplus/order/info?t=nope")
        assert status == 404 and "error_messages" not in body  # not routed, and not PagBank's 404 either

        running.app.serve_provider(gestaoplus)
        running.app.serve_provider(gestaoplus)  # twice: the same routes, once
        assert _get(running.url, "/_sandbox/health")[1]["providers"] == ["pagbank", "gestaoplus"]
        status, body = _get(running.url, "/gestaoplus/order/info?t=nope")
        assert status == 403 and body["status"] == 403  # seed 001: an invalid token, in Gestão Plus's format
        assert sum(1 for r in running.app.url_map.iter_rules() if r.rule.startswith("/gestaoplus/")) == \
            len(gestaoplus.sandbox().routes)


def test_a_sandbox_for_one_provider_creates_only_its_tables_and_serve_adds_the_rest(tmp_path):
    import sqlite3

    from checkoutctl.providers import registry
    from checkoutctl.sandbox_server import database_path, open_store, start_in_thread

    with start_in_thread(tmp_path, providers=[registry.find("pagbank")]):
        pass
    with sqlite3.connect(database_path(tmp_path)) as db:
        scopes = {row[0] for row in db.execute("SELECT DISTINCT scope FROM _migrations")}
    assert scopes == {"sandbox_core", "sandbox_faults", "sandbox_requests", "pagbank"}
    open_store(tmp_path).close()  # what serve opens: every provider's migrations, applied now
    with sqlite3.connect(database_path(tmp_path)) as db:
        scopes = {row[0] for row in db.execute("SELECT DISTINCT scope FROM _migrations")}
    assert {p.name for p in registry.providers()} <= scopes


def test_one_file_with_orders_for_two_providers_reaches_both_through_one_embedded_sandbox(cli, write):
    both = write("both.yaml", (SAMPLES / "pagbank.yaml").read_text(encoding="utf-8") + "\n---\n"
                 + (SAMPLES / "gestaoplus.yaml").read_text(encoding="utf-8"))
    placed = cli("order", "create", both, "--output", "json")
    assert placed.code == 0, placed.err
    entries = placed.json()
    assert [e["provider"] for e in entries] == ["pagbank", "gestaoplus"]
    assert placed.err.count("embedded sandbox at") == 1  # one sandbox, the second provider added to it
    assert entries[0]["id"].startswith("CHEC_") and entries[1]["token"]
    shown = cli("order", "show", "--token", entries[1]["token"], "--output", "json")
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["id"] == entries[1]["id"]


def test_stop_ends_the_serving_thread_and_closes_the_port_with_a_connection_still_open(tmp_path):
    from checkoutctl.sandbox_server import start_in_thread

    running = start_in_thread(tmp_path)
    port = int(running.url.rsplit(":", 1)[1])
    idle = socket.create_connection(("127.0.0.1", port), timeout=5)  # a kept-alive client, never closed
    try:
        running.stop()
        assert not running._thread.is_alive()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        running.stop()  # a second stop is harmless
    finally:
        idle.close()


def test_embedded_order_show_imports_only_the_provider_it_shows(cli):
    placed = cli("order", "create", SAMPLES / "pagbank.yaml", "--output", "json")
    assert placed.code == 0, placed.err
    order_id = json.loads(placed.out)["id"]
    code = ("import sys, json\nfrom checkoutctl.entry import main\n"
            f"code = main(['order', 'show', {order_id!r}])\nsys.stdout.flush()\n"
            "print('\\n@@' + json.dumps([code, sorted(sys.modules)]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    exit_code, modules = json.loads(proc.stdout.split("@@")[1])
    assert exit_code == 0, proc.stderr
    assert order_id in proc.stdout and "embedded sandbox at" in proc.stderr
    loaded = set(modules)
    sandboxes = {m for m in loaded if m.startswith("checkoutctl.providers.") and m.endswith(".sandbox")}
    assert sandboxes == {"checkoutctl.providers.pagbank.sandbox"}
    # No order file is read, so no YAML parser; piped, so no rich; no other provider's rules.
    assert not {m for m in loaded if m.split(".")[0] in ("yaml", "rich")}, sorted(loaded)
    assert not {m for m in loaded if m.startswith("checkoutctl.providers.") and m.endswith(".rules")}
