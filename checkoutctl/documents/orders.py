"""Order and cart files → checked order documents: the body to send, or every problem found.

File shape (CONTRACT §1): a mapping with `provider:` and either `order:` (the provider's request body)
or `cart:` (a list of line items in the provider's own item shape). `--cart FILE` splices the cart's
items into each order's item list before the rules run, so a cart item's problems point into the cart
file (every node keeps the file it came from in its mark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from checkoutctl.documents.loader import YamlDocument, paused_gc, read_file
from checkoutctl.providers import registry
from checkoutctl.rules.fields import INVALID, Checker, ListOf, is_null
from checkoutctl.rules.issues import ValidationIssue
from checkoutctl.rules.scalars import closest_values

TOP_KEYS = ("provider", "order", "cart")


@dataclass(frozen=True)
class OrderDocument:
    """One document of a file, checked. `body` is what will be sent, exactly as written."""

    file: str
    index: int
    kind: str  # "order" | "cart"
    provider: str | None
    body: Any
    issues: tuple[ValidationIssue, ...]
    line: int = 1

    @property
    def ok(self) -> bool:
        """No errors (warnings do not stop a document being sent)."""
        return not any(i.is_error for i in self.issues)


@dataclass(frozen=True)
class _Top:
    provider: str | None
    order: yaml.Node | None
    cart: yaml.Node | None
    issues: list[ValidationIssue]
    provider_node: yaml.Node | None = None


def _top(doc: YamlDocument) -> _Top:
    ck = Checker()
    root = doc.root
    if not isinstance(root, yaml.MappingNode):
        ck.report(root, "", "top-level", "the top level must be a mapping with `provider:` and `order:` (or `cart:`)")
        return _Top(None, None, None, ck.issues)
    entries: dict[str, yaml.Node] = {}
    for knode, vnode in root.value:
        if knode.value not in TOP_KEYS:
            ck.report(knode, knode.value, "unknown-field", f"unknown top-level key {knode.value!r}; a file holds provider:, order: or cart:")
        else:
            entries[knode.value] = vnode
    provider = None
    pnode = entries.get("provider")
    if pnode is None:
        ck.report(root, "provider", "required", "missing `provider:` (one of " + ", ".join(registry.names()) + ")")
    elif not isinstance(pnode, yaml.ScalarNode) or pnode.value not in registry.names():
        got = pnode.value if isinstance(pnode, yaml.ScalarNode) else "a collection"
        close = closest_values(got, registry.names(), n=1) if isinstance(pnode, yaml.ScalarNode) else []
        ck.report(pnode, "provider", "provider", f"unknown provider {got!r}; one of " + ", ".join(registry.names()),
                  f"did you mean {close[0]}?" if close else None)
    else:
        provider = pnode.value
    order, cart = entries.get("order"), entries.get("cart")
    if order is not None and cart is not None:
        ck.report(cart, "cart", "top-level", "a file holds either order: or cart:, not both")
    elif order is None and cart is None:
        ck.report(root, "order", "required", "missing `order:` (the provider's request body) or `cart:` (a list of items)")
    elif order is not None and is_null(order):
        ck.report(order, "order", "required", "`order:` is empty")
        order = None
    return _Top(provider, order, cart, ck.issues, pnode)


def _item_list_spec(provider: str) -> ListOf:
    spec = registry.order_spec(provider).fields[registry.info(provider).items_field].spec
    assert isinstance(spec, ListOf)
    return spec


@dataclass(frozen=True)
class Cart:
    """A cart file read for `--cart`: its provider and item nodes, or the issues that stop it."""

    file: str
    provider: str | None
    items: tuple[yaml.Node, ...]
    issues: tuple[ValidationIssue, ...]
    # Where the cart names its provider: a provider mismatch is reported there.
    line: int = 1
    column: int = 1


def read_cart(path: str) -> Cart:
    docs = read_file(path)
    issues: list[ValidationIssue] = [i for d in docs for i in d.issues]
    if issues:
        return Cart(path, None, (), tuple(issues))
    if len(docs) != 1:
        return Cart(path, None, (), (ValidationIssue(path, 1, 1, "", "cart", "a cart file holds one document"),))
    top = _top(docs[0])
    issues = list(top.issues)
    if top.cart is None and not issues:
        issues.append(ValidationIssue(path, 1, 1, "", "cart", "a cart file holds `provider:` and `cart:` (a list of items)"))
    if top.cart is not None and not isinstance(top.cart, yaml.SequenceNode):
        ck = Checker()
        ck.report(top.cart, "cart", "type", "`cart:` must be a list of items")
        issues += ck.issues
    if issues:
        return Cart(path, top.provider, (), tuple(issues))
    mark = top.provider_node.start_mark
    return Cart(path, top.provider, tuple(top.cart.value), (), mark.line + 1, mark.column + 1)


def _splice(order: yaml.Node, field: str, items: tuple[yaml.Node, ...]) -> yaml.Node:
    """A copy of the order mapping whose `field` list ends with the cart's items."""
    if not isinstance(order, yaml.MappingNode):
        return order
    pairs = list(order.value)
    for i, (knode, vnode) in enumerate(pairs):
        if knode.value == field:
            if isinstance(vnode, yaml.SequenceNode):
                merged = yaml.SequenceNode(vnode.tag, list(vnode.value) + list(items), vnode.start_mark, vnode.end_mark)
                pairs[i] = (knode, merged)
            return yaml.MappingNode(order.tag, pairs, order.start_mark, order.end_mark)
    key = yaml.ScalarNode("tag:yaml.org,2002:str", field, order.start_mark, order.end_mark)
    seq = yaml.SequenceNode("tag:yaml.org,2002:seq", list(items), items[0].start_mark if items else order.start_mark, order.end_mark)
    return yaml.MappingNode(order.tag, pairs + [(key, seq)], order.start_mark, order.end_mark)


def check_file(path: str, cart: Cart | None = None) -> list[OrderDocument]:
    """Every document of `path`, each checked against its provider's rules (and `cart`, if given)."""
    with paused_gc():  # reading the rules builds two dicts per mapping: see paused_gc
        return _check_documents(path, cart)


def _check_documents(path: str, cart: Cart | None) -> list[OrderDocument]:
    out: list[OrderDocument] = []
    for doc in read_file(path):
        line = doc.root.start_mark.line + 1 if doc.root is not None else 1
        if doc.issues or doc.root is None:
            out.append(OrderDocument(path, doc.index, "order", None, None, doc.issues, line))
            continue
        top = _top(doc)
        issues = list(top.issues)
        if top.provider is None or issues:
            out.append(OrderDocument(path, doc.index, "order", top.provider, None, tuple(issues), line))
            continue
        ck = Checker()
        if top.cart is not None:
            body = _item_list_spec(top.provider).read(top.cart, "cart", ck)
            kind = "cart"
        else:
            order = top.order
            if cart is not None:
                if cart.issues:
                    issues += cart.issues
                elif cart.provider != top.provider:
                    issues.append(ValidationIssue(cart.file, cart.line, cart.column, "provider", "provider",
                                                  f"the cart is for {cart.provider!r} but the order is for {top.provider!r}"))
                else:
                    order = _splice(order, registry.info(top.provider).items_field, cart.items)
            body = registry.order_spec(top.provider).read(order, "order", ck)
            kind = "order"
        issues += ck.issues
        out.append(OrderDocument(path, doc.index, kind, top.provider, None if body is INVALID else body,
                                 tuple(sorted(issues, key=_order_key)), line))
    return out


def _order_key(issue: ValidationIssue) -> tuple:
    return (issue.file, issue.line, issue.column, issue.path, issue.message)
