"""`--json FIELDS` and `--jq EXPR` (CONTRACT §3, as gh does): pick keys of the JSON a command prints,
then filter it with jq.

`--json` with no fields lists the fields. An unknown field is a usage error naming the valid ones. jq
results print like `jq -r`: strings as text (sanitised: a string from a server must not drive the
terminal), everything else as JSON. The `jq` package is imported only when `--jq` is given.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from checkoutctl.errors import UsageError
from checkoutctl.render.json_text import json_text
from checkoutctl.safe_text import clean


@dataclass(frozen=True)
class JsonSelection:
    fields: tuple[str, ...] | None = None  # None: every key; (): list the fields
    jq: str | None = None


def json_selection(fields: str | None, jq: str | None) -> JsonSelection | None:
    """What `--json FIELDS` / `--jq EXPR` ask for; None when neither was given."""
    if fields is None and jq is None:
        return None
    names = None if fields is None else tuple(f.strip() for f in fields.split(",") if f.strip())
    return JsonSelection(names, jq)


def print_selected(value: object, selection: JsonSelection, valid: tuple[str, ...], stream=None) -> None:
    """`value` (an object, or a list of objects) reduced to the selected fields, then through jq."""
    out = sys.stdout if stream is None else stream
    if selection.fields == ():
        out.write("".join(f"{name}\n" for name in valid))
        out.flush()
        return
    if selection.fields is not None:
        unknown = [f for f in selection.fields if f not in valid]
        if unknown:
            raise UsageError(f"unknown JSON field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
                             hint="available fields: " + ", ".join(valid))
        value = _pick(value, selection.fields)
    if selection.jq is None:
        out.write(json_text(value))
    else:
        out.write("".join(_jq_lines(selection.jq, value)))
    out.flush()


def _pick(value: object, fields: tuple[str, ...]) -> object:
    if isinstance(value, list):
        return [_pick(v, fields) for v in value]
    if isinstance(value, dict):
        return {k: value.get(k) for k in fields}
    return value


def _jq_lines(expression: str, value: object):
    import jq

    try:
        program = jq.compile(expression)
    except ValueError as err:
        raise UsageError(f"invalid --jq expression: {clean(str(err), inline=True)}") from None
    try:
        results = program.input_value(value).all()
    except ValueError as err:  # a runtime error of the program (e.g. indexing a string)
        raise UsageError(f"--jq failed: {clean(str(err), inline=True)}") from None
    for result in results:
        if isinstance(result, str):
            yield clean(result) + "\n"
        else:
            yield json_text(result, indent=None)
