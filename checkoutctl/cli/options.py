"""Options several commands share, built from the output layer's one format type."""

from __future__ import annotations

import typer

from checkoutctl.render.output import FORMAT_HELP, OutputFormat


def output_option(choice):
    """`--output/-o` taking the members of `choice` (an Enum from render/output.py); the first is the default."""
    members = list(choice)
    return typer.Option(members[0], "--output", "-o",
                        help=", ".join(FORMAT_HELP[OutputFormat(m.value)] for m in members) + ".")


JSON_FIELDS = typer.Option(None, "--json", metavar="FIELDS",
                           help="Print JSON with only these comma-separated fields (--json alone lists them).")
JQ = typer.Option(None, "--jq", metavar="EXPR", help="Filter the JSON with a jq expression (as gh does).")


def chosen_output(output, fields: str | None, jq: str | None):
    """(format, selection): --json/--jq mean JSON, whatever --output says."""
    from checkoutctl.render.json_select import json_selection

    selection = json_selection(fields, jq)
    return ("json" if selection is not None else output.value), selection
