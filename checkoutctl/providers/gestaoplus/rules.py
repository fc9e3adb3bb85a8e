"""Gestão Plus `POST /order` body (seed 000_e9a402753962522d.txt, seeds/README).

Seed 000 lists four required body parameters: `items` ("an array of objects with the product id and
the quantity bought"), `type` ("usually V for sale"; seeds/README: V sale or R recurrence),
`negotiationType` ("the negotiation type used for the purchase", an id) and `uri` ("customer
identifier"). The seed labels them all "string", but its own examples (seed 001) carry ids and
quantities as numbers, so ids and quantities are positive integers here.
"""

from checkoutctl.rules.fields import Field, Int, ListOf, Obj, Str

ITEM = Obj(
    {
        "id": Field(Int(minimum=1, description="product id"), required=True, seed="000 items[].id"),
        "quantity": Field(Int(minimum=1, description="quantity bought"), required=True, seed="000 items[].quantity"),
    },
    description="a product and the quantity bought",
)


# Gestão Plus has no rules of its own beyond the shared ones (documents/rule_catalogue.py).
RULES: dict[str, str] = {}

ORDER = Obj(
    {
        "items": Field(ListOf(ITEM, min_items=1), required=True, seed="000 items"),
        "type": Field(
            Str(enum=("V", "R"), description="V = sale (venda), R = recurrence (recorrência)"),
            required=True,
            seed="000 type; seeds/README",
        ),
        "negotiationType": Field(Int(minimum=1, description="negotiation type id"), required=True, seed="000 negotiationType"),
        "uri": Field(Str(pattern=r"[\s\S]*\S[\s\S]*", pattern_message="must not be blank", description="customer identifier"),
                     required=True, seed="000 uri"),
    },
    description="Gestão Plus POST /order body",
)
