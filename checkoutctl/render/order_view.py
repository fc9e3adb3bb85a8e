"""Showing orders: `--output table|json|raw` (CONTRACT §3, §5, §7).

Reads only the normalized models (STYLE.md principle 6), except `raw`, which prints the provider's
bodies as received. Every server string passes through `clean` before it reaches stdout; rich is
imported only for tables (checkoutctl/render/order_table.py).
"""

from __future__ import annotations

import json
import sys

from checkoutctl.model import Order, order_to_json
from checkoutctl.render.json_text import json_text
from checkoutctl.render.output import OutputFormat, output_format
from checkoutctl.safe_text import clean

ORDER_FIELDS = tuple(order_to_json(Order(provider="")))  # CONTRACT §5's keys, for --json FIELDS


def render_orders(orders: list[Order], output: OutputFormat | str, *, raw_bodies: list[bytes | str] | None = None,
                  console=None, select=None) -> None:
    """Print `orders` to stdout (or `console`) as a table, normalized JSON or the raw bodies.

    json: one object for one order, an array otherwise. raw: each of `raw_bodies` (nothing when None),
    pretty-printed when it is JSON. table: summary, Items, Installments, Attachments & links, Notes.
    """
    fmt = output_format(output)
    if select is not None:  # --json FIELDS / --jq EXPR
        from checkoutctl.render.json_select import print_selected

        documents = [clean_json(order_to_json(order)) for order in orders]
        print_selected(documents[0] if len(documents) == 1 else documents, select, ORDER_FIELDS,
                       console.file if console is not None else None)
    elif fmt is OutputFormat.json:
        _write(console, orders_json_text(orders))
    elif fmt is OutputFormat.raw:
        _write(console, "".join(raw_body_text(body) for body in (raw_bodies or ()) if body is not None))
    else:
        from checkoutctl.render.order_table import print_order_tables

        print_order_tables(orders, console)


def orders_json_text(orders: list[Order]) -> str:
    """CONTRACT §5 objects as pretty JSON: an object for one order, an array for none or several."""
    documents = [clean_json(order_to_json(order)) for order in orders]
    return json_text(documents[0] if len(documents) == 1 else documents)


def print_document_results(entries: list[dict], *, select=None) -> None:
    """A multi-document file's results as a JSON array, always (render/../ordering/documents.py)."""
    documents = [clean_json(entry) for entry in entries]
    if select is not None:
        from checkoutctl.render.json_select import print_selected

        print_selected(documents, select, (*ORDER_FIELDS, "document", "file", "error", "skipped"))
        return
    _write(None, json_text(documents))


def raw_body_text(body: bytes | str) -> str:
    """A provider body after `clean`: pretty JSON when it parses as JSON, the text otherwise."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, (bytes, bytearray)) else str(body)
    try:
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):  # not JSON, or too deep / too big a number to re-print
        pass
    text = clean(text)
    if not text:
        return ""  # Crayon's checkout answers 204 with no body (seed 003)
    return text if text.endswith("\n") else text + "\n"


def clean_json(value: object) -> object:
    """`value` with every string (keys included) passed through `clean`: nothing in it drives a terminal
    even after `jq -r` unescapes it."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value


def _write(console, text: str) -> None:
    # Plain writes, not console.print: JSON must not be wrapped, highlighted or markup-parsed.
    stream = console.file if console is not None else sys.stdout
    stream.write(text)
    stream.flush()
