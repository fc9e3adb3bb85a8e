"""The base of every spec: where issues are collected, and how a node is shown in a message."""

from __future__ import annotations

from typing import Any

import yaml

from checkoutctl.rules.issues import ValidationIssue

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
KIND = {yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list", yaml.ScalarNode: "a scalar"}


class Checker:
    """Collects the issues of one document; the file of each comes from the node's own mark."""

    __slots__ = ("issues",)

    def __init__(self) -> None:
        self.issues: list[ValidationIssue] = []

    def report(self, node: yaml.Node, path: str, rule: str, message: str, hint: str | None = None,
               severity: str = "error") -> None:
        mark = node.start_mark
        self.issues.append(
            ValidationIssue(mark.name if mark else "<input>", mark.line + 1 if mark else 0,
                            mark.column + 1 if mark else 0, path, rule, message, severity, hint)
        )


def anchored(pattern: str) -> str:
    r"""`pattern` as a JSON Schema `pattern` that matches the whole string, as `re.fullmatch` does.

    JSON Schema patterns are searched, so they need `^…$`; but Python's `$` (which the `jsonschema`
    package uses) also matches before a final newline, so `"12:30\n"` (a `|` block scalar) would pass the
    schema and fail `validate`. `(?!\n)` closes that gap and is harmless to an ECMA-262 engine."""
    return f"^(?:{pattern})$(?!\\n)"


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS


def shown(node: yaml.Node) -> str:
    """A short rendering of what the user wrote, for messages."""
    if isinstance(node, yaml.ScalarNode):
        text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return KIND[type(node)]


class Spec:
    description: str = ""

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def _scalar(self, node: yaml.Node, path: str, ck: Checker, expected: str, hint: str | None = None) -> yaml.ScalarNode | None:
        if isinstance(node, yaml.ScalarNode):
            return node
        ck.report(node, path, "type", f"expected {expected}, got {KIND[type(node)]}", hint)
        return None
