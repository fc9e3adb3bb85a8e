"""Where a sandbox request ends: strict request-line, Host and body framing rules (RFC 9112).

The sandbox is a test double that other programs' tests hit with whatever they send, so it reads a
request the way a careful server does and refuses anything ambiguous instead of guessing (request
smuggling starts where two readers frame one message differently):

- the request line is printable ASCII, three parts, origin-form (`/path`), absolute-form
  (`http://host/path`) or `*`; HTTP/0.9 (`GET /`, no version) is not spoken;
- an HTTP/1.1 request has exactly one Host (RFC 9112 §3.2: 400 otherwise);
- Content-Length is one field of decimal digits (no sign, no list, no repeat: RFC 9110 §8.6 lets a
  server refuse what it cannot read unambiguously); Transfer-Encoding is `chunked` alone, never beside
  a Content-Length (RFC 9112 §6.1) and never on HTTP/1.0;
- bodies are read to a limit (MAX_BODY_BYTES, the same as `bodies.py`): a longer Content-Length is
  refused before one byte is read, a chunked body is refused as soon as it passes the limit, so the
  server's memory stays flat whatever a client streams.

Header fields are read by `read_headers` with the stdlib's limits (a line over 64 KiB, more than
100 fields: 431, RFC 6585 §5). A field line that is plainly `token ":" value` is taken as it is; any
other block (a fold, a line without a colon, a space before the colon, a bare CR) goes to the email
parser `http.client` uses, whose defects the handler refuses with 400: the same message, the same
refusals, without the email parser's cost on every ordinary request (~10% of a lookup, issue 15).

Each refusal is a `Refused(status, reason)`; the handler answers it and closes the connection.
"""

from __future__ import annotations

import email.parser
import http.client
import re
from typing import BinaryIO

