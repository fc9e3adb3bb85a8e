"""`order attachments [--download DIR]` through the real CLI: the embedded sandbox's Gestão Plus boleto
PDFs listed and saved, and a hostile loopback server's names and bodies (`../../etc/passwd`, control
characters, leading dots, a body over the answer cap, links that are no web address) kept inside DIR,
without a traceback."""

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


def _placed_token(cli) -> str:
    placed = cli("order", "create", SAMPLES / "gestaoplus.yaml", "--profile", "gp", "--output", "json")
    assert placed.code == 0, placed.err
    return placed.json()["token"]


def test_the_sandbox_boletos_are_listed_and_downloaded_without_overwriting(cli, sandbox, tmp_path):
    token = _placed_token(cli)
    listed = cli("order", "attachments", "--token", token, "--profile", "gp", "--output", "json")
    assert listed.code == 0, listed.err
    attachments = listed.json()
    assert attachments and all(a["type"] == "Boleto" and a["name"].endswith(".pdf") for a in attachments)
    names = cli("order", "attachments", "--token", token, "--profile", "gp", "--jq", ".[].name")
    assert names.out.split() == [a["name"] for a in attachments]  # raw strings, as gh --jq prints
    table = cli("order", "attachments", "--token", token, "--profile", "gp")
    assert table.code == 0 and attachments[0]["name"] in table.out

    folder = tmp_path / "boletos"
    for _ in range(2):
        saved = cli("order", "attachments", "--token", token, "--profile", "gp", "--download", str(folder))
        assert saved.code == 0, saved.err
        assert "saved " in saved.err
    files = sorted(p.name for p in folder.iterdir())
    first = attachments[0]["name"]
    assert first in files and first.replace(".pdf", " (1).pdf") in files  # the second run never overwrote
    assert len(files) == 2 * len(attachments)
    assert all((folder / name).read_bytes().startswith(b"%PDF") for name in files)


def gestaoplus_info(url: str, items: list[tuple[str, str]]) -> dict:
    document = json.loads(SEED.read_text(encoding="utf-8"))
    document["data"]["attachmentItems"] = [
        {"id": n, "description": f"file {n}", "type": 0, "typeDescription": "Boleto", "name": name, "href": url + path}
        for n, (name, path) in enumerate(items, 1)]
    return document


@pytest.fixture
def hostile_files(hostile, profiles):  # noqa: F811
    """The hostile server as Gestão Plus, answering with `items` (name, path of its file on the server)."""
    profiles(hostile.url)

    def serve(items: list[tuple[str, str]], files: dict[str, Reply]):
        def route(method, path, headers):
            if path.startswith("/gestaoplus/order/info"):
                return Reply(200, gestaoplus_info(hostile.url, items))
            return files.get(path, Reply(404, {"message": "no"}))

        hostile.route = route
        return hostile

    return serve


def _everything_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_hostile_names_stay_one_safe_file_inside_dir(cli, hostile_files, tmp_path):
    pdf = Reply(200, b"%PDF-1.4 hostile", content_type="application/pdf")
    server = hostile_files([("../../etc/passwd", "/f/1"), ("evil\x1b[31mred\x07.pdf", "/f/2"), (".bashrc", "/f/3"),
                            ("a/b\\c.pdf", "/f/4"), ("..", "/f/5"), ("\u202egpj.exe", "/f/6")],
                           {f"/f/{n}": pdf for n in range(1, 7)})
    folder = tmp_path / "out" / "dir"
    res = cli("order", "attachments", "--token", "T", "--profile", "gestaoplus", "--download", str(folder))
    assert res.code == 0, res.err
    assert "Traceback" not in res.err and "\x1b[31m" not in res.out + res.err
    assert _everything_under(tmp_path) == {tmp_path / "out", folder, *folder.iterdir()}  # nothing outside DIR
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["_.._etc_passwd", "evil[31mred.pdf", "bashrc", "a_b_c.pdf", "attachment-5", "gpj.exe"])
    assert all(p.read_bytes() == b"%PDF-1.4 hostile" and p.is_file() for p in folder.iterdir())
    assert [r["headers"].get("Authorization") for r in server.sent("GET", "/f/")] == [None] * 6  # no credentials


def test_an_oversized_body_is_exit_5_and_leaves_no_file(cli, hostile_files, tmp_path):
    from checkoutctl.http.base import MAX_RESPONSE_BYTES

    hostile_files([("big.pdf", "/f/big")],
                  {"/f/big": Reply(200, b"%PDF" + b"0" * MAX_RESPONSE_BYTES, content_type="application/pdf")})
    folder = tmp_path / "dir"
    res = cli("order", "attachments", "--token", "T", "--profile", "gestaoplus", "--download", str(folder))
    assert res.code == 5, res.err
    assert "larger than 16 MiB" in res.err and "Traceback" not in res.err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("link", ["file:///etc/passwd", "http://files.example.com/boleto.pdf", "javascript:alert(1)"])
def test_a_link_that_is_no_fetchable_web_address_is_exit_5_and_never_fetched(cli, hostile_files, tmp_path, link):
    server = hostile_files([("boleto.pdf", "")], {})
    server.route = (lambda route: lambda method, path, headers: (
        Reply(200, gestaoplus_info("", [("boleto.pdf", link)])) if path.startswith("/gestaoplus/order/info")
        else route(method, path, headers)))(server.route)
    folder = tmp_path / "dir"
    res = cli("order", "attachments", "--token", "T", "--profile", "gestaoplus", "--download", str(folder))
    assert res.code == 5 and "does not fetch" in res.err and "Traceback" not in res.err
    assert list(folder.iterdir()) == [] and len(server.requests) == 1  # only the look-up
