"""The one output-format type (CONTRACT §3): every command's `--output` takes a subset of it.

Adding a format means one member here and one branch where the output layer draws it
(`render/listing.py` for lists, `render/order_view.py` for orders). Kept free of rich and Typer so that
`--help` and `validate` stay light.
"""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """How a command prints its data on stdout."""

    table = "table"  # for people: a rich table on a terminal
    json = "json"  # for scripts: pure JSON, control characters escaped (render/json_text.py)
    raw = "raw"  # the provider's body as received, sanitised (orders only)


# Which commands take which formats: orders can also be shown as the provider's raw body.
ORDER_FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.raw)
LIST_FORMATS = (OutputFormat.table, OutputFormat.json)



def _choice(name: str, formats: tuple[OutputFormat, ...]) -> type[Enum]:
    """A str Enum of `formats` for a Typer option (Typer's click copy has no Choice type; it reads Enums)."""
    return Enum(name, [(f.value, f.value) for f in formats], type=str, module=__name__)


OrderFormatChoice = _choice("OrderFormatChoice", ORDER_FORMATS)
ListFormatChoice = _choice("ListFormatChoice", LIST_FORMATS)

FORMAT_HELP = {
    OutputFormat.table: "table",
    OutputFormat.json: "json",
    OutputFormat.raw: "raw (provider body)",
}


def output_format(value: "OutputFormat | str") -> OutputFormat:
    """`value` as an OutputFormat; ValueError naming the formats when it is none of them."""
    try:
        return OutputFormat(value)
    except ValueError:
        raise ValueError(f"unknown output {value!r}; expected one of {', '.join(f.value for f in OutputFormat)}") from None
