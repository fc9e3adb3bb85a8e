"""Every expected failure of checkoutctl, each carrying its exit code (CONTRACT §7).

    CheckoutError                 base; `entry.main` is the only place that prints one
    ├── UsageError          (2)   bad flag, unknown profile/provider, unreadable config
    │   ├── JournalUnavailable      the journal cannot be opened or written (nothing was sent)
    │   └── SandboxUnavailable    the sandbox cannot start (damaged database, port taken):
    │                             nothing was sent, so an order it would have taken is `failed`
    ├── InvalidOrderError   (3)   an order or cart file broke a rule: nothing was sent
    ├── ProviderRefused     (4)   the provider answered 4xx (401/403/404 included)
    ├── ProviderFailure     (5)   5xx, timeout, connection lost, unreadable answer:
    │                             the outcome may be unknown
    └── AnswerNotJournalled (5)   an order was answered but the journal could not record it: its
                                  id is on stderr and in the recovery file

A ProviderError says whether the request may have reached the server (`sent`) and whether what the
server did is unknown (`outcome_unknown`): a POST that failed with `sent=False` created nothing; one
with `outcome_unknown=True` may have created an order, so the journal records it as `unknown`.

Anything else that escapes a command is a bug: exit 1, one short line (`--debug` shows the traceback).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_REFUSED = 4
EXIT_FAILURE = 5


class CheckoutError(Exception):
    """A failure the user can act on; `hint` says how."""

    exit_code = EXIT_BUG

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CheckoutError):
    exit_code = EXIT_USAGE


class SandboxUnavailable(UsageError):
    """The sandbox (embedded or `sandbox serve`) could not start; no request reached it."""

    def __init__(self, message: str, *, hint: str | None = None, damaged=None) -> None:
        super().__init__(message, hint=hint)
        self.damaged = damaged  # the database file when it is damaged (Path), else None


class InvalidOrderError(CheckoutError):
    exit_code = EXIT_INVALID


class JournalUnavailable(UsageError):
    """The journal file cannot be used (locked past the busy timeout, read-only, full, damaged)."""

    def __init__(self, message: str, *, path: object, cause: Exception, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.cause = cause


class AnswerNotJournalled(CheckoutError):
    """The provider answered an order, the journal could not take it (CONTRACT §7: never lost)."""

    exit_code = EXIT_FAILURE


class ProviderError(CheckoutError):
    """An answer (or the lack of one) from a provider endpoint."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        provider_message: str | None = None,
        hint: str | None = None,
        sent: bool = True,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.provider_message = provider_message
        # An answer (any status) means the request was sent; network failures say whether it may have been.
        self.sent = sent
        self.outcome_unknown = outcome_unknown


class ProviderRefused(ProviderError):
    exit_code = EXIT_REFUSED


class ProviderFailure(ProviderError):
    exit_code = EXIT_FAILURE
