"""The one JSON encoder of stdout (CONTRACT §3, §7; issue 9 item 7).

`json.dumps(ensure_ascii=False)` keeps non-ASCII text readable but writes C1 controls, DEL, bidi
overrides and isolates (Trojan Source, CVE-2021-42574) and lone surrogates raw: a terminal or a pager
showing `--output json` would obey them, and a lone surrogate cannot even be encoded as UTF-8. Those
characters are written as `\\uXXXX` escapes instead, so the output stays valid JSON, readable
where it is harmless, and `json.loads` gives back exactly the text that was encoded.
"""

from __future__ import annotations

import json
import re
import sys

# DEL, C1, the invisible format and bidi characters `safe_text.clean` removes, the JSON/JavaScript line
# separators, and lone surrogates. Outside string literals the encoded text is ASCII only, so replacing
# them in the whole text is exact. (C0 controls json.dumps already escapes; the indent's newlines stay.)
_ESCAPED = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)


def json_text(value: object, *, indent: int | None = 2) -> str:
    """`value` as JSON text ending in a newline, every terminal-driving character `\\uXXXX`-escaped."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def json_text_embedding(value: object, embedded: dict[str, str]) -> str:
    """`json_text(value)` where each string equal to a key of `embedded` is replaced by that JSON text as it
    stands (a request body exactly as the transport encodes it: exact decimals, no float round trip)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    for marker, raw in embedded.items():
        text = text.replace(json.dumps(marker), raw)
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def print_json(value: object, stream=None) -> None:
    """Write `value` as JSON on stdout (or `stream`): plain writes, never wrapped or markup-parsed."""
    out = stream if stream is not None else sys.stdout
    out.write(json_text(value))
    out.flush()
