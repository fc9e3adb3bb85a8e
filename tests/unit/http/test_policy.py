"""The policy values alone: Retry-After of any shape, deadlines on an injected clock, checked seconds."""

from __future__ import annotations

import math
import random
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.http.policy import Deadline, RetryPolicy, Timeout, checked_seconds, retry_after_seconds

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


@given(st.one_of(st.text(), st.text(alphabet="0123456789٣²١.-+ eE", max_size=40),
                 st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
                 st.integers().map(str), st.floats(allow_nan=True).map(str), st.none()))
@settings(max_examples=400, deadline=None)
def test_retry_after_of_any_shape_never_raises(value):
    seconds = retry_after_seconds(value, NOW)
    assert seconds is None or seconds >= 0


@pytest.mark.parametrize("value, expected", [
    ("7", 7.0), (" 12 ", 12.0), ("0", 0.0), ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
    ("Wed, 01 May 2024 11:00:00 GMT", 0.0), ("99999999999999999999", math.inf),
    ("٣", None), ("²", None), ("1.5", None), ("-1", None), ("soon", None), ("", None), (None, None),
])
def test_retry_after_values(value, expected):
    assert retry_after_seconds(value, NOW) == expected


def test_a_deadline_reads_the_clock_it_was_started_with():
    now = [50.0]
    deadline = Timeout(total=10, connect=3).start(lambda: now[0])
    assert deadline.remaining() == 10 and deadline.connect_timeout() == 3 and not deadline.expired
    now[0] += 8.5
    assert deadline.remaining() == 1.5 and deadline.connect_timeout() == 1.5
    now[0] += 2
    assert deadline.expired and deadline.remaining() == 0
    assert Deadline(2, lambda: 0.0, connect=5).connect == 2


def test_backoff_grows_with_equal_jitter_and_never_passes_the_cap():
    policy = RetryPolicy(backoff=0.5, max_wait=4)
    rng = random.Random(1)
    for attempt, step in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (40, 4.0), (10**6, 4.0)):
        wait = policy.backoff_wait(attempt, rng)
        assert step / 2 <= wait <= step
    assert policy.repeatable("get", False) and policy.repeatable("POST", True) and not policy.repeatable("POST", False)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "0", "-1", "3600.5", "1e400", "abc", "", "٣"])
def test_checked_seconds_refuses_what_is_not_a_sane_duration(value):
    with pytest.raises(ValueError):
        checked_seconds(value)


@pytest.mark.parametrize("value, expected", [("0.5", 0.5), (30, 30.0), ("3600", 3600.0), (" 2 ", 2.0)])
def test_checked_seconds_accepts_positive_finite_values_up_to_an_hour(value, expected):
    assert checked_seconds(value) == expected
