"""sandbox/context.py random_token: URL-safe like secrets.token_urlsafe, never starting with "-" (a token
typed after `sandbox trigger EVENT` would be read as options)."""

from __future__ import annotations

import re
import secrets

from checkoutctl.sandbox.context import random_token


def test_a_token_drawn_with_a_leading_dash_gets_another_first_character(monkeypatch):
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "-" + "A" * 42)
    token = random_token(32)
    assert not token.startswith("-") and token[1:] == "A" * 42 and re.fullmatch(r"[A-Za-z0-9]", token[0])


def test_many_tokens_none_with_a_leading_dash_all_url_safe():
    tokens = [random_token(32) for _ in range(20_000)]
    assert not [t for t in tokens if t.startswith("-")]
    assert all(len(t) == 43 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)
    assert len(set(tokens)) == len(tokens)
    assert {t[0] for t in tokens} >= set("abcXYZ019_")  # the first character still varies
