"""Issue 11 leftover: a state shown with its meaning ("1 (active)", "CANCELADO (cancelled)", Gestão Plus
codes in words, seed 001) is coloured by the same rules as a plain state: created/paid/active green,
refused/declined/cancelled red, pending/unknown yellow. On a real pty with CLICOLOR_FORCE (and piped
with it, TSV), through the real CLI and the embedded sandbox."""

from __future__ import annotations

import json

import pytest

from tests.integration.terminal.conftest import SAMPLES, on_pty, piped

pytestmark = pytest.mark.integration

GREEN, RED, YELLOW = "\x1b[32m", "\x1b[31m", "\x1b[33m"
COLOUR = {"NO_COLOR": None, "CLICOLOR_FORCE": "1"}
BOLETO_3X = (SAMPLES / "gestaoplus.yaml").read_text("utf-8").replace("negotiationType: 22", "negotiationType: 33")


def painted(out: str, colour: str, text: str) -> bool:
    return f"{colour}{text}\x1b[0m" in out


def test_a_plain_state_is_coloured_as_before(tmp_path):
    home = tmp_path / "home"
    [order] = [json.loads(piped(home, "order", "create", SAMPLES / "bakeronline.yaml", "--output", "json").out)]
    run = on_pty(home, "order", "show", order["id"], env=COLOUR)
    assert run.code == 0, run.err
    assert painted(run.out, YELLOW, "PENDING") and painted(run.out, YELLOW, "pending")


@pytest.mark.parametrize("columns", [80, 120])
def test_worded_gestaoplus_states_are_coloured_like_plain_ones(tmp_path, columns):
    home = tmp_path / "home"
    path = tmp_path / "boleto.yaml"
    path.write_text(BOLETO_3X, "utf-8")
    created = piped(home, "order", "create", path, "--output", "json")
    assert created.code == 0, created.err
    order = json.loads(created.out)
    run = on_pty(home, "order", "show", "--token", order["token"], columns=columns, env=COLOUR)
    assert run.code == 0, run.err
    assert painted(run.out, GREEN, "1 (active)")
    assert painted(run.out, YELLOW, "PENDENTE (awaiting payment)")
    cancelled = piped(home, "sandbox", "trigger", "gestaoplus.cancelled", str(order["id"]))
    assert cancelled.code == 0, cancelled.err
    run = on_pty(home, "order", "show", "--token", order["token"], columns=columns, env=COLOUR)
    assert painted(run.out, RED, "0 (cancelled)") and painted(run.out, RED, "CANCELADO (cancelled)")
    # Piped with CLICOLOR_FORCE: TSV, its summary's states coloured by the same rule.
    tsv = piped(home, "order", "show", "--token", order["token"], env=COLOUR)
    assert f"status\t{RED}0 (cancelled)\x1b[0m" in tsv.lines
    assert f"payment status\t{RED}CANCELADO (cancelled)\x1b[0m" in tsv.lines
    assert "\x1b" not in on_pty(home, "order", "show", "--token", order["token"], columns=columns).out  # NO_COLOR


def test_paid_in_full_is_green(tmp_path):
    home = tmp_path / "home"
    order = json.loads(piped(home, "order", "create", SAMPLES / "gestaoplus.yaml", "--output", "json").out)
    run = on_pty(home, "order", "show", "--token", order["token"], env=COLOUR)
    assert painted(run.out, GREEN, "CONCLUIDO (paid in full)") and painted(run.out, GREEN, "1 (active)")
