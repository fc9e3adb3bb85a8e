"""`checkoutctl validate … | head`: when the reader has left, the plain line read before Typer ends as
Typer's reading of the same line ends (cli/validate_line.py): the same status and words, no traceback."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, SAMPLES


def _many_errors(tmp_path):
    text = (SAMPLES / "pagbank.yaml").read_text(encoding="utf-8")
    bad_items = "".join(f"    - reference_id: X-{i}\n      name: x\n      quantity: 0\n      unit_amount: -1\n"
                        for i in range(2000))
    start = text.index("  items:\n") + len("  items:\n")
    end = text.index("  additional_amount:")
    path = tmp_path / "many.yaml"
    path.write_text(text[:start] + bad_items + text[end:], encoding="utf-8")
    return path


def _reader_gone(argv: list[str]) -> tuple[int, str]:
    """Run with stdout a pipe whose reader has already left: the first write fails with EPIPE."""
    proc = subprocess.Popen([sys.executable, "-m", "checkoutctl", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=60), err


def test_a_reader_that_left_ends_both_readings_alike(tmp_path):
    many = str(_many_errors(tmp_path))
    early = _reader_gone(["validate", "--format", "json", many])
    # A repeated --format is left to Typer (click keeps the last one): the same request, read by Typer.
    typer = _reader_gone(["validate", "--format", "json", "--format", "json", many])
    assert early == typer, (early, typer)
    assert "Traceback" not in early[1] and early[0] != 0, early


def test_the_command_says_everything_before_it_leaves_memory_to_the_os(cli, tmp_path):
    # entry.console exits with os._exit after a plain validate: every byte must be flushed first.
    many = str(_many_errors(tmp_path))
    for fmt in ("json", "text", "junit"):
        proc = subprocess.run([sys.executable, "-m", "checkoutctl", "validate", "--format", fmt, many], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        inside = cli("validate", "--format", fmt, many)
        assert (proc.returncode, proc.stdout, proc.stderr) == (inside.code, inside.out, inside.err), fmt
        assert proc.returncode == 3 and len(proc.stdout) > 100_000
