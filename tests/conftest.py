"""Shared fixtures: a throwaway CHECKOUTCTL_HOME, fixed width, no colour, and the CLI run in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of `names` are in sys.modules after `code` runs in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint('@@', sorted(m for m in {names!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.rpartition("@@")[2].replace("'", '"'))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CHECKOUTCTL_HOME", str(home))
    # No test reads or writes the user's own keyring: "none works here" unless a test installs one.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("CHECKOUTCTL_PROFILE", "CHECKOUTCTL_BASE_URL", "CHECKOUTCTL_TOKEN", "CHECKOUTCTL_ORIGIN",
                 "CHECKOUTCTL_TIMEOUT", "CHECKOUTCTL_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys):
    """Run `checkoutctl ARGS` in-process through the real entry point (the one error boundary)."""
    from checkoutctl.entry import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path and return its path as a string."""

    def make(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def pytest_addoption(parser):
    parser.addoption("--transport", choices=("routed", "requests"), default="routed",
                     help="routed: each URL to the transport the router picks (loopback -> http.client); "
                          "requests: every URL through RequestsTransport (tests/transport_choice.py), to run "
                          "the adversarial suites against the transport real providers use")


@pytest.fixture(autouse=True)
def _transport_choice(request, monkeypatch):
    if request.config.getoption("--transport") == "requests":
        from tests.transport_choice import force_requests

        force_requests(monkeypatch)
