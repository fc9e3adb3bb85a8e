"""The one redaction point (redaction.py): whole secrets, their encoded forms and their prefixes are
masked; the stdout/stderr wrapper catches a secret split across writes; `entry.main` applies it to
everything the program writes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl import redaction
from checkoutctl.redaction import MASK, RedactingStream, redact, register

CANARY = "canary-SECRET-7f3a9c2b5d1e8f40"


@pytest.fixture(autouse=True)
def _fresh_registry():
    redaction.reset()
    yield
    redaction.reset()


def test_a_registered_secret_is_masked_whole_and_in_the_forms_a_server_echoes():
    register(CANARY + "/+ü")
    secret = CANARY + "/+ü"
    for shown in (secret, "canary-SECRET-7f3a9c2b5d1e8f40%2F%2B%C3%BC", "canary-SECRET-7f3a9c2b5d1e8f40/+\\u00fc"):
        assert redact(f"token {shown} is not valid") == f"token {MASK} is not valid"


def test_basic_auth_is_masked_as_the_header_carries_it():
    redaction.register_basic_auth("client-id", CANARY)
    import base64

    header = base64.b64encode(f"client-id:{CANARY}".encode()).decode()
    assert CANARY[:8] not in redact(f"Basic {header} / {CANARY}")
    assert header not in redact(f"Basic {header}")


def test_a_long_prefix_is_masked_anywhere_and_a_short_one_where_text_was_cut():
    register(CANARY)
    assert redact(f"got {CANARY[:40]}, bad") == f"got {MASK}, bad"
    assert redact(f"a message cut at the token {CANARY[:8]}") .endswith(MASK)
    assert redact(f"cut {CANARY[:5]}…") == f"cut {MASK}…"
    assert redact(f"cut {CANARY[:5]}...") == f"cut {MASK}..."
    # Four characters in the middle of ordinary text are not the secret.
    assert redact("the canary sings") == "the canary sings"


def test_the_public_sandbox_token_and_tiny_values_are_not_registered():
    register("sandbox")
    register("abc")
    register(None)
    assert redact("SANDBOX  embedded sandbox at http://127.0.0.1/sandbox abc") == \
        "SANDBOX  embedded sandbox at http://127.0.0.1/sandbox abc"


def test_extra_secrets_are_masked_without_being_registered():
    assert redact(f"x {CANARY} y", extra=(CANARY,)) == f"x {MASK} y"
    assert redact(f"x {CANARY} y") == f"x {CANARY} y"


def _written(*writes: str, flush_between: bool = False) -> str:
    sink = io.StringIO()
    stream = RedactingStream(sink)
    for text in writes:
        stream.write(text)
        if flush_between:
            stream.flush()
    stream.close_redaction()
    return sink.getvalue()


@pytest.mark.parametrize("flush_between", [False, True])
def test_a_secret_split_across_two_writes_is_masked(flush_between):
    register(CANARY)
    for cut in (1, 4, 9, len(CANARY) - 1):
        out = _written(f"Bearer {CANARY[:cut]}", f"{CANARY[cut:]} expired\n", flush_between=flush_between)
        assert out == f"Bearer {MASK} expired\n", cut


def test_a_start_of_a_secret_left_at_the_end_of_the_output_is_masked():
    register(CANARY)
    assert _written("error: ", f"token {CANARY[:12]}") == f"error: token {MASK}"
    assert _written("plain text\n") == "plain text\n"


def test_the_stream_refuses_bytes_and_forwards_what_rich_and_click_ask_for():
    sink = io.StringIO()
    stream = RedactingStream(sink)
    with pytest.raises(TypeError):
        stream.write(b"raw")  # type: ignore[arg-type]
    assert stream.isatty() is False
    assert stream.getvalue() == ""  # anything else goes to the real stream


def test_entry_main_redacts_what_an_error_message_carries(cli, monkeypatch):
    # A base URL that carries the token (pasted by mistake): the error names the URL, never the token.
    monkeypatch.setenv("CHECKOUTCTL_TOKEN", CANARY)
    monkeypatch.setenv("CHECKOUTCTL_BASE_URL", f"ftp://{CANARY}.example/")
    for args in (("order", "show", "CHEC_1", "--provider", "pagbank"),
                 ("order", "show", "CHEC_1", "--provider", "pagbank", "--debug")):
        res = cli(*args)
        assert res.code == 2
        assert "ftp://" in res.err
        assert CANARY[:8] not in res.err + res.out


def test_entry_main_starts_each_run_with_its_own_secrets(cli, monkeypatch):
    register(CANARY)
    res = cli("order", "show", "CHEC_1", "--provider", "pagbank", "--base-url", f"ftp://{CANARY}.example/")
    assert res.code == 2 and CANARY in res.err  # not a secret of this run: shown as typed


@given(secret=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_.", min_size=12, max_size=40),
       before=st.text(max_size=30), after=st.text(max_size=30), cuts=st.lists(st.integers(0, 100), max_size=6))
@settings(max_examples=300, deadline=None)
def test_however_the_output_is_split_into_writes_no_start_of_the_secret_shows(secret, before, after, cuts):
    redaction.reset()
    register(secret)
    text = before + secret + after
    points = sorted({min(c, len(text)) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]
    out = _written(*pieces)
    assert secret[:redaction.PREFIX_RUN] not in out
    redaction.reset()
