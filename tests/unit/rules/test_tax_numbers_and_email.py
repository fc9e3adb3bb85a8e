"""CPF/CNPJ (alphanumeric CNPJ included), EU VAT numbers and e-mail addresses, checked as the providers
and the Receita Federal check them (issue 12)."""

from __future__ import annotations

import json
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.rules.formats import EMAIL_PATTERN, _plainly_valid
from checkoutctl.rules.tax_numbers import valid_cnpj, valid_cpf

PAGBANK = ("provider: pagbank\norder:\n  reference_id: x\n  customer: {{tax_id: \"{tax_id}\"}}\n"
           "  items: [{{name: A, quantity: 1, unit_amount: 100}}]\n")


def pagbank_issues(cli, write, tax_id: str) -> tuple[int, list[dict]]:
    res = cli("validate", "--format", "json", write("p.yaml", PAGBANK.format(tax_id=tax_id)))
    return res.code, json.loads(res.out)


# --- CNPJ ------------------------------------------------------------------------------------------------


def test_alphanumeric_cnpj_with_right_check_digits_is_a_warning_naming_pagbanks_page(cli, write):
    # 12ABC34501DE35: the Receita Federal's example of the new format (IN RFB 2.229/2024).
    code, [issue] = pagbank_issues(cli, write, "12ABC34501DE35")
    assert code == 0  # a warning alone: the file is valid
    assert (issue["rule"], issue["severity"], issue["path"]) == ("tax-id", "warning", "order.customer.tax_id")
    assert "IN RFB 2.229/2024" in issue["message"] and '"Apenas números"' in issue["message"]


def test_alphanumeric_cnpj_with_wrong_check_digits_is_an_error(cli, write):
    code, [issue] = pagbank_issues(cli, write, "12ABC34501DE36")
    assert code == 3 and (issue["rule"], issue["severity"]) == ("tax-id", "error")
    assert "check digits" in issue["message"]


@pytest.mark.parametrize("tax_id", ["12abc34501de35", "12ABC34501DEAB", "12.ABC.345/01DE-35"])
def test_alphanumeric_cnpj_shapes_that_are_errors(cli, write, tax_id):
    code, [issue] = pagbank_issues(cli, write, tax_id)
    assert code == 3 and issue["severity"] == "error"


def test_a_warning_is_shown_by_every_format_without_failing(cli, write):
    path = write("p.yaml", PAGBANK.format(tax_id="12ABC34501DE35"))
    text = cli("validate", path)
    assert text.code == 0 and ": warning: order.customer.tax_id: an alphanumeric CNPJ" in text.out
    assert text.err == "1 file, 1 document: valid, 1 warning\n"
    github = cli("validate", "--format", "github", path)
    assert github.out.startswith("::warning file=")
    sarif = json.loads(cli("validate", "--format", "sarif", path).out)
    assert [r["level"] for r in sarif["runs"][0]["results"]] == ["warning"]


def test_a_warning_does_not_stop_order_create(cli, write):
    res = cli("order", "create", "--dry-run", write("p.yaml", PAGBANK.format(tax_id="12ABC34501DE35")))
    assert res.code == 0, res.err
    assert "warning: order.customer.tax_id" in res.err


@settings(max_examples=300, deadline=None)
@given(st.text(string.digits + string.ascii_uppercase, min_size=12, max_size=12))
def test_cnpj_check_digits_agree_with_python_stdnum(base):
    from stdnum.br import cnpj

    number = base + cnpj.calc_check_digits(base + "00")
    # Stricter than stdnum where the Receita is: fourteen times the same character is no CNPJ.
    assert valid_cnpj(number) == (cnpj.is_valid(number) and number != number[0] * 14)
    wrong = number[:12] + f"{(int(number[12]) + 1) % 10}" + number[13]
    assert not valid_cnpj(wrong)


@settings(max_examples=200, deadline=None)
@given(st.text(string.digits, min_size=9, max_size=9))
def test_cpf_check_digits_agree_with_python_stdnum(base):
    from stdnum.br import cpf

    number = base + cpf._calc_check_digits(base)  # stdnum's own; its public is_valid says the same
    assert valid_cpf(number) == cpf.is_valid(number)
    wrong = number[:10] + f"{(int(number[10]) + 1) % 10}"
    assert not valid_cpf(wrong)


# --- e-mail ----------------------------------------------------------------------------------------------

