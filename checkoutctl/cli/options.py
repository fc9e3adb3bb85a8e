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


def _verbose(value: bool) -> bool:
    if value:  # imported only for -v: a run without it never loads the log (http/exchange_log.py)
        from checkoutctl.http import exchange_log

        exchange_log.enable()
    return value


# CONTRACT §3: on every command that talks to a provider; also accepted before the command (cli/app.py).
VERBOSE = typer.Option(False, "--verbose", "-v", callback=_verbose,
                       help="Print each HTTP exchange on stderr: method, URL, status, headers (secrets masked), "
                            "time taken.")


def chosen_output(output, fields: str | None, jq: str | None):
    """(format, selection): --json/--jq mean JSON, whatever --output says."""
    from checkoutctl.render.json_select import json_selection

    selection = json_selection(fields, jq)
    return ("json" if selection is not None else output.value), selection
