"""Several orders in one file (CONTRACT §3, issue 11): `--output json` is always an array, one entry per
document, failed ones with `error` and the document number; which documents were not sent is said;
`--keep-going` places the rest; already placed documents are skipped, the new ones placed;
`--dry-run --output json` is JSON."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.integration

DOC = """provider: pagbank
order:
  reference_id: "{ref}"
  items:
    - reference_id: "A"
      name: Camiseta
      quantity: 1
      unit_amount: 4990
"""


@pytest.fixture
def three(write):
    return write("three.yaml", "---\n".join(DOC.format(ref=f"multi-{n}") for n in (1, 2, 3)))


def _fail_next_create(cli):
    res = cli("sandbox", "fault", "add", "--method", "POST", "--path", "/pagbank/checkouts", "--fault", "status=400")
    assert res.code == 0, res.err


def test_all_placed_is_an_array_with_document_numbers(cli, three):
    res = cli("order", "create", three, "--output", "json")
    assert res.code == 0, res.err
    entries = res.json()
    assert [e["document"] for e in entries] == [1, 2, 3]
    assert all(e["id"].startswith("CHEC_") and "error" not in e for e in entries)


def test_a_failed_document_stops_the_rest_and_says_which_were_not_sent(cli, three):
    _fail_next_create(cli)
    res = cli("order", "create", three, "--output", "json")
    assert res.code == 4, res.err
    entries = json.loads(res.out)  # JSON even on failure
    assert [e["document"] for e in entries] == [1, 2, 3]
    assert entries[0]["error"] and entries[0]["file"] == three
    assert entries[1]["error"].startswith("not sent") and entries[2]["error"].startswith("not sent")
    assert "document 1 of" in res.err and "not sent: documents 2, 3" in res.err and "--keep-going" in res.err


def test_keep_going_places_the_rest(cli, three):
    _fail_next_create(cli)
    res = cli("order", "create", three, "--output", "json", "--keep-going")
    assert res.code == 4, res.err  # the failure still decides the exit status
    entries = json.loads(res.out)
    assert "error" in entries[0] and entries[1]["id"].startswith("CHEC_") and entries[2]["id"].startswith("CHEC_")


def test_a_placed_file_with_a_new_document_places_only_the_new_one(cli, write):
    first = write("one.yaml", DOC.format(ref="grow-1"))
    assert cli("order", "create", first, "--output", "json").code == 0
    grown = write("grown.yaml", DOC.format(ref="grow-1") + "---\n" + DOC.format(ref="grow-2"))
    res = cli("order", "create", grown, "--output", "json")
    assert res.code == 0, res.err
    entries = res.json()
    assert entries[0]["document"] == 1 and "already placed" in entries[0]["skipped"]
    assert entries[1]["document"] == 2 and entries[1]["id"].startswith("CHEC_")
    assert "skipped document 1" in res.err
    again = cli("order", "create", grown, "--output", "json")
    assert again.code == 2 and "already placed" in again.err  # every document placed: nothing to do


def test_dry_run_output_json_is_the_requests_as_json(cli, three):
    res = cli("order", "create", three, "--dry-run", "--output", "json")
    assert res.code == 0, res.err
    entries = res.json()
    assert [e["document"] for e in entries] == [1, 2, 3]
    request = entries[0]["requests"][0]
    assert request["method"] == "POST" and request["url"].endswith("/pagbank/checkouts")
    assert request["headers"]["Authorization"] == "Bearer ****"
    assert request["body"]["items"][0]["unit_amount"] == 4990 and request["body"]["reference_id"] == "multi-1"
    assert cli("order", "history", "--output", "json").json() == []  # nothing sent
