"""The terminal as the output layer sees it (CONTRACT §3): data on stdout, everything else on stderr.

- A *terminal* gets tables drawn to its width; anything else (a pipe, a file) gets tab-separated rows
  (like gh). `CHECKOUTCTL_FORCE_TTY=1` makes any stdout a terminal (tests, `watch`, `less -R`).
- *Colour* (and OSC 8 hyperlinks, which ride on the same escape machinery): never when `NO_COLOR` is set
  (https://no-color.org); forced by `CLICOLOR_FORCE` (not `0`) or `CHECKOUTCTL_FORCE_TTY=1`; otherwise
  only when the stream is a terminal.
- Rich markup and emoji codes are never interpreted in printed text, so data can't become markup.
"""

from __future__ import annotations

import os
import sys


def forced_tty() -> bool:
    return os.environ.get("CHECKOUTCTL_FORCE_TTY") == "1"


def is_terminal(stream=None) -> bool:
    """Whether `stream` (stdout by default) gets the terminal's tables rather than TSV."""
    stream = sys.stdout if stream is None else stream
    if forced_tty():
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or bare stream
        return False


def wants_colour(stream=None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0") or forced_tty():
        return True
    return is_terminal(stream)


def width_from_env() -> int | None:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _console(stderr: bool):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    colour = wants_colour(stream)
    # color_system None draws no escape at all (no bold header, no link) under NO_COLOR or into a pipe.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, width=width_from_env(),
                   force_terminal=is_terminal(stream) or colour, color_system="auto" if colour else None,
                   soft_wrap=False)


def stdout_console():
    return _console(False)


def stderr_console():
    return _console(True)


def paint_label(label: str, colour: str, stream=None) -> str:
    """`label` in an ANSI colour when `stream` (stderr by default) takes colour: `error:` red, `warning:` yellow."""
    stream = sys.stderr if stream is None else stream
    if not wants_colour(stream):
        return label
    code = {"red": "31", "yellow": "33", "green": "32"}[colour]
    return f"\x1b[{code}m{label}\x1b[0m"
