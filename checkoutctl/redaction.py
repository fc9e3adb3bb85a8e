"""The one redaction point (CONTRACT §7: no secret on screen, in part or whole).

Every credential is `register`ed the moment it is known (settings read it, a request carries it, a
login grant returns it); `redact` masks each of them in any text; `entry.main` wraps stdout and stderr
in `RedactingStream`, so every byte the program writes passes through here, whatever built it. The
journal calls `redact` before it stores a message.

A prefix of a secret is a secret: text is cut short in many places (a message bounded at 300
characters, a body's first 80), so besides whole secrets `redact` masks

- any run of at least `PREFIX_RUN` characters that is the start of a secret, wherever it stands;
- a shorter start of a secret (at least `PREFIX_TAIL`) where text was cut: at the very end of the
  text, or before an ellipsis.

Not registered: values shorter than `MIN_SECRET` (they would mask ordinary words) and the built-in
sandbox profile's token `sandbox`, which CONTRACT §6 publishes and which is valid only against the
loopback sandbox; masking the word would wreck every SANDBOX mark, URL and help text.

This module is a leaf: it imports nothing of checkoutctl, so anything may use it.
"""

from __future__ import annotations

import threading
from typing import IO, Iterable

MASK = "****"
# Header, query and form-field names whose values are credentials (substrings, case-insensitively).
SECRET_NAME_PARTS = ("authorization", "token", "secret", "password", "passwd", "api-key", "api_key",
                     "apikey", "cookie", "session", "credential")
NOT_SECRET_NAMES = frozenset({"x-idempotency-key"})
MIN_SECRET = 4
PREFIX_RUN = 8
PREFIX_TAIL = 4
PUBLIC_TOKENS = frozenset({"sandbox"})  # CONTRACT §6
_CUT_MARKS = ("…", "...")

_lock = threading.Lock()
_secrets: set[str] = set()
_longest = 0


def is_secret_name(name: str) -> bool:
    """Whether a header, query or form field called `name` carries a credential."""
    lowered = name.lower()
    return lowered not in NOT_SECRET_NAMES and (lowered == "x-api-key" or any(p in lowered for p in SECRET_NAME_PARTS))


def register(secret: object) -> None:
    """Remember `secret` (and the encoded forms a server may echo it in) so that it is never shown."""
    global _longest
    if not isinstance(secret, str):
        return
    value = secret.strip()
    if len(value) < MIN_SECRET or value in PUBLIC_TOKENS:
        return
    import json
    from urllib.parse import quote

    forms = {value, json.dumps(value, ensure_ascii=True)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1],
             quote(value, safe=""), quote(value, safe="/:")}
    with _lock:
        _secrets.update(f for f in forms if len(f) >= MIN_SECRET)
        _longest = max(len(s) for s in _secrets)


def register_basic_auth(user: str, password: str) -> None:
    """RFC 7617: the password, and the base64 of `user:password` an Authorization header carries."""
    import base64

    register(password)
    if isinstance(user, str) and isinstance(password, str) and password.strip():
        register(base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii"))


def reset() -> None:
    """Forget every secret: each run of `entry.main` starts with what its own settings register."""
    global _longest
    with _lock:
        _secrets.clear()
        _longest = 0


def secrets() -> tuple[str, ...]:
    with _lock:
        return tuple(sorted(_secrets, key=len, reverse=True))


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """`text` with every registered secret (and `extra`), and every long enough start of one, masked."""
    if not isinstance(text, str):
        text = str(text)
    known = secrets()
    more = tuple(s.strip() for s in extra if isinstance(s, str) and len(s.strip()) >= MIN_SECRET)
    if more:
        known = tuple(sorted({*known, *more}, key=len, reverse=True))
    if not known or not text:
        return text
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return _mask_prefixes(text, known)


def _mask_prefixes(text: str, known: tuple[str, ...]) -> str:
    spans: list[tuple[int, int]] = []
    for secret in known:
        head = secret[:PREFIX_TAIL]
        start = text.find(head)
        while start != -1:
            length = _common_prefix(text, start, secret)
            end = start + length
            at_cut = end == len(text) or text.startswith(_CUT_MARKS, end)
            if length >= PREFIX_RUN or (at_cut and length >= PREFIX_TAIL):
                spans.append((start, end))
            start = text.find(head, start + 1)
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        out.append(text[last:max(start, last)] + (MASK if start >= last else ""))
        last = end
    out.append(text[last:])
    return "".join(out)


def _common_prefix(text: str, start: int, secret: str) -> int:
    n = 0
    limit = min(len(secret), len(text) - start)
    while n < limit and text[start + n] == secret[n]:
        n += 1
    return n


def held_tail(text: str) -> int:
    """How many characters at the end of `text` could be the start of a secret the next write completes."""
    known = secrets()
    for size in range(min(len(text), _longest - 1 if _longest else 0), 0, -1):
        tail = text[-size:]
        if any(s.startswith(tail) and len(s) > size for s in known):
            return size
    return 0


class RedactingStream:
    """A text stream that redacts everything written to it before the real stream sees it.

    A secret may arrive split across two writes ("Bearer tok", "en-123"): the end of a write that could
    begin a secret is held back until the next write shows whether it does. It is held across `flush`
    too (flushing it would show the start of the secret); `close_redaction` writes what is left, masked
    when it is itself the start of a secret.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._held = ""

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        pending = self._held + text
        keep = held_tail(pending)
        ready, self._held = (pending[:-keep], pending[-keep:]) if keep else (pending, "")
        if ready:
            self._stream.write(redact(ready))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def close_redaction(self) -> IO[str]:
        """Write out what is held back (masked if it starts a secret) and return the wrapped stream."""
        if self._held:
            self._stream.write(redact(self._held))
            self._held = ""
        try:
            self._stream.flush()
        except (OSError, ValueError):
            pass
        return self._stream

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str):  # encoding, errors, buffer-less attributes click and rich ask for
        return getattr(self._stream, name)

