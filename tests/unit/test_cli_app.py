"""The command tree is loaded one command module at a time (cli/app.py, issue 15), and looks the same
from outside as when every module was converted up front: the listing, its order, typo suggestions."""

from __future__ import annotations

import re

from checkoutctl.cli import app
from tests.unit.test_startup_imports import modules_after

# As Typer lists an app: its plain commands in registration order, then its groups.
LISTED = ["validate", "providers", "schema", "listen", "completion", "order", "config", "auth", "sandbox"]


def listed_commands(help_text: str) -> list[str]:
    section = help_text.split("Commands:", 1)[1].split("Examples:", 1)[0]
    return re.findall(r"^  (\S+)  ", section, flags=re.M)


def test_help_lists_every_command_in_typers_order(cli):
    result = cli("--help")
    assert result.code == 0
    assert listed_commands(result.out) == LISTED


def test_a_typo_is_told_the_closest_command_even_though_it_was_never_loaded(cli):
    result = cli("ordr", "show")
    assert result.code == 2
    assert "No such command 'ordr'. Did you mean 'order'?" in result.err


def test_a_subcommand_typo_is_told_its_group_s_commands(cli):
    result = cli("order", "shw")
    assert result.code == 2
    assert "Did you mean 'show'?" in result.err


def test_looking_one_command_up_loads_only_its_module():
    commands = app.build_app().commands
    assert commands["order"].name == "order"
    assert commands._pending == [n for n in app.COMMAND_MODULES if n != "order"]
    assert "sandbox" in commands and commands._pending == [n for n in app.COMMAND_MODULES if n not in ("order", "sandbox")]
    assert list(commands) == LISTED and commands._pending == []


def test_a_missing_module_is_no_command():
    assert app.module_commands("no_such_module") == {}
    assert app.build_app().commands.get("no_such_module") is None


def test_order_help_imports_no_other_command_module():
    loaded = modules_after(["order", "show", "--help"])
    assert {m for m in loaded if m.startswith("checkoutctl.cli.")} == {
        "checkoutctl.cli.app", "checkoutctl.cli.provider_help", "checkoutctl.cli.order",
        "checkoutctl.cli.order_lifecycle", "checkoutctl.cli.options"}
