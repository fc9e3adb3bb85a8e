"""Scalars read by the type the rule expects, from their source text (CONTRACT §1 "What you wrote is
what is sent"), and the engine's field rules: null, unknown, response-only, MapOf keys, required_when,
paths. Uses the Gestão Plus spec and small `Obj` specs built here.
"""

from __future__ import annotations

import json

import pytest

from checkoutctl.documents.loader import read_bytes
from checkoutctl.documents.orders import check_file
from checkoutctl.providers.gestaoplus.rules import ORDER as GESTAOPLUS
from checkoutctl.rules.fields import INVALID, Bool, Checker, Field, Int, ListOf, MapOf, Obj, Str, required_when


def read(spec, text: str, path: str = "order"):
    """(value, issues) of `spec` read from the YAML `text` through the real loader."""
    [doc] = read_bytes("t.yaml", text.encode())
    assert not doc.issues, doc.issues
    ck = Checker()
    value = spec.read(doc.root, path, ck)
    return value, ck.issues


def one(spec, text: str):
    """The single issue of reading `text`, as (rule, path, line, column, message, hint)."""
    value, issues = read(spec, text)
    assert value is INVALID
    assert len(issues) == 1, issues
    i = issues[0]
    return i.rule, i.path, i.line, i.column, i.message, i.hint


STR = Obj({"v": Field(Str())})
INT = Obj({"v": Field(Int())})
BOOL = Obj({"v": Field(Bool())})


# --- strings are kept exactly as written -----------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["NO", "no", "yes", "off", "ON", "01310100", "+5511999999999", "1:30", "0123", "0x10", "1e3", "1_000",
     "12.5", ".inf", "-.inf", ".nan", "-0", "007", "2030-06-14", "2030-06-14T10:00:00-03:00", "true", "false",
     "0o17", "0b101", "190:20:30", "=", "1,5"],
)
def test_plain_scalar_in_a_string_field_is_kept_as_written(written):
    value, issues = read(STR, f"v: {written}\n")
    assert issues == []
    assert value == {"v": written}
    assert type(value["v"]) is str


@pytest.mark.parametrize("text, expected", [
    ('v: "0123"', "0123"), ("v: '+5511999999999'", "+5511999999999"), ("v: |\n  two\n  lines\n", "two\nlines\n"),
    ("v: >-\n  folded\n  text\n", "folded text"), ('v: "tab\\there"', "tab\there"), ("v: '~'", "~"), ('v: ""', ""),
])
def test_quoted_and_block_scalars_in_a_string_field(text, expected):
    assert read(STR, text) == ({"v": expected}, [])


def test_gestaoplus_uri_keeps_leading_zeros_and_no(write):
    text = "provider: gestaoplus\norder:\n  items: [{id: 1, quantity: 1}]\n  type: V\n  negotiationType: 22\n  uri: URI\n"
    for written in ("0123", "NO", "01310100", "+5511999999999", "1:30", "=", "<<"):
        [doc] = check_file(write("o.yaml", text.replace("URI", written)))
        assert doc.ok and doc.body["uri"] == written


# --- whole numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [("0", 0), ("7", 7), ("-12", -12), ("-0", 0), ("1234567890123", 1234567890123)])
def test_int_takes_plain_decimal_digits(text, expected):
    value, issues = read(INT, f"v: {text}\n")
    assert issues == [] and value == {"v": expected} and type(value["v"]) is int


def test_leading_zero_in_int_is_an_error_with_a_hint_never_octal():
    rule, path, line, col, message, hint = one(INT, "v: 0123\n")
    assert (rule, path, line, col) == ("type", "order.v", 1, 4)
    assert "never read as octal" in message and "0123" in message
    assert hint is not None and "write 123" in hint


def test_negative_leading_zero_int_hint():
    *_, message, hint = one(INT, "v: -007\n")
    assert "octal" in message and hint == "write -7"  # the sign stays (the release before said "write 7")


@pytest.mark.parametrize("quoted", ['"12"', "'12'", "|\n  12\n"])
def test_quoted_number_in_int_field_is_a_string_error(quoted):
    rule, path, line, col, message, hint = one(INT, f"v: {quoted}\n")
    assert (rule, path, line, col) == ("type", "order.v", 1, 4)
    assert "string" in message and hint == "remove the quotes"


