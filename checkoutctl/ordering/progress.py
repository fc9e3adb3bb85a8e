"""What a command says on stderr while it works: the SANDBOX mark, spinners, retries, warnings."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from checkoutctl.safe_text import clean


def say(message: str) -> None:
    sys.stderr.write(clean(message) + "\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    from checkoutctl.render.console import paint_label

    sys.stderr.write(f"{paint_label('warning:', 'yellow')} {clean(message)}\n")
    sys.stderr.flush()


def sandbox_mark(url: str, home, served: bool = False) -> None:
    """`served`: a running `sandbox serve` of this home answers; else an embedded one for this command."""
    if served:
        say(f"SANDBOX  sandbox serve at {url} (state in {home}); configure a profile to reach a real provider")
        return
    say(f"SANDBOX  embedded sandbox at {url} (state in {home}); configure a profile to reach a real provider")
    say("SANDBOX  links it prints open while `checkoutctl sandbox serve` runs")


def on_retry(attempt: int, wait: float, reason: str) -> None:
    say(f"retrying in {wait:.1f}s after {reason} (attempt {attempt + 1})")


@contextmanager
def spinner(text: str) -> Iterator[None]:
    """A spinner on stderr while waiting on the network; nothing at all when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from checkoutctl.render.console import stderr_console

    with stderr_console().status(clean(text, inline=True)):
        yield
