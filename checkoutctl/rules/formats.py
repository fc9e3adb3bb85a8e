"""String formats that need code, shared by the providers' rules.

Each is a `Format`: the check the validator runs and the JSON Schema fragment that says as much as
the schema language can (a pattern), so `checkoutctl schema` and `validate` agree on samples.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from checkoutctl.rules.fields import Format, anchored

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
EMAIL_PATTERN = _EMAIL.pattern


def _email(value: str) -> str | None:
    return None if _EMAIL.fullmatch(value) else "must be a valid e-mail address"


EMAIL = Format("email", _email, {"pattern": anchored(EMAIL_PATTERN)})

_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
URL_PATTERN = r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*"


def _http_url(value: str) -> str | None:
    return None if _URL.fullmatch(value) else "must be an http:// or https:// URL"


HTTP_URL = Format("url", _http_url, {"pattern": anchored(URL_PATTERN)})

# ISO-8601 date-time with an explicit offset (PagBank seed 004: "ISO-8601 Date time with timezone offset").
ISO_DATETIME_OFFSET_PATTERN = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([+-]\d{2}:\d{2}|Z)"


def parse_datetime_offset(value: str) -> datetime | None:
    if not re.fullmatch(ISO_DATETIME_OFFSET_PATTERN, value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _datetime_offset(value: str) -> str | None:
    if parse_datetime_offset(value) is None:
        return "must be an ISO-8601 date-time with a timezone offset, like 2026-12-31T23:59:00-03:00"
    return None


DATETIME_OFFSET = Format("datetime", _datetime_offset, {"pattern": anchored(ISO_DATETIME_OFFSET_PATTERN)})


def _future(value: str) -> str | None:
    when = parse_datetime_offset(value)
    if when is not None and when <= datetime.now(timezone.utc):
        return "must be in the future"
    return None


# Time-dependent: JSON Schema cannot say it, so this Format carries no schema fragment.
FUTURE = Format("future", _future)

DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"


def _real_date(value: str) -> str | None:
    if not re.fullmatch(DATE_PATTERN, value):
        return "must be a date as YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a real calendar date"
    return None


DATE = Format("date", _real_date, {"pattern": anchored(DATE_PATTERN)}, hint=None)

TIME_PATTERN = r"([01]\d|2[0-3]):[0-5]\d"


def _hhmm(value: str) -> str | None:
    return None if re.fullmatch(TIME_PATTERN, value) else "must be a time as HH:MM (00:00–23:59)"


# No quoting hint: checkoutctl reads a time field as text either way (CONTRACT §1), so quotes never fix it.
TIME_HHMM = Format("time", _hhmm, {"pattern": anchored(TIME_PATTERN)})

# ISO 8601 durations as Crayon's TermDuration uses them: P1M, P1Y, P3Y, P30D, PT1H…
DURATION_PATTERN = r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?"


def _duration(value: str) -> str | None:
    return None if re.fullmatch(DURATION_PATTERN, value) else "must be an ISO-8601 duration such as P1M or P1Y"


DURATION = Format("duration", _duration, {"pattern": anchored(DURATION_PATTERN)})


def _check_digits(digits: str, weights: list[int]) -> int:
    total = sum(int(d) * w for d, w in zip(digits, weights))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def valid_cpf(digits: str) -> bool:
    if len(digits) != 11 or not digits.isdigit() or digits == digits[0] * 11:
        return False
    first = _check_digits(digits[:9], list(range(10, 1, -1)))
    second = _check_digits(digits[:10], list(range(11, 1, -1)))
    return digits[9:] == f"{first}{second}"


def valid_cnpj(digits: str) -> bool:
    if len(digits) != 14 or not digits.isdigit() or digits == digits[0] * 14:
        return False
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    first = _check_digits(digits[:12], w1)
    second = _check_digits(digits[:13], [6] + w1)
    return digits[12:] == f"{first}{second}"


def _tax_id(value: str) -> str | None:
    if not value.isascii() or not value.isdigit():
        return "must hold digits only (no dots, dashes or slashes)"
    if len(value) == 11:
        return None if valid_cpf(value) else "is not a valid CPF: its check digits do not match"
    if len(value) == 14:
        return None if valid_cnpj(value) else "is not a valid CNPJ: its check digits do not match"
    return f"must be a CPF (11 digits) or a CNPJ (14 digits), got {len(value)} digits"


# Digits and length are schema-expressible; the check digits are not (the provider rejects them later).
TAX_ID = Format("tax-id", _tax_id, {"pattern": anchored("[0-9]{11}|[0-9]{14}")})
