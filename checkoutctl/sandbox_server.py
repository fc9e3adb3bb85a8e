"""The sandbox server: every provider's routes on one loopback port, state in one SQLite file (CONTRACT §6).

    SandboxApp        the WSGI app: a werkzeug Map built from every registered provider's
                      `sandbox()` mount under its `sandbox_prefix` (or only those asked for: the
                      embedded sandbox), the core /_sandbox/ routes (sandbox/core_routes.py), faults
                      (sandbox/faults.py) and the request log (sandbox/request_log.py)
    serve()           `checkoutctl sandbox serve`: the foreground server
    start_in_thread() a RunningSandbox on an ephemeral port: tests, and the embedded `sandbox` profile
                      (each command runs one over the same sandbox.sqlite3, so state is shared)

A mount may carry `error_response(status, message) -> Response`: the provider's own error format, used
for 404/405/500 under its prefix and for `status=` faults.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from checkoutctl.providers import registry
from checkoutctl.providers.base import Provider
from checkoutctl.sandbox import core_routes, faults, hosts, notifications, request_log
from checkoutctl.sandbox.core_routes import CORE_PREFIX, json_answer
from checkoutctl.sandbox.context import CORE_SCHEMA, SANDBOX_TOKEN, SandboxContext, SandboxMount
from checkoutctl.sandbox.database import open_checked, unusable
from checkoutctl.sandbox.http_server import QuietRequestHandler, SandboxHTTPServer, SandboxRequestHandler
from checkoutctl.sandbox.serving_thread import ServingThread
from checkoutctl.sandbox.signals import StopServing, stopped_by_signals
from checkoutctl.sandbox.store import Store

DATABASE_NAME = "sandbox.sqlite3"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
STOP_JOIN_SECONDS = 5.0
MATCHES_KEPT = 4096  # paths whose route is remembered (then forgotten all at once: no LRU bookkeeping)

log = logging.getLogger("checkoutctl.sandbox")


def database_path(home: Path) -> Path:
    return Path(home) / DATABASE_NAME


def open_store(home: Path, providers: list[Provider] | None = None) -> Store:
    """The sandbox database with the core tables (faults, request log, tokens) and every provider's
    (or those of `providers`), each part's schema an append-only list of numbered migrations
    (checkoutctl/store/migrations.py); SandboxUnavailable (exit 2, the file named) when it is damaged."""
    parts = [("sandbox_core", CORE_SCHEMA), ("sandbox_faults", faults.SCHEMA), ("sandbox_requests", request_log.SCHEMA)]
    parts += [(provider.name, list(mount.schema)) for provider, mount in provider_sandboxes(providers)]
    return open_checked(database_path(home), _histories(parts))


def _histories(parts):
    from checkoutctl.store.migrations import Migrations

    return [Migrations.of_statements(scope, statements) for scope, statements in parts]


def wipe(home: Path | None = None) -> Path:
    """Empty every sandbox table in place (a running sandbox keeps working, now with no state)."""
    if home is None:
        from checkoutctl.home import state_dir

        home = state_dir()
    store = open_store(home)
    try:
        with store.tx() as db:
            tables = [r["name"] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                # `_migrations` says which steps the schema has had: emptied, an ALTER would run twice.
                if not table.startswith("sqlite_") and table != "_migrations":
                    db.execute(f'DELETE FROM "{table}"')
            if "sqlite_sequence" in tables:
                db.execute("DELETE FROM sqlite_sequence")
    finally:
        store.close()
    return store.path


def provider_sandboxes(providers: list[Provider] | None = None) -> list[tuple[Provider, SandboxMount]]:
    """Every registered provider's sandbox mount, or those of `providers` (a provider whose `sandbox()`
    is None is not emulated)."""
    found = []
    for provider in registry.providers() if providers is None else providers:
        mount = provider.sandbox()
        if mount is not None:
            found.append((provider, mount))
    return found


@dataclass
class _Owner:
    prefix: str
    error_response: Callable[[int, str], Response]


class SandboxApp:
    """The WSGI application of the sandbox."""

    def __init__(self, home: Path, host: str = "127.0.0.1", public_url: str | None = None, *,
                 notify_anywhere: bool = False, providers: list[Provider] | None = None) -> None:
        """Serves every registered provider, or only `providers` (more may be added: `serve_provider`)."""
        self.home = Path(home)
        self.host = host  # the address it serves: a Host it answers besides loopback names
        # Requests run the app one at a time; their connections are still read and written by a
        # thread each. Why: under 8 or 64 keep-alive clients, threads running the app side by side took
        # the GIL from each other at every SQLite call and socket write (~9 futex calls and a context
        # switch per request; 563 µs of CPU per lookup against 263 µs for a lone client) and each
        # thread's SQLite connection re-read the pages another had just written. In turn, with the
        # connection handed from one request to the next (Store.release), a lookup costs ~400 µs and
        # 64 clients' p99 fell from ~113 to ~70 ms (issue 15). Only the `delay` fault waits outside it.
        self._one_at_a_time = threading.Lock()
        mounts = provider_sandboxes(providers)
        self.store = open_store(self.home, [provider for provider, _mount in mounts])
        self.notifier = notifications.Notifier(self.store, SANDBOX_TOKEN, anywhere=notify_anywhere)
        self.ctx = SandboxContext(self.store, public_url, self.notifier)
        self.handlers: dict[str, Callable[..., Response]] = {}
        self.owners: list[_Owner] = []
        self.events: dict = {}
        self.providers: list[str] = []
        rules = [
            Rule(f"{CORE_PREFIX}/health", methods=("GET",), endpoint="core:health"),
            Rule(f"{CORE_PREFIX}/faults", methods=("GET", "POST", "DELETE"), endpoint="core:faults"),
            Rule(f"{CORE_PREFIX}/faults/<int:fault_id>", methods=("DELETE",), endpoint="core:fault"),
            Rule(f"{CORE_PREFIX}/requests", methods=("GET", "DELETE"), endpoint="core:requests"),
            Rule(f"{CORE_PREFIX}/events", methods=("GET",), endpoint="core:events"),
            Rule(f"{CORE_PREFIX}/trigger", methods=("POST",), endpoint="core:trigger"),
            Rule(f"{CORE_PREFIX}/clock", methods=("GET", "POST", "DELETE"), endpoint="core:clock"),
        ]
        # No redirects, ever: clients do not follow them (CONTRACT §7), so /x and /x/ both match.
        self.url_map = Map(rules, strict_slashes=False, merge_slashes=False)
        # Bound once: `bind_to_environ` per request parsed the Host, subdomain and scheme again (~5% of
        # a lookup, issue 15) for a map that matches on path and method alone. `match` reads the
        # adapter and never changes it, so every thread shares it; rules `_mount` adds later are
        # matched too (the adapter asks its map).
        self.routes = self.url_map.bind("localhost")
        self._matched: dict[tuple[str, str, bool], tuple[str, dict]] = {}
        for provider, mount in mounts:
            self._mount(provider, mount)

    def serve_provider(self, provider: Provider) -> None:
        """Add `provider`'s routes and tables (the embedded sandbox starts with the provider a command
        asks for; a command reaching a second provider adds it before its first request there)."""
        found = provider_sandboxes([provider])
        if provider.name in self.providers or not found:
            return
        from checkoutctl.store.migrations import apply

        mount = found[0][1]
        with self._one_at_a_time:  # no request sees the routes half changed
            apply(self.store.connect(), *_histories([(provider.name, list(mount.schema))]))
            self.store.release()
            self._mount(provider, mount)

    def _mount(self, provider: Provider, mount: SandboxMount) -> None:
        self.events.update({f"{provider.name}.{event.name}": event for event in mount.events})
        for number, route in enumerate(mount.routes):
            endpoint = f"{provider.name}:{number}"
            self.handlers[endpoint] = route.handler
            self.url_map.add(Rule(provider.sandbox_prefix + route.rule, methods=route.methods, endpoint=endpoint))
        self._matched.clear()  # a path that matched nothing, or another rule, may match a new one
        self.owners.append(_Owner(provider.sandbox_prefix, mount.error_response or faults.generic_error))
        self.providers.append(provider.name)

    def _match(self, path: str, method: str, websocket: bool) -> tuple[str, dict]:
        """The route's endpoint and values; a path matched before is not matched again (werkzeug's
        state machine was ~8% of a lookup, issue 15). Called in turn (`_one_at_a_time`)."""
        key = (path, method, websocket)
        found = self._matched.get(key)
        if found is None:
            found = self.routes.match(path, method, websocket=websocket)  # NotFound etc. are not kept
            if len(self._matched) >= MATCHES_KEPT:
                self._matched.clear()
            self._matched[key] = found
        return found

    def error_format(self, path: str) -> Callable[[int, str], Response]:
        for owner in self.owners:
            if path == owner.prefix or path.startswith(owner.prefix + "/"):
                return owner.error_response
        return faults.generic_error

    def __call__(self, environ, start_response):
        refused = hosts.refusal(environ.get("HTTP_HOST"), self.host)
        if refused is not None:  # before anything is read or done (DNS rebinding, sandbox/hosts.py)
            return json_answer({"error": "misdirected_request", "detail": refused}, 421)(environ, start_response)
        with self._one_at_a_time:
            request = Request(environ)
            try:
                if request.path.startswith(CORE_PREFIX + "/"):
                    return self._dispatch(request, faults.generic_error)(environ, start_response)
                return self._answer(request, environ, start_response)
            finally:
                self.store.release()

    def _answer(self, request: Request, environ, start_response):
        error_response = self.error_format(request.path)
        key = request.headers.get("x-idempotency-key")
        try:
            header = request.headers.get(faults.HEADER)
            fault = faults.combine(faults.take(self.store, request.method, request.path),
                                   faults.parse(header) if header is not None else {})
        except faults.InvalidFault as err:
            response = json_answer({"error": "invalid_sandbox_fault", "detail": str(err)}, 400)
            request_log.record(self.store, request.method, request.path, key, 400)
            return response(environ, start_response)
        if fault.delay:  # waited out of turn: a delayed answer holds up no other request
            self._one_at_a_time.release()
            try:
                time.sleep(min(fault.delay, faults.MAX_DELAY_SECONDS))
            finally:
                self._one_at_a_time.acquire()
        if fault.reset:
            request_log.record(self.store, request.method, request.path, key, None)
            faults.drop_connection(environ)
        response = faults.synthetic_response(fault, error_response) or self._dispatch(request, error_response)
        if fault.reset_after_read:
            request.get_data()  # the route may not have read it (e.g. a refused request): read it all
            request_log.record(self.store, request.method, request.path, key, None)
            faults.drop_connection(environ)
        request_log.record(self.store, request.method, request.path, key, response.status_code)
        if fault.truncate:
            return faults.truncated(response)(environ, start_response)
        return response(environ, start_response)

    def _dispatch(self, request: Request, error_response) -> Response:
        try:
            endpoint, values = self._match(request.path, request.method, _websocket(request.environ))
        except NotFound:
            return error_response(404, f"No route for {request.path}")
        except MethodNotAllowed as err:
            response = error_response(405, f"{request.method} is not allowed on {request.path}")
            response.headers["Allow"] = ", ".join(sorted(err.valid_methods or ()))
            return response
        except HTTPException as err:  # pragma: no cover - no redirects are configured
            return error_response(err.code or 400, err.description or "Bad request")
        try:
            if endpoint.startswith("core:"):
                return core_routes.ROUTES[endpoint[5:]](self, request, **values)
            return self.handlers[endpoint](self.ctx, request, **values)
        except sqlite3.DatabaseError as err:  # damaged while serving: the file and the way out, no traceback
            problem = unusable(self.store.path, err)
            log.error("sandbox route %s %s: %s (%s)", request.method, request.path, problem.message, problem.hint)
            return error_response(500, f"Sandbox database unusable: {problem.message}")
        except Exception:  # noqa: BLE001 - a bug in a route: answer like the provider's 500, log it
            log.exception("sandbox route %s %s failed", request.method, request.path)
            return error_response(500, "Internal sandbox error")


def routed_paths() -> list[str]:
    """Every provider route's path (its prefix included), for checking a fault's path without an app."""
    return [provider.sandbox_prefix + route.rule for provider, mount in provider_sandboxes() for route in mount.routes]


def _websocket(environ) -> bool:
    """A WebSocket upgrade, as werkzeug's `bind_to_environ` tells it (no route accepts one: 400)."""
    if environ.get("HTTP_UPGRADE", "").lower() != "websocket":
        return False
    return any(v.strip(" \t") == "upgrade" for v in environ.get("HTTP_CONNECTION", "").lower().split(","))


