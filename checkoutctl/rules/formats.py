"""String formats that need code, shared by the providers' rules.

Each is a `Format`: the check the validator runs and the JSON Schema fragment that says as much as
the schema language can (a pattern), so `checkoutctl schema` and `validate` agree on samples.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import lru_cache

from checkoutctl.rules.fields import Format, anchored

# The shape JSON Schema can say (a dot-atom local part, domain labels, a top-level domain with a letter
# that is not a special-use name: RFC 5321 §4.1.2, RFC 6761); email-validator then says what else is
# wrong (lengths, IDNA) with no DNS lookup. Special-use names as email-validator 2.x lists them.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SPECIAL_USE = ("arpa", "invalid", "local", "localhost", "onion", "test")
_ANY_CASE = "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in _SPECIAL_USE)
EMAIL_PATTERN = (rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?!(?:{_ANY_CASE})$)(?=[A-Za-z0-9-]*[A-Za-z]){_LABEL}")
_EMAIL = re.compile(EMAIL_PATTERN)


def _email(value: str) -> str | None:
    if not _EMAIL.fullmatch(value):
        return "must be a valid e-mail address"
    if _plainly_valid(value):
        return None
    reason = _email_validator_says(value)
    return f"must be a valid e-mail address: {reason}" if reason else None


def _plainly_valid(matched: str) -> bool:
    """An address the pattern matched that email-validator accepts without a doubt, so the ~25 ms of
    its import are not paid for `maria@example.com` (issue 15): within its lengths (254 in all, 64
    before the @), a top-level domain that ends with a letter, and no `--` at a label's third place (an
    R-LDH or Punycode label, which it checks further). Any other address is the library's call.
    tests/unit/rules/test_tax_numbers_and_email.py pins the claim against the installed email-validator."""
    local, _, domain = matched.rpartition("@")
    return (len(matched) <= 254 and len(local) <= 64 and domain[-1].isalpha()
            and not any(label[2:4] == "--" for label in domain.split(".")))


@lru_cache(maxsize=1024)
def _email_validator_says(value: str) -> str | None:
    # Imported here, not at start-up: only files holding an e-mail field pay for it (~25 ms).
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=False, strict=True)
    except EmailNotValidError as err:
        return str(err).rstrip(".")
    return None


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
