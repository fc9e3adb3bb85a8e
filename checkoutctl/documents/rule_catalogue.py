"""Every rule id `validate` reports, with what it means: for `validate --rules`, SARIF rule
descriptions and the README table. Ids never change between releases (CONTRACT §2).

Rules shared by every provider are described here; a provider's own rules are described by its rules
module (`RULES`), so this module never names a provider. In SARIF a rule of a document whose provider
is known is `PROVIDER/RULE` (`pagbank/required`, `pagbank/discount-total`); whole-file problems (a
file that cannot be read, YAML syntax) have no provider and keep the bare id.
"""

from __future__ import annotations

# Whole-file problems, found before any provider's rules run (documents/loader.py).
FILE_RULES: dict[str, str] = {
    "file": "the file cannot be read: it does not exist, is a directory, or is not readable (exit 2)",
    "file-size": "the file is over 5 MiB",
    "encoding": "the file is not valid UTF-8",
    "yaml-syntax": "the file is not valid YAML (tab indentation included)",
    "empty": "the file holds no document",
    "depth": "collections nested deeper than 64 levels",
    "alias": "anchors and aliases that expand past 2,000,000 nodes, or refer to themselves",
    "tag": "a custom or language tag (`!!python/object`, `!foo`): order files hold plain data",
    "merge-key": "a YAML merge key (`<<`); write the fields out",
    "duplicate-key": "the same key twice in one mapping",
    "key-type": "a mapping key that is not a plain string",
}

# Rules every provider's order spec applies (rules/scalars.py, rules/fields.py, documents/orders.py).
SHARED_RULES: dict[str, str] = {
    "top-level": "the top level is a mapping of `provider:` and `order:` (or `cart:`), not both",
    "provider": "`provider:` names a provider checkoutctl knows, and an order and its --cart agree on it",
    "cart": "a --cart file holds one document of `provider:` and `cart:`",
    "required": "a field the provider requires is missing or null",
    "unknown-field": "a field the provider does not document",
    "response-only": "a field the provider sets in its answer, refused in a request",
    "type": "a value of the wrong type (a string for a number, yes/no for a boolean, a leading 0)",
    "enum": "a value outside the provider's list of allowed values",
    "pattern": "a string that does not have the documented shape",
    "length": "a string shorter or longer than documented",
    "range": "a number outside the documented range",
    "min-items": "a list or mapping with fewer entries than required",
    "max-items": "a list with more entries than allowed",
    "email": "an e-mail address that is not valid (syntax only; no DNS lookup)",
    "url": "a URL that is not http:// or https://",
    "datetime": "a date-time not in the documented ISO-8601 form",
    "future": "a date-time that must be in the future and is not",
    "date": "a date that is not YYYY-MM-DD or not a real calendar date",
    "time": "a time that is not HH:MM",
    "duration": "an ISO-8601 duration (P1M, P1Y) that is not well formed",
    "tax-id": "a CPF or CNPJ with the wrong length, characters or check digits",
    "country": "a country that is not an ISO 3166-1 alpha-2 code in capitals",
}


def provider_rules(provider: str) -> dict[str, str]:
    """The provider's own rules (id → description), from its rules module's `RULES`."""
    from checkoutctl.providers import registry

    return registry.rule_descriptions(provider)


def describe(rule: str, provider: str | None = None) -> str:
    if provider:
        own = provider_rules(provider)
        if rule in own:
            return own[rule]
    return FILE_RULES.get(rule) or SHARED_RULES.get(rule) or rule


def rule_id(rule: str, provider: str | None) -> str:
    """The stable id a CI tool groups results by: `PROVIDER/RULE`, or the bare rule of a whole-file problem."""
    return f"{provider}/{rule}" if provider and rule not in FILE_RULES else rule


def rules_table() -> str:
    """`validate --rules`: every rule id, what reports it, and what it checks, as tab-separated rows."""
    from checkoutctl.providers import registry

    rows = [("rule", "where", "checks")]
    rows += [(rule, "file", text) for rule, text in FILE_RULES.items()]
    rows += [(rule, "every provider", text) for rule, text in SHARED_RULES.items()]
    for provider in registry.names():
        rows += [(f"{provider}/{rule}", provider, text) for rule, text in provider_rules(provider).items()]
    return "".join("\t".join(row) + "\n" for row in rows)
