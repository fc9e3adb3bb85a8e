"""The deadline and retry policy, as values passed in (like urllib3's `Retry` and httpx's `Timeout`).

- `Timeout(total, connect)`: `total` bounds each exchange in wall-clock time — connect, sending, the
  status line and headers, informational (1xx) answers, the body — however slowly the server drips it
  (CONTRACT §3 `--timeout`); `connect` bounds the TCP/TLS connect alone and never exceeds what is left.
- `RetryPolicy`: which answers are retried, how many attempts, the backoff, and `max_wait`, the longest
  `Retry-After` honoured: beyond it the client does not wait and says so.
- `retry_after_seconds`: RFC 9110 §10.2.3 (delay-seconds or an HTTP-date); anything else is unreadable.

Nothing here sleeps or reads the clock by itself: the clock is passed in, so tests need no real time.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], float]

DEFAULT_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 5.0
MAX_TIMEOUT = 3600.0  # an hour: a longer wait is a typo, not a plan
DEFAULT_MAX_ATTEMPTS = 4
DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_WAIT = 30.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DELAY_SECONDS = re.compile(r"[0-9]{1,12}", re.ASCII)  # RFC 9110: 1*DIGIT, ASCII digits only ("٣" is not one)


def checked_seconds(value: object, maximum: float = MAX_TIMEOUT) -> float:
    """`value` as a positive, finite number of seconds up to `maximum`; ValueError otherwise."""
    text = str(value).strip()
    try:
        if not text.isascii():  # float() reads "٣" as 3: a typo'd duration should not pass
            raise ValueError(text)
        seconds = float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{value!r} is not a positive, finite number of seconds")
    if seconds > maximum:
        raise ValueError(f"{value!r} is more than {maximum:g} seconds")
    return seconds


@dataclass(frozen=True)
class Timeout:
    total: float = DEFAULT_TIMEOUT
    connect: float = DEFAULT_CONNECT_TIMEOUT

    def start(self, clock: Clock) -> Deadline:
        return Deadline(self.total, clock, self.connect)


class Deadline:
    """One exchange's deadline: the time left, read from the clock it was started with."""

    def __init__(self, total: float, clock: Clock, connect: float | None = None) -> None:
        self.total = total
        self._clock = clock
        self._end = clock() + total
        self.connect = total if connect is None else min(connect, total)

    def remaining(self) -> float:
        return max(0.0, self._end - self._clock())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def connect_timeout(self) -> float:
        return min(self.connect, self.remaining())


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    backoff: float = DEFAULT_BACKOFF
    max_wait: float = DEFAULT_MAX_WAIT
    statuses: frozenset[int] = RETRY_STATUSES

    def repeatable(self, method: str, idempotent: bool) -> bool:
        """Whether sending the request twice is harmless (GET, or a POST the provider deduplicates)."""
        return idempotent or method.upper() in SAFE_METHODS

    def backoff_wait(self, attempt: int, rng: random.Random) -> float:
        # "Equal jitter": half the exponential step fixed, half random, so clients that failed together
        # don't come back together.
        step = min(self.max_wait, self.backoff * 2 ** min(attempt - 1, 32))
        return step / 2 + rng.uniform(0, step / 2)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now (RFC 9110 §10.2.3), or None when absent or unreadable.

    Never raises, whatever the server sent: garbage, non-ASCII digits, negative or fractional numbers and
    dates no calendar holds are unreadable (None); a huge number is returned as it is (the caller caps it).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)
    if value.isascii() and value.isdigit():  # more than 12 digits: longer than any cap
        return math.inf
    if not value.isascii() or len(value) > 64:
        return None
    from email.utils import parsedate_to_datetime  # rare (an HTTP-date); ~3 ms of start-up otherwise

    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
