"""`checkoutctl schema P` and `checkoutctl validate` agree: the schema is valid JSON Schema, and on every
sample document (and on generated ones) both say valid or both say invalid.

JSON Schema runs on `yaml.safe_load` of the file, as an editor or check-jsonschema would.
"""

from __future__ import annotations

import importlib.util
import json
import string

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkoutctl.documents.loader import read_bytes
from checkoutctl.documents.orders import check_file
from checkoutctl.providers import registry
from checkoutctl.rules.fields import INVALID, Bool, Checker, Field, Int, ListOf, MapOf, Obj, Str, required_when
from checkoutctl.rules.formats import DATE, EMAIL, TIME_HHMM
from tests.conftest import SAMPLES

PROVIDER_NAMES = registry.names()
GESTAOPLUS = registry.order_spec("gestaoplus") if "gestaoplus" in PROVIDER_NAMES else None

PROVIDERS = [p for p in PROVIDER_NAMES if importlib.util.find_spec(f"checkoutctl.providers.{p}.rules") is not None]
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))

# Documents whose only problems are ones JSON Schema cannot express: (sample, document index) →
# (why, the rules validate reports there). Keep this short; every entry must still hold.
SCHEMA_CANNOT_SAY = {
    ("pagbank-invalid.yaml", 1): ("discount_amount must not exceed the items' total plus additional_amount: a sum",
                                  {"discount-total"}),
}


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    from checkoutctl.documents.schema import file_schema

    return {p: file_schema(p) for p in PROVIDERS}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_schema_command_prints_valid_json_schema(cli, provider):
    res = cli("schema", provider)
    assert res.code == 0, res.err
    schema = json.loads(res.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["provider"] == {"const": provider}


def test_schema_of_an_unknown_provider_is_a_usage_error(cli):
    res = cli("schema", "stripe")
    assert res.code == 2 and res.out == "" and "unknown provider" in res.err


def sample_documents():
    for path in SAMPLE_FILES:
        docs = check_file(str(path))
        loaded = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        loaded = [d for d in loaded if d is not None]
        assert len(docs) == len(loaded), path
        for doc, data in zip(docs, loaded):
            yield pytest.param(path.name, doc, data, id=f"{path.name}#{doc.index}")


@pytest.mark.parametrize("name, doc, data", list(sample_documents()))
def test_schema_and_validate_agree_on_every_sample_document(schemas, name, doc, data):
    if doc.provider not in schemas:
        pytest.skip(f"no rules for {doc.provider} yet")
    errors = sorted(jsonschema.Draft202012Validator(schemas[doc.provider]).iter_errors(data), key=str)
    schema_ok = not errors
    key = (name, doc.index)
    if key in SCHEMA_CANNOT_SAY:
        reason, rules = SCHEMA_CANNOT_SAY[key]
        assert schema_ok and not doc.ok, f"listed as schema-inexpressible ({reason}) but schema_ok={schema_ok}, ok={doc.ok}"
        assert {i.rule for i in doc.issues} <= rules, doc.issues
        return
    detail = [e.message[:200] for e in errors[:5]], [i.text() for i in doc.issues[:5]]
    assert schema_ok == doc.ok, detail
    if name.endswith("-invalid.yaml"):
        assert not doc.ok


def test_every_listed_disagreement_names_a_sample_that_exists():
    names = {p.name for p in SAMPLE_FILES}
    for (name, _index), (reason, _rules) in SCHEMA_CANNOT_SAY.items():
        assert name in names, f"stale entry {name}: {reason}"


@pytest.mark.parametrize("name, doc, data", list(sample_documents()))
def test_the_body_of_every_valid_sample_matches_the_schema(schemas, name, doc, data):
    if not doc.ok or doc.provider not in schemas:
        return
    sent = {"provider": doc.provider, doc.kind: doc.body}
    errors = [e.message[:200] for e in jsonschema.Draft202012Validator(schemas[doc.provider]).iter_errors(sent)]
    assert errors == []


# --- generated documents -------------------------------------------------------------------------------
#
# One difference is by contract (§1): a string field keeps the text of any plain scalar (`uri: 0123` is
# "0123"), while safe_load hands JSON Schema a number, a boolean or a date. So the agreement checked on
# generated data is, both ways round:
#   schema accepts the loaded data      ⇒ validate accepts the file;
#   validate accepts the file           ⇒ schema accepts the body that will be sent;
# and a file with only canonical types (strings quoted) gets the same verdict from both.


def read_generated(spec: Obj, data: dict):
    """(body or INVALID, issues) of `data` written with yaml.safe_dump and read back by the real loader."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    [doc] = read_bytes("gen.yaml", text.encode())
    assert not doc.issues, (text, doc.issues)
    ck = Checker()
    value = spec.read(doc.root, "", ck)
    assert (value is INVALID) == bool(ck.issues)
    return value, ck.issues


def schema_accepts(spec: Obj, data) -> bool:
    return jsonschema.Draft202012Validator(spec.schema()).is_valid(data)


def assert_agree(spec: Obj, data: dict, allowed_gap: set[str] = frozenset()) -> None:
    body, issues = read_generated(spec, data)
    rules = {i.rule for i in issues}
    if schema_accepts(spec, data):
        assert body is not INVALID or rules <= allowed_gap, (data, [i.text() for i in issues])
    if body is not INVALID:
        assert schema_accepts(spec, body), (data, body)
    if body is INVALID and not (rules <= allowed_gap) and canonical(spec, data):
        assert not schema_accepts(spec, data), (data, [i.text() for i in issues])


def canonical(spec, value) -> bool:
    """Every value that stands in a text field is a str (or null): safe_load and validate read it alike."""
    if isinstance(spec, Str):
        return value is None or isinstance(value, str)
    if isinstance(spec, Obj) and isinstance(value, dict):
        return all(canonical(spec.fields[k].spec, v) for k, v in value.items() if k in spec.fields)
    if isinstance(spec, ListOf) and isinstance(value, list):
        return all(canonical(spec.item, v) for v in value)
    if isinstance(spec, MapOf) and isinstance(value, dict):
        return all(canonical(spec.value, v) for v in value.values())
    return True


LETTERS = string.ascii_letters
SPEC = Obj(
    {
        "name": Field(Str(min_len=1, max_len=6), required=True),
        "code": Field(Str(pattern=r"[A-Z]{2}[0-9]{3}", pattern_message="two letters, three digits")),
        "kind": Field(Str(enum=("PIX", "BOLETO"), enum_lower_ok=True)),
        "qty": Field(Int(minimum=1, maximum=99)),
        "gift": Field(Bool()),
        "email": Field(Str(formats=(EMAIL,))),
        "at": Field(Str(formats=(TIME_HHMM,))),
        "on": Field(Str(formats=(DATE,))),
        "tags": Field(ListOf(Str(max_len=3), min_items=1, max_items=2)),
        "shops": Field(MapOf(Int(minimum=0), key_pattern=r"shop_[0-9]+", min_items=1)),
        "address": Field(Obj({"street": Field(Str(), required=True)})),
        "status": Field(Str(), response_only=True),
    },
    checks=(required_when("address", "gift", True, "test"), required_when("code", "kind", "BOLETO", "test")),
)
VALID_VALUES = {
    "code": st.from_regex(r"[A-Z]{2}[0-9]{3}", fullmatch=True),
    "kind": st.sampled_from(["PIX", "pix", "BOLETO", "boleto"]),
    "qty": st.integers(1, 99),
    "gift": st.booleans(),
    "email": st.sampled_from(["a@b.co", "x.y@example.com"]),
    "at": st.sampled_from(["00:00", "12:30", "23:59"]),
    "on": st.sampled_from(["2030-06-14", "2024-02-29"]),
    "tags": st.lists(st.text(LETTERS, max_size=3), min_size=1, max_size=2),
    "shops": st.dictionaries(st.from_regex(r"shop_[0-9]{1,3}", fullmatch=True), st.integers(0, 9), min_size=1, max_size=2),
    "address": st.fixed_dictionaries({"street": st.text(LETTERS, max_size=5)}),
}
text_values = st.one_of(
    st.sampled_from(["", "a", "NO", "0123", "1:30", "12:30", "12:30\n", "24:00", "AB123", "ab123", "AB123\n", "PIX", "pix",
                     "Pix", "BOLETO", "a@b.co", "a@b", "x@y.com\n", "2030-06-14", "2030-02-30", "2030-06-14\n",
                     "abcdefg", "ação", "shop_1", " ", "true", "12"]),
    st.text(alphabet=LETTERS + string.digits + " :@.-_\n", max_size=8),
)
scalar_values = st.one_of(st.none(), st.booleans(), st.integers(-5, 120), text_values,
                          # integral floats are "integer" to JSON Schema but 1.0 is not a whole number to Int
                          st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()))
any_value = st.one_of(
    scalar_values,
    st.lists(scalar_values, max_size=3),
    st.dictionaries(st.sampled_from(["shop_1", "shop_22", "store_1", "street", "x"]), scalar_values, max_size=2),
)
KEYS = [*SPEC.fields, "nmae", "extra"]


@st.composite
def documents(draw):
    """Mostly valid documents, then 0-2 fields replaced by anything (or an unknown key added)."""
    data = {"name": draw(st.text(LETTERS, min_size=1, max_size=6))}
    data.update(draw(st.fixed_dictionaries({}, optional=VALID_VALUES)))
    for key, value in draw(st.lists(st.tuples(st.sampled_from(KEYS), any_value), max_size=2)):
        data[key] = value
    if draw(st.booleans()) and draw(st.booleans()):
        data.pop("name", None)
    return data


# The one documented gap: a real calendar date (2030-02-30 has the date pattern but no such day).
CALENDAR = {"date"}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_agree_on_an_ad_hoc_spec(data):
    assert_agree(SPEC, data, CALENDAR)


def test_the_generator_makes_both_valid_and_invalid_documents():
    seen = set()

    @settings(max_examples=150, deadline=None, database=None)
    @given(documents())
    def probe(data):
        body, _ = read_generated(SPEC, data)
        seen.add(body is INVALID)

    probe()
    assert seen == {True, False}


gestaoplus_items = st.lists(
    st.fixed_dictionaries({"id": st.one_of(st.integers(-1, 600), st.just("483")), "quantity": st.integers(-1, 3)},
                          optional={"price": st.integers(0, 9)}),
    max_size=3,
)
gestaoplus_orders = st.fixed_dictionaries(
    {},
    optional={
        "items": gestaoplus_items,
        "type": st.sampled_from(["V", "R", "X", "v", ""]),
        "negotiationType": st.one_of(st.integers(-1, 30), st.just("22"), st.none()),
        "uri": st.sampled_from(["acme", "", "   ", "0123", "NO", "\t"]),
        "negociationType": st.just(22),
    },
)


@pytest.mark.skipif("gestaoplus" not in PROVIDERS, reason="no Gestão Plus rules")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(order=gestaoplus_orders, provider=st.sampled_from(["gestaoplus", "gestaoplus", "pagbank"]))
def test_generated_gestaoplus_files_agree(schemas, order, provider):
    data = {"provider": provider, "order": order}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    [doc] = _check_text(text)
    validator = jsonschema.Draft202012Validator(schemas["gestaoplus"])
    if validator.is_valid(data):
        assert doc.ok, (text, [i.text() for i in doc.issues])
    if doc.ok:
        assert validator.is_valid({"provider": provider, "order": doc.body}), text
    elif canonical(GESTAOPLUS, order):
        assert not validator.is_valid(data), (text, [i.text() for i in doc.issues])


def _check_text(text: str):
    import os
    import tempfile

    fd, path = tempfile.mkstemp(suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return check_file(path)
    finally:
        os.unlink(path)


def test_a_trailing_newline_does_not_slip_past_the_schema():
    # `at: |\n  12:30\n` is "12:30\n": validate refuses it, and so must the schema (Python's `$`).
    for data in ({"name": "a", "at": "12:30\n"}, {"name": "a", "code": "AB123\n"}, {"name": "a", "shops": {"shop_1\n": 1}}):
        body, _ = read_generated(SPEC, data)
        assert body is INVALID and not schema_accepts(SPEC, data), data


def test_a_plain_number_in_a_text_field_is_the_documented_difference():
    body, issues = read_generated(SPEC, {"name": 123})
    assert issues == [] and body == {"name": "123"}
    assert not schema_accepts(SPEC, {"name": 123}) and schema_accepts(SPEC, body)
