"""Nothing a server (or a file) sends may drive the terminal (CONTRACT §7): a leaf every layer may use.

`clean` removes C0 controls (ESC included) except newline and tab, DEL, C1 controls, and the Unicode
bidi overrides and isolates (Trojan Source, CVE-2021-42574) and other invisible format characters
that can reorder or hide text, and lone surrogates, which cannot even be written out as UTF-8. Rich markup is escaped separately, where text meets rich.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (keeping \t \n), DEL, C1
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"  # lone surrogates (JSON "\\ud800"): no terminal can show them, UTF-8 can't encode them
)
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")


def clean(text: object, *, inline: bool = False) -> str:
    """`text` without control and bidi characters; `inline` also folds tabs and newlines (table cells)."""
    if type(text) is str and text.isascii() and text.isprintable():
        return text  # 0x20-0x7e only (most ids, dates, words): nothing to remove, and no scan
    text = text if isinstance(text, str) else str(text)
    safe = _UNSAFE.sub("", text)
    return _LINE_BREAKS.sub(" ", safe) if inline else safe