CRAYON_EMAIL = ("provider: crayon\norder:\n  ExternalOrderId: A\n  CountryCode: SE\n  ResellerCustomerId: 1\n"
                "  AdminAccount: admin@contoso.onmicrosoft.com\n  NotificationEmail: {email}\n"
                "  OrderLines: [{{ProductId: CFQ7TTC0LH18, Quantity: 1}}]\n")


@pytest.mark.parametrize(("email", "why"), [
    ("it..ops@contoso.example", None),           # two dots in a row
    (".it@contoso.example", None),
    ("it@contoso-.example", None),              # a label may not end with a hyphen
    ("it@contoso.test", None),                  # special-use name (RFC 6761)
    ("it@contoso.123", None),                   # a top-level domain has a letter
    ("i" * 65 + "@contoso.example", "too long before the @-sign"),  # RFC 5321 §4.5.3.1.1: said by email-validator
])
def test_bad_email_addresses_are_refused(cli, write, email, why):
    res = cli("validate", "--format", "json", write("c.yaml", CRAYON_EMAIL.format(email=email)))
    [issue] = json.loads(res.out)
    assert (res.code, issue["rule"], issue["path"]) == (3, "email", "order.NotificationEmail")
    if why:
        assert why in issue["message"]


@pytest.mark.parametrize("email", ["it@contoso.example", "first.last+tag@sub.contoso.com.br", "x@a.co"])
def test_good_email_addresses_pass(cli, write, email):
    res = cli("validate", write("c.yaml", CRAYON_EMAIL.format(email=email)))
    assert (res.code, res.out) == (0, "")


# Addresses the pattern matches but only email-validator can settle: it is imported for these and says why.
@pytest.mark.parametrize(("email", "why"), [
    ("it@contoso.ex4mple1", "top-level domain"),                     # the TLD has a letter but ends with a digit
    ("it@ab--cd.example", "two dashes"),                             # an R-LDH label (RFC 5890)
    ("it@xn--abc.example", "IDNA"),                                  # Punycode that decodes to nothing valid
    ("i" * 60 + "@" + ".".join(["contoso"] * 24) + ".example", "too long"),  # 254 in all (RFC 5321 §4.5.3.1.3)
])
def test_addresses_past_the_plain_ones_are_email_validators_call(cli, write, email, why):
    res = cli("validate", "--format", "json", write("c.yaml", CRAYON_EMAIL.format(email=email)))
    [issue] = json.loads(res.out)
    assert (res.code, issue["rule"], issue["path"]) == (3, "email", "order.NotificationEmail")
    assert why in issue["message"], issue["message"]


def test_an_address_the_library_accepts_past_the_plain_ones_passes(cli, write):
    # Punycode email-validator can decode (bücher.example): outside the plain class, the library accepts it.
    res = cli("validate", write("c.yaml", CRAYON_EMAIL.format(email="it@xn--bcher-kva.example")))
    assert (res.code, res.out) == (0, "")


def _label(alphabet: str, longest: int):
    return st.text(alphabet, min_size=1, max_size=longest).filter(lambda t: t[0] != "-" != t[-1])


# Addresses near the edges the shortcut knows of: dashes and "xn" at a label's start, digits at the end of
# the top-level domain, special-use names, lengths around 64 and 254; and anything the pattern makes.
_EDGY = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.lists(st.text("ab.!#$%&'*+/=?^_`{|}~-", min_size=1, max_size=70), min_size=1, max_size=3).map(".".join),
    st.lists(st.one_of(_label("xn-a0", 8), _label("ab-9", 63)), min_size=1, max_size=4),
    st.one_of(_label("tesxn-a1", 6), st.sampled_from(["test", "LOCAL", "onion", "arpa", "invalid", "localhost"])),
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.from_regex(EMAIL_PATTERN, fullmatch=True), _EDGY.filter(re.compile(EMAIL_PATTERN).fullmatch)))
def test_every_address_taken_as_plainly_valid_is_one_email_validator_accepts(address):
    # The shortcut that spares the library's import (issue 15) may only say yes where the library,
    # as installed, says yes too: checked here against the library itself, with the options we use.
    from email_validator import EmailNotValidError, validate_email

    if _plainly_valid(address):
        try:
            validate_email(address, check_deliverability=False, allow_smtputf8=False, strict=True)
        except EmailNotValidError as err:
            pytest.fail(f"{address!r} taken as plainly valid, but email-validator says: {err}")


@pytest.mark.parametrize("address", ["maria.silva@example.com", "A.B+c@Sub.Contoso.COM.br", "x@a.co",
                                     "i" * 64 + "@contoso.example", "it@a-b.example"])
def test_everyday_addresses_are_plainly_valid(address):
    assert _plainly_valid(address)
