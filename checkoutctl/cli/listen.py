"""`checkoutctl listen`: receive the sandbox's provider notifications on loopback and forward them."""

from __future__ import annotations

import typer

LISTEN_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl listen\n\n"
    "  checkoutctl listen --forward-to http://127.0.0.1:3000/webhooks/pagbank\n\n"
    "It registers itself with the sandbox of this home, so every sandbox notification reaches it (and your\n"
    "app) without editing order files. Signatures are checked with the token in CHECKOUTCTL_TOKEN, else\n"
    "the sandbox's `sandbox`."
)


def notifying() -> list[str]:
    """The providers whose sandbox sends notifications, as they declare it."""
    from checkoutctl.providers import registry

    return [p.name for p in registry.providers() if p.sends_notifications]


def register(app: typer.Typer) -> None:
    @app.command("listen", epilog=LISTEN_EPILOG)
    def listen(
        forward_to: str = typer.Option(None, "--forward-to", help="Your app's URL: each notification is forwarded there."),
        provider: str = typer.Option(None, "--provider", help="Whose notifications (default: the one provider "
                                     "whose sandbox sends them)."),
        port: int = typer.Option(0, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
        skip_verify: bool = typer.Option(False, "--skip-verify", help="Accept notifications with a bad or missing signature."),
    ) -> None:
        """Receive provider notifications (webhooks) on loopback, check and forward them."""
        import os
        import sys
        from urllib.parse import urlsplit

        from checkoutctl.errors import UsageError
        from checkoutctl.home import state_dir
        from checkoutctl.sandbox import notifications
        from checkoutctl.sandbox.context import SANDBOX_TOKEN
        from checkoutctl.sandbox.listener import Listener
        from checkoutctl.sandbox.signals import StopServing, stopped_by_signals
        from checkoutctl.sandbox_server import open_store

        senders = notifying()
        if provider is None and len(senders) == 1:
            provider = senders[0]
        if provider not in senders:
            raise UsageError(f"the sandbox sends no {provider} notifications" if provider else "give --provider",
                             hint="one of " + ", ".join(senders))
        if forward_to is not None and urlsplit(forward_to).scheme not in ("http", "https"):
            raise UsageError(f"--forward-to must be an http(s) URL, not {forward_to!r}")
        try:
            listener = Listener(os.environ.get("CHECKOUTCTL_TOKEN") or SANDBOX_TOKEN, forward_to, skip_verify, port)
        except OSError as err:
            raise UsageError(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}",
                             hint="pick another --port, or --port 0 for any free one") from None
        store = open_store(state_dir())
        notifications.register_listener(store, listener.url, os.getpid())
        store.release()
        target = f", forwarding to {forward_to}" if forward_to else ""
        sys.stderr.write(f"Ready! Listening on {listener.url}{target}; every sandbox notification of "
                         f"{state_dir()} comes here. Ctrl-C to stop\n")
        sys.stderr.flush()
        try:
            with stopped_by_signals():
                listener.server.serve_forever()
        except StopServing as stop:
            sys.stderr.write(f"listen stopped ({stop})\n")
        finally:
            listener.server.server_close()
            notifications.unregister_listener(store, listener.url)
            store.close()
