"""Sandbox lookups/s and latency under N keep-alive clients, the load coming from OTHER processes.

Starts `checkoutctl sandbox serve` (its own process, a temporary state folder), creates orders, then
runs the clients in separate load processes (each a few threads, one http.client keep-alive
connection per client) so that the server's interpreter spends its time serving, not generating
load. Every answer must be 200; prints lookups/s and p50/p99 latency per round, then the medians.

    .venv/bin/python benchmarks/sandbox_load.py --clients 8,64 --rounds 3 --seconds 3 [--bare]

`--bare` measures the floor the same way: the stdlib's threading HTTP/1.1 server with one fixed body.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADERS = {"Authorization": "Bearer sandbox", "Accept": "application/json"}
THREADS_PER_PROCESS = 16
TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(home: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", "sandbox", "serve", "--port", str(port)], cwd=ROOT,
                            env={**os.environ, "CHECKOUTCTL_HOME": str(home)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/_sandbox/health")
            if connection.getresponse().status == 200:
                connection.close()
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the sandbox did not start")


BARE_SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = json.dumps({"id": "CHEC_0", "status": "ACTIVE"}).encode()
# One write per answer, Nagle off: no delayed-ACK stall between headers and body.
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *args):
        pass
    def do_GET(self):
        self.wfile.write(ANSWER)

ThreadingHTTPServer.request_queue_size = 128  # 64 clients connect at once
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.daemon_threads = True
server.serve_forever()
"""


def serve_bare() -> tuple[subprocess.Popen, int]:
    """The floor: the stdlib's threading HTTP/1.1 server answering one fixed JSON body, no SQLite."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the bare server did not start")


def seed(port: int, count: int) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    ids = []
    for number in range(count):
        body = json.dumps({"reference_id": f"load-{number}",
                           "items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]})
        connection.request("POST", "/pagbank/checkouts", body, {**HEADERS, "Content-Type": "application/json"})
        response = connection.getresponse()
        ids.append(json.loads(response.read())["id"])
    connection.close()
    return ids


def load(port: int, paths: list[str], threads: int, seconds: float, offset: int) -> dict:
    """One load process: `threads` keep-alive clients for `seconds`; counts and latencies."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    failures: list[str] = []
    start_at = time.monotonic()
    deadline = start_at + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        position = offset + index
        while time.monotonic() < deadline:  # bounded by the deadline
            began = time.perf_counter()
            try:
                connection.request("GET", paths[position % len(paths)], headers=HEADERS)
                response = connection.getresponse()
                response.read()
            except OSError as err:
                failures.append(repr(err))
                return
            if response.status != 200:
                failures.append(str(response.status))
                return
            latencies[index].append(time.perf_counter() - began)
            position += threads
        connection.close()

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + 2 * TIMEOUT)
    return {"latencies": [x for each in latencies for x in each], "failures": failures,
            "elapsed": time.monotonic() - start_at}


def one_round(port: int, paths: list[str], clients: int, seconds: float) -> tuple[float, float, float, int]:
    """(lookups/s, p50 ms, p99 ms, failures) with `clients` spread over load processes."""
    processes = max(1, -(-clients // THREADS_PER_PROCESS))
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "paths.json").write_text(json.dumps(paths), encoding="utf-8")
        procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(port), str(share), str(seconds),
                                   str(sum(shares[:i])), str(Path(work) / "paths.json")], stdout=subprocess.PIPE)
                 for i, share in enumerate(shares)]
        results = [json.loads(proc.communicate(timeout=seconds + 60)[0]) for proc in procs]
    latencies = sorted(x for r in results for x in r["latencies"])
    failures = sum(len(r["failures"]) for r in results)
    elapsed = max(r["elapsed"] for r in results)
    if not latencies:
        return 0.0, 0.0, 0.0, failures
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return len(latencies) / elapsed, p(0.50), p(0.99), failures


def measure(clients_list: list[int], rounds: int, seconds: float, orders: int = 200, bare: bool = False) -> dict[int, dict]:
    """Median lookups/s, p50, p99 and total failures for each client count (`bare`: of the floor)."""
    out = {}
    with tempfile.TemporaryDirectory() as home:
        proc, port = serve_bare() if bare else serve(Path(home))
        try:
            paths = ["/checkout"] if bare else [f"/pagbank/checkouts/{c}" for c in seed(port, orders)]
            for clients in clients_list:
                one_round(port, paths, clients, min(1.0, seconds))  # warm-up
                runs = [one_round(port, paths, clients, seconds) for _ in range(rounds)]
                out[clients] = {"rate": statistics.median(r[0] for r in runs),
                                "p50": statistics.median(r[1] for r in runs),
                                "p99": statistics.median(r[2] for r in runs),
                                "failures": sum(r[3] for r in runs), "runs": runs}
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return out


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        port, threads, seconds, offset, paths = sys.argv[2:7]
        result = load(int(port), json.loads(Path(paths).read_text(encoding="utf-8")), int(threads), float(seconds),
                      int(offset))
        sys.stdout.write(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8,64", help="comma-separated client counts")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--bare", action="store_true", help="measure the floor: a bare stdlib server")
    args = parser.parse_args()
    for clients, figures in measure([int(c) for c in args.clients.split(",")], args.rounds, args.seconds,
                                    bare=args.bare).items():
        print(f"{clients:>3} clients: median {figures['rate']:7.1f} lookups/s, p50 {figures['p50']:6.1f} ms, "
              f"p99 {figures['p99']:6.1f} ms, {figures['failures']} failures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
