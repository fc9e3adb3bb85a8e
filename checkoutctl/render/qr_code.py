"""A link as a QR code in the terminal (`order show --qr`), for a customer at the counter to scan.

segno draws it with Unicode half blocks, two module rows per line (`compact=True`), light modules as
full blocks: it reads on a dark or light terminal alike and needs no ANSI colours. segno is imported
here only, so no other command loads it (tests/unit/test_startup_imports.py).
"""

from __future__ import annotations

import sys


def print_qr(url: str, out=None) -> None:
    """The QR code of `url` on `out` (stdout), then the link itself for those who cannot scan."""
    import segno

    out = out or sys.stdout
    # make_qr, not make: segno.make picks a Micro QR for short data, which many phone cameras do not read.
    segno.make_qr(url, error="m").terminal(out=out, compact=True)
    out.write(url + "\n")
    out.flush()
