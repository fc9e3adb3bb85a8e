"""A table's body drawn in plain Python, byte for byte as rich's `Table` draws it (issue 15).

Rich measures and renders every cell through `Text.wrap`, `Padding` and `Segment` lines: ~1 ms a row,
4 s for an order of 10,000 items. Once render/fit.py has fixed every column's width, a single-line
cell needs none of that: it is the value cut with "…" or padded to its width, left or right. So rich
still draws what needs it (the title, the top border, the header and the rule under it: a table with
no rows) and the rows are made here as the same segments rich would yield, in the same styles, so the
console writes the same bytes (colour and OSC 8 links included; the equality is pinned by
tests/unit/render/test_plain_rows.py against rich's own Table at 80 and 120 columns).
Only single-line cells qualify: a column that wraps (`overflow="fold"`) is left to rich.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.table import Table

from checkoutctl.render.fit import display_width

ELLIPSIS = "…"
NEW_LINE = Segment.line()


class PlainRows:
    """`head` (a rich Table with columns and no rows) followed by `rows` of (text, style or None) cells.

    `widths` are the columns' content widths (render/fit.py), `right` which columns are right-justified,
    `section_ends` the rows a rule is drawn under (as `Table.add_section` does)."""

    def __init__(self, head: Table, widths: list[int], right: list[bool], rows: list[list[tuple[str, Style | None]]],
                 section_ends: frozenset[int] = frozenset()) -> None:
        self.head, self.widths, self.right, self.rows, self.section_ends = head, widths, right, rows, section_ends

    def __rich_console__(self, console, options):
        head = list(console.render(self.head, options))
        # A table with no rows ends with its bottom border and a new line: the rows go in their place.
        bottom = head[-2:]
        yield from head[:-2]
        box = self.head.box.substitute(options, safe=console.safe_box if self.head.safe_box is None
                                       else self.head.safe_box)
        if not self.head.show_header:
            box = box.get_plain_headed_box()
        last = len(self.rows) - 1
        rule = box.get_row([w + 2 for w in self.widths], "row", edge=True)  # rich's widths count the padding
        for index, row in enumerate(self.rows):
            # rich: the first line of a headless table takes the head's edges; the last, the foot's.
            if index == 0 and not self.head.show_header:
                left, divider, right = box.head_left, box.head_vertical, box.head_right
            elif index == last:
                left, divider, right = box.foot_left, box.foot_vertical, box.foot_right
            else:
                left, divider, right = box.mid_left, box.mid_vertical, box.mid_right
            yield from self._line(row, left, divider, right)
            if index in self.section_ends and index != last:
                yield Segment(rule)
                yield NEW_LINE
        yield from bottom

    def _line(self, row, left: str, divider: str, right: str):
        plain = [left]
        for column, (value, style) in enumerate(row):
            content = fitted(value, self.widths[column], self.right[column])
            if style is None:
                plain.append(f" {content} ")
            else:  # unstyled runs join freely; a styled cell stays one segment, as rich yields it
                plain.append(" ")
                yield Segment("".join(plain))
                yield Segment(content, style)
                plain = [" "]
            plain.append(divider if column < len(row) - 1 else right)
        plain.append("\n")
        yield Segment("".join(plain))


def fitted(value: str, width: int, right: bool) -> str:
    """`value` in `width` cells as rich's `Text` fits one no-wrap line (overflow "ellipsis", rich's
    `Lines.justify` then `Text.truncate`): right-justified text is right-stripped first; too long, it is
    cut to width - 1 cells and "…"; else padded with spaces on the left (right) or the right (left)."""
    if right:
        value = value.rstrip()
    length = display_width(value)
    if length > width:
        return set_cell_size(value, width - 1) + ELLIPSIS
    pad = " " * (width - length)
    return pad + value if right else value + pad
