"""Lasting links and a serve that guides (CONTRACT §6): links name `sandbox serve`'s address for the home,
commands of that home use a running serve instead of starting their own, the banner lists every base
URL, and a taken port is exit 2 with the fix. All in real processes over real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.integration

TIMEOUT = 10
START_SECONDS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def checkoutctl(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "checkoutctl", *args], capture_output=True, text=True,
                          timeout=60, env=env, cwd=ROOT)


@contextmanager
def serving(home: Path, port: int, *extra: str):
    """`checkoutctl sandbox serve --port PORT [EXTRA…]` over `home` until the block ends; yields its stderr file."""
    stderr = home.parent / f"serve-{port}.stderr"
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home)}
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port),
                                    *extra],
                                   stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:  # bounded: until its health route answers
            try:
                if requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail(f"sandbox serve did not start: {stderr.read_text()}")
        yield stderr
    finally:
        process.terminate()
        process.wait(TIMEOUT)


def attachment_url(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    [order] = [json.loads(result.stdout)] if result.stdout.lstrip().startswith("{") else json.loads(result.stdout)
    return order["attachments"][0]["url"]


def test_serve_banner_lists_each_provider_base_url_and_a_copy_ready_example(tmp_path):
    home, port = tmp_path / "home", free_port()
    with serving(home, port) as stderr:
        banner = stderr.read_text()
        recorded = json.loads((home / "sandbox-serve.json").read_text())
    for provider in ("gestaoplus", "pagbank", "bakeronline", "crayon"):
        assert f"http://127.0.0.1:{port}/{provider}\n" in banner
    assert f"CHECKOUTCTL_TOKEN=sandbox checkoutctl order create ORDER.yaml --base-url http://127.0.0.1:{port}/" in banner
    assert "bearer token: sandbox" in banner
    assert recorded["url"] == f"http://127.0.0.1:{port}"
    assert not (home / "sandbox-serve.json").exists()  # removed when serve stopped


def test_a_command_uses_the_running_serve_of_its_home_and_its_link_opens_from_another_process(tmp_path):
    home, port = tmp_path / "home", free_port()
    with serving(home, port):
        created = checkoutctl(home, "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--output", "json")
        assert f"SANDBOX  sandbox serve at http://127.0.0.1:{port}" in created.stderr
        url = attachment_url(created)
        assert url.startswith(f"http://127.0.0.1:{port}/gestaoplus/file?")
        served = requests.get(f"http://127.0.0.1:{port}/_sandbox/requests", params={"path": "/gestaoplus/order"},
                              timeout=TIMEOUT).json()
        assert len(served) == 1  # serve itself placed it: no embedded sandbox was started
        pdf = requests.get(url, timeout=TIMEOUT)  # this test process: not the command that printed it
        assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")


def test_an_embedded_sandbox_names_serves_address_so_its_links_open_once_serve_runs(tmp_path):
    home, port = tmp_path / "home", free_port()
    home.mkdir()
    # What a serve of this home recorded before it stopped uncleanly: nothing answers there now.
    (home / "sandbox-serve.json").write_text(json.dumps({"url": f"http://127.0.0.1:{port}", "pid": 1}))
    created = checkoutctl(home, "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--output", "json")
    assert "SANDBOX  embedded sandbox at http://127.0.0.1:" in created.stderr
    assert "links it prints open while `checkoutctl sandbox serve` runs" in created.stderr
    url = attachment_url(created)
    assert url.startswith(f"http://127.0.0.1:{port}/gestaoplus/file?")
    with serving(home, port):  # the command has ended; serve over the same state opens its link
        pdf = requests.get(url, timeout=TIMEOUT)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"


def test_without_a_recorded_serve_links_name_serves_default_address(tmp_path):
    created = checkoutctl(tmp_path / "home", "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--output", "json")
    assert attachment_url(created).startswith("http://127.0.0.1:8765/gestaoplus/file?")


def test_a_serve_of_another_home_is_not_used(tmp_path):
    other, home, port = tmp_path / "other", tmp_path / "home", free_port()
    with serving(other, port):
        home.mkdir()
        (home / "sandbox-serve.json").write_text((other / "sandbox-serve.json").read_text())
        created = checkoutctl(home, "order", "create", str(SAMPLES / "gestaoplus.yaml"), "--output", "json")
    assert "SANDBOX  embedded sandbox at" in created.stderr and created.returncode == 0


def test_a_port_taken_by_another_program_is_exit_2_with_the_fix(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = checkoutctl(tmp_path / "home", "sandbox", "serve", "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is taken by another program" in result.stderr
    assert f"checkoutctl sandbox serve --port {port + 1}" in result.stderr and "Traceback" not in result.stderr


def test_a_second_serve_of_the_same_home_says_where_the_first_one_is(tmp_path):
    home, port = tmp_path / "home", free_port()
    with serving(home, port):
        result = checkoutctl(home, "sandbox", "serve", "--port", str(port))
    assert result.returncode == 2
    assert f"the sandbox of this home already serves on http://127.0.0.1:{port}" in result.stderr
