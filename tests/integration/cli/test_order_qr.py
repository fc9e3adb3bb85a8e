"""`order show --qr` through the real CLI: the embedded sandbox's payment link drawn as a QR code that
decodes back (the printed half blocks parsed into modules, compared with segno's own matrix), and a link
that is not a web address refused with exit 5 and never drawn."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.adversarial.conftest import Reply, hostile, profiles  # noqa: F401 - fixtures
from tests.adversarial.conftest import home  # noqa: F401 - fixture
from tests.conftest import SAMPLES

pytestmark = pytest.mark.integration
SEED = Path(__file__).parents[1] / "sandbox" / "seed_001_order_info.json"
BORDER = 4  # segno's quiet zone for a QR code, in modules
# segno's compact terminal writer: one character is two module rows (top, bottom); 1 = dark. It draws
# light modules as blocks, dark ones as blanks (writers.write_terminal_compact).
HALF_BLOCKS = {" ": (1, 1), "\u2580": (0, 1), "\u2584": (1, 0), "\u2588": (0, 0)}


def modules(printed: str) -> list[list[int]]:
    """The module matrix of a printed code: the block lines decoded, the quiet zone cut off."""
    lines = [line for line in printed.splitlines() if line and set(line) <= set(HALF_BLOCKS)]
    rows: list[list[int]] = []
    for line in lines:
        pairs = [HALF_BLOCKS[c] for c in line]
        rows += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
    size = len(lines[0]) - 2 * BORDER
    return [row[BORDER:BORDER + size] for row in rows[BORDER:BORDER + size]]


@pytest.fixture
def sandbox(monkeypatch):
    from checkoutctl.sandbox_server import start_in_thread

    running = start_in_thread(Path(os.environ["CHECKOUTCTL_HOME"]))
    monkeypatch.setenv("GP_PASSWORD", "sandbox")
    config = Path(os.environ["CHECKOUTCTL_HOME"]) / "config.yaml"
    config.write_text(f"profiles:\n  gp:\n    provider: gestaoplus\n    base_url: {running.url}/gestaoplus\n"
                      "    origin: https://shop.example.com\n    username: maria@example.com\n"
                      "    password_env: GP_PASSWORD\n", encoding="utf-8")
    try:
        yield running
    finally:
        running.stop()


def test_the_printed_qr_code_decodes_to_the_order_link(cli, sandbox):
    import segno

    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")
    assert placed.code == 0, placed.err
    token = placed.json()["token"]
    link = cli("order", "open", "--token", token, "--profile", "gp", "--print").out.strip()
    assert link.startswith("http://127.0.0.1:")
    res = cli("order", "show", "--token", token, "--profile", "gp", "--qr")
    assert res.code == 0, res.err
    assert res.out.splitlines()[-1] == link
    expected = segno.make_qr(link, error="m")
    assert expected.designator.startswith(str(expected.version))  # a full QR code, not a Micro QR
    assert modules(res.out) == [list(row) for row in expected.matrix]
    assert modules(res.out) != [list(row) for row in segno.make_qr(link + "x", error="m").matrix]


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "https://pay.example.com/\x1b[2Jx"])
def test_a_link_that_is_not_a_web_address_is_refused_and_never_drawn(cli, hostile, profiles, href):  # noqa: F811
    document = json.loads(SEED.read_text(encoding="utf-8"))
    document["data"]["attachmentItems"][0]["href"] = href
    hostile.route = lambda method, path, headers: Reply(200, document)
    profiles(hostile.url)
    res = cli("order", "show", "--token", "T", "--profile", "gestaoplus", "--qr")
    assert res.code == 5 and "not a web address" in res.err and "Traceback" not in res.err
    assert not set(res.out) & {"\u2580", "\u2584", "\u2588"} and href not in res.out


def test_qr_takes_no_watch(cli):
    res = cli("order", "show", "X", "--qr", "--watch")
    assert res.code == 2 and "--qr" in res.err
