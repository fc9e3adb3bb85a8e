"""Lists (history, providers, settings, sandbox faults) as data: a command builds a `Listing` and hands
it with a format to `render/stdout.py`, which alone decides how it reaches stdout (CONTRACT §3).

A `Listing` is data, not a drawing: the rows as plain values, each column saying what kind of value it
holds (an identifier or URL must never be broken, free text may give way), and the JSON value that
`--output json` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What a column holds decides how a table may treat it:
#   key    short words (a provider, an operation): never wrapped
#   time   an RFC 3339 time: the user's local "YYYY-MM-DD HH:MM" on a terminal, as given elsewhere
#   id     ids, tokens, codes: shown whole
#   url    links: shown whole, clickable where they are http(s)
#   number right-aligned, never wrapped
#   state  a state word (created, paid, refused…): never wrapped, coloured on a terminal
#   text   free text: the first to give way when the terminal is narrow
ColumnKind = Literal["key", "time", "id", "url", "number", "state", "text"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind = "text"
    priority: int = 0  # higher gives way first when a terminal is too narrow for every column
    wrap: bool = False  # text that may wrap over several lines (a description) instead of being cut with …


@dataclass(frozen=True)
class Listing:
    """Rows for a table, and the JSON value `--output json` prints instead."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[object, ...]]
    json_value: object
    section_ends: frozenset[int] = frozenset()  # a rule is drawn below these rows
    footer: tuple[str, ...] = ()  # lines printed under the table
    empty_note: str | None = None  # said on stderr, instead of an empty table, when there are no rows
    show_header: bool = True
    grid: bool = False  # label/value lines without borders (an order's summary)
    row_kinds: tuple[ColumnKind, ...] = ()  # a grid's value kind, row by row
    fields: tuple[str, ...] = ()  # the keys of json_value's objects, for --json FIELDS
