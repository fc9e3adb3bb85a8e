"""All HTTP goes through here (STYLE.md §3): the only module that imports `requests`, and lazily.

Rules (CONTRACT §7), after twine's repository.py:

- every request has a connect and a read timeout; redirects are never followed (a 3xx is an error that
  names the Location, as twine's `RedirectDetected` does);
- plain `http://` is refused before any connection unless the host is loopback;
- a request that is safe to repeat (GET/HEAD, or `idempotent=True`: PagBank POSTs carrying
  `x-idempotency-key`) is retried on 429/500/502/503/504 and on network failures, with exponential
  backoff, jitter and `Retry-After` (RFC 9110 §10.2.3: seconds or an HTTP-date);
- any other POST is retried only when it certainly never left this machine (connection refused, name
  not resolved, connect timeout): after a read timeout, a reset or a 5xx the order may exist, so the
  failure says `outcome_unknown` and nothing is repeated.

`send` returns the final response whatever its status; `raise_for_status` (providers/error_answers.py) turns
4xx/5xx into ProviderRefused/ProviderFailure with the provider's own message.
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import urlsplit

from checkoutctl import redaction
from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.request_masking import display_url, secret_values

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_MAX_ATTEMPTS = 4
DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_WAIT = 30.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A checkout answer is a few KiB; a server streaming more than this is broken or hostile.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
# Header and form-field names whose values are credentials (matched as substrings, case-insensitively).

OnRetry = Callable[[int, float, str], None]
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None
    basic_auth: tuple[str, str] | None = None

    def __repr__(self) -> str:  # a request holds credentials: never show headers or auth
        return f"HttpRequest({self.method} {display_url(self.url)})"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # keys lower-cased
    body: bytes
    url: str
    elapsed: float = 0.0  # seconds, this attempt
    # The request's credential values: a server that echoes them back in an error must not put them on
    # screen (CONTRACT §7), so messages built from this body pass through `redact`.
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def __repr__(self) -> str:  # the body may echo credentials back; a repr lands in tracebacks and logs
        return f"HttpResponse({self.status} {display_url(self.url)}, {len(self.body)} bytes)"

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def redact(self, text: str) -> str:
        return redaction.redact(text, self.secrets)

    @property
    def text(self) -> str:
        match = re.search(r"charset=([\w.:-]+)", self.header("content-type") or "", re.I)
        try:
            return self.body.decode(match.group(1) if match else "utf-8", errors="replace")
        except LookupError:  # a charset Python doesn't know
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, numbers with a fraction as exact `Decimal` (money is never a float)."""
        if not self.body.strip():
            reason = "the body is empty"
        else:
            try:
                return json.loads(self.body, parse_float=Decimal)
            except (ValueError, RecursionError) as err:  # UnicodeDecodeError is a ValueError
                reason = f"not valid JSON ({type(err).__name__}); it starts {self.redact(self.text[:80])!r}"
        raise ProviderFailure(
            f"unreadable response from {display_url(self.url)} (HTTP {self.status}): {reason}",
            status=self.status, outcome_unknown=True,
            hint="the server may have acted on the request; look the order up before sending it again")


