"""Crayon PurchaseRequestOrder → Order (seeds/README 003 shape: ExternalOrderId, OrderLines[], Errors[])."""

from __future__ import annotations

import copy

import pytest

from checkoutctl.model import Item, order_to_json
from checkoutctl.providers.crayon.mapping import order_from_purchase_request

VERIFIED = {
    "ExternalOrderId": "po-2024-0042",
    "CountryCode": "NO",
    "ResellerCustomerId": 123456,
    "AdminAccount": "admin@contoso.onmicrosoft.com",
    "NotificationEmail": "it@contoso.example",
    "InvoiceProfileId": 77,
    "OrderLines": [
        {"ProductId": "CFQ7TTC0LH18", "SkuId": "0001", "Quantity": 5, "BillingCycle": 1, "TermDuration": "P1M",
         "Type": 3, "CatalogItemId": "CFQ7TTC0LH18:0001:P1M", "Name": "Microsoft 365 Business Basic",
         "IsTrial": False},
        {"ProductId": "DZH318Z0BQ3Q", "Quantity": 1, "Type": 2, "Name": "Windows Server Standard"},
    ],
    "Errors": [],
}


def test_verified_order_maps_id_lines_and_status():
    order = order_from_purchase_request(VERIFIED, status="VERIFIED")
    assert order.provider == "crayon"
    assert (order.id, order.status) == ("po-2024-0042", "VERIFIED")
    assert order.items == (
        Item(id="CFQ7TTC0LH18", description="Microsoft 365 Business Basic", quantity=5),
        Item(id="DZH318Z0BQ3Q", description="Windows Server Standard", quantity=1),
    )
    # Crayon's shape carries no money, no currency, no customer document.
    assert order.total is None and order.discount is None and order.currency is None
    assert order.customer is None and order.notes == ()


def test_status_is_the_callers():
    assert order_from_purchase_request(VERIFIED).status is None
    assert order_from_purchase_request(VERIFIED, status="CHECKED_OUT").status == "CHECKED_OUT"


def test_as_contract_json():
    doc = order_to_json(order_from_purchase_request(VERIFIED, status="CHECKED_OUT"))
    assert doc["items"][0] == {"id": "CFQ7TTC0LH18", "description": "Microsoft 365 Business Basic", "quantity": 5,
                               "unit_price": None, "total": None}
    assert doc["total"] is None and doc["notes"] == []


def test_errors_become_notes():
    doc = copy.deepcopy(VERIFIED)
    doc["Errors"] = ["Product DZH318Z0BQ3Q is not available in NO",
                     {"ErrorCode": "DuplicateOrder", "Message": "po-2024-0042 was already checked out"},
                     {"Message": "only a message"}, None, {}]
    doc["OrderLines"][1]["Errors"] = ["unknown product"]
    assert order_from_purchase_request(doc).notes == (
        "Product DZH318Z0BQ3Q is not available in NO",
        "DuplicateOrder: po-2024-0042 was already checked out",
        "only a message",
        "OrderLines[1]: unknown product",
    )


@pytest.mark.parametrize("doc", [None, [], "", 0, {"OrderLines": "x", "Errors": "y"}, [VERIFIED]])
def test_not_an_order_gives_an_empty_order(doc):
    order = order_from_purchase_request(doc)
    assert order.provider == "crayon" and order.id is None and order.items == () and order.notes == ()
