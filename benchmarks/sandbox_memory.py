"""Peak memory of `checkoutctl sandbox serve` while clients stream bodies far over its 1 MiB limit.

Starts serve in its own process on a temporary home, reads its VmHWM (peak RSS, Linux /proc) once it
is up, then sends: a chunked body of --megabytes MiB with no Content-Length, a Content-Length of
2 GiB followed by as much data, and 8 such chunked streams at once. Prints the peak before and after
and every answer's status. Not part of the test suite:

    .venv/bin/python benchmarks/sandbox_memory.py --megabytes 256
    .venv/bin/python benchmarks/sandbox_memory.py --tree /path/to/other/checkout   # compare a tree
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = b"x" * 65536
HEAD = b"POST /pagbank/checkouts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sandbox\r\nContent-Type: application/json\r\n"


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc: Linux only")


def stream(port: int, megabytes: int, chunked: bool) -> str:
    """Send up to `megabytes` MiB (stopping when the server closes) and return its status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(HEAD + (b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: 2147483648\r\n\r\n"))
        try:
            for _ in range(megabytes * 16):
                sock.sendall(b"10000\r\n" + CHUNK + b"\r\n" if chunked else CHUNK)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # refused part way: the answer is waiting
        try:
            return sock.recv(200).split(b"\r\n", 1)[0].decode() or "(closed, no answer)"
        except OSError as err:
            return f"(no answer: {type(err).__name__})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=256, help="MiB each client tries to send")
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkoutctl source tree to run")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CHECKOUTCTL_HOME": home, "PYTHONPATH": str(args.tree)}
        serve = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)],
                                 env=env, cwd=args.tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):  # bounded wait for it to listen
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            time.sleep(0.2)
            start = peak_kib(serve.pid)
            print(f"tree {args.tree}: serve up, peak RSS {start / 1024:.1f} MiB")
            print(f"  chunked {args.megabytes} MiB, no Content-Length: {stream(port, args.megabytes, True)}")
            print(f"  Content-Length 2 GiB, {args.megabytes} MiB sent:   {stream(port, args.megabytes, False)}")
            answers: list[str] = []
            clients = [threading.Thread(target=lambda: answers.append(stream(port, args.megabytes, True)))
                       for _ in range(8)]
            for client in clients:
                client.start()
            for client in clients:
                client.join(300)
            print(f"  8 chunked streams at once: {sorted(set(answers))}")
            end = peak_kib(serve.pid)
            print(f"  peak RSS after: {end / 1024:.1f} MiB (+{(end - start) / 1024:.1f} MiB)")
        finally:
            serve.terminate()
            serve.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