class Transport:
    """One `requests.Session` (connections reused across orders) behind `send`."""

    def __init__(self, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, read_timeout: float = DEFAULT_READ_TIMEOUT,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS, backoff: float = DEFAULT_BACKOFF,
                 max_wait: float = DEFAULT_MAX_WAIT, sleep: Callable[[float], None] = time.sleep,
                 on_retry: OnRetry | None = None, rng: random.Random | None = None) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_attempts = max(1, int(max_attempts))
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._on_retry = on_retry
        self._rng = rng or random.Random()
        self._session = None

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        """The final response, any status; ProviderFailure when no usable answer came back."""
        loopback = check_url(request.url)
        repeatable = idempotent or request.method.upper() in SAFE_METHODS
        may_have_been_sent = False
        for attempt in range(1, self.max_attempts + 1):
            last = attempt == self.max_attempts
            try:
                response = self._attempt(request, loopback)
            except _NetworkFailure as failure:
                may_have_been_sent = may_have_been_sent or failure.sent
                if last or not failure.retryable or (failure.sent and not repeatable):
                    raise self._failure(request, failure, attempt, may_have_been_sent) from None
                wait, reason = self._backoff_wait(attempt), failure.reason
            else:
                if not (repeatable and response.status in RETRY_STATUSES) or last:
                    if 300 <= response.status < 400:
                        raise _redirect(response)
                    return response
                after = retry_after_seconds(response.header("retry-after"))
                wait = min(after, self.max_wait) if after is not None else self._backoff_wait(attempt)
                reason = f"HTTP {response.status}"
            if self._on_retry is not None:
                self._on_retry(attempt, wait, reason)
            self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    def _backoff_wait(self, attempt: int) -> float:
        # "Equal jitter": half the exponential step fixed, half random, so clients that failed together
        # don't come back together.
        step = min(self.max_wait, self.backoff * 2 ** (attempt - 1))
        return step / 2 + self._rng.uniform(0, step / 2)

    def _attempt(self, request: HttpRequest, loopback: bool) -> HttpResponse:
        import requests

        if self._session is None:
            self._session = requests.Session()
        for secret in secret_values(request):  # before anything is sent: whatever the server echoes is masked
            redaction.register(secret)
        if request.basic_auth is not None:
            redaction.register_basic_auth(*request.basic_auth)
        headers = {"User-Agent": _user_agent(), **request.headers}
        data: Any = None
        if request.json is not None:
            data = encode_json(request.json).encode("utf-8")
            if not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
        elif request.form is not None:
            data = request.form
        # A proxy from the environment must not see loopback traffic (the sandbox token travels in clear).
        proxies = {"http": None, "https": None, "all": None} if loopback else None
        started = time.monotonic()
        try:
            raw = self._session.request(
                request.method.upper(), request.url, headers=headers, data=data, auth=request.basic_auth,
                timeout=(self.connect_timeout, self.read_timeout), allow_redirects=False, stream=True,
                proxies=proxies)
            try:
                body = _read_body(raw)
            finally:
                raw.close()
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader) as err:
            raise UsageError(f"cannot send to {display_url(request.url)}: {type(err).__name__}") from None
        except requests.exceptions.RequestException as err:
            raise _classify(err, self) from None
        return HttpResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, body,
                            request.url, time.monotonic() - started, secret_values(request))

    def _failure(self, request: HttpRequest, failure: _NetworkFailure, attempts: int, sent: bool) -> ProviderFailure:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        where = f"{request.method.upper()} {display_url(request.url)}"
        if sent:
            return ProviderFailure(
                f"{where}: {failure.reason}{tries}; the request may have reached the server, the outcome is unknown",
                sent=True, outcome_unknown=True,
                hint="look the order up (`checkoutctl order show`, `order history`) before sending it again")
        return ProviderFailure(f"{where}: {failure.reason}{tries}; nothing was sent", sent=False,
                               hint=failure.hint or "check base_url and the network, then try again")


