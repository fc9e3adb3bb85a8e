"""The rich consoles: data on stdout, everything else on stderr (CONTRACT §3).

Colour follows the terminal (none when not a TTY or when NO_COLOR is set); rich markup and emoji codes
are never interpreted in printed text, so data can't become markup.
"""

from __future__ import annotations

import os


def _console(stderr: bool):
    from rich.console import Console

    width = None
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, width=width,
                   no_color=bool(os.environ.get("NO_COLOR")) or None, soft_wrap=False)


def stdout_console():
    return _console(False)


def stderr_console():
    return _console(True)