# --- running it ---------------------------------------------------------------------------------

def _url(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass
class RunningSandbox:
    """A sandbox serving on a daemon thread; `stop()` (or leaving the `with`) shuts it and its store."""

    url: str
    home: Path
    app: SandboxApp
    _server: object = field(repr=False)
    _thread: ServingThread = field(repr=False)
    _stopped: bool = field(default=False, repr=False)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.stopping = True  # kept-alive connections get no further answers
        self._thread.stop(STOP_JOIN_SECONDS)  # at once: no poll interval to wait out
        self._server.server_close()
        self.app.notifier.drain()  # notifications it queued are delivered (or given up) first
        self.app.notifier.close()
        self.app.store.close()

    def __enter__(self) -> "RunningSandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_in_thread(home: Path, host: str = DEFAULT_HOST, port: int = 0, public_url: str | None = None, *,
                    providers: list[Provider] | None = None) -> RunningSandbox:
    """Serve the sandbox of `home` on a loopback port (0: any free one) from a daemon thread; its
    links name `public_url` (the embedded sandbox: serve's address, sandbox/address.py), else itself.
    `providers`: only theirs (and the core routes), more added by `app.serve_provider`; None: all."""
    if not hosts.is_loopback(host):
        raise ValueError(f"the embedded sandbox listens on loopback only, not {host!r}")
    app = SandboxApp(home, host, public_url, providers=providers)
    server = SandboxHTTPServer(host, port, app, QuietRequestHandler)
    thread = ServingThread(server)
    url = _url(host, server.socket.getsockname()[1])
    app.ctx.public_url = public_url or url  # also what notifications (sent with no request) link to
    thread.start()
    return RunningSandbox(url, Path(home), app, server, thread)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, home: Path | None = None,
          allow_remote: bool = False, notify_anywhere: bool = False, all_cpus: bool = False) -> int:
    """Serve in the foreground until Ctrl-C; returns the exit status. Its threads share one CPU
    unless `all_cpus` (sandbox/one_cpu.py)."""
    from checkoutctl.errors import UsageError

    if home is None:
        from checkoutctl.home import state_dir

        home = state_dir()
    loopback = hosts.is_loopback(host)
    if not loopback and not allow_remote:
        raise UsageError(f"refusing to listen on {host!r}: the sandbox is for this machine only",
                         hint="use 127.0.0.1, or --allow-remote if you really mean it")
    from checkoutctl.sandbox import address
    from checkoutctl.sandbox.banner import banner

    if not all_cpus:  # before the app starts its first thread: every thread inherits it
        from checkoutctl.sandbox.one_cpu import keep_on_one_cpu

        keep_on_one_cpu()
    app = SandboxApp(home, host, notify_anywhere=notify_anywhere)
    if notify_anywhere:
        sys.stderr.write("warning: notifications go to every URL an order names, also off this machine\n")
    try:
        server = SandboxHTTPServer(host, port, app, SandboxRequestHandler)
    except OSError as err:
        app.store.close()
        raise _cannot_listen(home, host, port, err) from None
    # Links name an address a browser can open: a wildcard host is reached through loopback.
    url = _url(DEFAULT_HOST if host.strip("[]") in hosts.WILDCARDS else host, server.socket.getsockname()[1])
    app.ctx.public_url = url
    if not loopback:
        sys.stderr.write(f"warning: the sandbox is reachable from other machines on {url}; "
                         "it checks no real credentials\n")
    sys.stderr.write(banner(url, app.providers, database_path(home), loopback=loopback))
    sys.stderr.flush()
    address.record(home, url, database_path(home))
    try:
        with stopped_by_signals():
            server.serve_forever()
    except StopServing as stop:
        sys.stderr.write(f"sandbox stopped ({stop})\n")
    finally:
        address.forget(home)
        server.server_close()
        app.notifier.close()
        app.store.close()
    return 0


def _cannot_listen(home: Path, host: str, port: int, err: OSError):
    import errno

    from checkoutctl.errors import SandboxUnavailable
    from checkoutctl.sandbox import address

    if err.errno != errno.EADDRINUSE:
        return SandboxUnavailable(f"cannot listen on {host}:{port}: {err.strerror or err}",
                                  hint="pick another --port, or --port 0 for any free one")
    running = address.running_serve(home, database_path(home))
    if running is not None:
        return SandboxUnavailable(f"the sandbox of this home already serves on {running}",
                                  hint="use that one (commands of this home find it by themselves), or stop it first")
    return SandboxUnavailable(f"port {port} on {host} is taken by another program",
                              hint=f"pick another: checkoutctl sandbox serve --port {port + 1} (or --port 0 for any "
                                   f"free one), or stop what listens there (e.g. `lsof -i :{port}`)")