MAX_BODY_BYTES = 1024 * 1024
MAX_CHUNK_LINE = 4096  # a chunk-size line with extensions; real clients send a few bytes
MAX_TRAILER_LINES = 64
_HEX = frozenset(b"0123456789abcdefABCDEF")
MAX_HEADER_LINE = 65536  # http.client's _MAXLINE and _MAXHEADERS, which http.server enforces
MAX_HEADERS = 100
_PRINTABLE = re.compile(rb"[\x20-\x7e]*")  # a loop over the bytes was ~3% of a lookup (issue 15)
# RFC 9110 §5.6.2 tchar: what a field name is made of.
_TOKEN = frozenset(b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Refused(Exception):
    """A request the sandbox will not read; `status` is the answer (400, 413, 501)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def check_request_line(raw: bytes) -> None:
    """Printable ASCII with exactly three space-separated parts (RFC 9112 §3)."""
    line = raw.rstrip(b"\r\n")
    if _PRINTABLE.fullmatch(line) is None:
        raise Refused(400, "the request line holds bytes that are not printable ASCII")
    parts = line.split(b" ")
    if len(parts) == 2:
        raise Refused(400, "HTTP/0.9 requests (no version) are not supported")
    if len(parts) != 3 or not all(parts):
        raise Refused(400, "the request line is not METHOD TARGET HTTP/x.y")
    target = parts[1]
    if not (target.startswith(b"/") or target == b"*" or target.lower().startswith((b"http://", b"https://"))):
        raise Refused(400, "the request target is not a path")


def read_headers(stream: BinaryIO) -> http.client.HTTPMessage:
    """The header block after a request line, as `http.client.parse_headers` returns it.

    Refused(431) past MAX_HEADER_LINE bytes in a line or MAX_HEADERS lines, as http.server answers;
    Refused(400) for a CR inside a line, which http.client would read as a line break."""
    lines: list[bytes] = []
    while True:
        line = stream.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            raise Refused(431, "Line too long")
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise Refused(431, "Too many headers")
        if line in (b"\r\n", b"\n", b""):
            break
    message = http.client.HTTPMessage()
    for line in lines[:-1]:
        # A CR not ending its line: http.client's email parser would split the field there, so that
        # `X-A: 1<CR>Transfer-Encoding: chunked` read as two fields here and one to a proxy in front
        # (request smuggling). RFC 9112 §2.2: such an element is invalid.
        if b"\r" in (line[:-2] if line.endswith(b"\r\n") else line.rstrip(b"\n")):
            raise Refused(400, "a header line holds a bare CR")
    for line in lines[:-1]:
        name, colon, value = line.partition(b":")
        # Anything else the email parser would read its own way (a fold, a name that is not a token)
        # is left to it: the message it builds, defects and all, is the answer.
        text = value[:-2] if value.endswith(b"\r\n") else value[:-1] if value.endswith(b"\n") else value
        if not colon or not name or not _TOKEN.issuperset(name):
            return email.parser.Parser(_class=http.client.HTTPMessage).parsestr(b"".join(lines).decode("iso-8859-1"))
        # email's compat32 policy: the value with leading blanks dropped, trailing ones kept.
        message.set_raw(name.decode("ascii"), text.lstrip(b" \t").decode("iso-8859-1"))
    return message


def body_length(version: str, get_all) -> int | None:
    """The Content-Length to read, None for a chunked body; Refused when framing is ambiguous.

    `get_all(name)` returns every value of a header (email.message.Message.get_all)."""
    lengths = get_all("Content-Length") or []
    codings = get_all("Transfer-Encoding") or []
    if codings:
        if lengths:
            raise Refused(400, "both Transfer-Encoding and Content-Length: the body's end is ambiguous")
        if version == "HTTP/1.0":
            raise Refused(400, "Transfer-Encoding is not defined for HTTP/1.0")
        if len(codings) != 1 or codings[0].strip().lower() != "chunked":
            raise Refused(501, "only Transfer-Encoding: chunked is supported")
        return None
    if not lengths:
        return 0
    if len(lengths) != 1:
        raise Refused(400, "more than one Content-Length")
    text = lengths[0].strip(" \t")
    if not text.isascii() or not text.isdigit():
        raise Refused(400, "Content-Length is not a decimal number")
    return int(text)


def read_exact(stream: BinaryIO, length: int, limit: int = MAX_BODY_BYTES) -> bytes:
    """Exactly `length` bytes (refused up front when over `limit`); ConnectionError if the client left."""
    if length > limit:
        raise Refused(413, f"the body is over {limit} bytes")
    data = stream.read(length) if length else b""
    if len(data) != length:
        raise ConnectionError("the client closed the connection inside the body")
    return data


def read_chunked(stream: BinaryIO, limit: int = MAX_BODY_BYTES) -> bytes:
    """A chunked body (RFC 9112 §7.1), decoded; Refused on a bad chunk line or past `limit`."""
    parts: list[bytes] = []
    total = 0
    while True:
        size = _chunk_size(_line(stream))
        if size == 0:
            break
        if total + size > limit:
            raise Refused(413, f"the body is over {limit} bytes")
        data = stream.read(size)
        if len(data) != size:
            raise ConnectionError("the client closed the connection inside a chunk")
        if _line(stream) != b"":
            raise Refused(400, "a chunk is longer than its size says")
        parts.append(data)
        total += size
    for _ in range(MAX_TRAILER_LINES):  # trailer fields are read and dropped
        if _line(stream) == b"":
            return b"".join(parts)
    raise Refused(400, "too many trailer lines after the chunked body")


def _line(stream: BinaryIO) -> bytes:
    raw = stream.readline(MAX_CHUNK_LINE + 1)
    if not raw:
        raise ConnectionError("the client closed the connection inside a chunked body")
    if len(raw) > MAX_CHUNK_LINE or not raw.endswith(b"\n"):
        raise Refused(400, "a chunk line is too long")
    return raw.rstrip(b"\r\n")


def _chunk_size(line: bytes) -> int:
    digits = line.split(b";", 1)[0].strip(b" \t")
    if not digits or len(digits) > 16 or not all(byte in _HEX for byte in digits):
        raise Refused(400, "a chunk size is not a hexadecimal number")
    return int(digits, 16)
