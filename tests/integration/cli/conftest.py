"""Shared by the CLI's integration tests: the real sandbox on 127.0.0.1 over the test's own home (so the
CLI's profiles reach it by base_url), what it received, and a profile written into config.yaml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests


@pytest.fixture
def sandbox():
    from checkoutctl.sandbox_server import start_in_thread

    running = start_in_thread(Path(os.environ["CHECKOUTCTL_HOME"]))
    try:
        yield running
    finally:
        running.stop()


def write_profile(name: str, body: str) -> None:
    """config.yaml holding the one profile `name`, its keys given one `key: value` a line."""
    config = Path(os.environ["CHECKOUTCTL_HOME"]) / "config.yaml"
    config.write_text(f"profiles:\n  {name}:\n" + "".join(f"    {line}\n" for line in body.strip().splitlines()),
                      encoding="utf-8")


def received(sandbox) -> list[dict]:
    """The sandbox's request log (`/_sandbox/requests`), oldest first."""
    log = requests.get(f"{sandbox.url}/_sandbox/requests", timeout=10).json()
    return log["requests"] if isinstance(log, dict) else log


def paths(sandbox) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in received(sandbox)]
