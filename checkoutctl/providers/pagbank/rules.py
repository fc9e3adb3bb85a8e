"""PagBank `POST /checkouts` body: the Checkout object of seed 004_e7714156523d7a76.txt (v2.2).

Every field of the seed's table is here with its presence, length, range, enum and pattern; the
rules the table states in words are small named checks. `seed=` on each field names its row.
Shipping lives in `rules_shipping.py`.

Where seed 004 contradicts itself, or the world, this is what is enforced and why:

- `items`: the list's own row says each item "Deve conter, no mínimo, Nome, Quantidade e Valor
  unitário", while `items[].name` is marked "Opcional". The list row is the stronger statement (and
  a nameless line item is useless on the payment page), so `name` is required with quantity and
  unit_amount.
- `payment_notification_urls` is typed "String (5 - 100 caracteres)" but described as "Lista de URLs",
  the twin of `notification_urls` ("Array of String (5 - 100 caracteres)"): a list of such strings.
- `payment_methods[].brands` points to a "lista de bandeiras aceitas" the page does not carry; the
  list enforced (VISA, MASTERCARD, AMEX, ELO, HIPERCARD, HIPER, DINERS) is the one the issue gives,
  not yet checked against PagBank's own brand table: extend CARD_BRANDS if PagBank accepts more.
- `payment_methods_configs[].config_options[].value` is a bare "String"; its only option,
  INSTALLMENTS_LIMIT, takes a whole number of installments, 1 to 18 (the card installment ceiling
  the issue states), written as a string.
- Enums: PagBank answers them upper-cased (seeds/README) and takes the lower-case spelling too.
- `region_code` ("alfa-3") and box "CALCULATE": see `rules_shipping.py`.

Fields the seed marks "REQUEST: Não" (id, created_at, status, links) are refused in a request.
Nothing the seed does not list (an item `image_url`, say) is accepted.
"""

from __future__ import annotations

import re

import yaml

from checkoutctl.providers.pagbank.rules_shipping import SHIPPING
from checkoutctl.rules.fields import (
    anchored,
    Bool, Check, Field, Format, Int, ListOf, Obj, ObjectView, Str, is_null, required_when,
)
from checkoutctl.rules.formats import DATETIME_OFFSET, EMAIL, FUTURE, HTTP_URL
from checkoutctl.rules.tax_numbers import tax_id_format

# Seed 004 customer.name: "Caracteres especiais permitidos, porém removidos: .?:+/|,ºª;@\_$-*".
# A word made only of these vanishes at PagBank, so it does not count towards "nome e sobrenome".
_REMOVED_FROM_NAMES = frozenset(".?:+/|,ºª;@\\_$-*")


def _full_name(value: str) -> str | None:
    if not value:
        return None  # "must not be empty" (the length rule) says it already
    words = [w for w in value.split() if any(c not in _REMOVED_FROM_NAMES for c in w)]
    return None if len(words) >= 2 else "must hold a first and a last name (at least two words)"


# JSON Schema can say "two runs of non-blanks"; that special-character-only words vanish, only code can.
FULL_NAME = Format("full-name", _full_name, {"pattern": r"\S\s+\S"})

TAX_ID = tax_id_format("PagBank's Checkout page (seed 004) still says \"Apenas números\" for tax_id, "
                       "so PagBank may refuse it")

PHONE = Obj(
    {
        # "2 - 3 caracteres", "Caractere especial permitido: +", "Somente o código do Brasil (55)":
        # the pattern alone says all three (55 or +55).
        "country": Field(Str(pattern=r"\+?55", pattern_message="only Brazil's code 55 is accepted (a leading + is allowed)",
                             description="DDI: 55 or +55"),
                         seed="004 customer.phone.country"),
        "area": Field(Str(pattern=r"[0-9]{2}", pattern_message="must be a DDD of 2 digits", description="DDD"),
                      seed="004 customer.phone.area"),
        "number": Field(Str(pattern=r"9[0-9]{8}", pattern_message="must start with 9 and have 9 digits",
                            description="mobile number: 9 digits starting with 9"),
                        seed="004 customer.phone.number"),
    },
    description="the buyer's mobile phone",
)

