"""Stopping a foreground server (`sandbox serve`, `listen`) on SIGINT and SIGTERM, cleanly."""

from __future__ import annotations

from contextlib import contextmanager


class StopServing(BaseException):
    """Raised in the main thread by SIGINT/SIGTERM; a BaseException so no handler swallows it."""


@contextmanager
def stopped_by_signals():
    """SIGINT and SIGTERM stop serve_forever, whatever the parent did with them: a shell starting
    `serve &` without job control sets SIGINT to SIG_IGN, which Python then leaves ignored."""
    import signal

    def stop(signum, _frame):
        raise StopServing(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
