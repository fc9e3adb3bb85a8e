"""The real CLI on a real pseudo-terminal (`pty`) at a fixed width, and the same CLI piped.

Each run is a subprocess with a throwaway CHECKOUTCTL_HOME (the embedded sandbox keeps its state there);
every read has a deadline and every process is reaped.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
DEADLINE = 60.0


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def _env(home: Path, extra: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CHECKOUTCTL_FORCE_TTY", "CLICOLOR_FORCE", "COLUMNS")}
    env.update({"CHECKOUTCTL_HOME": str(home), "NO_COLOR": "1", "TERM": "xterm-256color", "TZ": "UTC"})
    env.update(extra or {})
    return {k: v for k, v in env.items() if v is not None}


def on_pty(home: Path, *args: str, columns: int = 80, env: dict | None = None) -> Run:
    """`checkoutctl ARGS` with stdout on a pseudo-terminal `columns` wide; stderr piped."""
    master, slave = _sized_pty(columns)
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", *map(str, args)], stdout=slave,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT,
                            env=_env(home, {"COLUMNS": str(columns), **(env or {})}))
    os.close(slave)
    try:
        out = _read_until_exit(master, proc)
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(timeout=DEADLINE)
    finally:
        _reap(master, proc)
    return Run(code, out.decode("utf-8", "replace").replace("\r\n", "\n"), err)


def _sized_pty(columns: int) -> tuple[int, int]:
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    return master, slave


def _read_until_exit(master: int, proc: subprocess.Popen, on_data=None) -> bytes:
    """Everything the child writes to the pty until it closes its end or exits (DEADLINE at most);
    `on_data(all so far)` after each read."""
    seen, deadline = b"", time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            seen += data
            if on_data is not None:
                on_data(seen)
        elif proc.poll() is not None:
            break
    return seen


def _reap(master: int, proc: subprocess.Popen) -> None:
    os.close(master)
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def piped(home: Path, *args: str, env: dict | None = None) -> Run:
    """`checkoutctl ARGS` with stdout a pipe (as `| grep` would see it)."""
    res = subprocess.run([sys.executable, "-m", "checkoutctl", *map(str, args)], capture_output=True,
                         timeout=DEADLINE, cwd=ROOT, env=_env(home, env), stdin=subprocess.DEVNULL)
    return Run(res.returncode, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace"))


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def on_terminal(home: Path, *args: str, answers: tuple[tuple[str, str], ...] = (), columns: int = 80,
                env: dict | None = None) -> Run:
    """`checkoutctl ARGS` with stdin, stdout and stderr all on one pseudo-terminal that is its controlling
    terminal (what getpass opens as /dev/tty). Each (prompt, text) of `answers` is typed, with Enter,
    once `prompt` has appeared after the previous answer. `out` is the whole transcript, as a person at
    the terminal sees it."""
    import fcntl
    import termios

    master, slave = _sized_pty(columns)

    def controlling_terminal() -> None:  # in the child: a session of its own, the pty its terminal
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", *map(str, args)], stdin=slave, stdout=slave,
                            stderr=slave, cwd=ROOT, preexec_fn=controlling_terminal,
                            env=_env(home, {"COLUMNS": str(columns), **(env or {})}))
    os.close(slave)
    pending, answered_at = list(answers), [0]

    def answer(seen: bytes) -> None:
        if pending and pending[0][0].encode() in seen[answered_at[0]:]:
            os.write(master, pending.pop(0)[1].encode() + b"\r")
            answered_at[0] = len(seen)  # the next prompt is looked for in what follows

    try:
        out = _read_until_exit(master, proc, answer)
        code = proc.wait(timeout=DEADLINE)
    finally:
        _reap(master, proc)
    return Run(code, out.decode("utf-8", "replace").replace("\r\n", "\n"), "")
