"""Issue 11's done-when for every command that prints, not only `order show`/`create`/`history`
(tests/integration/terminal/test_tables_on_a_terminal.py): on a real pty at 80 and 120 columns no id,
token or URL is split across lines and no other line is wider than the terminal; piped, there is no
box drawing and every identifier is a whole field; `--output json` parses. Real CLI, embedded sandbox.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.integration.terminal.conftest import SAMPLES, on_pty, piped

BOX = set("│┃━─┏┓┗┛┡┩└┘├┤┼╇╋")
PORT = re.compile(r"127\.0\.0\.1:\d+")
URL = re.compile(r"https?://[^\s\t]+")
# An id, a token, a code: one word of 16 or more letters, digits, `_` or `-` with a digit in it.
# A compiler-style location (validate): FILE:LINE:COL, as long as the path is.
LOCATION = re.compile(r"\S+\.ya?ml:\d+:\d+")
WORD = re.compile(r"(?<![\w/.-])(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{16,}(?![\w-])")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """An order of every provider placed through the embedded sandbox, and a file with problems."""
    home = tmp_path_factory.mktemp("every-command") / "home"
    orders = {}
    for provider in ("gestaoplus", "pagbank", "bakeronline", "crayon"):
        placed = piped(home, "order", "create", SAMPLES / f"{provider}.yaml", "--output", "json")
        assert placed.code == 0, placed.err
        orders[provider] = json.loads(placed.out)
    broken = home.parent / "broken.yaml"
    broken.write_text(SAMPLES.joinpath("pagbank.yaml").read_text("utf-8").replace("quantity: 2", "quantity: 0"),
                      "utf-8")
    return home, orders, broken


def commands(orders: dict, broken) -> dict[str, tuple]:
    gp, pb = orders["gestaoplus"], orders["pagbank"]
    return {
        "providers": ("providers",),
        "config show": ("config", "show"),
        "order history": ("order", "history"),
        "order attachments": ("order", "attachments", "--token", gp["token"]),
        "order open --print": ("order", "open", pb["id"], "--print"),
        "auth status": ("auth", "status"),
        "sandbox requests": ("sandbox", "requests"),
        "sandbox trigger --list": ("sandbox", "trigger", "--list"),
        "sandbox catalogue": ("sandbox", "catalogue"),
        "sandbox clock show": ("sandbox", "clock", "show"),
        "validate, valid": ("validate", SAMPLES / "pagbank.yaml"),
        "validate, problems": ("validate", broken),
    }


NAMES = list(commands({"gestaoplus": {"token": "t"}, "pagbank": {"id": "i"}}, None))
EXIT = {"validate, problems": 3}  # CONTRACT §7: the file has problems


def identifiers(text: str) -> set[str]:
    text = PORT.sub("127.0.0.1:PORT", text)
    return {u.rstrip(".,;)") for u in URL.findall(text)} | set(WORD.findall(text)) | set(LOCATION.findall(text))


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", NAMES)
def test_on_a_terminal_no_identifier_is_split_and_other_lines_fit(world, name, columns):
    home, orders, broken = world
    args = commands(orders, broken)[name]
    tty = on_pty(home, *args, columns=columns)
    pipe = piped(home, *args)
    assert tty.code == pipe.code == EXIT.get(name, 0), (tty.err, pipe.err)
    shown = PORT.sub("127.0.0.1:PORT", tty.out)
    wanted = identifiers(pipe.out)
    for value in wanted:
        assert any(value in line for line in shown.splitlines()), (name, value, tty.out)
    for line in shown.splitlines():
        if len(line) > columns:  # only a line carrying a whole identifier may be wider
            assert any(value in line for value in wanted | identifiers(line)), (name, columns, line)


@pytest.mark.parametrize("name", NAMES)
def test_piped_there_is_no_box_and_identifiers_are_whole_fields(world, name):
    home, orders, broken = world
    run = piped(home, *commands(orders, broken)[name])
    assert not BOX & set(run.out), (name, run.out)
    assert "\x1b" not in run.out
    if "\t" in run.out:  # a table: tab-separated rows of whole values
        out = PORT.sub("127.0.0.1:PORT", run.out)
        fields = {field for line in out.splitlines() for field in line.split("\t")}
        for value in identifiers(out):
            assert any(value in field for field in fields)
            assert not any(field.endswith("…") for field in fields), (name, run.out)


JSON_COMMANDS = {
    "providers": ("providers", "--output", "json"),
    "config show": ("config", "show", "--output", "json"),
    "order history": ("order", "history", "--output", "json"),
    "sandbox requests": ("sandbox", "requests", "--output", "json"),
    "sandbox trigger --list": ("sandbox", "trigger", "--list", "--output", "json"),
    "sandbox catalogue": ("sandbox", "catalogue", "--output", "json"),
    "validate, problems": ("validate", "--format", "json"),
}


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_json_outputs_parse(world, name):
    home, orders, broken = world
    args = JSON_COMMANDS[name] + ((broken,) if name.startswith("validate") else ())
    run = piped(home, *args)
    assert run.code == EXIT.get(name, 0), run.err
    assert isinstance(json.loads(run.out), (list, dict))


@pytest.mark.parametrize("name", ["providers", "sandbox trigger --list"])
def test_descriptions_wrap_at_80_columns_instead_of_being_cut(world, name):
    home, orders, broken = world
    run = on_pty(home, *commands(orders, broken)[name], columns=80)
    assert run.code == 0, run.err
    assert "…" not in run.out, run.out
