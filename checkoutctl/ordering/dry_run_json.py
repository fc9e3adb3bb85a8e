"""`order create --dry-run --output json` (CONTRACT §3): the requests that would be sent, as JSON.

One entry per document: its number, file and provider, and each request's method, URL, headers (secrets
masked, as the text form shows them) and body — the exact JSON the transport would send, numbers as
written (no float round trip). Nothing is sent.
"""

from __future__ import annotations

import sys

from checkoutctl.http.json_body import encode_json
from checkoutctl.http.masking import mask_headers
from checkoutctl.http.urls import display_url
from checkoutctl.redaction import MASK, is_secret_name
from checkoutctl.render.json_text import json_text_embedding


def print_dry_run_json(planned) -> None:
    """`planned`: (document, provider, [HttpRequest]) for each document of the file."""
    entries, bodies = [], {}
    for doc, provider, requests in planned:
        shown = []
        for request in requests:
            headers = dict(request.headers)
            if request.basic_auth is not None:
                headers["Authorization"] = "Basic " + MASK
            entry = {"method": request.method.upper(), "url": display_url(request.url),
                     "headers": mask_headers(headers), "body": None}
            if request.json is not None:
                marker = f"\x00body{len(bodies)}\x00"
                bodies[marker] = encode_json(request.json)
                entry["body"] = marker
            elif request.form is not None:
                entry["body"] = {k: MASK if is_secret_name(k) else v for k, v in request.form.items()}
            shown.append(entry)
        entries.append({"document": doc.index + 1, "file": doc.file, "provider": provider.name,
                        "requests": shown, "note": provider.dry_run_note or None})
    sys.stdout.write(json_text_embedding(entries, bodies))
    sys.stdout.flush()
