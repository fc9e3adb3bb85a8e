"""`checkoutctl validate` as a user and a CI job see it (CONTRACT §2, §3, §7), through the real entry point."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkoutctl import __version__
from tests.conftest import ROOT, SAMPLES

VALID = "provider: gestaoplus\norder:\n  items:\n    - id: 483\n      quantity: 1\n  type: V\n  negotiationType: 22\n  uri: acme\n"
INVALID = (
    "provider: gestaoplus\norder:\n  items:\n    - id: 0483\n      quantity: \"1\"\n"
    "  type: X\n  negociationType: 22\n  uri: acme\n"
)
TEXT_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<path>[^:]*): (?P<message>.+)$")
JSON_KEYS = {"file", "line", "column", "path", "rule", "message", "severity"}
GITHUB_LINE = re.compile(r"^::error file=(?P<file>[^,:]*),line=(?P<line>\d+),col=(?P<col>\d+)::(?P<message>.*)$")


# --- text format ----------------------------------------------------------------------------------------


def test_valid_file_exits_0_prints_nothing_and_one_summary_line(cli, write):
    res = cli("validate", write("o.yaml", VALID))
    assert res.code == 0
    assert res.out == ""
    assert res.err.count("\n") == 1
    assert res.err == "1 file, 1 document: all valid\n"


def test_several_valid_files_and_documents_summary(cli, write):
    res = cli("validate", write("a.yaml", VALID), write("b.yaml", VALID + "---\n" + VALID))
    assert (res.code, res.out, res.err) == (0, "", "2 files, 3 documents: all valid\n")


def test_invalid_file_exits_3_with_compiler_style_lines(cli, write):
    path = write("bad.yaml", INVALID)
    res = cli("validate", path)
    assert res.code == 3
    lines = res.out.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["file"], int(m["line"]), int(m["col"]), m["path"]) for m in parsed] == [
        (path, 3, 3, "order.negotiationType"),  # a missing field: its own path, where its parent mapping starts
        (path, 4, 11, "order.items[0].id"),
        (path, 5, 17, "order.items[0].quantity"),
        (path, 6, 9, "order.type"),
        (path, 7, 3, "order.negociationType"),
    ]
    assert f"{path}:4:11: error: order.items[0].id: a number cannot start with 0" in res.out
    assert f"{path}:6:9: error: order.type: must be one of V, R (got \"X\")" in res.out
    assert res.err == "1 file, 1 document: 5 errors in 1 file\n"


def test_every_problem_in_every_file_is_reported_in_one_run(cli, write):
    a, b = write("a.yaml", INVALID), write("b.yaml", VALID + "---\n" + INVALID)
    res = cli("validate", a, b, write("c.yaml", VALID))
    assert res.code == 3
    files = [TEXT_LINE.match(line)["file"] for line in res.out.splitlines()]
    assert files.count(a) == 5 and files.count(b) == 5
    assert res.err == "3 files, 4 documents: 10 errors in 2 files\n"


def test_issues_are_in_file_order(cli, write):
    res = cli("validate", write("bad.yaml", INVALID))
    positions = [(int(m["line"]), int(m["col"])) for m in map(TEXT_LINE.match, res.out.splitlines())]
    assert positions == sorted(positions)


def test_hint_follows_the_message(cli, write):
    res = cli("validate", write("bad.yaml", INVALID))
    assert "(did you mean 'negotiationType'?)" in res.out
    assert "(write 483)" in res.out  # no quoting hint: a quoted number is a string, which this field refuses


def test_control_characters_from_the_file_do_not_reach_the_terminal(cli, write):
    res = cli("validate", write("bad.yaml", VALID.replace("type: V", 'type: "\\e[31mRED\\u202e"')))
    assert res.code == 3
    assert "\x1b" not in res.out and "\u202e" not in res.out
    assert "[31mRED" in res.out


def test_a_message_never_spans_two_lines(cli, write):
    res = cli("validate", write("bad.yaml", VALID.replace("type: V", 'type: "a\\nb"')))
    assert res.code == 3
    assert len(res.out.splitlines()) == 1


# --- json ------------------------------------------------------------------------------------------------


def test_json_format(cli, write):
    path = write("bad.yaml", INVALID)
    res = cli("validate", "--format", "json", path)
    assert res.code == 3
    issues = json.loads(res.out)
    assert isinstance(issues, list) and len(issues) == 5
    for issue in issues:
        assert JSON_KEYS <= set(issue) <= JSON_KEYS | {"hint"}
        assert issue["file"] == path and issue["severity"] == "error"
        assert isinstance(issue["line"], int) and isinstance(issue["column"], int)
    by_path = {i["path"]: i for i in issues}
    assert by_path["order.items[0].id"] | {} == {
        "file": path, "line": 4, "column": 11, "path": "order.items[0].id", "rule": "type",
        "message": "a number cannot start with 0 (got 0483); it is never read as octal",
        "severity": "error", "hint": "write 483",
    }
    assert "hint" not in by_path["order.type"]
    assert res.err == "1 file, 1 document: 5 errors in 1 file\n"


def test_json_format_valid_prints_an_empty_array_and_the_summary(cli, write):
    # CONTRACT §2: `--format json` prints `[]` when every file is valid (a CI job can always parse stdout);
    # the release before printed nothing. The summary stays on stderr.
    res = cli("validate", "--format", "json", write("o.yaml", VALID))
    assert res.code == 0 and json.loads(res.out) == [] and res.err == "1 file, 1 document: all valid\n"


def test_json_keeps_non_ascii_and_parses(cli, write):
    res = cli("validate", "--format", "json", write("ç.yaml", VALID.replace("type: V", "type: Ação")))
    [issue] = json.loads(res.out)
    assert issue["file"].endswith("ç.yaml") and "Ação" in issue["message"]


# --- github ----------------------------------------------------------------------------------------------


def test_github_format(cli, write):
    path = write("bad.yaml", INVALID)
    res = cli("validate", "--format", "github", path)
    assert res.code == 3
    lines = res.out.splitlines()
    assert len(lines) == 5
    for line in lines:
        assert GITHUB_LINE.match(line.replace(path.replace(":", "%3A"), "F")), line
    assert f"::error file={path},line=6,col=9::order.type: must be one of V, R (got \"X\")" in lines


def test_github_format_escapes_percent_and_newlines_in_the_message(cli, write):
    path = write("p.yaml", VALID.replace("type: V", 'type: "50%\\r\\nX"'))
    res = cli("validate", "--format", "github", path)
    [line] = res.out.splitlines()
    m = GITHUB_LINE.match(line)
    assert m, line
    assert m["message"] == 'order.type: must be one of V, R (got "50%25%0D%0AX")'


def test_github_format_escapes_commas_and_colons_in_the_file_property(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a,b:c%.yaml").write_text(INVALID.replace("type: X", "type: V").replace("negociationType", "negotiationType"))
    res = cli("validate", "--format", "github", "a,b:c%.yaml")
    lines = res.out.splitlines()
    assert lines, res.err
    for line in lines:
        m = GITHUB_LINE.match(line)
        assert m, line
        assert m["file"] == "a%2Cb%3Ac%25.yaml"


# --- --cart ----------------------------------------------------------------------------------------------


CART = "# a cart\nprovider: gestaoplus\ncart:\n  - id: 7\n    quantity: 2\n  - id: 8\n    quantity: 0\n"


def test_cart_items_are_merged_and_their_issues_point_into_the_cart(cli, write):
    order, cart = write("o.yaml", VALID), write("c.yaml", CART)
    res = cli("validate", "--format", "json", order, "--cart", cart)
    assert res.code == 3
    [issue] = json.loads(res.out)
    # The order holds one item; the cart's second item is items[2] of the merged order.
    assert (issue["file"], issue["line"], issue["column"], issue["path"]) == (cart, 7, 15, "order.items[2].quantity")


def test_valid_cart_merges_into_a_valid_order(cli, write):
    cart = write("c.yaml", CART.replace("quantity: 0", "quantity: 1"))
    res = cli("validate", write("o.yaml", VALID), "--cart", cart)
    assert (res.code, res.out) == (0, "")


def test_cart_merged_body_holds_the_cart_items(write):
    from checkoutctl.ordering.validate import check_files

    cart = write("c.yaml", CART.replace("quantity: 0", "quantity: 1"))
    [doc] = check_files([write("o.yaml", VALID)], cart)
    assert doc.body["items"] == [{"id": 483, "quantity": 1}, {"id": 7, "quantity": 2}, {"id": 8, "quantity": 1}]


def test_cart_provider_mismatch_points_at_the_carts_provider(cli, write):
    cart = write("c.yaml", "provider: pagbank\ncart:\n  - {reference_id: a, name: b, quantity: 1, unit_amount: 100}\n")
    res = cli("validate", write("o.yaml", VALID), "--cart", cart)
    assert res.code == 3
    [line] = res.out.splitlines()
    assert line == f"{cart}:1:11: error: provider: the cart is for 'pagbank' but the order is for 'gestaoplus'"


def test_broken_cart_is_reported_once_for_several_orders(cli, write):
    cart = write("c.yaml", "provider: gestaoplus\ncart:\n  - id: 1\n    id: 2\n    quantity: 1\n")
    res = cli("validate", "--format", "json", write("o.yaml", VALID + "---\n" + VALID), "--cart", cart)
    assert res.code == 3
    issues = json.loads(res.out)
    assert [(i["file"], i["line"], i["column"], i["rule"]) for i in issues] == [(cart, 4, 5, "duplicate-key")]


def test_a_cart_file_validates_on_its_own(cli, write):
    res = cli("validate", write("c.yaml", CART))
    assert res.code == 3
    [m] = map(TEXT_LINE.match, res.out.splitlines())
    assert (int(m["line"]), int(m["col"]), m["path"]) == (7, 15, "cart[1].quantity")


def test_cart_that_is_an_order_file_is_refused(cli, write):
    res = cli("validate", write("o.yaml", VALID), "--cart", write("c.yaml", VALID))
    assert res.code == 3
    assert "cart" in res.out


def test_missing_cart_file_is_a_usage_error(cli, write, tmp_path):
    res = cli("validate", write("o.yaml", VALID), "--cart", str(tmp_path / "nope.yaml"))
    assert res.code == 2 and "does not exist" in res.err


# --- usage errors ----------------------------------------------------------------------------------------


def test_missing_file_exits_2(cli, tmp_path):
    # CONTRACT §2: a file that cannot be read is reported in the chosen format (text: stdout, like every
    # issue; the release before raised a usage error on stderr before checking anything).
    path = str(tmp_path / "nope.yaml")
    res = cli("validate", path)
    assert res.code == 2
    assert res.out == f"{path}: error: does not exist\n"
    assert "Traceback" not in res.err
    assert res.err == "1 file, 0 documents: 1 file could not be read\n"


def test_directory_exits_2_and_hints_at_a_glob(cli, tmp_path):
    res = cli("validate", str(tmp_path))
    assert res.code == 2 and "is a directory" in res.out
    assert f"(validate the files in it with a glob: checkoutctl validate {tmp_path}/*.yaml)" in res.out


@pytest.mark.parametrize("args", [("validate", "--bogus", "x.yaml"), ("validate",), ("validate", "--format", "xml", "x.yaml"),
                                  ("validatte", "x.yaml")])
def test_bad_usage_exits_2_without_traceback(cli, args):
    res = cli(*args)
    assert res.code == 2
    assert "Traceback" not in res.err and res.out == ""
    assert res.err.strip()


def test_unreadable_file_exits_3_or_2_without_traceback(cli, write):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = write("o.yaml", VALID)
    os.chmod(path, 0)
    try:
        res = cli("validate", path)
    finally:
        os.chmod(path, 0o600)
    assert res.code in (2, 3) and "Traceback" not in res.err + res.out
    assert "cannot read" in res.out + res.err


# --- stdin --------------------------------------------------------------------------------------------------


def test_stdin_dash(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(INVALID.encode())))
    res = cli("validate", "--format", "json", "-")
    assert res.code == 3
    issues = json.loads(res.out)
    assert {i["file"] for i in issues} == {"-"}
    assert ("order.items[0].id", 4, 11) in {(i["path"], i["line"], i["column"]) for i in issues}


def test_stdin_valid(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(VALID.encode())))
    res = cli("validate", "-")
    assert (res.code, res.out) == (0, "")


def test_stdin_over_5_mib_is_refused(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * (6 * 1024 * 1024))))
    res = cli("validate", "--format", "json", "-")
    assert res.code == 3
    assert [i["rule"] for i in json.loads(res.out)] == ["file-size"]


def test_file_over_5_mib_is_reported_with_its_own_size(cli, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (6 * 1024 * 1024 + 7))
    res = cli("validate", "--format", "json", str(big))
    [issue] = json.loads(res.out)
    assert (res.code, issue["rule"]) == (3, "file-size")
    assert issue["message"] == "file is 6,291,463 bytes; the limit is 5 MiB"


def test_stdin_over_5_mib_says_more_than_the_limit_not_a_made_up_size(cli, monkeypatch):
    # Standard input is read only up to the limit: its real size is never known, so none is claimed.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * (6 * 1024 * 1024))))
    res = cli("validate", "--format", "json", "-")
    [issue] = json.loads(res.out)
    assert issue["message"] == "input is over the 5 MiB limit (5,242,880 bytes)"


def test_stdin_in_a_subprocess():
    proc = subprocess.run([sys.executable, "-m", "checkoutctl", "validate", "-"], input=INVALID.encode(),
                          capture_output=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 3
    assert proc.stdout.decode().startswith("-:")


# --- every sample ------------------------------------------------------------------------------------------


SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_samples_validate_as_their_name_says(cli, sample):
    res = cli("validate", "--format", "json", str(sample))
    if sample.stem.endswith("-invalid"):
        issues = json.loads(res.out)
        assert res.code == 3 and issues
        assert all(i["file"] == str(sample) and i["line"] >= 1 and i["column"] >= 1 for i in issues)
    else:
        assert (res.code, json.loads(res.out)) == (0, []), res.out


@pytest.mark.parametrize("sample", [p for p in SAMPLE_FILES if p.stem.endswith("-cart")],
                         ids=[p.name for p in SAMPLE_FILES if p.stem.endswith("-cart")])
def test_sample_carts_merge_into_their_orders(cli, sample):
    order = sample.with_name(sample.name.replace("-cart", ""))
    if not order.exists():
        pytest.skip(f"{order.name} not written yet")
    res = cli("validate", str(order), "--cart", str(sample))
    assert (res.code, res.out) == (0, "")


# --- version and imports -----------------------------------------------------------------------------------


def test_version_in_process(cli):
    res = cli("--version")
    assert (res.code, res.out, res.err) == (0, f"checkoutctl {__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_python_m_checkoutctl_version():
    proc = subprocess.run([sys.executable, "-m", "checkoutctl", "--version"], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"checkoutctl {__version__}\n", "")


def test_console_script_version():
    script = Path(sys.executable).with_name("checkoutctl")
    if not script.exists():
        found = shutil.which("checkoutctl")
        if not found:
            pytest.skip("the checkoutctl console script is not installed")
        script = Path(found)
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, f"checkoutctl {__version__}\n")


def test_skip_other_yaml_checks_only_files_holding_a_top_level_provider(cli, write):
    order = write("order.yaml", INVALID)
    bom = write("bom.yaml", "\ufeff" + INVALID)
    workflow = write("ci.yml", "on: push\njobs:\n  provider: nested, not top level\n")
    res = cli("validate", "--skip-other-yaml", "--format", "json", order, bom, workflow)
    assert res.code == 3
    assert {i["file"] for i in json.loads(res.out)} == {order, bom}
    assert res.err.startswith("2 files, 2 documents:")
    plain = cli("validate", "--format", "json", workflow)
    assert plain.code == 3  # without the flag the workflow is checked, and is no order file
