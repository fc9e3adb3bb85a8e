"""Options several commands share, built from the output layer's one format type."""

from __future__ import annotations

import typer

from checkoutctl.render.output import FORMAT_HELP, OutputFormat


def output_option(choice):
    """`--output/-o` taking the members of `choice` (an Enum from render/output.py); the first is the default."""
    members = list(choice)
    return typer.Option(members[0], "--output", "-o",
                        help=", ".join(FORMAT_HELP[OutputFormat(m.value)] for m in members) + ".")