@pytest.mark.parametrize("written", ["1e3", "0x10", "1_000", "12.5", ".inf", "-.inf", ".nan", "+5", "1,000", "12.0", "0o17", "1:30", "twelve", "true", "0b11"])
def test_int_refuses_anything_but_decimal_digits(written):
    rule, path, line, col, message, hint = one(INT, f"v: {written}\n")
    assert (rule, path, line, col) == ("type", "order.v", 1, 4)
    assert "whole number in decimal digits" in message


def test_int_range_and_huge_numbers():
    spec = Obj({"v": Field(Int(minimum=1, maximum=999))})
    assert one(spec, "v: 0\n")[:4] == ("range", "order.v", 1, 4)
    assert one(spec, "v: 1000\n")[0] == "range"
    assert one(spec, "v: -0\n")[0] == "range"  # -0 is 0, below the minimum
    *_, message, _hint = one(Obj({"v": Field(Int())}), "v: " + "9" * 100 + "\n")
    assert len(message) < 200  # huge numbers are shortened in the message


def test_int_refuses_collections():
    assert one(INT, "v: [1]\n")[:4] == ("type", "order.v", 1, 4)
    assert one(INT, "v: {a: 1}\n")[:4] == ("type", "order.v", 1, 4)


def test_gestaoplus_leading_zero_id_and_quoted_quantity(write):
    text = "provider: gestaoplus\norder:\n  items:\n    - id: 0483\n      quantity: \"1\"\n  type: V\n  negotiationType: 22\n  uri: x\n"
    [doc] = check_file(write("o.yaml", text))
    assert [(i.path, i.line, i.column, i.rule) for i in doc.issues] == [
        ("order.items[0].id", 4, 11, "type"),
        ("order.items[0].quantity", 5, 17, "type"),
    ]


# --- booleans ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [("true", True), ("false", False)])
def test_bool_takes_true_and_false(text, expected):
    value, issues = read(BOOL, f"v: {text}\n")
    assert issues == [] and value["v"] is expected


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "True", "FALSE", "y", "n", "1", "0", '"true"', "'false'"])
def test_bool_refuses_everything_else(written):
    rule, path, line, col, message, hint = one(BOOL, f"v: {written}\n")
    assert (rule, path, line, col) == ("type", "order.v", 1, 4)
    assert "expected true or false" in message
    assert hint and "yes/no/on/off" in hint


# --- null, unknown, response-only -------------------------------------------------------------------


OPTIONAL_AND_REQUIRED = Obj({
    "need": Field(Str(), required=True),
    "maybe": Field(Int()),
    "flag": Field(Bool()),
    "secret_id": Field(Str(), response_only=True),
    "reference_id": Field(Str()),
})


@pytest.mark.parametrize("null", ["", "~", "null", "Null", "NULL"])
def test_null_in_an_optional_field_is_sent_as_null(null):
    value, issues = read(OPTIONAL_AND_REQUIRED, f"need: x\nmaybe: {null}\nflag: {null}\n")
    assert issues == []
    assert value == {"need": "x", "maybe": None, "flag": None}


@pytest.mark.parametrize("null", ["", "~", "null"])
def test_null_in_a_required_field_is_an_error_at_the_value(null):
    value, issues = read(OPTIONAL_AND_REQUIRED, f"maybe: 1\nneed: {null}\n")
    assert value is INVALID
    [issue] = issues
    assert (issue.rule, issue.path, issue.line) == ("required", "order.need", 2)
    assert "cannot be null" in issue.message


def test_quoted_null_word_is_a_string_not_null():
    assert read(OPTIONAL_AND_REQUIRED, 'need: "null"\n') == ({"need": "null"}, [])
    assert one(OPTIONAL_AND_REQUIRED, 'need: x\nmaybe: "null"\n')[0] == "type"


def test_missing_required_field_is_reported_at_its_parent_mapping():
    # CONTRACT §2: the path names the missing field; the line and column are its parent mapping's.
    value, issues = read(Obj({"wrap": Field(OPTIONAL_AND_REQUIRED)}), "wrap:\n    maybe: 1\n")
    [issue] = issues
    assert (issue.rule, issue.path, issue.line, issue.column) == ("required", "order.wrap.need", 2, 5)
    assert issue.message == "missing required field"


def test_unknown_field_with_did_you_mean():
    rule, path, line, col, message, hint = one(OPTIONAL_AND_REQUIRED, "need: x\nrefrence_id: a\n")
    assert (rule, path, line, col) == ("unknown-field", "order.refrence_id", 2, 1)
    assert hint == "did you mean 'reference_id'?"


