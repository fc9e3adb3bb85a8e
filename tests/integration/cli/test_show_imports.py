"""What `order show` imports (issue 15: import only what the path uses), in a fresh interpreter
against the real sandbox on loopback; `sys.modules` is read once the command has answered.

Piped output is TSV (render/tsv.py) or JSON: neither needs rich. Without a config file nothing parses
YAML; with `--provider` the journal (SQLite) is not read. A sandbox is plain http:// on loopback, so the
exchange goes through the loopback transport (http.client) and neither requests nor urllib3 is
imported: not against a running server (`--base-url`, `sandbox serve`), not on the embedded default.
Timings are benchmarks/run.py's, not asserted.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

# Never on a piped look-up against a running sandbox: rich (tables, consoles), PyYAML (no config file),
# the journal's SQLite, the sandbox server and its router, the other commands' extras, and requests
# with urllib3 (~90 ms: the loopback transport sends to the sandbox).
NEVER_PIPED = {"rich", "yaml", "_yaml", "sqlite3", "_sqlite3", "werkzeug", "http.server", "socketserver",
               "checkoutctl.sandbox", "checkoutctl.sandbox_server", "checkoutctl.journal", "checkoutctl.store",
               "checkoutctl.render.list_table", "jq", "keyring", "segno", "stdnum", "email_validator",
               "requests", "urllib3", "checkoutctl.http.transport"}
# Never on the embedded default either: the HTTP stack real providers need.
NEVER_TO_A_SANDBOX = {"requests", "urllib3", "charset_normalizer", "idna", "certifi", "http.cookiejar",
                      "checkoutctl.http.transport"}


def modules_after(argv: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, set[str]]:
    code = (
        "import sys, json\n"
        "from checkoutctl.entry import main\n"
        f"code = main({argv!r})\n"
        "sys.stdout.flush()\n"
        "print('\\n@@MODULES@@' + json.dumps([code, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env=env)
    exit_code, modules = json.loads(proc.stdout.split("@@MODULES@@")[1])
    assert exit_code == 0, proc.stderr
    return proc, set(modules)


def heavy(loaded: set[str], forbidden: set[str]) -> set[str]:
    return {m for m in loaded if m in forbidden or any(m.startswith(f + ".") for f in forbidden)}


@pytest.fixture
def checkout(tmp_path):
    """(base URL, id) of a PagBank checkout in a sandbox running in this process (another home)."""
    import requests

    from checkoutctl.sandbox_server import start_in_thread

    body = {"reference_id": "imports", "items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}
    with start_in_thread(tmp_path / "sandbox-home") as running, requests.Session() as http:
        http.trust_env = False  # no proxy for 127.0.0.1
        answer = http.post(f"{running.url}/pagbank/checkouts", json=body, headers={"Authorization": "Bearer sandbox"},
                           timeout=10)
        assert answer.status_code == 201, answer.text
        yield running.url, answer.json()["id"]


@pytest.mark.parametrize("output", [[], ["--output", "json"], ["--json", "id,status"]], ids=["tsv", "json", "fields"])
def test_piped_order_show_imports_no_rich_yaml_journal_or_server(checkout, output):
    url, checkout_id = checkout
    env = {**os.environ, "CHECKOUTCTL_TOKEN": "sandbox"}
    proc, loaded = modules_after(["order", "show", checkout_id, "--provider", "pagbank",
                                  "--base-url", f"{url}/pagbank", *output], env)
    assert checkout_id in proc.stdout  # the probe really looked the order up
    assert "checkoutctl.http.loopback" in loaded and "checkoutctl.render.order_view" in loaded
    assert not heavy(loaded, NEVER_PIPED), sorted(heavy(loaded, NEVER_PIPED))


@pytest.fixture
def placed(tmp_path):
    """(home, id) of a PagBank order placed on the embedded sandbox of a home with no config."""
    home = tmp_path / "home"
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    made = subprocess.run([sys.executable, "-m", "checkoutctl", "order", "create", str(ROOT / "samples" / "pagbank.yaml"),
                           "--output", "json"], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert made.returncode == 0, made.stderr
    return home, json.loads(made.stdout)["id"]


def test_order_show_on_the_embedded_default_imports_no_requests(placed):
    home, checkout_id = placed
    proc, loaded = modules_after(["order", "show", checkout_id], {**os.environ, "CHECKOUTCTL_HOME": str(home)})
    assert checkout_id in proc.stdout and "embedded sandbox" in proc.stderr
    assert "checkoutctl.http.loopback" in loaded
    assert not heavy(loaded, NEVER_TO_A_SANDBOX), sorted(heavy(loaded, NEVER_TO_A_SANDBOX))


def test_order_show_against_sandbox_serve_imports_no_requests(placed):
    home, checkout_id = placed
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)], env=env,
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):  # up to 10 s for it to listen
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        proc, loaded = modules_after(["order", "show", checkout_id], env)
    finally:
        serve.terminate()
        serve.wait(10)
    assert checkout_id in proc.stdout and "embedded sandbox" not in proc.stderr  # the running serve answered
    assert "checkoutctl.http.loopback" in loaded
    assert not heavy(loaded, NEVER_TO_A_SANDBOX), sorted(heavy(loaded, NEVER_TO_A_SANDBOX))


def test_an_https_base_url_still_goes_through_requests():
    # The other side: anything but plain http to loopback is requests' (TLS, proxies, real providers).
    # A closed port on 127.0.0.1 over https: nothing leaves the machine, the connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import sys, json\nfrom checkoutctl.entry import main\n"
            f"code = main(['order', 'show', 'CHEC_1', '--provider', 'pagbank', '--base-url', 'https://127.0.0.1:{port}/x'])\n"
            "print('@@' + json.dumps([code, 'requests' in sys.modules, 'checkoutctl.http.loopback' in sys.modules]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, "CHECKOUTCTL_TOKEN": "t"})
    assert json.loads(proc.stdout.split("@@")[1]) == [5, True, False], proc.stderr
    assert "connection refused" in proc.stderr and "nothing was sent" in proc.stderr


def test_piped_order_show_converts_only_the_order_commands(checkout):
    # The root's other command modules (validate, sandbox, auth, …) are not even imported.
    url, checkout_id = checkout
    env = {**os.environ, "CHECKOUTCTL_TOKEN": "sandbox"}
    _, loaded = modules_after(["order", "show", checkout_id, "--provider", "pagbank", "--base-url", f"{url}/pagbank"],
                              env)
    commands = {m for m in loaded if m.startswith("checkoutctl.cli.")}
    assert commands == {"checkoutctl.cli.app", "checkoutctl.cli.provider_help", "checkoutctl.cli.order",
                        "checkoutctl.cli.order_lifecycle", "checkoutctl.cli.options"}, sorted(commands)


def test_order_show_on_a_terminal_still_draws_with_rich(checkout):
    # The other side of the pin: a terminal gets rich's table, so the probe above can tell them apart.
    url, checkout_id = checkout
    env = {**os.environ, "CHECKOUTCTL_TOKEN": "sandbox", "CHECKOUTCTL_FORCE_TTY": "1"}
    proc, loaded = modules_after(["order", "show", checkout_id, "--provider", "pagbank", "--base-url", f"{url}/pagbank"],
                                 env)
    assert "rich.table" in loaded and checkout_id in proc.stdout
