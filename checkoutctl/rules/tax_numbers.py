"""Tax numbers with check digits: Brazil's CPF and CNPJ (numeric and alphanumeric), EU VAT numbers.

CPF and CNPJ are checked here (mod 11, a few lines) rather than with python-stdnum, whose import
pulls in pydoc and ssl (~90 ms) and would be paid by every PagBank order with a tax_id. EU VAT
numbers have a rule per member state, so python-stdnum checks them, imported only when a file holds
such a field.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checkoutctl.rules.fields import Format, anchored
from checkoutctl.rules.scalars import Caution

_CNPJ_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
# IN RFB 2.229/2024 (alphanumeric CNPJ, issued from July 2026): 12 characters of 0-9/A-Z, then two
# numeric check digits; each character counts as its ASCII code minus 48 (A = 17 … Z = 42).
ALPHANUMERIC_CNPJ = r"[0-9A-Z]{12}[0-9]{2}"


def _check_digit(values: list[int], weights: list[int]) -> int:
    rest = sum(v * w for v, w in zip(values, weights)) % 11
    return 0 if rest < 2 else 11 - rest


def valid_cpf(digits: str) -> bool:
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits == digits[0] * 11:
        return False
    values = [int(d) for d in digits]
    first = _check_digit(values[:9], list(range(10, 1, -1)))
    second = _check_digit(values[:10], list(range(11, 1, -1)))
    return values[9:] == [first, second]


def valid_cnpj(value: str) -> bool:
    """A 14-character CNPJ, numeric or alphanumeric, with the right check digits."""
    if not re.fullmatch(ALPHANUMERIC_CNPJ, value) or value == value[0] * 14:
        return False
    values = [ord(c) - 48 for c in value]
    first = _check_digit(values[:12], _CNPJ_WEIGHTS)
    second = _check_digit(values[:13], [6] + _CNPJ_WEIGHTS)
    return values[12:] == [first, second]


def tax_id_format(alphanumeric_caution: str) -> Format:
    """CPF (11 digits) or CNPJ (14 digits, or alphanumeric since IN RFB 2.229/2024).

    A valid alphanumeric CNPJ is a warning (`alphanumeric_caution` says why: the provider's page may
    predate it); wrong check digits are an error either way."""

    def check(value: str) -> str | None:
        if value.isascii() and value.isdigit():
            if len(value) == 11:
                return None if valid_cpf(value) else "is not a valid CPF: its check digits do not match"
            if len(value) == 14:
                return None if valid_cnpj(value) else "is not a valid CNPJ: its check digits do not match"
            return f"must be a CPF (11 digits) or a CNPJ (14 digits), got {len(value)} digits"
        if re.fullmatch(ALPHANUMERIC_CNPJ, value):
            if not valid_cnpj(value):
                return "is not a valid alphanumeric CNPJ: its check digits do not match"
            return Caution(f"an alphanumeric CNPJ (IN RFB 2.229/2024): {alphanumeric_caution}")
        if re.fullmatch(r"[0-9A-Za-z]{12}[0-9]{2}", value):
            return "the letters of an alphanumeric CNPJ are capitals"
        return "must hold digits only (no dots, dashes or slashes), or be an alphanumeric CNPJ"

    return Format("tax-id", check, {"pattern": anchored(f"[0-9]{{11}}|{ALPHANUMERIC_CNPJ}")})


def eu_vat_problem(value: str) -> str | None:
    """What is wrong with an EU VAT number (`BE0403170701`), by its member state's own rule."""
    return _stdnum_vat_says(value)


@lru_cache(maxsize=256)
def _stdnum_vat_says(value: str) -> str | None:
    # python-stdnum's per-country modules (length, format, check digits); imported only here.
    from stdnum.eu import vat
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

    try:
        vat.validate(value)
    except InvalidChecksum:
        return f"is not a valid {value[:2]} VAT number: its check digits do not match"
    except InvalidComponent:
        return f"is not a valid {value[:2]} VAT number: a part of it is not allowed"
    except ValidationError:
        return f"is not a valid {value[:2]} VAT number: wrong length or characters for that country"
    return None
