"""http/answer_body.py `read_body` (both transports' body reader) tells `on_body(received, total)` how the body is arriving (the download
progress bar of `order attachments`): raw bytes so far, the Content-Length when it is one usable number.
No sockets: the body arrives as fixed chunks."""

from __future__ import annotations

import gzip

import pytest

from checkoutctl.http.base import AnswerTooLarge
from checkoutctl.http.answer_body import read_body


def progress_of(chunks, headers, cap=1000):
    seen = []
    body = read_body(iter(chunks), headers.get("content-encoding"), headers.get("content-length"), cap,
                     lambda received, total: seen.append((received, total)))
    return body, seen


def test_each_chunk_is_reported_against_the_content_length():
    body, seen = progress_of([b"a" * 10, b"b" * 20, b"c" * 5], {"content-length": "35"})
    assert body == b"a" * 10 + b"b" * 20 + b"c" * 5
    assert seen == [(10, 35), (30, 35), (35, 35)]


@pytest.mark.parametrize("length", [None, "", "abc", "10, 10", "-5", "99999999999999999999", "1001"])
def test_without_a_usable_content_length_the_total_is_unknown(length):
    headers = {} if length is None else {"content-length": length}
    _, seen = progress_of([b"x" * 4, b"y" * 4], headers)
    assert seen == [(4, None), (8, None)]


def test_compressed_bodies_count_the_bytes_on_the_wire():
    packed = gzip.compress(b"z" * 500)
    body, seen = progress_of([packed], {"content-encoding": "gzip", "content-length": str(len(packed))})
    assert body == b"z" * 500 and seen == [(len(packed), len(packed))]


def test_past_the_cap_it_stops_before_reporting_more():
    seen = []
    with pytest.raises(AnswerTooLarge):
        read_body(iter([b"a" * 600, b"b" * 600]), None, None, 1000, lambda r, t: seen.append(r))
    assert seen == [600]


def test_no_callback_is_the_plain_reader():
    assert read_body(iter([b"ab", b"cd"]), None, None, 1000) == b"abcd"
