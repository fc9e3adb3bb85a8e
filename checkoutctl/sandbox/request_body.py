"""Check a JSON request body (as the sandbox receives it) with the same rules as an order file.

The rules walk YAML nodes (sandbox/json_nodes.py), so they and PyYAML are imported when a body is
checked, not when a sandbox starts: a look-up on the embedded sandbox loads neither (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checkoutctl.rules.fields import Spec
    from checkoutctl.rules.issues import ValidationIssue


def check_request_body(body: Any, spec: Spec) -> list[ValidationIssue]:
    """Errors of `body` against `spec` (the provider's order spec); paths start at the body's root,
    e.g. `customer.tax_id`, as provider error formats name parameters."""
    from checkoutctl.rules.fields import Checker
    from checkoutctl.rules.issues import ValidationIssue
    from checkoutctl.sandbox.json_nodes import to_node

    ck = Checker()
    try:
        node = to_node(body)
    except ValueError as err:
        return [ValidationIssue("<request>", 0, 0, "", "depth", str(err))]
    spec.read(node, "", ck)
    # Only errors refuse a request: a warning (an alphanumeric CNPJ) is validate's caution, not a rule
    # the provider documents.
    return [_strip(i) for i in ck.issues if i.is_error]


def _strip(issue: ValidationIssue) -> ValidationIssue:
    from dataclasses import replace

    return replace(issue, path=issue.path.lstrip("."))
