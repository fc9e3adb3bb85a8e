"""Column fitting (render/fit.py): identifiers keep their width, text gives way, then columns are dropped
by priority, then links leave the table for a list below it."""

from __future__ import annotations

from checkoutctl.render.fit import box_width, fit_columns
from checkoutctl.render.listing import Column

TOKEN = "lnuyRSvAn9AYWE2PGTY-s8K7bSFBdOu1Oe5D4xHacqE"
COLUMNS = (Column("id", "id"), Column("note", "text"), Column("http", "number", priority=2),
           Column("file", "id", priority=1))
ROWS = [(TOKEN, "a long free-text note about the order", "201", "samples/gestaoplus.yaml")]


def test_everything_fits_at_natural_width():
    fit = fit_columns(COLUMNS, ROWS, 200)
    assert fit.widths == (len(TOKEN), 37, 4, 23) and not fit.links_below
    assert fit.total == box_width(fit.widths) <= 200


def test_text_is_cut_before_any_column_is_dropped():
    fit = fit_columns(COLUMNS, ROWS, 100)
    assert fit.widths[0] == len(TOKEN) and fit.widths[2:] == (4, 23)
    assert 8 <= fit.widths[1] < 37 and fit.total <= 100


def test_columns_are_dropped_highest_priority_first_and_ids_never_shrink():
    fit = fit_columns(COLUMNS, ROWS, 85)
    assert fit.widths[0] == len(TOKEN) and fit.widths[2] is None and fit.widths[3] == 23 and fit.total <= 85
    fit = fit_columns(COLUMNS, ROWS, 60)
    assert fit.widths[0] == len(TOKEN) and fit.widths[2:] == (None, None) and fit.total <= 60


def test_an_identifier_wider_than_the_terminal_keeps_its_width():
    fit = fit_columns(COLUMNS, ROWS, 20)
    assert fit.widths[0] == len(TOKEN) and fit.total > 20


def test_links_that_do_not_fit_are_listed_below():
    url = "https://dev.gestao.plus/file?q=" + "x" * 120
    columns = (Column("name"), Column("URL", "url"))
    fit = fit_columns(columns, [("boleto.pdf", url)], 80, link_refs=1)
    assert fit.links_below and fit.widths == (10, 3) and fit.total <= 80
    assert not fit_columns(columns, [("boleto.pdf", "https://ok.example/b.pdf")], 80, link_refs=1).links_below


def test_wrapped_text_keeps_a_readable_width_and_a_droppable_column_goes_first():
    columns = (Column("provider", "key", priority=1), Column("operation", "key"), Column("request", "id"),
               Column("what", wrap=True))
    rows = [("bakeronline", "inactivate", "POST /api/v1/purchaserequest/checkout",
             "checkout the verified order: 204 (legacy /api/v1/assets/checkout)")]
    wide = fit_columns(columns, rows, 120)
    assert wide.widths[:3] == (11, 10, 37) and wide.widths[3] >= 20  # all there
    narrow = fit_columns(columns, rows, 80)
    assert narrow.widths[0] is None and narrow.widths[1:3] == (10, 37)  # the provider gave way
    assert narrow.widths[3] >= 20 and narrow.total <= 80
    kept = fit_columns(columns[1:], [row[1:] for row in rows], 60)  # nothing to drop: still 20
    assert kept.widths[2] == 20
