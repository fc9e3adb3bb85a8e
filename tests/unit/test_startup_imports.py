"""Which modules the start-up paths import (issue 15: every new feature keeps off them).

`--version`, `--help` and `validate` run in a fresh interpreter and the test reads `sys.modules`
afterwards: no HTTP stack, no server, no database, no tables, no optional checkers they do not need.
Timings are not asserted here (they depend on the machine); `benchmarks/run.py` measures them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))

# Never on a start-up path, whatever the input: the transports (requests, urllib3, http.client), the sandbox
# (werkzeug, http.server), the journal and sandbox stores (sqlite3), rich's table layout, and the
# optional extras of other commands (jq filters, the OS keyring, QR codes).
NEVER = {"requests", "urllib3", "werkzeug", "sqlite3", "_sqlite3", "jq", "keyring", "segno", "http.server",
         "rich.table", "checkoutctl.sandbox", "checkoutctl.sandbox_server", "checkoutctl.http.transport",
         "checkoutctl.http.client", "checkoutctl.http.routing", "checkoutctl.http.loopback", "http.client",
         "checkoutctl.journal.ledger", "checkoutctl.store.connection"}
# Loaded only for documents that need them (an e-mail, a VAT number, `--format junit`).
ONLY_WHEN_NEEDED = {"stdnum", "email_validator", "xml"}


def modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from checkoutctl.entry import main\n"
        f"code = main({argv!r})\n"
        "sys.stdout.flush()\n"
        "print('\\n@@MODULES@@' + json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.split("@@MODULES@@")[1]))


def top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_nothing_heavy():
    loaded = modules_after(["--version"])
    assert not top(loaded) & {"typer", "click", "rich", "requests", "yaml", "urllib3", "werkzeug"}
    assert {m for m in loaded if m.startswith("checkoutctl")} == {"checkoutctl", "checkoutctl.entry"}


def test_validate_does_not_import_http_tables_server_or_database():
    files = [str(p) for p in SAMPLE_FILES if not p.stem.endswith("-invalid")] or [str(SAMPLES / "gestaoplus.yaml")]
    loaded = modules_after(["validate", *files])
    assert "yaml" in loaded  # the probe really ran validate
    forbidden = {"requests", "urllib3", "rich.table", "werkzeug", "sqlite3", "_sqlite3", "checkoutctl.sandbox",
                 "checkoutctl.sandbox_server", "checkoutctl.http.transport", "checkoutctl.http.client", "http.server"}
    assert not loaded & forbidden, loaded & forbidden
    assert not {m for m in loaded if m.startswith(("checkoutctl.sandbox.", "requests.", "werkzeug."))}


def test_validate_imports_only_the_rules_of_the_providers_it_reads():
    loaded = modules_after(["validate", str(SAMPLES / "gestaoplus.yaml")])
    assert "checkoutctl.providers.gestaoplus.rules" in loaded
    others = {m for m in loaded if m.startswith("checkoutctl.providers.") and m.endswith(".rules")}
    assert others == {"checkoutctl.providers.gestaoplus.rules"}


def test_validate_imports_stdnum_email_validator_and_xml_only_for_files_that_need_them(tmp_path):
    # gestaoplus.yaml holds no e-mail and no VAT number; text format needs no XML.
    plain = modules_after(["validate", str(SAMPLES / "gestaoplus.yaml")])
    assert not top(plain) & {"stdnum", "email_validator", "dns", "idna"}, top(plain) & {"stdnum", "email_validator"}
    assert not {m for m in plain if m.startswith("xml.")}
    # bakeronline.yaml holds an invoice VAT number and an everyday e-mail: stdnum loads, still no XML, and
    # no email-validator for an address the pattern settles (rules/formats._plainly_valid).
    needing = modules_after(["validate", str(SAMPLES / "bakeronline.yaml"), str(SAMPLES / "crayon.yaml")])
    assert "stdnum" in top(needing)
    assert "email_validator" not in top(needing)
    assert not {m for m in needing if m.startswith("xml.")}
    # An address only the library can settle (Punycode) loads it.
    crayon = (SAMPLES / "crayon.yaml").read_text(encoding="utf-8")
    punycode = tmp_path / "punycode.yaml"
    punycode.write_text(crayon.replace("it@contoso.example", "it@xn--bcher-kva.example", 1), encoding="utf-8")
    assert punycode.read_text(encoding="utf-8") != crayon
    assert "email_validator" in top(modules_after(["validate", str(punycode)]))
    assert "xml.etree.ElementTree" in modules_after(["validate", "--format", "junit", str(SAMPLES / "gestaoplus.yaml")])


def heavy(loaded: set[str], forbidden: set[str]) -> set[str]:
    """The loaded modules that are, or live inside, one of `forbidden`."""
    return {m for m in loaded if m in forbidden or any(m.startswith(f + ".") for f in forbidden)}


@pytest.mark.parametrize("argv", [
    ["--help"],
    ["validate", "--help"],
    ["order", "--help"],
    ["validate", "--output", "json", str(SAMPLES / "gestaoplus.yaml")],  # not a validate option: Typer says so
], ids=" ".join)
def test_start_up_paths_import_nothing_they_do_not_use(argv):
    loaded = modules_after(argv)
    assert "checkoutctl.cli.app" in loaded  # the probe really reached Typer
    assert not heavy(loaded, NEVER | ONLY_WHEN_NEEDED), sorted(heavy(loaded, NEVER | ONLY_WHEN_NEEDED))


@pytest.mark.parametrize("argv", [
    ["validate", str(SAMPLES / "gestaoplus.yaml")],
    ["validate", "--format", "sarif", "--skip-other-yaml", str(SAMPLES / "gestaoplus.yaml")],
], ids=" ".join)
def test_a_plain_validate_line_is_answered_without_typer(argv):
    # cli/validate_line.py: the lines CI and pre-commit run skip the CLI framework (~25 ms).
    loaded = modules_after(argv)
    assert "checkoutctl.ordering.validate" in loaded  # the probe really validated
    assert not top(loaded) & {"typer", "click", "rich"}, sorted(top(loaded) & {"typer", "click", "rich"})
    assert not heavy(loaded, NEVER | ONLY_WHEN_NEEDED), sorted(heavy(loaded, NEVER | ONLY_WHEN_NEEDED))


def test_validate_of_every_sample_imports_nothing_heavy():
    loaded = modules_after(["validate", *(str(p) for p in SAMPLE_FILES if not p.stem.endswith("-invalid"))])
    assert not heavy(loaded, NEVER | {"xml"}), sorted(heavy(loaded, NEVER | {"xml"}))


def test_piped_history_imports_no_rich_and_no_yaml(tmp_path):
    # A pipe gets TSV (render/tsv.py) and JSON its own encoder: neither needs rich's table machinery,
    # and showing a journal entry's file name needs no YAML parser.
    for argv in (["order", "history"], ["order", "history", "--output", "json"]):
        loaded = modules_after(argv)
        assert "checkoutctl.journal.ledger" in loaded  # the probe really read the journal
        assert not {m for m in loaded if m.split(".")[0] in ("rich", "yaml", "requests", "werkzeug")}, argv
