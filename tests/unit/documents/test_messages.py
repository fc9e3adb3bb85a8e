"""Messages a person fixes in one go, and paths that name the field (CONTRACT §2, issue 12)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES

GESTAO = "provider: gestaoplus\norder:\n  items:\n    - id: 483\n      quantity: 1\n  type: V\n  negotiationType: 22\n  uri: acme\n"


def issues(cli, write, text: str, name: str = "o.yaml") -> list[dict]:
    res = cli("validate", "--format", "json", write(name, text))
    return json.loads(res.out)


# --- paths ---------------------------------------------------------------------------------------------


def test_a_missing_field_is_named_by_its_path_at_its_parents_place(cli, write):
    text = "provider: pagbank\norder:\n  reference_id: x\n  items: [{name: A, quantity: 1, unit_amount: 100}]\n" \
           "  shipping:\n    type: FIXED\n"
    [issue] = issues(cli, write, text)
    assert (issue["path"], issue["rule"], issue["line"], issue["column"]) == ("order.shipping.amount", "required", 6, 5)
    assert issue["message"].startswith("missing")


@pytest.mark.parametrize(("text", "path", "line", "col"), [
    (GESTAO.replace("  uri: acme\n", "  uri: acme\n  uri: again\n"), "order.uri", 9, 3),
    ("provider: gestaoplus\nprovider: pagbank\norder: {}\n", "provider", 2, 1),
    (GESTAO.replace("    - id: 483\n", "    - id: 483\n      id: 484\n"), "order.items[0].id", 5, 7),
])
def test_a_duplicate_key_carries_the_keys_path(cli, write, text, path, line, col):
    found = [i for i in issues(cli, write, text) if i["rule"] == "duplicate-key"]
    assert [(i["path"], i["line"], i["column"]) for i in found] == [(path, line, col)]


def test_missing_provider_and_order_are_named(cli, write):
    assert [(i["path"], i["rule"]) for i in issues(cli, write, "order: {}\n")] == [("provider", "required")]
    assert [(i["path"], i["rule"]) for i in issues(cli, write, "provider: pagbank\n")] == [("order", "required")]


def test_every_issue_of_the_invalid_samples_has_a_path_and_a_rule(cli):
    for sample in sorted(SAMPLES.glob("*-invalid.yaml")):
        for issue in json.loads(cli("validate", "--format", "json", str(sample)).out):
            assert issue["path"] and issue["rule"], issue


# --- messages ------------------------------------------------------------------------------------------


def test_tab_indentation_is_explained_as_such(cli, write):
    [issue] = issues(cli, write, "provider: pagbank\norder:\n\treference_id: x\n")
    assert (issue["rule"], issue["line"], issue["column"]) == ("yaml-syntax", 3, 1)
    assert issue["message"] == "a tab character: YAML indents with spaces only"
    assert "spaces" in issue["hint"]


def test_a_value_holding_colon_space_hints_at_quoting(cli, write):
    [issue] = issues(cli, write, "provider: pagbank\norder:\n  reference_id: Loja: Centro\n")
    assert issue["rule"] == "yaml-syntax" and 'must be quoted' in issue["hint"]


def test_a_long_enum_suggests_the_closest_values_not_all_of_them(cli, write):
    text = "provider: bakeronline\norder:\n  payment_method: idael\n"
    [issue] = [i for i in issues(cli, write, text) if i["rule"] == "enum"]
    assert issue["message"] == 'is not one of the 44 allowed values (got "idael")'
    assert issue["hint"].startswith("closest allowed: ideal;")
    assert "payu_iyzico_troy" not in issue["message"] + issue["hint"]


def test_a_short_enum_lists_every_value_and_suggests_the_other_case(cli, write):
    [issue] = issues(cli, write, GESTAO.replace("type: V", "type: v"))
    assert issue["message"] == 'must be one of V, R (got "v")' and issue["hint"] == "did you mean V?"
    [other] = issues(cli, write, GESTAO.replace("type: V", "type: X"))
    assert "hint" not in other


def test_provider_in_another_case_suggests_the_name(cli, write):
    [issue] = issues(cli, write, "provider: PagBank\norder: {reference_id: x}\n")
    assert issue["rule"] == "provider" and issue["hint"] == "did you mean pagbank?"


@pytest.mark.parametrize(("text", "hint"), [
    # A number field: quoting makes it a string, which the field refuses too.
    (GESTAO.replace("id: 483", "id: 0483"), "write 483"),
    (GESTAO.replace("negotiationType: 22", 'negotiationType: "22"'), "remove the quotes"),
    # A string field given a bare [..]: YAML read a list, quotes make it the text.
    (GESTAO.replace("uri: acme", "uri: [acme]"), 'quote it if you meant the text, like "[Promo]"'),
])
def test_quoting_hints_only_where_quoting_helps(cli, write, text, hint):
    [issue] = issues(cli, write, text)
    assert issue["hint"] == hint


def test_a_bad_time_does_not_hint_at_quoting(cli, write):
    # checkoutctl reads 25:00 as text quoted or not: quotes cannot fix it.
    bake = (SAMPLES / "bakeronline.yaml").read_text()
    import re

    text, n = re.subn(r'(\n\s+time: )"?\d\d:\d\d"?', r'\1"25:00"', bake, count=1)
    assert n == 1
    [issue] = [i for i in issues(cli, write, text) if i["rule"] == "time"]
    assert "hint" not in issue
