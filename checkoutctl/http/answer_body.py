"""An answer's body as both transports read it: raw chunks in, the decoded body out, both sizes capped.

Each transport hands over the body's bytes as they came off the connection (chunked framing already
removed, content coding not) and the answer's Content-Encoding and Content-Length values (repeated
fields joined with ", ", as urllib3's header dict joins them). Decoding is done here, for gzip and
deflate only (what ACCEPT_ENCODING asks for), with a bound on each layer's output: a gzip bomb stops
at the cap instead of filling memory.
"""

from __future__ import annotations

import zlib
from typing import Any, Callable, Iterable

from checkoutctl.http.base import AnswerTooLarge, MaybeSent

CHUNK = 16 * 1024
OnBody = Callable[[int, "int | None"], None]


def read_body(chunks: Iterable[bytes], content_encoding: str | None, content_length: str | None, cap: int,
              on_body: OnBody | None = None) -> bytes:
    """The decoded body; `on_body(received, total)` after each chunk, in bytes as they came over the wire
    (`total`: the Content-Length, when it is one number within the cap)."""
    encodings = [e.strip().lower() for e in (content_encoding or "").split(",")]
    layers = [_Inflate(e) for e in reversed(encodings) if e and e != "identity"]  # RFC 9110 §8.4: in order applied
    length = (content_length or "").strip()
    total = int(length) if length.isdigit() and len(length) < 16 and int(length) <= cap else None
    parts, raw_size, size = [], 0, 0
    for data in chunks:
        raw_size += len(data)
        if raw_size > cap:
            raise AnswerTooLarge(f"the answer is larger than {cap // 2**20} MiB")
        if on_body is not None:
            on_body(raw_size, total)
        for layer in layers:
            data = layer.feed(data, cap - size)
        size += len(data)
        parts.append(data)
    for layer in layers:
        layer.finish()
    return b"".join(parts)


class _Inflate:
    """One gzip or deflate layer, decoded with a bound on its output (a gzip bomb stops at the cap)."""

    def __init__(self, encoding: str) -> None:
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise MaybeSent(f"the answer's Content-Encoding {encoding[:40]!r} was not asked for", retryable=False)
        self.encoding = encoding
        self._inflater: Any = None
        self._pending = b""

    def feed(self, data: bytes, room: int) -> bytes:
        if self._inflater is None:
            self._pending += data
            if len(self._pending) < 2:
                return b""
            data, self._pending = self._pending, b""
            # "deflate" is the zlib format (RFC 9110 §8.4.1.2), though some servers send raw deflate.
            zlib_header = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            wbits = 16 + zlib.MAX_WBITS if self.encoding != "deflate" else zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
            self._inflater = zlib.decompressobj(wbits)
        if self._inflater.eof:
            return b""
        try:
            out = self._inflater.decompress(data, room + 1)
        except zlib.error:
            raise MaybeSent(f"the answer's {self.encoding} data is damaged", retryable=False) from None
        if len(out) > room:
            raise AnswerTooLarge(f"the answer decodes to more than {(room + 1) // 2**20 or 1} MiB ({self.encoding})")
        return out

    def finish(self) -> None:
        if self._pending or (self._inflater is not None and not self._inflater.eof):
            raise MaybeSent(f"the answer's {self.encoding} data ends early", retryable=False)
