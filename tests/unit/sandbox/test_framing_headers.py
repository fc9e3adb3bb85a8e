"""framing.read_headers reads a header block exactly as http.client.parse_headers does (the parser
http.server used): the same fields, the same defects and payload (which the handler refuses with 400,
pinned end to end in tests/adversarial/test_sandbox_wire.py), the same 431 limits.

No sockets: each block is read from a BytesIO."""

from __future__ import annotations

import http.client
import io
import random

import pytest

from checkoutctl.sandbox import framing

BLOCKS = {
    "ordinary": b"Host: 127.0.0.1:8765\r\nAuthorization: Bearer sandbox\r\nAccept: */*\r\n\r\n",
    "empty block": b"\r\n",
    "lf only": b"Host: x\nAccept: y\n\n",
    "eof without blank line": b"Host: x\r\nAccept: y",
    "empty value": b"X-Empty:\r\nX-Blank: \r\n\r\n",
    "blanks kept at the end": b"X-A:   padded \t \r\n\r\n",
    "tab before value": b"X-A:\tvalue\r\n\r\n",
    "colon in value": b"Host: [::1]:8765\r\nX-Time: 12:30:45\r\n\r\n",
    "repeated field": b"Host: a\r\nHost: b\r\nX-A: 1\r\nx-a: 2\r\n\r\n",
    "latin-1 bytes": b"X-Name: Jos\xe9\r\n\r\n",
    "control bytes in value": b"X-A: a\x00b\x7f\r\n\r\n",
    "token punctuation": b"X!#$%&'*+-.^_`|~9: v\r\n\r\n",
    # what the email parser reads its own way: fallen back to it, defects and all
    "fold": b"X-A: one\r\n two\r\n\r\n",
    "tab fold": b"X-A: one\r\n\ttwo\r\n\r\n",
    "first line folded": b" X-A: one\r\n\r\n",
    "no colon": b"Host: x\r\nno colon here\r\n\r\n",
    "space before colon": b"Content-Length : 0\r\n\r\n",
    "empty name": b": value\r\n\r\n",
    "from line": b"From nobody\r\nHost: x\r\n\r\n",
    "non-token name": b"X(A): v\r\n\r\n",
    "latin-1 name": b"X-\xe9: v\r\n\r\n",
}


# Read apart from http.client on purpose: a CR inside a line (which its email parser splits on) is 400.
BARE_CR = {
    "bare cr inside": b"X-A: one\rX-B: two\r\n\r\n",
    "cr cr lf": b"X-A: one\r\r\nX-B: two\r\n\r\n",
    "smuggled transfer-encoding": b"Host: x\r\nX-A: 1\rTransfer-Encoding: chunked\r\n\r\n",
    "bare cr in a name": b"X\rA: v\r\n\r\n",
    "lf-only lines": b"Host: x\nX-A: 1\r2\n\n",
}


def bare_cr(block: bytes) -> bool:
    """Whether a header line of `block` holds a CR that does not end it."""
    stream = io.BytesIO(block)
    while (line := stream.readline()) not in (b"\r\n", b"\n", b""):
        if b"\r" in (line[:-2] if line.endswith(b"\r\n") else line.rstrip(b"\n")):
            return True
    return False


@pytest.mark.parametrize("name", BARE_CR)
def test_a_cr_inside_a_line_is_400_where_http_client_would_split_the_line(name):
    assert bare_cr(BARE_CR[name])
    with pytest.raises(framing.Refused) as refused:
        framing.read_headers(io.BytesIO(BARE_CR[name]))
    assert refused.value.status == 400


def test_a_cr_ending_the_value_before_the_end_of_the_block_is_only_the_line_end():
    assert framing.read_headers(io.BytesIO(b"X-A: 1\r\nX-B: 2\r\n\r\n")).items() == [("X-A", "1"), ("X-B", "2")]


def both(block: bytes):
    expected = http.client.parse_headers(io.BytesIO(block))
    got = framing.read_headers(io.BytesIO(block))
    return expected, got


def same(expected, got) -> None:
    assert got.items() == expected.items()
    assert [type(d) for d in got.defects] == [type(d) for d in expected.defects]
    assert bool(got.get_payload()) == bool(expected.get_payload())
    for name in {k for k, _ in expected.items()} | {"Host", "Content-Length"}:
        assert got.get_all(name) == expected.get_all(name)


@pytest.mark.parametrize("name", BLOCKS)
def test_a_block_reads_as_http_client_reads_it(name):
    same(*both(BLOCKS[name]))


def test_what_follows_the_block_is_left_in_the_stream():
    stream = io.BytesIO(b"Content-Length: 2\r\n\r\n{}")
    assert framing.read_headers(stream)["Content-Length"] == "2"
    assert stream.read() == b"{}"


def test_random_blocks_read_as_http_client_reads_them():
    pieces = [b"Host", b"X-A", b"x-a", b":", b": ", b" ", b"\t", b"\r", b"\n", b"\r\n", b"v", b"\xe9", b"(", b"From "]
    rng = random.Random(15)
    for _ in range(3000):  # bounded: a fixed number of seeded blocks
        block = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) + b"\r\n\r\n"
        if bare_cr(block):
            with pytest.raises(framing.Refused):
                framing.read_headers(io.BytesIO(block))
            continue
        try:
            expected = http.client.parse_headers(io.BytesIO(block))
        except http.client.HTTPException:
            with pytest.raises(framing.Refused):
                framing.read_headers(io.BytesIO(block))
            continue
        same(expected, framing.read_headers(io.BytesIO(block)))


def test_a_line_over_the_limit_is_431():
    block = b"X-Big: " + b"a" * framing.MAX_HEADER_LINE + b"\r\n\r\n"
    with pytest.raises(http.client.LineTooLong):
        http.client.parse_headers(io.BytesIO(block))
    with pytest.raises(framing.Refused) as refused:
        framing.read_headers(io.BytesIO(block))
    assert refused.value.status == 431


def test_a_line_at_the_limit_is_read():
    block = b"X-Big: " + b"a" * (framing.MAX_HEADER_LINE - 9) + b"\r\n\r\n"
    assert len(block.split(b"\r\n")[0]) + 2 == framing.MAX_HEADER_LINE
    same(*both(block))


def test_more_than_100_fields_is_431_and_100_are_read():
    hundred = b"".join(b"X-H%d: v\r\n" % i for i in range(framing.MAX_HEADERS - 1)) + b"\r\n"
    same(*both(hundred))
    with pytest.raises(framing.Refused) as refused:
        framing.read_headers(io.BytesIO(b"X-H: v\r\n" + hundred))
    assert refused.value.status == 431