CUSTOMER = Obj(
    {
        "name": Field(Str(min_len=1, max_len=120, formats=(FULL_NAME,), description="nome/razão social"),
                      seed="004 customer.name"),
        "email": Field(Str(min_len=10, max_len=60, formats=(EMAIL,)), seed="004 customer.email"),
        # "Apenas números", 11 (CPF) or 14 (CNPJ), check digits checked. An alphanumeric CNPJ (IN RFB
        # 2.229/2024) is real from July 2026 but the page predates it: a warning, not an error.
        "tax_id": Field(Str(formats=(TAX_ID,), description="CPF (11 digits) or CNPJ (14 characters)"),
                        seed="004 customer.tax_id"),
        "phone": Field(PHONE, seed="004 customer.phone"),
    },
    description="the buyer; required, with name, email, tax_id and phone, when customer_modifiable is false",
)

ITEM = Obj(
    {
        "reference_id": Field(Str(max_len=100), seed="004 items[].reference_id"),
        "name": Field(Str(min_len=1, max_len=100), required=True, seed="004 items (erratum: items[].name 'Opcional')"),
        "description": Field(Str(max_len=255), seed="004 items[].description"),
        "quantity": Field(Int(minimum=1, maximum=999), required=True, seed="004 items[].quantity"),
        "unit_amount": Field(Int(minimum=0, maximum=999999900, description="centavos"), required=True,
                             seed="004 items[].unit_amount"),
    },
    description="a line item: name, quantity and unit amount in centavos",
)

# Seed 004 payment_methods[].brands: "Ver lista de bandeiras aceitas" (module docstring).
CARD_BRANDS = ("VISA", "MASTERCARD", "AMEX", "ELO", "HIPERCARD", "HIPER", "DINERS")
_CARD_TYPES = ("CREDIT_CARD", "DEBIT_CARD")
BRANDS = ListOf(Str(enum=CARD_BRANDS, enum_lower_ok=True), description="card brands")


def brands_only_for_cards(view: ObjectView) -> None:
    """Seed 004: brands may be passed "Quando o campo payment_methods[].type for 'CREDIT_CARD' ou 'DEBIT_CARD'"."""
    kind = view.get("type")
    node = view.nodes.get("brands")
    if kind is None or node is None or is_null(node) or kind.upper() in _CARD_TYPES:
        return
    view.report("brands", "brands-type", f"brands are only for CREDIT_CARD or DEBIT_CARD, not {kind}",
                "remove brands from this payment method")


_NOT_CARDS = [v for t in ("BOLETO", "PIX") for v in (t, t.lower())]

PAYMENT_METHOD = Obj(
    {
        "type": Field(Str(enum=("CREDIT_CARD", "DEBIT_CARD", "BOLETO", "PIX"), enum_lower_ok=True), required=True,
                      seed="004 payment_methods[].type"),
        "brands": Field(BRANDS, seed="004 payment_methods[].brands"),
    },
    checks=(
        Check("brands-type", "004 payment_methods[].brands", brands_only_for_cards,
              {"if": {"properties": {"type": {"enum": _NOT_CARDS}}, "required": ["type"]},
               "then": {"properties": {"brands": {"type": "null"}}}}),
    ),
    description="a payment method the buyer may use",
)

# 1 to 18 installments, as a string without leading zeros (module docstring).
_INSTALLMENTS = r"[1-9]|1[0-8]"


def installments_limit_value(view: ObjectView) -> None:
    """INSTALLMENTS_LIMIT (seed 004 config_options[].option) takes a whole number of installments, 1–18."""
    option, value = view.get("option"), view.get("value")
    if option is None or value is None or option.upper() != "INSTALLMENTS_LIMIT":
        return
    if not re.fullmatch(_INSTALLMENTS, value):
        view.report("value", "installments-limit",
                    f'INSTALLMENTS_LIMIT must be a whole number from 1 to 18, written as a string (got "{value}")')


