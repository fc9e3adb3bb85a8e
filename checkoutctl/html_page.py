"""A one-line summary of an HTML error page (a gateway's 502, a WAF's 403), never running anything.

Its own module so `html.parser` is imported only when a server actually answers HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

class _HtmlSummary(HTMLParser):
    """Collects the <title>, the first heading and the text, never running or fetching anything."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.heading, self.text = "", "", []
        self._in: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title" or (tag in ("h1", "h2", "h3") and not self.heading):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in == "title":
            self.title += data
        elif self._in:
            self.heading += data
        self.text.append(data)


def html_parts(text: str) -> tuple[str, str, str]:
    """(title, first heading, all text) of an HTML page; whatever could be read of a broken one."""
    parser = _HtmlSummary()
    try:
        parser.feed(text[:200_000])
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; a broken page still gets a message
        pass
    return parser.title, parser.heading, " ".join(parser.text)
