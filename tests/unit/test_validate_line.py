"""`validate` lines read before Typer (cli/validate_line.py) say and do exactly what Typer's reading does.

Each line runs twice through the real entry point: as shipped, and with the early reading switched
off so Typer reads it. Output, errors and exit status must be the same; which lines the early
reading takes is pinned too, so a line it should leave to Typer cannot slip through unnoticed.
"""

from __future__ import annotations

import pytest

from checkoutctl.cli import validate_line
from checkoutctl.cli.validate_line import ValidateLine, read_validate_line
from tests.conftest import SAMPLES

GOOD = str(SAMPLES / "gestaoplus.yaml")
BAD = str(SAMPLES / "pagbank-invalid.yaml")
PAGBANK, CART = str(SAMPLES / "pagbank.yaml"), str(SAMPLES / "pagbank-cart.yaml")


@pytest.fixture
def both(cli, monkeypatch):
    """(early reading, Typer's reading) of one command line."""

    taken: list[ValidateLine] = []
    real = validate_line.run_validate_line

    def counted(line: ValidateLine, keep: list | None = None) -> int:
        taken.append(line)
        return real(line, keep)

    monkeypatch.setattr(validate_line, "run_validate_line", counted)

    def run(*args: str):
        early = cli(*args)
        assert len(taken) == 1, f"{args}: not read early"
        with monkeypatch.context() as patch:
            patch.setattr(validate_line, "read_validate_line", lambda _args: None)
            typer = cli(*args)
        assert len(taken) == 1, f"{args}: read early although switched off"
        taken.clear()
        return early, typer

    return run


def lines(tmp_path) -> list[list[str]]:
    other = tmp_path / "workflow.yaml"
    other.write_text("on: push\njobs: {}\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("provider: pagbank\norder: [\n", encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("provider: pagbank\norder:\n  reference_id: 1\n", encoding="utf-8")
    found = [[GOOD], [str(wrong)], [GOOD, str(wrong), str(broken)], [str(tmp_path / "missing.yaml")],
             [str(tmp_path)], ["--format", "json", str(wrong)], ["--format=sarif", str(wrong)],
             [str(wrong), "--format", "junit"], ["--format", "github", GOOD, str(wrong)],
             ["--skip-other-yaml", str(other), GOOD], [str(other)], ["--", str(wrong)],
             ["--format", "text", "--", GOOD], ["--cart", str(wrong), GOOD], [f"--cart={tmp_path / 'none.yaml'}", GOOD]]
    found += [[BAD, "--format", "json"], ["--cart", CART, PAGBANK], [PAGBANK, f"--cart={CART}", BAD]]
    return [["validate", *line] for line in found]


def test_every_plain_line_reads_and_ends_as_typer_would(both, tmp_path):
    compared = 0
    for line in lines(tmp_path):
        assert read_validate_line(line) is not None, f"{line} should be read early"
        early, typer = both(*line)
        assert (early.code, early.out, early.err) == (typer.code, typer.out, typer.err), line
        compared += 1
    assert compared >= 15


@pytest.mark.parametrize("line", [
    [], ["validate"], ["validate", "--help"], ["validate", "-h"], ["validate", "--rules"],
    ["validate", "--format", "yaml", GOOD], ["validate", "--format", GOOD],  # no value: the file is not one
    ["validate", "--format", "json", "--format", "text", GOOD], ["validate", "--cart", GOOD],
    ["validate", "--cart=", GOOD], ["validate", "--cart", "--format", GOOD], ["validate", "--skip-other-yaml=1", GOOD],
    ["validate", "--frmat", "json", GOOD], ["validate", "-v", GOOD], ["validate", "-5", GOOD],
    ["-v", "validate", GOOD], ["order", "create", GOOD], ["validate", "--format", "JSON", GOOD],
    ["validate", "--skip-other-yaml", "--skip-other-yaml", GOOD], ["validate", "--"],
], ids=lambda line: " ".join(line) or "(nothing)")
def test_anything_else_is_left_to_typer(line):
    assert read_validate_line(line) is None


@pytest.mark.parametrize("line", [
    ["validate", "--help"], ["validate", "--format", "yaml", GOOD], ["validate", "--frmat", "json", GOOD],
    ["validate", "--format", "json", "--format", "text", GOOD], ["validate"], ["validate", "--rules"],
], ids=" ".join)
def test_lines_left_to_typer_still_get_typers_answer(cli, line):
    res = cli(*line)
    if "--help" in line:
        assert (res.code, "Usage:" in res.out) == (0, True)
    elif line == ["validate", "--rules"]:
        assert res.code == 0 and "required" in res.out
    elif line == ["validate", "--format", "json", "--format", "text", GOOD]:
        assert (res.code, res.out) == (0, "")  # click: the last one given wins
    else:
        assert res.code == 2 and res.err


def test_what_the_early_reading_takes_from_a_line():
    assert read_validate_line(["validate", "a.yaml", "--format=junit", "-", "--cart", "c.yaml", "--skip-other-yaml",
                               "--", "--odd.yaml"]) == ValidateLine(["a.yaml", "-", "--odd.yaml"], "c.yaml", "junit", True)
    assert read_validate_line(["validate", "a.yaml"]) == ValidateLine(["a.yaml"])


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_CHECKOUTCTL_COMPLETE", "complete_bash")
    assert read_validate_line(["validate", GOOD]) is None