CONFIG_OPTION = Obj(
    {
        "option": Field(Str(enum=("INSTALLMENTS_LIMIT",), enum_lower_ok=True), required=True,
                        seed="004 payment_methods_configs[].config_options[].option"),
        "value": Field(Str(), required=True, seed="004 payment_methods_configs[].config_options[].value"),
    },
    checks=(
        Check("installments-limit", "004 payment_methods_configs[].config_options[].value", installments_limit_value,
              {"if": {"properties": {"option": {"enum": ["INSTALLMENTS_LIMIT", "installments_limit"]}},
                      "required": ["option"]},
               "then": {"properties": {"value": {"pattern": anchored(_INSTALLMENTS)}}}}),
    ),
    description="one configuration of a card payment method",
)

PAYMENT_METHODS_CONFIG = Obj(
    {
        "type": Field(Str(enum=_CARD_TYPES, enum_lower_ok=True), required=True, seed="004 payment_methods_configs[].type"),
        "brands": Field(BRANDS, seed="004 payment_methods_configs[].brands"),
        "config_options": Field(ListOf(CONFIG_OPTION, min_items=1), required=True,
                                seed="004 payment_methods_configs[].config_options"),
    },
    description="configuration of a card payment method (installments limit)",
)

# "Array of String (5 - 100 caracteres)" of URLs PagBank will call: http(s) only.
NOTIFICATION_URLS = ListOf(Str(min_len=5, max_len=100, formats=(HTTP_URL,)))

# Seed 004 customer / customer_modifiable: "Campo obrigatório caso o valor informado em
# customer_modifiable seja false", on customer and on each of name, email, tax_id, phone, phone.area
# and phone.number (phone.country stays optional).
_CUSTOMER_REQUIRED = ("name", "email", "tax_id", "phone")
_PHONE_REQUIRED = ("area", "number")


