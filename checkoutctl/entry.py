"""The one error boundary (STYLE.md §2): arguments in, exit status out.

`checkoutctl --version` is answered here before Typer, rich or any rule is imported, and a plain
`validate FILE…` line before Typer (`cli/validate_line.py`). Everything the program writes passes
through `redaction.RedactingStream` on stdout and stderr: errors, hints, progress, `--debug`
tracebacks, `--dry-run`, tables, JSON and raw bodies alike (CONTRACT §7).
"""

from __future__ import annotations

import os
import sys

from checkoutctl import __version__


def console() -> None:
    """The installed `checkoutctl` command, and `python -m checkoutctl`."""
    kept: list[object] = []
    code = main(keep=kept)
    if kept:
        _exit_leaving_memory(code)
    raise SystemExit(code)


def _exit_leaving_memory(code: int) -> None:
    """Exit at once and leave what `validate` read to the OS, as mypy's `hard_exit` does: the node
    trees of a 5,000-item order are ~10^5 objects, which Python would free one by one (~7 ms, a
    twentieth of the run). Only plain `validate` keeps anything: everything it says is on stdout and
    stderr, flushed here, and it opens no file, thread or exit hook that a normal exit would close."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader left (`validate … | head`): status 1, as Typer gives
        code = 1
    os._exit(code)


def main(argv: list[str] | None = None, *, keep: list | None = None) -> int:
    """Run one command line; `keep` (from `console`) receives what may be left to the OS at exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"checkoutctl {__version__}\n")
        return 0
    debug = "--debug" in args or os.environ.get("CHECKOUTCTL_DEBUG") == "1"
    if debug and "--" not in args:
        # `--debug` is global: accepted anywhere on the line, as users type it after the command.
        args = [a for a in args if a != "--debug"]
    from checkoutctl import redaction

    redaction.reset()  # one run, its own secrets (several runs share a process in tests)
    if "checkoutctl.http.exchange_log" in sys.modules:  # and its own -v
        sys.modules["checkoutctl.http.exchange_log"].reset()
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = redaction.RedactingStream(stdout), redaction.RedactingStream(stderr)
    try:
        return _guarded(args, debug, keep)
    finally:
        # A stream replaced meanwhile (os.devnull after a broken pipe) stays replaced.
        if isinstance(sys.stdout, redaction.RedactingStream):
            sys.stdout = _unwrap(sys.stdout, stdout)
        if isinstance(sys.stderr, redaction.RedactingStream):
            sys.stderr = _unwrap(sys.stderr, stderr)


def _unwrap(wrapped, original):
    try:
        return wrapped.close_redaction()
    except (OSError, ValueError):  # the reader left (a closed pipe): nothing more to say
        return original


def _guarded(args: list[str], debug: bool, keep: list | None = None) -> int:
    from checkoutctl.errors import CheckoutError

    try:
        return _run(args, keep)
    except CheckoutError as err:
        _say_error(err.message, err.hint)
        if debug:
            _print_traceback()
        return err.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        # `checkoutctl ... | head`: the reader left; nothing more to say.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as err:  # noqa: BLE001 - the boundary: a bug, one line unless --debug
        if debug:
            _print_traceback()
        else:
            _say_error(f"internal error: {type(err).__name__}: {err}", "run again with --debug for the traceback")
        return 1


def _run(args: list[str], keep: list | None = None) -> int:
    if args[:1] == ["validate"]:
        from checkoutctl.cli.validate_line import read_validate_line, run_validate_line

        line = read_validate_line(args)
        if line is not None:  # plain `validate FILE…`: answered before Typer is imported
            return run_validate_line(line, keep)
    import typer

    from checkoutctl.cli.app import build_app, click
    from checkoutctl.errors import EXIT_USAGE

    command = build_app()
    try:
        result = command.main(args=bare_json_lists_fields(args), prog_name="checkoutctl", standalone_mode=False)
    except click.ClickException as err:  # bad flag, missing argument: usage (exit 2)
        err.show()
        if _looks_like_a_value(err, args):
            # "-Xy3…" (a token, an id) read as options: click says "No such option: -X", not why.
            # The word itself is not echoed: whatever was typed there may be a secret.
            sys.stderr.write("  hint: a value that starts with - (an id or token) goes after --, which ends the "
                             "options: e.g. checkoutctl sandbox trigger EVENT -- -Xy3…\n")
        return err.exit_code if err.exit_code else EXIT_USAGE
    except typer.Abort:
        sys.stderr.write("aborted\n")
        return 130
    except typer.Exit as err:
        return err.exit_code
    return result if isinstance(result, int) else 0


def _looks_like_a_value(err, args: list[str]) -> bool:
    """An unknown short option that came from a longer word (`-Xy3…`, not `-X`): a value, not a typo."""
    from checkoutctl.cli.app import click

    name = getattr(err, "option_name", "") or ""
    return (isinstance(err, click.exceptions.NoSuchOption) and len(name) == 2 and name[1] != "-"
            and any(a.startswith(name) and len(a) > 2 and not a.startswith("--") for a in args))


def bare_json_lists_fields(args: list[str]) -> list[str]:
    """`--json` with no fields lists the fields (CONTRACT §3, as gh does): given as `--json=` (empty)."""
    out = list(args)
    for index, arg in enumerate(out):
        if arg == "--":
            break
        if arg == "--json" and (index + 1 == len(out) or out[index + 1].startswith("-")):
            out[index] = "--json="
    return out


def _print_traceback() -> None:
    import traceback

    from checkoutctl.safe_text import clean

    # Cleaned: the exception's message may hold what a server sent (ESC, lone surrogates).
    sys.stderr.write(clean(traceback.format_exc()))


def _say_error(message: str, hint: str | None) -> None:
    from checkoutctl.render.console import paint_label
    from checkoutctl.safe_text import clean

    sys.stderr.write(f"{paint_label('error:', 'red')} {clean(message)}\n")
    if hint:
        sys.stderr.write(f"  hint: {clean(hint)}\n")
