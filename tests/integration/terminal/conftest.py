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
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", *map(str, args)], stdout=slave,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT,
                            env=_env(home, {"COLUMNS": str(columns), **(env or {})}))
    os.close(slave)
    chunks, deadline = [], time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed its end
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(timeout=DEADLINE)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(code, out, err)


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
    once `prompt` has appeared. `out` is the whole transcript, as a person at the terminal sees it."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))

    def controlling_terminal() -> None:  # in the child: a session of its own, the pty its terminal
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", *map(str, args)], stdin=slave, stdout=slave,
                            stderr=slave, cwd=ROOT, preexec_fn=controlling_terminal,
                            env=_env(home, {"COLUMNS": str(columns), **(env or {})}))
    os.close(slave)
    pending, seen, deadline = list(answers), b"", time.monotonic() + DEADLINE
    try:
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
                if pending and pending[0][0].encode() in seen.split(b"\x00")[-1]:
                    os.write(master, pending.pop(0)[1].encode() + b"\r")
                    seen += b"\x00"  # what follows is looked at for the next prompt
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=DEADLINE)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = seen.replace(b"\x00", b"").decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(code, out, "")
