"""`checkoutctl providers` and `checkoutctl schema`: what the tool speaks, as a table and as JSON."""

from __future__ import annotations

import json


def test_providers_json_lists_every_provider_with_its_endpoints(cli):
    result = cli("providers", "--output", "json")
    assert result.code == 0
    data = result.json()
    assert [p["name"] for p in data] == ["gestaoplus", "pagbank", "bakeronline", "crayon"]
    pagbank = data[1]
    assert pagbank["base_url"] == "https://api.pagseguro.com"
    assert {"name": "create", "method": "POST", "path": "/checkouts",
            "description": "create a checkout (x-idempotency-key honoured)"} in pagbank["operations"]
    assert data[2]["items_field"] == "cart" and data[3]["items_field"] == "OrderLines"


def test_providers_table_reads_at_80_columns(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("CHECKOUTCTL_FORCE_TTY", "1")  # the terminal's table (piped stdout gets TSV)
    result = cli("providers")
    assert result.code == 0
    lines = result.out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert any("POST /checkout/order" in line for line in lines)
    assert any("https://api.gestao.plus" in line for line in lines)


def test_schema_of_an_unknown_provider_is_a_usage_error(cli):
    result = cli("schema", "stripe")
    assert result.code == 2 and "unknown provider 'stripe'" in result.err


def test_schema_is_json_schema_for_the_order_file(cli):
    result = cli("schema", "gestaoplus")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["properties"]["provider"] == {"const": "gestaoplus"}
    assert schema["properties"]["order"]["required"] == ["items", "type", "negotiationType", "uri"]