def test_unknown_field_differing_only_in_case_suggests_the_right_case():
    *_, hint = one(OPTIONAL_AND_REQUIRED, "need: x\nFLAG: true\n")
    assert hint == "did you mean 'flag'?"


def test_unknown_field_with_nothing_close_has_no_hint():
    *_, hint = one(OPTIONAL_AND_REQUIRED, "need: x\nzzz: 1\n")
    assert hint is None


def test_response_only_field_is_refused():
    rule, path, line, col, message, _ = one(OPTIONAL_AND_REQUIRED, "need: x\nsecret_id: abc\n")
    assert (rule, path, line, col) == ("response-only", "order.secret_id", 2, 1)
    assert "remove it" in message


def test_every_problem_of_a_mapping_is_reported_in_one_run():
    value, issues = read(OPTIONAL_AND_REQUIRED, "maybe: 0123\nflag: yes\nzzz: 1\nsecret_id: a\n")
    assert value is INVALID
    assert sorted(i.rule for i in issues) == ["required", "response-only", "type", "type", "unknown-field"]


# --- lists, maps, paths -----------------------------------------------------------------------------


ITEM = Obj({"name": Field(Str(min_len=1, max_len=5), required=True), "quantity": Field(Int(minimum=1), required=True)})
ORDER = Obj({
    "items": Field(ListOf(ITEM, min_items=1, max_items=3), required=True),
    "shops": Field(MapOf(Obj({"time": Field(Str(pattern=r"\d\d:\d\d"))}), key_pattern=r"shop_[0-9]+",
                         key_message="keys look like shop_<id>", min_items=1)),
})


def test_issue_path_format_with_list_indexes():
    text = "items:\n  - {name: a, quantity: 1}\n  - {name: b, quantity: 1}\n  - name: c\n    quantity: 0\n"
    value, issues = read(ORDER, text)
    assert value is INVALID
    [issue] = issues
    assert (issue.path, issue.line, issue.column) == ("order.items[2].quantity", 5, 15)
    _, issues = read(Obj({"order": Field(ORDER)}), "order:\n" + "".join(f"  {l}\n" for l in text.splitlines()), path="x")
    assert [i.path for i in issues] == ["x.order.items[2].quantity"]


def test_list_bounds():
    assert one(ORDER, "items: []\n")[:4] == ("min-items", "order.items", 1, 8)
    assert one(ORDER, "items: [{name: a, quantity: 1}, {name: a, quantity: 1}, {name: a, quantity: 1}, {name: a, quantity: 1}]\n")[0] == "max-items"
    assert one(ORDER, "items: {name: a}\n")[:2] == ("type", "order.items")


def test_mapof_keys_are_checked_and_values_read_by_spec():
    value, issues = read(ORDER, "items: [{name: a, quantity: 1}]\nshops:\n  shop_12: {time: '10:00'}\n")
    assert issues == [] and value["shops"] == {"shop_12": {"time": "10:00"}}
    rule, path, line, col, message, _ = one(ORDER, "items: [{name: a, quantity: 1}]\nshops:\n  store_12: {time: '10:00'}\n")
    assert (rule, path, line, col, message) == ("pattern", "order.shops.store_12", 3, 3, "keys look like shop_<id>")
    assert one(ORDER, "items: [{name: a, quantity: 1}]\nshops: {}\n")[0] == "min-items"
    rule, path, *_ = one(ORDER, "items: [{name: a, quantity: 1}]\nshops:\n  shop_1: {time: 9h}\n")
    assert (rule, path) == ("pattern", "order.shops.shop_1.time")


def test_string_length_counts_characters():
    assert read(ITEM, "name: ação!\nquantity: 1\n")[1] == []
    rule, path, line, col, message, _ = one(ITEM, "name: ações!\nquantity: 1\n")
    assert (rule, path, message) == ("length", "order.name", "must be 1–5 characters long (got 6)")
    assert one(ITEM, "name: ''\nquantity: 1\n")[4] == "must not be empty"


def test_enum_is_exact_unless_lower_case_is_allowed():
    strict = Obj({"t": Field(Str(enum=("V", "R")))})
    loose = Obj({"t": Field(Str(enum=("PIX", "BOLETO"), enum_lower_ok=True))})
    assert one(strict, "t: v\n")[0] == "enum"
    assert read(loose, "t: pix\n") == ({"t": "pix"}, [])
    assert one(loose, "t: Pix\n")[0] == "enum"


