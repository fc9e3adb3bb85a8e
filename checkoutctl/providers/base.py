"""What every provider declares about itself: cheap to import (no rules, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str  # create | show | verify | checkout | inactivate | activate | token
    method: str
    path: str
    description: str


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    title: str
    seeds: tuple[str, ...]
    # The order's list of line items: where `--cart` appends a cart's items (CONTRACT §1).
    items_field: str
    currency: str
    base_url: str
    operations: tuple[Operation, ...]