class _NetworkFailure(Exception):
    def __init__(self, reason: str, *, sent: bool, retryable: bool = True, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.sent, self.retryable, self.hint = reason, sent, retryable, hint


def _read_body(raw) -> bytes:
    chunks, size = [], 0
    for chunk in raw.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise _NetworkFailure(f"the answer is larger than {MAX_RESPONSE_BYTES // 2**20} MiB", sent=True,
                                  retryable=False)
        chunks.append(chunk)
    return b"".join(chunks)


def _classify(err: Exception, transport: Transport) -> _NetworkFailure:
    """Whether a failed attempt may have reached the server: only then can repeating it duplicate an order."""
    from requests import exceptions as rex
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError

    if isinstance(err, rex.SSLError):  # the handshake failed: nothing sent, and retrying won't fix it
        return _NetworkFailure("TLS verification failed", sent=False, retryable=False,
                               hint="check the server's certificate; REQUESTS_CA_BUNDLE names a CA bundle")
    if isinstance(err, rex.ConnectTimeout):
        return _NetworkFailure(f"no connection within {transport.connect_timeout:g}s (connect timeout)", sent=False)
    first = err.args[0] if err.args else None
    # A timeout while the body streams in arrives as ConnectionError(ReadTimeoutError) (requests' iter_content).
    if isinstance(err, rex.ReadTimeout) or isinstance(first, ReadTimeoutError):
        return _NetworkFailure(f"no answer within {transport.read_timeout:g}s (read timeout)", sent=True)
    if isinstance(err, rex.ProxyError):
        return _NetworkFailure(f"the proxy failed ({_os_reason(err)})", sent=True)
    if isinstance(err, rex.ConnectionError):
        cause = getattr(first, "reason", None)
        if isinstance(cause, (NewConnectionError, ConnectTimeoutError)):  # NameResolutionError included
            return _NetworkFailure(f"could not connect ({_os_reason(cause)})", sent=False)
        return _NetworkFailure(f"connection lost ({_os_reason(err)})", sent=True)
    return _NetworkFailure(f"connection lost while reading the answer ({type(err).__name__})", sent=True)


def _os_reason(err: BaseException) -> str:
    text = str(err)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    if match:
        return match.group(1).strip()
    if "NameResolution" in text or "resolve" in text:
        return "name not resolved"
    if "RemoteDisconnected" in text or "without response" in text:
        return "the server closed the connection without answering"
    return type(err).__name__


def _redirect(response: HttpResponse) -> ProviderFailure:
    location = response.header("location") or "(no Location)"
    return ProviderFailure(
        f"the server answered a redirect to {display_url(location)}; redirects are not followed (check base_url)",
        status=response.status, hint="set base_url to the address the provider documents (https, exact path)")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now (RFC 9110 §10.2.3), or None when absent or unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime  # rare (an HTTP-date); ~3 ms of start-up otherwise

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> bool:
    """UsageError unless `url` is https, or http to loopback; True when the host is loopback."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise UsageError(f"not a valid URL: {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(f"not an http(s) URL: {display_url(url)!r}", hint="base_url looks like https://api.example.com")
    loopback = is_loopback(host)
    if parts.scheme == "http" and not loopback:
        raise UsageError(f"refusing plain http:// to {host}: credentials and orders would travel unencrypted",
                         hint=f"use https://{parts.netloc.rpartition('@')[2]}{parts.path} (http is allowed to loopback only)")
    return loopback


def encode_json(value: Any, *, indent: int | None = None) -> str:
    """JSON text of `value`; a `Decimal` is written as the exact number it holds, never via float."""
    marker = f"\x00decimal{random.getrandbits(64):x}:"
    found = []

    def default(obj: Any) -> Any:
        if isinstance(obj, Decimal) and obj.is_finite():
            found.append(obj)
            return f"{marker}{len(found) - 1}\x00"
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    text = json.dumps(value, default=default, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))
    # A lone surrogate (a server's "\\udc00", echoed back by Crayon's checkout) can't be UTF-8 encoded:
    # write it as the JSON escape it arrived as. Raw, it only ever stands inside a JSON string.
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if not found:
        return text
    # json.dumps escapes the NUL in strings as \u0000, so only our own markers match here.
    pattern = re.compile('"' + re.escape(marker.replace("\x00", "\\u0000")) + r'(\d+)\\u0000"')
    return pattern.sub(lambda m: format(found[int(m.group(1))], "f"), text)


def _user_agent() -> str:
    from checkoutctl import __version__

    return f"checkoutctl/{__version__}"
