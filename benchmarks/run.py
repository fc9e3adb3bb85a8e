"""checkoutctl against the tools a user would pick instead (not part of pytest).

    .venv/bin/python benchmarks/run.py [--rounds N] [--only version,imports,validate,show,render,showpiped,lookups,history,load]

First run: creates benchmarks/.peers/venv (gitignored) and pip-installs HTTPie and check-jsonschema
into it; curl comes from the system (skipped with a note when absent). Each pair of commands runs
ALTERNATELY, after one warm-up each, so drift and noisy neighbours hit both alike; min / median / max
per command, then the ratio of medians against its target, PASS or FAIL. Targets: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "benchmarks" / ".peers" / "venv"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validate_bench import make_order, show  # noqa: E402 - the same 5,000-item order file

RESULTS: list[tuple[str, str, bool]] = []  # (target, measured, passed), printed again at the end
DEVNULL = subprocess.DEVNULL


def verdict(target: str, measured: str, passed: bool) -> None:
    RESULTS.append((target, measured, passed))
    print(f"  => {measured}   target {target}: {'PASS' if passed else 'FAIL'}")


def ratio(name: str, a: float, b: float, limit: float) -> None:
    verdict(f"{name} <= {limit:g}", f"ratio of medians {a / b:.3f}", a / b <= limit)


def run_once(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed


def alternate(commands: dict[str, list[str]], rounds: int, env: dict | None = None) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm-up: page cache, .pyc files
        run_once(cmd, env)
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(run_once(cmd, env))
    return times


# --- peers ------------------------------------------------------------------------------------------

def peer(name: str, package: str) -> str | None:
    """benchmarks/.peers/venv/bin/NAME, pip-installing PACKAGE there on first use (None: not installable)."""
    exe = PEERS / "bin" / name
    if exe.exists():
        return str(exe)
    try:
        if not (PEERS / "bin" / "python").exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(PEERS)
        proc = subprocess.run([str(PEERS / "bin" / "python"), "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", "--timeout", "15", package],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as err:
        print(f"  {package}: not installable ({err}); skipped")
        return None
    if proc.returncode != 0 or not exe.exists():
        print(f"  {package}: not installable ({(proc.stderr.strip().splitlines() or ['?'])[-1][:120]}); skipped")
        return None
    return str(exe)


_INSTALLED: list[str] = []


def checkoutctl() -> list[str]:
    """checkoutctl installed as users install it (`pip install .`, byte-compiled by pip) beside the peers.

    An editable install, or a shell with PYTHONDONTWRITEBYTECODE=1, recompiles every module on every
    start-up (measured: ~60 ms on `order show`), while the peers are byte-compiled by pip: comparing
    those would measure the install, not the tool. Reinstalled each run so the figures are of this tree.
    """
    if _INSTALLED:
        return _INSTALLED
    peer("http", "httpie")  # creates the peers' venv on first use
    python = PEERS / "bin" / "python"
    exe = PEERS / "bin" / "checkoutctl"
    if python.exists():
        proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--force-reinstall", "--no-deps", str(ROOT)], capture_output=True, text=True, timeout=600)
        if proc.returncode == 0 and not exe.exists():
            proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
                                  capture_output=True, text=True, timeout=600)
        deps = subprocess.run([str(python), "-c", "import typer, rich, requests, yaml, werkzeug, platformdirs, stdnum, email_validator"],
                              capture_output=True)
        if deps.returncode != 0:
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)], capture_output=True, timeout=600)
        if exe.exists():
            _INSTALLED.append(str(exe))
            return _INSTALLED
    script = Path(sys.executable).with_name("checkoutctl")
    _INSTALLED.extend([str(script)] if script.exists() else [sys.executable, "-m", "checkoutctl"])
    return _INSTALLED


# --- the targets --------------------------------------------------------------------------------------

def bench_version(rounds: int) -> None:
    print("\n[1] start-up: checkoutctl --version vs HTTPie http --version (floor: python -c pass)")
    http = peer("http", "httpie")
    cmds = {"ctl": checkoutctl() + ["--version"], "pass": [sys.executable, "-c", "pass"]}
    if http:
        cmds["http"] = [http, "--version"]
    t = alternate(cmds, rounds)
    a = show("checkoutctl --version", t["ctl"])
    show("python -c pass  [floor]", t["pass"])
    if http:
        ratio("checkoutctl --version / http --version", a, show("http --version", t["http"]), 0.2)


def bench_imports() -> None:
    print("\n[2] checkoutctl validate samples/*.yaml imports no requests, rich tables or sandbox")
    samples = [str(p) for p in sorted((ROOT / "samples").glob("*.yaml"))
               if not p.stem.endswith(("-invalid", "-cart"))]
    code = ("import sys, json\nfrom checkoutctl.entry import main\nmain(sys.argv[1:])\n"
            "sys.stdout.write('\\n@@' + json.dumps(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code, "validate", *samples], capture_output=True, text=True,
                         cwd=ROOT).stdout
    loaded = set(json.loads(out.split("@@")[1]))
    bad = sorted(m for m in loaded if m.split(".")[0] in ("requests", "urllib3", "werkzeug", "sqlite3", "jq", "keyring", "segno")
                 or m.startswith(("rich.table", "checkoutctl.sandbox", "checkoutctl.http.transport", "checkoutctl.http.client")))
    verdict("no requests/urllib3/werkzeug/sqlite3/rich.table/sandbox", f"{len(samples)} samples, "
            f"{len(loaded)} modules, forbidden: {bad or 'none'}", not bad)
    print("  (pinned in pytest: tests/unit/test_startup_imports.py)")


def bench_validate(rounds: int, work: Path) -> None:
    print("\n[3] validate a 5,000-item PagBank order vs libyaml's compose (floor), PyYAML's C and pure loaders,"
          " check-jsonschema")
    order = work / "pagbank-5000.yaml"
    make_order(order, 5000)
    ctl = checkoutctl()
    run_once(ctl + ["validate", str(order)])  # the file must be valid, or the timing means nothing

    cmds = {"validate": ctl + ["validate", str(order)],
            "compose": [sys.executable, "-c", f"import yaml; yaml.compose(open({str(order)!r}, encoding='utf-8'),"
                        " Loader=yaml.CSafeLoader)"],
            "c_load": [sys.executable, "-c", f"import yaml; yaml.load(open({str(order)!r}, encoding='utf-8'),"
                       " Loader=yaml.CSafeLoader)"],
            "safe_load": [sys.executable, "-c", f"import yaml; yaml.load(open({str(order)!r}, encoding='utf-8'),"
                          " Loader=yaml.SafeLoader)"]}
    cjs = peer("check-jsonschema", "check-jsonschema")
    if cjs:
        schema = work / "pagbank.schema.json"
        schema.write_bytes(subprocess.run(ctl + ["schema", "pagbank"], check=True, capture_output=True).stdout)
        cmds["cjs"] = [cjs, "--schemafile", str(schema), str(order)]
    t = alternate(cmds, rounds)
    a = show("checkoutctl validate FILE", t["validate"])
    ratio("validate / libyaml compose", a, show("python yaml.compose(CSafeLoader)  [floor]", t["compose"]), 1.3)
    show("python yaml.load(CSafeLoader)", t["c_load"])
    ratio("validate / safe_load(SafeLoader)", a, show("python yaml.load(SafeLoader)", t["safe_load"]), 0.5)
    if cjs:
        ratio("validate / check-jsonschema", a, show("check-jsonschema --schemafile", t["cjs"]), 0.3)
    # 50,000 items: linear (10x the items in at most 12x the time) and peak RSS of the whole process.
    import statistics

    big = work / "pagbank-50000.yaml"
    make_order(big, 50_000, short=True)
    small = work / "pagbank-5000-short.yaml"
    make_order(small, 5_000, short=True)
    pairs = [(run_with_rss(ctl + ["validate", str(small)]), run_with_rss(ctl + ["validate", str(big)]))
             for _ in range(max(3, rounds // 2))]
    runs = [b for _, b in pairs]
    small_median = statistics.median(s[0] for s, _ in pairs)
    floor = [run_with_rss([sys.executable, "-c", f"import yaml; yaml.compose(open({str(big)!r}, encoding='utf-8'),"
                           " Loader=yaml.CSafeLoader)"]) for _ in range(max(3, rounds // 2))]
    big_median = statistics.median(r[0] for r in runs)
    print(f"  validate 50,000 items (file {big.stat().st_size / 2**20:.1f} MiB)   median {big_median * 1000:8.1f} ms,"
          f" peak RSS {max(r[1] for r in runs) / 1024:.0f} MiB;  libyaml compose of it: median "
          f"{statistics.median(r[0] for r in floor) * 1000:.1f} ms, peak RSS {max(r[1] for r in floor) / 1024:.0f} MiB")
    print(f"  validate  5,000 of the same short items  median {small_median * 1000:8.1f} ms,"
          f" peak RSS {max(s[1] for s, _ in pairs) / 1024:.0f} MiB")
    growth = big_median / small_median
    verdict("validate linear: 10x items <= 12x time", f"x{growth:.1f}", growth <= 12)


def run_with_cpu(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from the kernel's rusage of that child) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=DEVNULL, stderr=DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def run_with_rss(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak resident set (KiB, from the kernel's rusage of that child) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=DEVNULL, stderr=DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving_sandbox(home: Path):
    """A `checkoutctl sandbox serve` over `home` on a free port, answering: yields (env, base URL)."""
    import requests

    port = free_port()
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home), "CHECKOUTCTL_TOKEN": "sandbox", "NO_COLOR": "1"}
    for name in ("CHECKOUTCTL_PROFILE", "CHECKOUTCTL_FORCE_TTY", "CLICOLOR_FORCE"):
        env.pop(name, None)
    server = subprocess.Popen(checkoutctl() + ["sandbox", "serve", "--port", str(port)], env=env,
                              stdout=DEVNULL, stderr=DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # up to 10 s for the server to listen
            try:
                requests.get(f"{base}/_sandbox/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield env, base
    finally:
        server.terminate()
        server.wait(10)


def bench_show(rounds: int, work: Path) -> None:
    print("\n[4] order show ID (piped) against a running sandbox serve vs HTTPie http GET (floor: curl)")
    import sqlite3
    import statistics

    import requests

    home = work / "home"
    with serving_sandbox(home) as (env, base):
        body = {"reference_id": "bench", "items": [{"name": "Camiseta", "quantity": 2, "unit_amount": 4990}]}
        checkout = requests.post(f"{base}/pagbank/checkouts", json=body, timeout=10,
                                 headers={"Authorization": "Bearer sandbox"}).json()["id"]
        url = f"{base}/pagbank/checkouts/{checkout}"
        # [4b]: the embedded default, a home with no config and no serve running: the command starts its
        # own sandbox. Its database is a copy of serve's, so both rows (and HTTPie) read the same document.
        embedded_home = work / "home-embedded"
        embedded_home.mkdir()
        with sqlite3.connect(home / "sandbox.sqlite3") as source, \
                sqlite3.connect(embedded_home / "sandbox.sqlite3") as target:
            source.backup(target)
        embedded_env = {**env, "CHECKOUTCTL_HOME": str(embedded_home)}
        embedded_env.pop("CHECKOUTCTL_TOKEN")
        cmds = {"ctl": (checkoutctl() + ["order", "show", checkout, "--provider", "pagbank",
                                         "--base-url", f"{base}/pagbank"], env),
                "embedded": (checkoutctl() + ["order", "show", checkout], embedded_env)}
        shown = subprocess.run(cmds["embedded"][0], env=embedded_env, capture_output=True, timeout=60)
        if shown.returncode != 0 or b"embedded sandbox" not in shown.stderr or checkout.encode() not in shown.stdout:
            raise SystemExit(f"order show on the embedded default: exit {shown.returncode}: "
                             f"{shown.stderr.decode()[-300:]}")
        http = peer("http", "httpie")
        if http:
            cmds["http"] = ([http, "--ignore-stdin", "GET", url, "Authorization:Bearer sandbox"], env)
        curl = shutil.which("curl")
        if curl:
            cmds["curl"] = ([curl, "-sf", "-H", "Authorization: Bearer sandbox", url], env)
        else:
            print("  curl: not on PATH; floor skipped")
        wall: dict[str, list[float]] = {name: [] for name in cmds}
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(rounds + 1):  # alternately; the first round warms up
            for name, (cmd, cmd_env) in cmds.items():
                elapsed, used = run_with_cpu(cmd, cmd_env)
                wall[name].append(elapsed)
                cpu[name].append(used)
        wall = {name: values[1:] for name, values in wall.items()}
        cpu = {name: values[1:] for name, values in cpu.items()}

        def line(name: str, label: str) -> float:
            # CPU time (user + system of the process) beside wall: the steadier figure on a shared machine.
            print(f"  {label:<44} min {min(wall[name]) * 1000:8.1f} ms   median {statistics.median(wall[name]) * 1000:8.1f}"
                  f" ms   CPU median {statistics.median(cpu[name]) * 1000:8.1f} ms")
            return statistics.median(wall[name])

        def cpu_ratio(name: str) -> None:
            if http:
                print(f"  (CPU: ratio of medians {statistics.median(cpu[name]) / statistics.median(cpu['http']):.3f})")

        a = line("ctl", "checkoutctl order show ID (serve)")
        if curl:
            line("curl", "curl  [floor]")
        if http:
            ratio("order show (serve) / http GET", a, line("http", "http GET URL"), 0.6)
            cpu_ratio("ctl")
        print("\n[4b] order show ID on the embedded default (no config, no serve: it starts its own sandbox)"
              " vs HTTPie http GET against serve (floor: curl)")
        b = line("embedded", "checkoutctl order show ID (embedded)")
        if curl:
            line("curl", "curl  [floor]")
        if http:
            ratio("order show (embedded) / http GET", b, line("http", "http GET URL"), 0.8)
            cpu_ratio("embedded")


def bench_render(rounds: int) -> None:
    print("\n[5] order table of N items and 120 installments, on a terminal (width 120) and piped (TSV);"
          " in process, wall and CPU")
    import contextlib
    import statistics
    from decimal import Decimal

    from rich.console import Console

    from checkoutctl.model import Customer, Installment, Item, Link, Order
    from checkoutctl.render.order_view import render_orders

    def order(n: int) -> Order:
        items = tuple(Item(id=f"SKU-{i:05d}", description=f"Produto número {i}", quantity=1 + i % 5,
                           unit_price=Decimal(990 + i) / 100, total=Decimal((990 + i) * (1 + i % 5)) / 100)
                      for i in range(n))
        installments = tuple(Installment(number=i + 1, due_date="2026-01-10", amount=Decimal("10.00"),
                                         paid=Decimal("10.00") if i % 3 else None, method="BOLETO",
                                         status="PAGO" if i % 3 else "ABERTO", code=f"p{i}") for i in range(120))
        return Order(provider="pagbank", id="CHEC_BENCH", status="PAID", currency="BRL", total=Decimal("1.00"),
                     customer=Customer("Maria da Silva", "52998224725", "maria@example.com"), items=items,
                     installments=installments, links=(Link("PAY", "GET", "https://pay.example/x"),))

    def terminal(subject: Order) -> None:
        console = Console(file=io.StringIO(), width=120, force_terminal=True, color_system=None, markup=False,
                          emoji=False, highlight=False, soft_wrap=False)
        render_orders([subject], "table", console=console)

    def piped(subject: Order) -> None:  # stdout not a terminal: the TSV path, as `| grep` sees it
        with contextlib.redirect_stdout(io.StringIO()):
            render_orders([subject], "table")

    os.environ.pop("CHECKOUTCTL_FORCE_TTY", None)
    wall: dict[tuple[str, int], list[float]] = {}
    cpu: dict[tuple[str, int], list[float]] = {}
    for n in (100, 1000, 10000):
        subject = order(n)
        for how in (terminal, piped):
            how(subject)  # warm-up
        for _ in range(max(3, rounds)):  # terminal and piped alternately
            for name, how in (("terminal", terminal), ("piped", piped)):
                start, used = time.perf_counter(), time.process_time()
                how(subject)
                wall.setdefault((name, n), []).append(time.perf_counter() - start)
                cpu.setdefault((name, n), []).append(time.process_time() - used)
    medians = {}
    for (name, n), samples in wall.items():
        medians[name, n] = statistics.median(samples)
        print(f"  {name:<8} {n:>6,} items + 120 installments  min {min(samples) * 1000:8.1f} ms   median "
              f"{medians[name, n] * 1000:8.1f} ms   max {max(samples) * 1000:8.1f} ms"
              f"   CPU median {statistics.median(cpu[name, n]) * 1000:8.1f} ms")
    verdict("terminal, 1,000 items <= 0.15 s", f"median {medians['terminal', 1000]:.3f} s",
            medians["terminal", 1000] <= 0.15)
    verdict("terminal, 10,000 items <= 0.5 s", f"median {medians['terminal', 10000]:.3f} s",
            medians["terminal", 10000] <= 0.5)
    verdict("piped, 10,000 items <= 0.2 s", f"median {medians['piped', 10000]:.3f} s", medians["piped", 10000] <= 0.2)
    for name in ("terminal", "piped"):
        growth = medians[name, 10000] / medians[name, 1000]
        print(f"  {name}: x{medians[name, 1000] / medians[name, 100]:.1f} for 100 -> 1,000 items,"
              f" x{growth:.1f} for 1,000 -> 10,000")
        verdict(f"{name} linear: 10x items <= 12x time", f"x{growth:.1f}", growth <= 12)


def bench_show_piped(rounds: int, work: Path) -> None:
    print("\n[5b] order show piped (TSV) of a 5,000-item order vs HTTPie's pretty-printed GET of the same"
          " document (http --pretty=format), against sandbox serve (floor: curl); wall and CPU")
    import statistics

    import requests

    http = peer("http", "httpie")
    if not http:
        print("  HTTPie not installable: row skipped")
        return
    home = work / "home-piped"
    with serving_sandbox(home) as (env, base):
        items = [{"reference_id": f"SKU-{i:05d}", "name": f"Produto número {i}", "quantity": 1 + i % 5,
                  "unit_amount": 990 + i} for i in range(5000)]
        answer = requests.post(f"{base}/pagbank/checkouts", json={"reference_id": "bench-5000", "items": items},
                               timeout=60, headers={"Authorization": "Bearer sandbox"})
        answer.raise_for_status()
        checkout = answer.json()["id"]
        url = f"{base}/pagbank/checkouts/{checkout}"
        cmds = {"ctl": checkoutctl() + ["order", "show", checkout, "--provider", "pagbank",
                                        "--base-url", f"{base}/pagbank"],
                "http": [http, "--ignore-stdin", "--pretty=format", "GET", url, "Authorization:Bearer sandbox"]}
        curl = shutil.which("curl")
        if curl:
            cmds["curl"] = [curl, "-sf", "-H", "Authorization: Bearer sandbox", url]
        shown = subprocess.run(cmds["ctl"], env=env, capture_output=True, timeout=120)
        lines = shown.stdout.count(b"\n")
        if shown.returncode != 0 or lines < 5000:  # the timing must be of the whole order, piped
            raise SystemExit(f"order show of the 5,000-item order: exit {shown.returncode}, {lines} lines: "
                             f"{shown.stderr.decode()[-300:]}")
        wall, cpu = alternate_with_cpu(cmds, rounds, env)
        for name, label in (("ctl", "checkoutctl order show ID | (TSV)"), ("curl", "curl  [floor]"),
                            ("http", "http --pretty=format GET URL")):
            if name in wall:
                print(f"  {label:<36} min {min(wall[name]) * 1000:8.1f} ms   median "
                      f"{statistics.median(wall[name]) * 1000:8.1f} ms   CPU median "
                      f"{statistics.median(cpu[name]) * 1000:8.1f} ms")
        ratio("order show piped / http --pretty=format GET", statistics.median(wall["ctl"]),
              statistics.median(wall["http"]), 0.8)
        print(f"  (CPU: ratio of medians {statistics.median(cpu['ctl']) / statistics.median(cpu['http']):.3f})")


def alternate_with_cpu(commands: dict[str, list[str]], rounds: int, env: dict) -> tuple[dict, dict]:
    """Wall and CPU times of each command, run alternately after one warm-up each."""
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        run_with_cpu(cmd, env)
    for _ in range(rounds):
        for name, cmd in commands.items():
            elapsed, used = run_with_cpu(cmd, env)
            wall[name].append(elapsed)
            cpu[name].append(used)
    return wall, cpu


def bench_lookups(seconds: float) -> None:
    print(f"\n[6] sandbox lookups/s, 8 clients (one requests.Session each), {seconds:g} s x 3 rounds")
    import statistics
    import threading

    from sandbox_lookups import one_round, seed_orders
    from werkzeug.serving import WSGIRequestHandler, make_server

    from checkoutctl import sandbox_server

    class WerkzeugHandler(WSGIRequestHandler):  # werkzeug's own server: `Connection: close` after each
        protocol_version = "HTTP/1.1"

        def log(self, type: str, message: str, *args) -> None:  # noqa: A002 - werkzeug's signature
            pass

    def werkzeug_served(home: Path):
        app = sandbox_server.SandboxApp(home)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=WerkzeugHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.socket.getsockname()[1]}"

    for label in ("werkzeug's server, close after each", "http.server keep-alive (now)"):
        with tempfile.TemporaryDirectory() as home:
            if label.startswith("werkzeug"):
                server, url = werkzeug_served(Path(home))
                stop = server.shutdown
            else:
                running = sandbox_server.start_in_thread(Path(home))
                url, stop = running.url, running.stop
            try:
                checkouts, _ = seed_orders(url, 50)
                urls = [f"{url}/pagbank/checkouts/{c}" for c in checkouts]
                rates = [one_round(urls, {"Authorization": "Bearer sandbox"}, 8, seconds) for _ in range(3)]
            finally:
                stop()
        print(f"  GET /pagbank/checkouts/{{id}}  {label:<38} median {statistics.median(rates):7.1f} lookups/s"
              f"  (min {min(rates):.1f}, max {max(rates):.1f})")


def bench_history(rounds: int, work: Path) -> None:
    print("\n[7] order history of a 10,000-entry journal (floor: the same SELECT in a bare python + sqlite3)")
    from history_bench import make_journal

    home = work / "history-home"
    path = make_journal(home, 10_000)
    env = {**os.environ, "CHECKOUTCTL_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "120"}
    floor = [sys.executable, "-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]);"
             " rows = db.execute('SELECT * FROM journal j LEFT JOIN journal_orders o USING (entry_id)').fetchall();"
             " sys.stdout.write('\\n'.join(map(repr, rows)))", str(path)]
    cmds = {"terminal": checkoutctl() + ["order", "history"], "tsv": checkoutctl() + ["order", "history"],
            "json": checkoutctl() + ["order", "history", "--output", "json"], "floor": floor}
    times: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(rounds + 1):  # the first round warms up
        for name, cmd in cmds.items():
            run_env = {**env, "CHECKOUTCTL_FORCE_TTY": "1"} if name == "terminal" else env
            wall, used = run_with_cpu(cmd, run_env)
            times[name].append(wall)
            cpu[name].append(used)
    import statistics

    medians = {name: statistics.median(values[1:]) for name, values in times.items()}
    for name, value in medians.items():
        # CPU time (user + system of the process) says what the command costs when the machine is shared.
        print(f"  {name:<9} median {value * 1000:7.1f} ms  (min {min(times[name][1:]) * 1000:.1f})"
              f"   CPU median {statistics.median(cpu[name][1:]) * 1000:7.1f} ms")
    verdict("history, first screen on a terminal <= 0.3 s", f"{medians['terminal']:.3f} s", medians["terminal"] <= 0.3)
    verdict("history, all 10,000 piped (TSV) <= 0.5 s", f"{medians['tsv']:.3f} s", medians["tsv"] <= 0.5)
    verdict("history, all 10,000 as JSON <= 0.5 s", f"{medians['json']:.3f} s", medians["json"] <= 0.5)


def bench_load(seconds: float) -> None:
    print(f"\n[8] sandbox serve under load from separate processes (http.client keep-alive), {seconds:g} s x 3 rounds")
    from sandbox_load import measure

    floor = measure([8, 64], 3, seconds, bare=True)
    served = measure([8, 64], 3, seconds)
    for label, figures in (("stdlib http.server, fixed body (floor)", floor), ("checkoutctl sandbox serve", served)):
        for clients, f in figures.items():
            print(f"  {label:<40} {clients:>2} clients: median {f['rate']:7.1f} lookups/s, p50 {f['p50']:5.1f} ms,"
                  f" p99 {f['p99']:6.1f} ms, {f['failures']} failures")
    verdict("sandbox, 8 clients >= 3,000 lookups/s", f"{served[8]['rate']:.0f}/s", served[8]["rate"] >= 3000)
    verdict("sandbox, 64 clients: no errors, p99 <= 100 ms",
            f"{served[64]['failures']} errors, p99 {served[64]['p99']:.1f} ms",
            served[64]["failures"] == 0 and served[64]["p99"] <= 100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", default="version,imports,validate,show,render,showpiped,lookups,history,load")
    parser.add_argument("--lookup-seconds", type=float, default=2.0)
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rounds} rounds, "
          f"checkoutctl: {' '.join(checkoutctl())}")
    work = Path(tempfile.mkdtemp(prefix="checkoutctl-run-"))
    try:
        if "version" in only:
            bench_version(args.rounds)
        if "imports" in only:
            bench_imports()
        if "validate" in only:
            bench_validate(args.rounds, work)
        if "show" in only:
            bench_show(args.rounds, work)
        if "render" in only:
            bench_render(args.rounds)
        if "showpiped" in only:
            bench_show_piped(args.rounds, work)
        if "lookups" in only:
            bench_lookups(args.lookup_seconds)
        if "history" in only:
            bench_history(args.rounds, work)
        if "load" in only:
            bench_load(args.lookup_seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\nsummary:")
    for target, measured, passed in RESULTS:
        print(f"  {'PASS' if passed else 'FAIL'}  {target:<45} {measured}")
    return 0 if all(passed for _, _, passed in RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
