"""What became of each document of a multi-order file (CONTRACT §3, issue 11).

`--output json` prints one array entry per document: its orders (each with its `document` number), or
`{"document", "file", "provider", "error"}` for one that failed or was not sent, or `"skipped"` for one
the journal shows as already placed. On stderr the command says which document failed, which were not
sent (`--keep-going` places them anyway) and which were skipped.
"""

from __future__ import annotations

from checkoutctl.model import order_to_json
from checkoutctl.ordering import progress


class DocumentResults:
    def __init__(self, docs) -> None:
        self.docs = list(docs)
        self.entries: dict[int, list[dict]] = {}
        self.skipped: list[int] = []
        self.unsent: list[int] = []

    def place(self, doc, orders) -> None:
        self.entries[doc.index] = [{**order_to_json(o), "document": doc.index + 1} for o in orders]

    def fail(self, doc, err) -> None:
        self.entries[doc.index] = [self._about(doc, error=err.message)]
        progress.say(f"document {doc.index + 1} of {doc.file} failed: {err.message}")

    def not_sent(self, doc, failure) -> None:
        self.unsent.append(doc.index + 1)
        self.entries[doc.index] = [self._about(doc, error="not sent: an earlier document failed")]

    def skip(self, doc, err) -> None:
        self.skipped.append(doc.index + 1)
        self.entries[doc.index] = [self._about(doc, skipped=err.message)]
        progress.say(f"skipped document {doc.index + 1}: {err.message} (--again places it again)")

    def render(self, opts, placed, raws) -> None:
        from checkoutctl.render.order_view import print_document_results, render_orders

        if self.unsent:
            numbers = ", ".join(map(str, self.unsent))
            progress.say(f"not sent: document{'s' if len(self.unsent) > 1 else ''} {numbers} "
                         "(--keep-going places the rest after a failure)")
        if opts.output != "json":
            render_orders(placed, opts.output, raw_bodies=raws)
            return
        ordered = [entry for doc in self.docs for entry in self.entries.get(doc.index, ())]
        print_document_results(ordered, select=opts.select)

    @staticmethod
    def _about(doc, **what) -> dict:
        return {"document": doc.index + 1, "file": doc.file, "provider": doc.provider, **what}
