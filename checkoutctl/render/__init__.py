"""The output layer: everything a command prints on stdout passes through here (CONTRACT §3, §7).

A command hands over data and a format, never a drawing:

    output.py       OutputFormat, the one --output type (ORDER_FORMATS, LIST_FORMATS)
    listing.py      Listing / Column: rows of a list as data, each column's kind (id, url, text, …)
    stdout.py       print_listing(listing, format, select=None): table, TSV or JSON
    order_view.py   render_orders(orders, format, raw_bodies=…, select=None): table, JSON or raw
    json_text.py    the one JSON encoder (terminal-driving characters escaped as \\uXXXX)
    json_select.py  --json FIELDS / --jq EXPR
    console.py      terminal or pipe, colour (NO_COLOR, CLICOLOR_FORCE, CHECKOUTCTL_FORCE_TTY)
    fit.py          column widths that never break an id, token, code or URL
    list_table.py   a Listing drawn for a terminal; tsv.py: for a pipe
    order_table.py  an order as Listings: summary, Amounts, Items, Installments, Attachments & links
    history.py, providers.py, settings.py, faults.py: each list's Listing
    validation/     validate's formats
"""
