"""`order attachments`: an order's files (Gestão Plus boleto PDFs, seed 001 `attachmentItems`) listed,
and downloaded into a folder through the command's one HTTP client, whose answer cap (http/base.py
MAX_RESPONSE_BYTES) bounds each file. Links and names come from the provider, so both are untrusted:
only a web address is fetched (http/urls.check_url), without the profile's credentials, and each name
is made one safe file name (file_names.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from checkoutctl.errors import ProviderFailure, UsageError
from checkoutctl.ordering import progress
from checkoutctl.ordering.file_names import safe_file_name, write_new_file
from checkoutctl.ordering.show import ShowOptions, endpoints_for, look_up_on
from checkoutctl.render.listing import Column, Listing
from checkoutctl.settings import Settings

COLUMNS = (Column("name", "id"), Column("type", "key"), Column("description", wrap=True), Column("url", "url"))
FIELDS = ("name", "type", "description", "url")
LARGE = 1024 * 1024  # bytes: a file this big is worth a line on stderr when it is saved


def attachments_listing(attachments) -> Listing:
    rows = [(a.name or "", a.type or "", a.description or "", a.url or "") for a in attachments]
    return Listing(title="Attachments", columns=COLUMNS, rows=rows,
                   json_value=[{"name": a.name, "type": a.type, "description": a.description, "url": a.url}
                               for a in attachments],
                   fields=FIELDS, empty_note="the order has no attachments")


def show_attachments(settings: Settings, opts: ShowOptions, download: Path | None) -> int:
    """List the order's attachments; with `download`, save each one into that folder."""
    from checkoutctl.render.stdout import print_listing

    folder = _folder(download) if download is not None else None
    with endpoints_for(settings) as endpoints:
        provider, outcome = look_up_on(endpoints, opts)
        attachments = [a for order in outcome.orders for a in order.attachments]
        print_listing(attachments_listing(attachments), opts.output, select=opts.select)
        if folder is None:
            return 0
        call = endpoints.call(provider)
        for number, attachment in enumerate(attachments, 1):
            if not attachment.url:
                progress.warn(f"attachment {number} has no link; skipped")
                continue
            url = _web_address(provider.name, attachment.url)
            name = safe_file_name(attachment.name, fallback=f"attachment-{number}")
            with DownloadProgress(name) as shown:
                data = _fetch(call, url, shown.on_body)
            saved = write_new_file(folder, name, data)
            size = f" ({len(data) / 2**20:.1f} MiB)" if len(data) >= LARGE else f" ({len(data)} bytes)"
            progress.say(f"saved {saved}{size}")
    return 0


def _folder(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot use {path} as the download folder: {err.strerror or err}") from None
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder")
    return path.resolve()


def _web_address(provider: str, url: str) -> str:
    """`url` when it is an http(s) address checkoutctl may fetch; a server chose it, so anything else is exit 5."""
    from checkoutctl.http.urls import check_url
    from checkoutctl.safe_text import clean

    try:
        if clean(url, inline=True) != url:
            raise UsageError("control characters")
        check_url(url)
    except UsageError as err:
        raise ProviderFailure(f"{provider} answered an attachment link checkoutctl does not fetch: {err.message}") from None
    return url


def _fetch(call, url: str, on_body=None) -> bytes:
    """The file's bytes: a plain GET through the command's client (its cap, timeouts, retries), no credentials."""
    from checkoutctl.http.message import HttpRequest

    return call.send(HttpRequest("GET", url, {"Accept": "*/*"}, on_body=on_body), idempotent=True).body


class DownloadProgress:
    """What stderr shows while a file downloads, and only when stderr is a terminal (piped: nothing).
    A spinner first; once the file is known to be large (its Content-Length, else the bytes so far,
    reaching LARGE) a byte progress bar (rich Progress: bytes of the total, speed, time left), fed by
    the transports' body reader (http/answer_body.py `read_body`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.on_body = self._advance if sys.stderr.isatty() else None
        self._spinner = self._bar = self._task = None

    def __enter__(self) -> "DownloadProgress":
        if self.on_body is not None:
            from checkoutctl.render.console import stderr_console
            from checkoutctl.safe_text import clean

            self._spinner = stderr_console().status(clean(f"downloading {self.name}…", inline=True))
            self._spinner.start()
        return self

    def __exit__(self, *exc) -> None:
        for shown in (self._spinner, self._bar):
            if shown is not None:
                shown.stop()

    def _advance(self, received: int, total: int | None) -> None:
        if self._bar is None:
            if max(received, total or 0) < LARGE:
                return
            self._start_bar()
        self._bar.update(self._task, completed=received, total=total)

    def _start_bar(self) -> None:
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                                   TransferSpeedColumn)

        from checkoutctl.render.console import stderr_console
        from checkoutctl.safe_text import clean

        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(),
                             TransferSpeedColumn(), TimeRemainingColumn(), console=stderr_console())
        self._task = self._bar.add_task(clean(self.name, inline=True), total=None)
        self._bar.start()