# --- required_when ------------------------------------------------------------------------------------


CHECKOUT = Obj(
    {
        "method": Field(Str(enum=("delivery", "takeout"))),
        "modifiable": Field(Bool()),
        "delivery": Field(Obj({"street": Field(Str())})),
        "customer": Field(Obj({"name": Field(Str())})),
    },
    checks=(
        required_when("delivery", "method", "delivery", "test"),
        required_when("customer", "modifiable", False, "test", because="nobody can fill it in"),
    ),
)


def test_required_when_condition_holds_and_target_is_missing():
    rule, path, line, col, message, _ = one(CHECKOUT, "method: delivery\n")
    assert (rule, path, line, col) == ("required", "order.delivery", 1, 1)
    assert message == "missing, required when method is delivery"


def test_required_when_with_a_boolean_condition_and_reason():
    *_, message, _ = one(CHECKOUT, "modifiable: false\n")
    assert message == "missing, required when modifiable is false (nobody can fill it in)"


def test_required_when_refuses_a_null_target_too():
    # `delivery: ~` would send null: as missing as no key at all, reported at the null value itself.
    rule, path, line, col, message, _ = one(CHECKOUT, "method: delivery\ndelivery: ~\n")
    assert (rule, path, line, col) == ("required", "order.delivery", 2, 11)
    assert message == "cannot be null: required when method is delivery"
    then = CHECKOUT.schema()["allOf"][0]["then"]
    assert then == {"required": ["delivery"], "properties": {"delivery": {"not": {"type": "null"}}}}


@pytest.mark.parametrize("text", ["method: takeout\n", "modifiable: true\n", "{}\n", "method: delivery\ndelivery: {street: x}\n",
                                  "modifiable: false\ncustomer: {name: x}\n"])
def test_required_when_condition_does_not_hold_or_is_met(text):
    value, issues = read(CHECKOUT, text)
    assert issues == [] and value is not INVALID


def test_required_when_does_not_fire_on_an_invalid_condition_value():
    # `modifiable: no` is a type error, not false: one issue, not a second "missing customer".
    rule, *_ = one(CHECKOUT, "modifiable: no\n")
    assert rule == "type"


# --- the body is exactly what will be sent ----------------------------------------------------------


def test_body_types_are_exactly_what_will_be_sent(write):
    text = "provider: gestaoplus\norder:\n  items:\n    - id: 483\n      quantity: 2\n  type: V\n  negotiationType: 22\n  uri: '007'\n"
    [doc] = check_file(write("o.yaml", text))
    assert doc.ok
    assert doc.body == {"items": [{"id": 483, "quantity": 2}], "type": "V", "negotiationType": 22, "uri": "007"}
    assert json.dumps(doc.body) == '{"items": [{"id": 483, "quantity": 2}], "type": "V", "negotiationType": 22, "uri": "007"}'


def test_body_of_an_ad_hoc_spec_keeps_every_type():
    spec = Obj({"s": Field(Str()), "i": Field(Int()), "b": Field(Bool()), "n": Field(Str()),
                "l": Field(ListOf(Str())), "m": Field(MapOf(Int()))})
    value, issues = read(spec, "s: 0123\ni: 123\nb: false\nn: ~\nl: [NO, '1', 1:30]\nm: {a: 1}\n")
    assert issues == []
    assert json.dumps(value) == '{"s": "0123", "i": 123, "b": false, "n": null, "l": ["NO", "1", "1:30"], "m": {"a": 1}}'


def test_body_is_none_when_the_document_is_invalid(write):
    [doc] = check_file(write("o.yaml", "provider: gestaoplus\norder:\n  uri: x\n"))
    assert not doc.ok and doc.body is None


def test_gestaoplus_spec_directly():
    value, issues = read(GESTAOPLUS, "items: [{id: 1, quantity: 3}]\ntype: R\nnegotiationType: 5\nuri: NO\n")
    assert issues == [] and value == {"items": [{"id": 1, "quantity": 3}], "type": "R", "negotiationType": 5, "uri": "NO"}
    _, issues = read(GESTAOPLUS, "items: [{id: 1, quantity: 3}]\ntype: R\nnegotiationType: 5\nuri: '  '\n")
    assert [(i.rule, i.path) for i in issues] == [("pattern", "order.uri")]
