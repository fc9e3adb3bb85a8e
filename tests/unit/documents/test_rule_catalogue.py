"""Every rule id validate reports is described (`validate --rules`, SARIF rule descriptions)."""

from __future__ import annotations

import re
from checkoutctl.documents.rule_catalogue import FILE_RULES, SHARED_RULES, describe, provider_rules
from checkoutctl.providers import registry
from tests.conftest import ROOT, SAMPLES

# A rule id as the code writes it: the first argument of Format(…)/Check(…), the third of
# Checker.report(node, path, rule, …), the second of ObjectView.report(field, rule, …).
_RULE_IN_CODE = re.compile(
    r'(?:Format|Check)\(\s*"([a-z-]+)"'
    r'|ck\.report\(\w+, (?:f?"[^"]*"|[\w.]+), "([a-z-]+)"'
    r'|view\.report\((?:"[^"]*"|None|\w+), "([a-z-]+)"'
)


def rules_in_code() -> dict[str, set[str]]:
    """Rule ids written in each provider's folder ("" for shared code)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "checkoutctl").rglob("*.py"):
        parts = path.relative_to(ROOT / "checkoutctl").parts
        owner = parts[1] if parts[0] == "providers" and len(parts) > 2 else ""
        for m in _RULE_IN_CODE.finditer(path.read_text()):
            found.setdefault(owner, set()).add(m[1] or m[2] or m[3])
    return found


def test_every_rule_written_in_the_code_is_described():
    known_shared = set(FILE_RULES) | set(SHARED_RULES)
    for owner, rules in rules_in_code().items():
        allowed = known_shared | (set(provider_rules(owner)) if owner in registry.names() else set())
        assert rules <= allowed, (owner, rules - allowed)


def test_rules_lists_shared_and_provider_rules(cli):
    res = cli("validate", "--rules")
    assert res.code == 0
    rows = [line.split("\t") for line in res.out.splitlines()]
    assert rows[0] == ["rule", "where", "checks"]
    ids = {r[0] for r in rows[1:]}
    assert {"required", "enum", "duplicate-key", "pagbank/discount-total", "bakeronline/end-time"} <= ids
    assert all(len(r) == 3 and r[2] for r in rows)


def test_every_issue_of_the_invalid_samples_has_a_described_rule(cli):
    import json

    for sample in sorted(SAMPLES.glob("*-invalid.yaml")):
        provider = sample.stem.split("-")[0]
        known = set(FILE_RULES) | set(SHARED_RULES) | set(provider_rules(provider))
        for issue in json.loads(cli("validate", "--format", "json", str(sample)).out):
            assert issue["rule"] in known, issue
            assert describe(issue["rule"], provider) != issue["rule"]
