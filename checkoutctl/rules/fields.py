"""Field specs: one definition per rule, read by both the validator and the JSON Schema generator.

A spec walks a composed YAML node (never a constructed Python value), so it reads each scalar by the
type the provider expects and reports problems at the node's own line and column:

    Str     text as written (`NO`, `01310100`, `+5511…` stay strings); lengths, enum, pattern, formats
    Int     plain decimal digits only: `0123` is an error (never octal), `"12"` is a string, not a number
    Bool    `true` / `false` only (never yes/no/on/off)
    Obj     a mapping of named `Field`s: unknown and response-only keys refused, cross-field `Check`s
    ListOf  a sequence with item count bounds
    MapOf   a mapping with free keys (Bakeronline's `shops`), each value one spec

`read(node, path, ck)` returns the value that will be sent (JSON-ready), or `INVALID` after reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

# The whole spec vocabulary is importable from here, as the providers' rules do.
from checkoutctl.rules.scalars import Bool, Format, Int, Str
from checkoutctl.rules.spec import INVALID, KIND, Checker, Spec, anchored, is_null, shown

__all__ = ["INVALID", "Bool", "Check", "Checker", "Field", "Format", "Int", "ListOf", "MapOf", "Obj", "ObjectView",
           "Spec", "Str", "anchored", "is_null", "required_when", "shown"]


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False
    # Set by the provider in its answer; refused in a request (PagBank `id`, `status`, `links`, …).
    response_only: bool = False
    seed: str = ""


class ObjectView:
    """What a cross-field `Check` sees of one mapping: the values read, their nodes, where to report."""

    __slots__ = ("values", "nodes", "node", "path", "ck")

    def __init__(self, values: dict, nodes: dict, node: yaml.Node, path: str, ck: Checker) -> None:
        self.values, self.nodes, self.node, self.path, self.ck = values, nodes, node, path, ck

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def report(self, name: str | None, rule: str, message: str, hint: str | None = None) -> None:
        node = self.nodes.get(name, self.node) if name else self.node
        path = f"{self.path}.{name}" if name and name in self.nodes else self.path
        self.ck.report(node, path, rule, message, hint)

    def missing(self, name: str, message: str, hint: str | None = None) -> None:
        """A field that is not there: its own path, at this mapping's line and column (CONTRACT §2)."""
        self.ck.report(self.node, f"{self.path}.{name}", "required", message, hint)


@dataclass(frozen=True)
class Check:
    """A rule across fields of one mapping. `schema` says the same in JSON Schema, where it can."""

    rule: str
    seed: str
    fn: Callable[[ObjectView], None]
    schema: dict | None = None


def required_when(target: str, field_name: str, equals: Any, seed: str, *, because: str = "") -> Check:
    """`target` becomes required when `field_name` holds `equals` (e.g. customer when customer_modifiable is false)."""
    alternatives = [equals, equals.lower()] if isinstance(equals, str) and equals.lower() != equals else [equals]

    shown_value = str(equals).lower() if isinstance(equals, bool) else equals
    why = f"required when {field_name} is {shown_value}" + (f" ({because})" if because else "")

    def fn(view: ObjectView) -> None:
        value = view.get(field_name)
        if type(value) is not type(equals) or value not in alternatives:
            return
        node = view.nodes.get(target)
        if node is None:
            view.missing(target, f"missing, {why}")
        elif is_null(node):  # null is sent as null: as missing as no key at all
            view.report(target, "required", f"cannot be null: {why}")

    schema = {
        "if": {"properties": {field_name: {"enum": alternatives}}, "required": [field_name]},
        "then": {"required": [target], "properties": {target: {"not": {"type": "null"}}}},
    }
    return Check("required", seed, fn, schema)


