"""PagBank Checkout `shipping` object (seed 004_e7714156523d7a76.txt, v2.2 Checkout object).

Split from `rules.py` because shipping is its own idea: a delivery type and what each type requires.

Errata in seed 004, and what is enforced instead:

- `shipping.box` is required "caso o valor informado em shipping.type seja CALCULATE", but `type`
  takes FIXED, FREE or CALCULATED: CALCULATE is a typo for CALCULATED.
- `address.region_code` is documented as "ISO 3166-1 alfa-3", but it is the state ("Estado do
  endereço de entrega"), and ISO 3166-1 codes countries, not states. A Brazilian state is written as
  its two-letter UF (SP, RJ, …, the ISO 3166-2:BR subdivision code without "BR-"): only the 27 real
  UFs are accepted, in upper case.
- `address.country` is "ISO 3166-1 alfa-3"; the checkout delivers in Brazil only (phone country is
  "Somente o código do Brasil (55)"), so only BRA is accepted.
"""

from __future__ import annotations

from checkoutctl.rules.fields import Bool, Check, Field, Int, Obj, ObjectView, Str, required_when

# The 26 states and the Distrito Federal (IBGE); see the module docstring for the seed's "alfa-3".
BRAZILIAN_UFS = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)

ADDRESS = Obj(
    {
        "street": Field(Str(min_len=1, max_len=160, description="logradouro"), required=True,
                        seed="004 shipping.address.street"),
        "number": Field(Str(min_len=1, max_len=20, description="número"), required=True,
                        seed="004 shipping.address.number"),
        "complement": Field(Str(min_len=1, max_len=40, description="complemento"),
                            seed="004 shipping.address.complement"),
        "locality": Field(Str(min_len=1, max_len=60, description="bairro"), required=True,
                          seed="004 shipping.address.locality"),
        "city": Field(Str(min_len=1, max_len=90, description="cidade"), required=True,
                      seed="004 shipping.address.city"),
        "region_code": Field(Str(pattern="|".join(BRAZILIAN_UFS),
                                 pattern_message="must be a Brazilian state as its two-letter UF, like SP or RJ",
                                 description="estado: UF in two upper-case letters (seed erratum: alfa-3)"),
                             required=True, seed="004 shipping.address.region_code (erratum)"),
        "country": Field(Str(enum=("BRA",), description="ISO 3166-1 alpha-3; only BRA"), required=True,
                         seed="004 shipping.address.country"),
        # "String (8 caracteres)": a CEP, digits only. Quote it or not: a string field keeps 01310100.
        "postal_code": Field(Str(pattern=r"[0-9]{8}", pattern_message="must be a CEP of 8 digits, without a dash",
                                 description="CEP, 8 digits"),
                             required=True, seed="004 shipping.address.postal_code"),
    },
    description="delivery address; street, locality, city, state, country and CEP required (seed 004)",
)


def dimensions_sum_below_200(view: ObjectView) -> None:
    """Seed 004 box.dimensions: "A soma das dimensões deve ser inferior a 200 centímetros"."""
    sides = [view.get(name) for name in ("length", "width", "height")]
    if any(side is None for side in sides):
        return  # a side is missing or wrong, and reported as such: the sum is unknown
    total = sum(sides)
    if total >= 200:
        view.report(None, "dimensions-sum",
                    f"length + width + height must be less than 200 cm (got {' + '.join(map(str, sides))} = {total})")


DIMENSIONS = Obj(
    {
        "length": Field(Int(minimum=15, maximum=100, description="cm"), required=True,
                        seed="004 shipping.box.dimensions.length"),
        "width": Field(Int(minimum=10, maximum=100, description="cm"), required=True,
                       seed="004 shipping.box.dimensions.width"),
        "height": Field(Int(minimum=1, maximum=100, description="cm"), required=True,
                        seed="004 shipping.box.dimensions.height"),
    },
    # A sum of properties is beyond JSON Schema: no schema fragment.
    checks=(Check("dimensions-sum", "004 shipping.box.dimensions", dimensions_sum_below_200, None),),
    description="box dimensions in centimetres; their sum below 200",
)

BOX = Obj(
    {
        "dimensions": Field(DIMENSIONS, required=True, seed="004 shipping.box.dimensions"),
        "weight": Field(Int(minimum=300, maximum=10000, description="grams"), required=True,
                        seed="004 shipping.box.weight"),
    },
    description="the parcel, for calculated shipping",
)

SHIPPING = Obj(
    {
        "type": Field(Str(enum=("FIXED", "FREE", "CALCULATED"), enum_lower_ok=True), required=True,
                      seed="004 shipping.type"),
        "service_type": Field(Str(enum=("SEDEX", "PAC"), enum_lower_ok=True), seed="004 shipping.service_type"),
        "address_modifiable": Field(Bool(), seed="004 shipping.address_modifiable"),
        "amount": Field(Int(minimum=0, maximum=2147483647, description="centavos"), seed="004 shipping.amount"),
        "address": Field(ADDRESS, seed="004 shipping.address"),
        "box": Field(BOX, seed="004 shipping.box"),
    },
    checks=(
        required_when("amount", "type", "FIXED", "004 shipping.amount", because="the fixed delivery cost"),
        required_when("address", "address_modifiable", False, "004 shipping.address_modifiable"),
        # Seed 004 says CALCULATE: a typo for the enum value CALCULATED (module docstring).
        required_when("box", "type", "CALCULATED", "004 shipping.box (erratum CALCULATE)",
                      because="the parcel the cost is calculated for"),
    ),
    description="delivery: FIXED (amount), FREE or CALCULATED (box); omitted means nothing is delivered",
)
