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
    text = indented(value) if indent == 2 else json.dumps(value, indent=indent, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:  # nothing to escape (the usual case): skip the scan
        return text + "\n"
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


# `json.dumps(indent=2)` runs the pure-Python encoder (CPython's C encoder takes no indent): ~0.5 s for
# `order history --output json` of 10,000 entries. The same text comes ~5x faster by handing every
# container that holds only scalars (an entry, an item) to the C encoder, with the newline and the
# indent of its depth as its item separator; only containers of containers are walked here.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_FLAT: dict[int, object] = {}


class _Unusual(Exception):
    """A value this walk does not spell like json.dumps would (a subclass, a non-str key): use json.dumps."""


def indented(value: object) -> str:
    """Exactly `json.dumps(value, indent=2, ensure_ascii=False)`, errors included, in less time."""
    out: list[str] = []
    try:
        _walk(value, 0, out)
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)  # the same text, or the same error
    return "".join(out)


def _flat(depth: int):
    """The C encoder of a container of scalars at `depth`: its items one a line, at that indent."""
    encode = _FLAT.get(depth)
    if encode is None:
        separator = ",\n" + "  " * depth
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is None:  # no C accelerator: the pure encoder, still right
            encode = json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
        else:
            # json.JSONEncoder.iterencode's own call, minus its per-call set-up; no circular check
            # (a container of scalars holds no container).
            iterencode = make(None, _refuse, _STRING, None, ": ", separator, False, False, True)
            encode = lambda value: "".join(iterencode(value, 0))  # noqa: E731
        _FLAT[depth] = encode
    return encode


def _refuse(value: object):
    raise _Unusual


def _walk(value: object, depth: int, out: list[str]) -> None:
    kind = type(value)
    if kind is dict or kind is list or kind is tuple:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
        close = "}" if kind is dict else "]"
        members = value.values() if kind is dict else value
        if set(map(type, members)) <= _SCALARS:
            out.extend((close == "}" and "{" or "[", inner, _flat(depth + 1)(value)[1:-1], outer, close))
            return
        if kind is dict:
            out.append("{")
            for n, (key, member) in enumerate(value.items()):
                if type(key) is not str:
                    raise _Unusual
                out.extend(("," if n else "", inner, _STRING(key), ": "))
                _walk(member, depth + 1, out)
        else:
            out.append("[")
            for n, member in enumerate(value):
                out.extend(("," if n else "", inner))
                _walk(member, depth + 1, out)
        out.extend((outer, close))
    elif kind in _SCALARS:
        out.append(_flat(0)(value))
    elif isinstance(value, str):  # a str subclass (rules' Caution) is written as its text, as json.dumps does
        out.append(_STRING(value))
    else:
        raise _Unusual


_STRING = json.encoder.encode_basestring  # the C function when available, as json.dumps uses