@dataclass(frozen=True)
class Obj(Spec):
    fields: dict[str, Field]
    checks: tuple[Check, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_required", tuple(n for n, f in self.fields.items() if f.required))

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        if not isinstance(node, yaml.MappingNode):
            ck.report(node, path, "type", f"expected a mapping, got {KIND[type(node)]} {shown(node) if isinstance(node, yaml.ScalarNode) else ''}".rstrip())
            return INVALID
        fields = self.fields
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        ok = True
        for knode, vnode in node.value:
            name = knode.value
            spec = fields.get(name)
            sub = f"{path}.{name}"
            if spec is None:
                ck.report(knode, sub, "unknown-field", f"unknown field {name!r}", _did_you_mean(name, fields))
                ok = False
                continue
            nodes[name] = vnode
            if spec.response_only:
                ck.report(knode, sub, "response-only", f"{name!r} is set by the provider in its answer; remove it from the request")
                ok = False
                continue
            if is_null(vnode):
                if spec.required:
                    ck.report(vnode, sub, "required", "is required and cannot be null")
                    ok = False
                else:
                    values[name] = None
                continue
            value = spec.spec.read(vnode, sub, ck)
            if value is INVALID:
                ok = False
            else:
                values[name] = value
        for name in self._required:
            if name not in nodes:
                # The path names the missing field; the line and column are its parent's (CONTRACT §2).
                ck.report(node, f"{path}.{name}", "required", "missing required field")
                ok = False
        if self.checks:
            view = ObjectView(values, nodes, node, path, ck)
            before = len(ck.issues)
            for check in self.checks:
                check.fn(view)
            ok = ok and len(ck.issues) == before
        return values if ok else INVALID

    def schema(self) -> dict:
        props: dict[str, Any] = {}
        for name, f in self.fields.items():
            if f.response_only:
                props[name] = False
                continue
            sub = f.spec.schema()
            if not f.required:
                sub = {"anyOf": [sub, {"type": "null"}]}
            if f.seed:
                sub = {**sub, "$comment": f"seed {f.seed}"}
            props[name] = sub
        out: dict = {"type": "object", "properties": props, "additionalProperties": False}
        if self.description:
            out["description"] = self.description
        if self._required:
            out["required"] = list(self._required)
        conditions = [c.schema for c in self.checks if c.schema]
        if conditions:
            out["allOf"] = conditions
        return out


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    min_items: int | None = None
    max_items: int | None = None
    description: str = ""

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            ck.report(node, path, "type", f"expected a list, got {KIND[type(node)]}")
            return INVALID
        n = len(node.value)
        ok = True
        if self.min_items is not None and n < self.min_items:
            ck.report(node, path, "min-items", f"must hold at least {self.min_items} item{'s' if self.min_items > 1 else ''} (got {n})")
            ok = False
        if self.max_items is not None and n > self.max_items:
            ck.report(node, path, "max-items", f"must hold at most {self.max_items} items (got {n})")
            ok = False
        out = []
        read = self.item.read
        for i, child in enumerate(node.value):
            value = read(child, f"{path}[{i}]", ck)
            if value is INVALID:
                ok = False
            out.append(value)
        return out if ok else INVALID

    def schema(self) -> dict:
        out: dict = {"type": "array", "items": self.item.schema()}
        if self.description:
            out["description"] = self.description
        if self.min_items is not None:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping whose keys are data (Bakeronline takeout `shops`, keyed `shop_<id>`)."""

    value: Spec
    key_pattern: str = r".+"
    key_message: str = ""
    min_items: int | None = None
    description: str = ""

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        if not isinstance(node, yaml.MappingNode):
            ck.report(node, path, "type", f"expected a mapping, got {KIND[type(node)]}")
            return INVALID
        ok = True
        if self.min_items is not None and len(node.value) < self.min_items:
            ck.report(node, path, "min-items", f"must hold at least {self.min_items} entr{'ies' if self.min_items > 1 else 'y'}")
            ok = False
        out = {}
        for knode, vnode in node.value:
            sub = f"{path}.{knode.value}"
            if not re.fullmatch(self.key_pattern, knode.value):
                ck.report(knode, sub, "pattern", self.key_message or f"key must match {self.key_pattern}")
                ok = False
            value = self.value.read(vnode, sub, ck)
            if value is INVALID:
                ok = False
            out[knode.value] = value
        return out if ok else INVALID

    def schema(self) -> dict:
        out: dict = {
            "type": "object",
            "propertyNames": {"pattern": anchored(self.key_pattern)},
            "additionalProperties": self.value.schema(),
        }
        if self.min_items is not None:
            out["minProperties"] = self.min_items
        if self.description:
            out["description"] = self.description
        return out


def _did_you_mean(name: str, fields: dict[str, Field]) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.7)
    if not close:
        lowered = {k.lower(): k for k in fields}
        hit = lowered.get(name.lower())
        close = [hit] if hit else []
    return f"did you mean {close[0]!r}?" if close else None
