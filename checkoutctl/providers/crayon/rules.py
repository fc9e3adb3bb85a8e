"""Crayon PurchaseRequestOrder, the body of `POST /api/v1/purchaserequest/checkout` (seed 003; seeds/README).

Seed 003: "To checkout an order, send the result from ordering-verify to this endpoint"; its request
body is one `order` of type PurchaseRequestOrder, answered 204 or 400 ("missing required properties,
properties that couldn't be parsed according to their type"). The seed does not draw the resource;
its fields come from seeds/README ("PurchaseRequestOrder: ExternalOrderId, CountryCode,
ResellerCustomerId (int), AdminAccount, NotificationEmail, InvoiceProfileId?, ScheduledPurchaseDate?,
OrderLines[] (…), Errors[]"). Where the README leaves a type open, Crayon's public resource page and
SDK (`AssetOrder`, `AssetOrderLine`) decided it; the comment beside the rule says so.

Required: every field the README lists without `?` — what identifies the order and whom it is for
(ExternalOrderId, CountryCode, ResellerCustomerId), who administers and hears of it (AdminAccount,
NotificationEmail) — and at least one line with its product and quantity. The README marks
InvoiceProfileId and ScheduledPurchaseDate optional (`?`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml

from checkoutctl.rules.countries import COUNTRY_ALPHA2
from checkoutctl.rules.fields import INVALID, Bool, Checker, Field, Format, Int, ListOf, Obj, Spec, Str, anchored
from checkoutctl.rules.formats import DURATION, EMAIL

# seeds/README: "BillingCycle 0-5 Unknown/Monthly/Annual/None/OneTime/Triennial". The API takes the
# integer (Crayon's BillingCycleType enum); the names are documentation only, never accepted.
BILLING_CYCLES = {0: "Unknown", 1: "Monthly", 2: "Annual", 3: "None", 4: "OneTime", 5: "Triennial"}
# seeds/README: "Type 1-3 Reservation/Software/Subscription" (Crayon's AssetType enum).
LINE_TYPES = {1: "Reservation", 2: "Software", 3: "Subscription"}


def _named(values: dict[int, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items())


def _text(description: str = "") -> Str:
    return Str(pattern=r"[\s\S]*\S[\s\S]*", pattern_message="must not be blank", description=description)


# .NET DateTime as Crayon reads it: a date, or a date-time with optional seconds, fraction (up to the
# 7 digits .NET writes) and offset. The README types ScheduledPurchaseDate only as "Date?".
DATE_OR_DATETIME_PATTERN = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?"


def _date_or_datetime(value: str) -> str | None:
    if not re.fullmatch(DATE_OR_DATETIME_PATTERN, value):
        return "must be an ISO-8601 date or date-time, like 2030-01-31 or 2030-01-31T09:00:00Z"
    # Python parses at most 6 fraction digits; the 7th (.NET ticks) cannot make a real date unreal.
    text = re.sub(r"(\.\d{6})\d", r"\1", value).replace("Z", "+00:00")
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return "is not a real calendar date and time"
    return None


DATE_OR_DATETIME = Format("datetime", _date_or_datetime, {"pattern": anchored(DATE_OR_DATETIME_PATTERN)})


@dataclass(frozen=True)
class VerifyErrors(Spec):
    """`Errors[]`: verify's findings, carried in the PurchaseRequestOrder it returns.

    Checkout takes verify's result as is (seed 003), so the key is allowed, but only empty: a
    non-empty list means verify refused the order, and checking it out anyway would be refused too.
    Its items are the provider's own, so they are not read further.
    """

    description: str = "verify's errors; must be empty to check out"

    def read(self, node: yaml.Node, path: str, ck: Checker) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            ck.report(node, path, "type", "expected a list (empty: the errors verify reported)")
            return INVALID
        if node.value:
            n = len(node.value)
            ck.report(node, path, "verify-errors",
                      f"verify reported {n} error{'s' if n > 1 else ''}; fix the order and verify again before checkout",
                      "checkout takes an order whose Errors list is empty")
            return INVALID
        return []

    def schema(self) -> dict:
        return {"type": "array", "maxItems": 0, "description": self.description}


ORDER_LINE = Obj(
    {
        # seeds/README lists ProductId without a type; Crayon's resource page and SDK type it as a
        # string (a Microsoft product id such as CFQ7TTC0LH18), so it is text, kept as written.
        "ProductId": Field(_text("product id, as text"), required=True, seed="seeds/README 003 OrderLines[].ProductId"),
        "SkuId": Field(_text("SKU id, as text (e.g. 0001)"), seed="seeds/README 003 OrderLines[].SkuId"),
        "Quantity": Field(Int(minimum=1, description="number of licences/units"), required=True,
                          seed="seeds/README 003 OrderLines[].Quantity"),
        "BillingCycle": Field(Int(minimum=0, maximum=5, description=_named(BILLING_CYCLES)),
                              seed="seeds/README 003 OrderLines[].BillingCycle 0-5"),
        "TermDuration": Field(Str(formats=(DURATION,), description="ISO-8601 duration: P1M, P1Y, P3Y"),
                              seed="seeds/README 003 OrderLines[].TermDuration like P1M"),
        "Type": Field(Int(minimum=1, maximum=3, description=_named(LINE_TYPES)), seed="seeds/README 003 OrderLines[].Type 1-3"),
        "CatalogItemId": Field(_text("catalog item id, as text"), seed="seeds/README 003 OrderLines[].CatalogItemId"),
        "Name": Field(Str(description="product name, informative"), seed="seeds/README 003 OrderLines[].Name"),
        "IsTrial": Field(Bool(), seed="seeds/README 003 OrderLines[].IsTrial"),
        # Verify also reports per line (Crayon's AssetOrderLine.Errors); the same rule as the order's.
        "Errors": Field(VerifyErrors(), seed="seeds/README 003 Errors[]"),
    },
    description="PurchaseRequestOrder order line",
)


# Crayon's own rules (seed 003, seeds/README), beside the shared ones in documents/rule_catalogue.py.
RULES: dict[str, str] = {
    "verify-errors": "Errors, as verify returned them, must be empty to check out (seed 003)",
}

ORDER = Obj(
    {
        "ExternalOrderId": Field(_text("your own reference for this order"), required=True,
                                 seed="seeds/README 003 ExternalOrderId"),
        "CountryCode": Field(Str(formats=(COUNTRY_ALPHA2,), description="ISO 3166-1 alpha-2, like NO"), required=True,
                             seed="seeds/README 003 CountryCode"),
        "ResellerCustomerId": Field(Int(minimum=1, description="customer tenant id"), required=True,
                                    seed="seeds/README 003 ResellerCustomerId (int)"),
        "AdminAccount": Field(_text("admin account of the customer tenant"), required=True,
                              seed="seeds/README 003 AdminAccount"),
        "NotificationEmail": Field(Str(formats=(EMAIL,), description="who is told of the order"), required=True,
                                   seed="seeds/README 003 NotificationEmail"),
        "InvoiceProfileId": Field(Int(minimum=1, description="invoice profile id"), seed="seeds/README 003 InvoiceProfileId?"),
        "ScheduledPurchaseDate": Field(Str(formats=(DATE_OR_DATETIME,), description="when to place the purchase"),
                                       seed="seeds/README 003 ScheduledPurchaseDate?"),
        "OrderLines": Field(ListOf(ORDER_LINE, min_items=1), required=True, seed="seeds/README 003 OrderLines[]"),
        "Errors": Field(VerifyErrors(), seed="seeds/README 003 Errors[]"),
    },
    description="Crayon PurchaseRequestOrder (checkout body)",
)
