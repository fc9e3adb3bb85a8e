"""Lookups per second of the sandbox: GET /pagbank/checkouts/{id} and GET /gestaoplus/order/info?t=.

Starts the sandbox in a thread on a temporary home, creates N orders of each provider, then for 1 and
8 concurrent client threads (one requests.Session each) counts completed lookups in fixed-length rounds
and prints the median. Not part of the test suite:

    .venv/bin/python benchmarks/sandbox_lookups.py --orders 200 --rounds 5 --seconds 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkoutctl.sandbox_server import start_in_thread  # noqa: E402

TIMEOUT = 10
PAGBANK = {"Authorization": "Bearer sandbox"}
GESTAO = {"Authorization": "Bearer sandbox", "Origin": "https://bench.example"}


def seed_orders(url: str, count: int) -> tuple[list[str], list[str]]:
    checkouts, tokens = [], []
    with requests.Session() as session:
        session.trust_env = False
        for number in range(count):
            body = {"reference_id": f"bench-{number}", "items": [{"name": "Camiseta", "quantity": 1, "unit_amount": 4990}]}
            checkouts.append(session.post(f"{url}/pagbank/checkouts", json=body, headers=PAGBANK, timeout=TIMEOUT).json()["id"])
            body = {"items": [{"id": 483, "quantity": 1}], "type": "V", "negotiationType": 33, "uri": f"bench-{number}"}
            tokens.append(session.post(f"{url}/gestaoplus/order", json=body, headers=GESTAO, timeout=TIMEOUT).json()["publicToken"])
    return checkouts, tokens


def one_round(urls: list[str], headers: dict, threads: int, seconds: float) -> float:
    """Lookups/s with `threads` clients hammering for `seconds`; every answer must be 200."""
    counts = [0] * threads
    failures: list[str] = []
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        with requests.Session() as session:
            session.trust_env = False
            position = index
            while time.monotonic() < deadline:  # bounded by the deadline
                response = session.get(urls[position % len(urls)], headers=headers, timeout=TIMEOUT)
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.url}")
                    return
                counts[index] += 1
                position += threads

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + 2 * TIMEOUT)
    elapsed = time.monotonic() - started
    if failures:
        raise SystemExit(f"lookup failed: {failures[0]}")
    return sum(counts) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200, help="orders of each provider to create first")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement; the median is printed")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, start_in_thread(Path(home)) as sandbox:
        checkouts, tokens = seed_orders(sandbox.url, args.orders)
        targets = {
            "GET /pagbank/checkouts/{id}": ([f"{sandbox.url}/pagbank/checkouts/{c}" for c in checkouts], PAGBANK),
            "GET /gestaoplus/order/info": ([f"{sandbox.url}/gestaoplus/order/info?t={t}" for t in tokens], GESTAO),
        }
        print(f"sandbox {sandbox.url}, {args.orders} orders each, {args.rounds} rounds x {args.seconds:g} s")
        for name, (urls, headers) in targets.items():
            for threads in (1, 8):
                rates = [one_round(urls, headers, threads, args.seconds) for _ in range(args.rounds)]
                print(f"{name:<30} {threads} thread(s): median {statistics.median(rates):8.1f} lookups/s"
                      f"  (min {min(rates):.1f}, max {max(rates):.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
