"""The YAML hazards of CONTRACT §1: each refused with its rule name at its own line and column.

Issues are read through `check_file` (the whole reading path) and pinned as (rule, line, column).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc

import pytest

from checkoutctl.documents import loader
from checkoutctl.documents.orders import check_file

VALID_BODY = "order:\n  items:\n    - id: 483\n      quantity: 1\n  type: V\n  negotiationType: 22\n  uri: acme\n"
VALID = "provider: gestaoplus\n" + VALID_BODY


def where(issues) -> list[tuple[str, int, int]]:
    return [(i.rule, i.line, i.column) for i in issues]


@pytest.fixture
def check(write):
    """Issues of every document of a file holding `content`, as [(rule, line, col), ...] per document."""

    def run(content: str | bytes, name: str = "order.yaml") -> list[list[tuple[str, int, int]]]:
        return [where(doc.issues) for doc in check_file(write(name, content))]

    return run


def test_a_valid_file_has_no_issue(check):
    assert check(VALID) == [[]]


# --- duplicate keys, tags, merge keys -------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key(write):
    docs = check_file(write("o.yaml", "provider: gestaoplus\norder:\n  type: V\n  uri: a\n  type: R\n"))
    [issue] = docs[0].issues
    assert (issue.rule, issue.line, issue.column) == ("duplicate-key", 5, 3)
    assert "first at line 3" in issue.message


def test_duplicate_top_level_key(check):
    assert check("provider: gestaoplus\nprovider: pagbank\n" + VALID_BODY) == [[("duplicate-key", 2, 1)]]


def test_duplicate_keys_in_nested_and_separate_mappings_are_all_reported(check):
    text = "provider: gestaoplus\norder:\n  items:\n    - {id: 1, id: 2, quantity: 1}\n  type: V\n  type: V\n"
    assert check(text) == [[("duplicate-key", 4, 15), ("duplicate-key", 6, 3)]]


def test_the_same_key_in_two_sibling_mappings_is_not_a_duplicate(check):
    text = "provider: gestaoplus\norder:\n  items:\n    - {id: 1, quantity: 1}\n    - {id: 2, quantity: 1}\n  type: V\n  negotiationType: 1\n  uri: x\n"
    assert check(text) == [[]]


@pytest.mark.parametrize(
    "value",
    ["!!python/object:os.system {}", "!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system ''"],
)
def test_python_tags_are_refused_where_they_stand(check, value):
    assert check(f"provider: gestaoplus\norder: {value}\n") == [[("tag", 2, 8)]]


def test_custom_local_tag_is_refused(write):
    [doc] = check_file(write("o.yaml", "provider: gestaoplus\norder:\n  type: !custom V\n"))
    [issue] = doc.issues
    assert (issue.rule, issue.line, issue.column) == ("tag", 3, 9)
    assert "!custom" in issue.message


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]"])
def test_other_core_tags_that_build_objects_are_refused(check, tag):
    assert check(f"provider: gestaoplus\norder:\n  uri: {tag}\n") == [[("tag", 3, 8)]]


def test_explicit_plain_data_tags_are_accepted(check):
    text = VALID.replace("uri: acme", "uri: !!str acme").replace("negotiationType: 22", "negotiationType: !!int 22")
    assert check(text) == [[]]


def test_merge_key_is_refused_once(check):
    text = "defaults: &d {type: V}\nprovider: gestaoplus\norder:\n  <<: *d\n  uri: x\n"
    assert check(text) == [[("merge-key", 4, 3)]]


def test_a_quoted_merge_key_is_an_ordinary_key(check):
    # `"<<"` is text, not a merge: the rules see an unknown field, nothing more.
    [issues] = check(VALID.replace("  uri: acme\n", "  uri: acme\n  \"<<\": 1\n"))
    assert issues == [("unknown-field", 9, 3)]


def test_a_plain_merge_sign_as_a_value_is_only_text(write):
    [doc] = check_file(write("o.yaml", VALID.replace("uri: acme", "uri: <<")))
    assert doc.ok and doc.body["uri"] == "<<"


def test_non_scalar_key_is_refused(check):
    assert check("provider: gestaoplus\n? [a, b]\n: 1\n") == [[("key-type", 2, 3)]]


# --- aliases ---------------------------------------------------------------------------------------


def laughs(levels: int, fanout: int) -> str:
    lines = ["provider: gestaoplus", 'lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * fanout) + "]")
    lines.append(f"order: *lol{levels}")
    return "\n".join(lines) + "\n"


def first_level_over_limit(fanout: int) -> int:
    size, level = 1, 0
    while size <= loader.MAX_EXPANDED_NODES:
        level += 1
        size = 1 + fanout * size
    return level


@pytest.mark.parametrize("fanout", [9, 10])
def test_billion_laughs_is_refused_fast_and_in_bounded_memory(write, fanout):
    path = write("lol.yaml", laughs(9, fanout))
    tracemalloc.start()
    try:
        docs = check_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak {peak:,} bytes"
    [doc] = docs
    [issue] = doc.issues
    # Reported at the first anchor whose expansion passes the limit: `lolK: &lolK [` on line K + 2.
    level = first_level_over_limit(fanout)
    assert level <= 9
    assert (issue.rule, issue.line, issue.column) == ("alias", level + 2, len(f"lol{level}: ") + 1)
    assert "refusing" in issue.message


def test_a_few_aliases_of_small_nodes_are_fine(write):
    text = "x: &item {id: 483, quantity: 1}\n" + VALID.replace("    - id: 483\n      quantity: 1\n", "    - *item\n    - *item\n")
    [doc] = check_file(write("o.yaml", text))
    # `x:` is an unknown top-level key; the aliased items themselves are read normally.
    assert where(doc.issues) == [("unknown-field", 1, 1)]


def test_aliases_inside_the_order_are_expanded_into_the_body(write):
    text = "provider: gestaoplus\norder:\n  items:\n    - &item {id: 483, quantity: 1}\n    - *item\n  type: V\n  negotiationType: 22\n  uri: x\n"
    [doc] = check_file(write("o.yaml", text))
    assert doc.ok
    assert doc.body["items"] == [{"id": 483, "quantity": 1}, {"id": 483, "quantity": 1}]


@pytest.mark.parametrize(
    "text, at",
    [
        ("provider: gestaoplus\norder: &o\n  items: [*o]\n", (2, 8)),
        ("&top {provider: gestaoplus, order: *top}\n", (1, 1)),
        ("provider: gestaoplus\norder: &a [*a]\n", (2, 8)),
    ],
)
def test_recursive_alias_is_refused(check, text, at):
    assert check(text) == [[("alias", *at)]]


def test_alias_to_an_undefined_anchor_is_a_syntax_error(check):
    assert check("provider: gestaoplus\norder: *nowhere\n") == [[("yaml-syntax", 2, 8)]]


# --- nesting ---------------------------------------------------------------------------------------


def run_validate_subprocess(path: str) -> subprocess.CompletedProcess:
    # A regression here is a segfault in libyaml's recursive composer: run it in its own process.
    return subprocess.run(
        [sys.executable, "-m", "checkoutctl", "validate", "--format", "json", path],
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("flow-seq", "[" * 100_000),
        ("flow-map", "a: " + "{a: " * 100_000),
        ("flow-closed", "order: " + "[" * 50_000 + "]" * 50_000 + "\n"),
        ("block-compact", "- " * 100_000 + "x\n"),
        ("block-compact-keys", "? " * 100_000 + "x\n"),
        ("block-mixed", "- ? " * 50_000 + "x\n"),
        # Too few brackets for the pre-scan, yet deeper than libyaml's own limit (1,000 flow levels in
        # PyYAML 6.0.4): the composer refuses it, and it is still reported as `depth`.
        ("flow-past-libyaml-limit", "order: " + "[" * 1_500 + "]" * 1_500 + "\n"),
    ],
)
def test_deep_nesting_is_refused_without_crashing_the_process(tmp_path, name, content):
    path = tmp_path / f"{name}.yaml"
    path.write_text(content)
    proc = run_validate_subprocess(str(path))
    assert proc.returncode == 3, (proc.returncode, proc.stderr[-500:])
    [issue] = json.loads(proc.stdout)
    assert issue["rule"] == "depth"
    assert "deeper" in issue["message"]
    assert issue["line"] == 1


def test_nesting_past_the_limit_without_many_brackets_is_refused_in_process(check):
    depth = loader.MAX_DEPTH + 5
    text = "provider: gestaoplus\norder: " + "[" * depth + "]" * depth + "\n"
    [[(rule, line, col)]] = check(text)
    assert (rule, line) == ("depth", 2)
    assert col == len("order: ") + loader.MAX_DEPTH + 1


def test_deep_block_indentation_is_refused(check):
    depth = loader.MAX_DEPTH + 10
    text = "provider: gestaoplus\norder:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(depth))
    [[(rule, line, _col)]] = check(text)
    assert rule == "depth" and 2 < line < depth + 3


def test_moderate_nesting_is_fine(check):
    text = "provider: gestaoplus\norder:\n  uri: x\n  extra: " + "[" * 40 + "]" * 40 + "\n"
    [issues] = check(text)
    assert ("depth" not in {rule for rule, *_ in issues})


# --- size and encoding ----------------------------------------------------------------------------


def test_file_of_5_mib_plus_one_byte_is_refused(check):
    body = VALID.encode()
    data = body + b"#" + b"x" * (loader.MAX_FILE_BYTES - len(body))  # 5 MiB + 1 byte
    assert len(data) == loader.MAX_FILE_BYTES + 1
    assert check(data) == [[("file-size", 1, 1)]]


def test_file_of_exactly_5_mib_is_read(check):
    body = VALID.encode()
    data = body + b"#" + b"x" * (loader.MAX_FILE_BYTES - len(body) - 2) + b"\n"
    assert len(data) == loader.MAX_FILE_BYTES
    assert check(data) == [[]]


def test_invalid_utf8_points_at_the_bad_byte(write):
    [doc] = check_file(write("o.yaml", b"provider: gestaoplus\norder:\n  uri: ab\xffc\n"))
    [issue] = doc.issues
    assert (issue.rule, issue.line, issue.column) == ("encoding", 3, 10)
    assert "0xff" in issue.message


def test_invalid_utf8_column_counts_characters_not_bytes(check):
    # "  uri: ção" is 12 bytes but 10 characters: the bad byte is the 11th character of the line.
    assert check("provider: gestaoplus\norder:\n  uri: ção".encode() + b"\xc3(\n") == [[("encoding", 3, 11)]]


def test_latin1_file_is_refused_as_not_utf8(check):
    assert check("provider: gestaoplus\norder:\n  uri: São Paulo\n".encode("latin-1")) == [[("encoding", 3, 9)]]


def test_utf8_bom_is_accepted(write):
    [doc] = check_file(write("o.yaml", b"\xef\xbb\xbf" + VALID.replace("acme", "São").encode()))
    assert doc.ok
    assert doc.body["uri"] == "São"


def test_positions_after_a_bom_are_not_shifted(check):
    assert check(b"\xef\xbb\xbfprovider: stripe\n" + VALID_BODY.encode()) == [[("provider", 1, 11)]]


def test_nul_byte_is_refused_at_its_position(write):
    [doc] = check_file(write("o.yaml", b"provider: gestaoplus\norder:\n  uri: a\x00b\n"))
    [issue] = doc.issues
    assert (issue.rule, issue.line, issue.column) == ("yaml-syntax", 3, 9)
    assert "\x00" not in issue.message


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x7f"])
def test_other_control_characters_are_refused_at_their_position(check, char):
    assert check(f"provider: gestaoplus\norder:\n  uri: ab{char}\n") == [[("yaml-syntax", 3, 10)]]


# --- syntax and shape -----------------------------------------------------------------------------


def test_yaml_syntax_error_position(write):
    [doc] = check_file(write("o.yaml", "provider: gestaoplus\norder:\n  items: [a, b\n  type: V\n"))
    [issue] = doc.issues
    assert issue.rule == "yaml-syntax"
    assert (issue.line, issue.column) == (4, 7)
    assert issue.message.startswith("not valid YAML:")


def test_tab_indentation_is_a_syntax_error_on_its_line(check):
    assert check("provider: gestaoplus\norder:\n\ttype: V\n") == [[("yaml-syntax", 3, 1)]]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_empty_file(check, content):
    assert check(content) == [[("empty", 1, 1)]]


@pytest.mark.parametrize(
    "content, at",
    [("- provider: gestaoplus\n", (1, 1)), ("gestaoplus\n", (1, 1)), ("\n\n  42\n", (3, 3)), ("~\n", (1, 1))],
)
def test_top_level_must_be_a_mapping(check, content, at):
    assert check(content) == [[("top-level", *at)]]


def test_unknown_provider_is_reported_at_its_value(write):
    [doc] = check_file(write("o.yaml", "# comment\nprovider:   stripe\n" + VALID_BODY))
    [issue] = doc.issues
    assert (issue.rule, issue.line, issue.column) == ("provider", 2, 13)
    assert "stripe" in issue.message and "pagbank" in issue.message


def test_unknown_provider_exits_3_with_its_position(cli, write):
    path = write("o.yaml", "\nprovider: stripe\n" + VALID_BODY)
    res = cli("validate", path)
    assert res.code == 3
    assert res.out.startswith(f"{path}:2:11: error: provider: unknown provider 'stripe'")


# --- several documents ------------------------------------------------------------------------------


def test_each_document_is_checked_and_issues_point_at_their_own_document(write):
    bad = VALID.replace("quantity: 1", "quantity: 0")
    text = VALID + "---\n" + bad + "---\n" + VALID
    docs = check_file(write("o.yaml", text))
    assert [d.ok for d in docs] == [True, False, True]
    [issue] = docs[1].issues
    # doc 2 starts on line 10 (after 8 lines of doc 1 and its `---`); quantity is its 5th line.
    assert (issue.rule, issue.line, issue.column, issue.path) == ("range", 14, 17, "order.items[0].quantity")


def test_empty_documents_between_separators_are_skipped(write):
    bad = VALID.replace("type: V", "type: X")
    text = "---\n" + VALID + "---\n---\n" + bad + "---\n"
    docs = check_file(write("o.yaml", text))
    assert len(docs) == 2
    assert docs[0].ok
    # line 1 `---`, 2–9 doc 1, 10 and 11 `---`, doc 2 from 12: `type:` is its 6th line.
    assert where(docs[1].issues) == [("enum", 17, 9)]


def test_a_broken_document_does_not_hide_the_earlier_ones(write):
    text = VALID + "---\nprovider: gestaoplus\norder: [unclosed\n"
    docs = check_file(write("o.yaml", text))
    assert docs[0].ok
    assert where(docs[-1].issues)[0][0] == "yaml-syntax"


def test_a_hazard_in_one_document_is_reported_in_that_document(write):
    text = VALID + "---\nprovider: gestaoplus\nprovider: gestaoplus\n" + VALID_BODY
    docs = check_file(write("o.yaml", text))
    assert [where(d.issues) for d in docs] == [[], [("duplicate-key", 11, 1)]]
