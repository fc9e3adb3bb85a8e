"""`checkoutctl validate FILE…` read without Typer, for the plain lines CI jobs and pre-commit hooks run.

Importing Typer and building the command tree costs ~25 ms, a sixth of validating a 5,000-item order
(issue 15), so `entry` answers these lines first, as it answers `--version`. Only what can be read one
way is taken: files, `-`, `--`, and `--cart`, `--format` and `--skip-other-yaml` each given at most once
with a value that is plainly a value. Anything else (`--help`, `--rules`, an unknown or repeated option,
a format Typer would refuse, no file at all) is None, and Typer reads the whole line and answers it,
usage errors included. `cli/validate.py` declares the same options from these names, and
tests/unit/test_validate_line.py runs each line both ways and compares what the user sees.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

FORMATS = ("text", "json", "github", "sarif", "junit")
CART, FORMAT, SKIP_OTHER_YAML = "--cart", "--format", "--skip-other-yaml"


@dataclass(frozen=True)
class ValidateLine:
    files: list[str]
    cart: str | None = None
    fmt: str = "text"
    skip_other_yaml: bool = False


def read_validate_line(args: list[str]) -> ValidateLine | None:
    """The plain `validate` line `args` states, or None for Typer to read."""
    if not args or args[0] != "validate" or os.environ.get("_CHECKOUTCTL_COMPLETE"):
        return None
    files: list[str] = []
    given: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            files.extend(rest)
            break
        if arg == "-" or not arg.startswith("-"):
            files.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name in given:
            return None  # Typer decides what a repeated option means
        if name == SKIP_OTHER_YAML and not equals:
            given[name] = ""
            continue
        if name not in (CART, FORMAT):
            return None
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-") or (name == FORMAT and value not in FORMATS):
            return None
        given[name] = value
    if not files:
        return None
    return ValidateLine(files, given.get(CART), given.get(FORMAT, "text"), SKIP_OTHER_YAML in given)


def run_validate_line(line: ValidateLine, keep: list | None = None) -> int:
    """Validate as the Typer command does, with the exit status Typer's own `main` would give; `keep`
    receives what was read (see `ordering.validate.validate_files`)."""
    import errno
    import sys

    from checkoutctl.ordering.validate import validate_files

    try:
        return validate_files(line.files, cart=line.cart, fmt=line.fmt, skip_other_yaml=line.skip_other_yaml,
                              keep=keep)
    except KeyboardInterrupt:  # typer.core's main: Exit(130), nothing said
        return 130
    except OSError as err:
        if err.errno != errno.EPIPE:
            raise
        # typer.core's main: the reader left (`validate … | head`); status 1, later flushes kept quiet
        for name in ("stdout", "stderr"):
            try:
                setattr(sys, name, open(os.devnull, "w"))
            except OSError:
                pass
        return 1
