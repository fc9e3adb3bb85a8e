"""`order attachments --download` shows a byte progress bar for a large file, on stderr and only when
stderr is a terminal (issue 14): the real CLI on a real pty at 80 and 120 columns, and piped; the file
comes from a loopback server of our own, with its Content-Length (the bar's total)."""

from __future__ import annotations

import re

import pytest

from tests.adversarial.conftest import HostileServer, Reply
from tests.integration.cli.test_order_attachments import gestaoplus_info
from tests.integration.terminal.conftest import on_terminal, piped

pytestmark = pytest.mark.integration
BIG = b"%PDF-1.4 " + b"0" * (3 * 2**20)  # 3 MiB: large (attachments.LARGE is 1 MiB)
SMALL = b"%PDF-1.4 small"
BAR = "━"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def bar_lines(transcript: str) -> list[str]:
    """The progress bar's renderings: lines with a bar and a byte count (a table's rules have no bytes)."""
    lines = ANSI.sub("", transcript).replace("\r", "\n").splitlines()
    return [line for line in lines if BAR in line and re.search(r"\d/\d+\.\d (kB|MB)", line)]


@pytest.fixture
def server(home):
    hostile = HostileServer()
    files = {"/f/big": Reply(200, BIG, content_type="application/pdf"),
             "/f/small": Reply(200, SMALL, content_type="application/pdf")}

    def route(method, path, headers):
        if path.startswith("/gestaoplus/order/info"):
            return Reply(200, gestaoplus_info(hostile.url, hostile.items))
        return files.get(path, Reply(404, {"message": "no"}))

    hostile.route = route
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text(f"profiles:\n  gp:\n    provider: gestaoplus\n    base_url: {hostile.url}/gestaoplus\n"
                                      "    origin: https://shop.example.com\n    token_env: GP_TOKEN\n", encoding="utf-8")
    try:
        yield hostile
    finally:
        hostile.stop()


def download(home, tmp_path, run, **kwargs):
    return run(home, "order", "attachments", "--token", "T", "--profile", "gp", "--download", str(tmp_path / "dir"),
               env={"GP_TOKEN": "tok-1"}, **kwargs)


@pytest.mark.parametrize("columns", [80, 120])
def test_a_large_download_shows_a_byte_progress_bar_on_a_terminal(home, server, tmp_path, columns):
    server.items = [("big.pdf", "/f/big")]
    res = download(home, tmp_path, on_terminal, columns=columns)
    assert res.code == 0, res.out
    shown = bar_lines(res.out)
    assert shown and "big.pdf" in shown[-1] and "3.1/3.1 MB" in shown[-1]  # of the Content-Length (rich: kB/MB)
    assert all(len(line) <= columns for line in shown)
    assert "saved " in res.out and (tmp_path / "dir" / "big.pdf").read_bytes() == BIG


def test_a_small_download_shows_no_bar(home, server, tmp_path):
    server.items = [("small.pdf", "/f/small")]
    res = download(home, tmp_path, on_terminal)
    assert res.code == 0, res.out
    assert bar_lines(res.out) == [] and "saved " in res.out and "(14 bytes)" in res.out


def test_piped_there_is_no_bar_and_no_escape_sequence(home, server, tmp_path):
    server.items = [("big.pdf", "/f/big")]
    res = download(home, tmp_path, piped)
    assert res.code == 0, res.err
    assert bar_lines(res.err) == [] and BAR not in res.err and "\x1b" not in res.err and "\r" not in res.err
    assert "saved " in res.err and "(3.0 MiB)" in res.err
    assert (tmp_path / "dir" / "big.pdf").read_bytes() == BIG