def _value_node(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value written for `key`, or None when the key is absent or its value null."""
    for knode, vnode in mapping.value:
        if knode.value == key:
            return None if is_null(vnode) else vnode
    return None


def customer_complete_when_fixed(view: ObjectView) -> None:
    """With customer_modifiable false the checkout skips the personal-data step: every detail must be given."""
    if view.get("customer_modifiable") is not False:
        return
    node = view.nodes.get("customer")
    if node is None or is_null(node):
        return  # absent or null: reported by required_when("customer", ...)
    because = "required when customer_modifiable is false"
    if not isinstance(node, yaml.MappingNode):
        return  # a type error, already reported
    for name in _CUSTOMER_REQUIRED:
        if _value_node(node, name) is None:
            view.ck.report(node, f"{view.path}.customer.{name}", "required", f"missing, {because}")
    phone = _value_node(node, "phone")
    if isinstance(phone, yaml.MappingNode):
        for name in _PHONE_REQUIRED:
            if _value_node(phone, name) is None:
                view.ck.report(phone, f"{view.path}.customer.phone.{name}", "required", f"missing, {because}")


_NOT_NULL_STRING = {"type": "string"}
CUSTOMER_COMPLETE_SCHEMA = {
    "if": {"properties": {"customer_modifiable": {"const": False}}, "required": ["customer_modifiable"]},
    "then": {"properties": {"customer": {
        "type": "object",
        "required": list(_CUSTOMER_REQUIRED),
        "properties": {
            "name": _NOT_NULL_STRING, "email": _NOT_NULL_STRING, "tax_id": _NOT_NULL_STRING,
            "phone": {"type": "object", "required": list(_PHONE_REQUIRED),
                      "properties": {"area": _NOT_NULL_STRING, "number": _NOT_NULL_STRING}},
        },
    }}},
}


def _written(view: ObjectView, name: str) -> tuple[bool, int | None]:
    """(known, value): unknown when the field was written but could not be read."""
    node = view.nodes.get(name)
    if node is None or is_null(node):
        return True, None
    value = view.get(name)
    return value is not None, value


def discount_within_total(view: ObjectView) -> None:
    """Seed 004 discount_amount: "não deve ultrapassar a soma do valor dos itens + valor adicional"."""
    known_discount, discount = _written(view, "discount_amount")
    known_additional, additional = _written(view, "additional_amount")
    items = view.get("items")
    if not (known_discount and known_additional) or discount is None or not isinstance(items, list):
        return  # something it depends on is missing or wrong (and reported): the total is unknown
    total = sum(item["quantity"] * item["unit_amount"] for item in items) + (additional or 0)
    if discount > total:
        view.report("discount_amount", "discount-total",
                    f"must not exceed the items' total plus additional_amount, {total} centavos (got {discount})")



# PagBank's own rules (seed 004), beside the shared ones in documents/rule_catalogue.py.
RULES: dict[str, str] = {
    "full-name": "customer.name is a full name: at least two words (seed 004)",
    "brands-type": "payment_methods[].brands only for CREDIT_CARD or DEBIT_CARD (seed 004)",
    "installments-limit": "an INSTALLMENTS_LIMIT value is a whole number from 1 to 18, written as a string (seed 004)",
    "discount-total": "discount_amount is at most the items' total plus additional_amount (seed 004)",
    "dimensions-sum": "shipping.box length + width + height is below 200 cm (seed 004)",
}

ORDER = Obj(
    {
        "id": Field(Str(), response_only=True, seed="004 id"),
        "reference_id": Field(Str(max_len=64), seed="004 reference_id"),
        # If omitted PagBank sets now + 2 hours; a date in the past would create an expired checkout.
        "expiration_date": Field(Str(formats=(DATETIME_OFFSET, FUTURE)), seed="004 expiration_date"),
        "customer": Field(CUSTOMER, seed="004 customer"),
        "customer_modifiable": Field(Bool(description="false skips the personal-data step; default true"),
                                     seed="004 customer_modifiable"),
        "items": Field(ListOf(ITEM, min_items=1), required=True, seed="004 items"),
        "additional_amount": Field(Int(minimum=0, maximum=999999900, description="centavos"),
                                   seed="004 additional_amount"),
        "discount_amount": Field(Int(minimum=0, maximum=999999900, description="centavos"),
                                 seed="004 discount_amount"),
        "shipping": Field(SHIPPING, seed="004 shipping"),
        "payment_methods": Field(ListOf(PAYMENT_METHOD), seed="004 payment_methods"),
        "payment_methods_configs": Field(ListOf(PAYMENT_METHODS_CONFIG), seed="004 payment_methods_configs"),
        "redirect_url": Field(Str(max_len=255, formats=(HTTP_URL,)), seed="004 redirect_url"),
        "soft_descriptor": Field(Str(max_len=17, description="shown on the buyer's card statement"),
                                 seed="004 soft_descriptor"),
        "return_url": Field(Str(max_len=255, formats=(HTTP_URL,)), seed="004 return_url"),
        "notification_urls": Field(NOTIFICATION_URLS, seed="004 notification_urls"),
        "payment_notification_urls": Field(NOTIFICATION_URLS, seed="004 payment_notification_urls (erratum: a list)"),
        "created_at": Field(Str(), response_only=True, seed="004 created_at"),
        "status": Field(Str(), response_only=True, seed="004 status"),
        "links": Field(ListOf(Obj({})), response_only=True, seed="004 links"),
    },
    checks=(
        required_when("customer", "customer_modifiable", False, "004 customer_modifiable",
                      because="the checkout skips the personal-data step"),
        Check("required", "004 customer.*", customer_complete_when_fixed, CUSTOMER_COMPLETE_SCHEMA),
        # A sum over the items is beyond JSON Schema: no schema fragment.
        Check("discount-total", "004 discount_amount", discount_within_total, None),
    ),
    description="PagBank POST /checkouts body (Checkout object v2.2)",
)
