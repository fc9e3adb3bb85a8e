"""`validate --format json|github|sarif|junit` (CONTRACT §2, issue 12), each checked by parsing it:
JSON with json.loads, GitHub lines with the workflow-command grammar, SARIF against the OASIS SARIF
2.1.0 schema (vendored in tests/data, from shared/schemas), JUnit with an XML parser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT

SARIF_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "data" / "sarif-schema-2.1.0.json").read_text())

VALID = "provider: gestaoplus\norder:\n  items:\n    - id: 483\n      quantity: 1\n  type: V\n  negotiationType: 22\n  uri: acme\n"
INVALID = VALID.replace("type: V", "type: X").replace("quantity: 1", "quantity: 0")

# Workflow commands (docs.github.com, "Workflow commands for GitHub Actions"): `::NAME PROPS::DATA`,
# PROPS `k=v` joined by `,` with `%`, CR, LF, `:` and `,` escaped; DATA with `%`, CR and LF escaped.
_PROP_VALUE = r"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)*"
WORKFLOW_COMMAND = re.compile(
    rf"::(?P<level>error|warning|notice) (?P<props>file={_PROP_VALUE}(?:,(?:line|col)=\d+)*)"
    r"::(?P<data>(?:[^%\r\n]|%25|%0D|%0A)*)"
)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in a temporary working directory holding a/ok.yaml, a/bad.yaml (two documents) and a/c.yaml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ok.yaml").write_text(VALID)
    (tmp_path / "a" / "bad.yaml").write_text(INVALID + "---\n" + VALID + "---\n" + INVALID)
    return tmp_path


# --- json --------------------------------------------------------------------------------------------------


def test_json_lists_every_issue_and_all_valid_is_an_empty_array(cli, in_tmp):
    bad = cli("validate", "--format", "json", "a/bad.yaml")
    assert bad.code == 3
    issues = json.loads(bad.out)
    assert [(i["line"], i["path"], i["rule"]) for i in issues] == [
        (5, "order.items[0].quantity", "range"), (6, "order.type", "enum"),
        (23, "order.items[0].quantity", "range"), (24, "order.type", "enum")]
    ok = cli("validate", "--format", "json", "a/ok.yaml")
    assert (ok.code, json.loads(ok.out)) == (0, [])


# --- github ------------------------------------------------------------------------------------------------


def test_github_lines_follow_the_workflow_command_grammar_and_paths_have_no_dot_slash(cli, in_tmp):
    res = cli("validate", "--format", "github", "./a/bad.yaml", "./a/../a/ok.yaml")
    assert res.code == 3
    lines = res.out.splitlines()
    assert len(lines) == 4
    for line in lines:
        m = WORKFLOW_COMMAND.fullmatch(line)
        assert m, line
        assert m["props"].startswith("file=a/bad.yaml,line=")
    assert lines[1] == '::error file=a/bad.yaml,line=6,col=9::order.type: must be one of V, R (got "X")'


def test_github_absolute_paths_inside_the_working_directory_are_made_relative(cli, in_tmp):
    res = cli("validate", "--format", "github", str(in_tmp / "a" / "bad.yaml"))
    assert {WORKFLOW_COMMAND.fullmatch(line)["props"].split(",")[0] for line in res.out.splitlines()} == {"file=a/bad.yaml"}


def test_github_unreadable_file_is_an_error_annotation_without_a_line(cli, in_tmp):
    res = cli("validate", "--format", "github", "a/missing.yaml", "a/ok.yaml")
    assert res.code == 2
    [line] = res.out.splitlines()
    assert WORKFLOW_COMMAND.fullmatch(line)
    assert line == "::error file=a/missing.yaml::does not exist"


# --- sarif -------------------------------------------------------------------------------------------------


def sarif(cli, *args):
    res = cli("validate", "--format", "sarif", *args)
    log = json.loads(res.out)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    return res, log


def test_sarif_validates_against_the_schema_with_stable_rule_ids_and_relative_paths(cli, in_tmp):
    res, log = sarif(cli, "a/bad.yaml", "./a/ok.yaml")
    assert res.code == 3
    [run] = log["runs"]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "checkoutctl"
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["gestaoplus/range", "gestaoplus/enum"] * 2
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["gestaoplus/range", "gestaoplus/enum"]
    assert all(r["shortDescription"]["text"] and r["shortDescription"]["text"] != r["id"] for r in rules)
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "a/bad.yaml", "uriBaseId": "SRCROOT"}
        assert r["level"] == "error"
    first = results[1]
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 9}
    assert first["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "order.type", "kind": "member"}]
    assert first["message"]["text"] == 'order.type: must be one of V, R (got "X")'
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == in_tmp.resolve().as_uri() + "/"


def test_sarif_fingerprints_are_unique_and_survive_lines_moving(cli, in_tmp):
    _, before = sarif(cli, "a/bad.yaml")
    prints = [r["partialFingerprints"]["checkoutctlIssue/v1"] for r in before["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)  # the same problem in documents 1 and 3 is two alerts
    Path("a/bad.yaml").write_text("# a comment moves every line down\n" + Path("a/bad.yaml").read_text())
    _, after = sarif(cli, "a/bad.yaml")
    results = after["runs"][0]["results"]
    assert [r["partialFingerprints"]["checkoutctlIssue/v1"] for r in results] == prints
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6


def test_sarif_all_valid_is_a_log_with_no_results(cli, in_tmp):
    res, log = sarif(cli, "a/ok.yaml")
    assert res.code == 0 and log["runs"][0]["results"] == []


def test_sarif_unreadable_file_and_file_outside_the_working_directory(cli, in_tmp, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "o r.yaml"
    outside.write_text(INVALID)
    res, log = sarif(cli, "a/missing.yaml", str(outside))
    assert res.code == 2
    missing, *rest = log["runs"][0]["results"]
    assert missing["ruleId"] == "file" and missing["level"] == "error"
    assert missing["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "a/missing.yaml", "uriBaseId": "SRCROOT"}}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in rest} == {outside.as_uri()}
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_sarif_rule_of_a_yaml_error_has_no_provider(cli, in_tmp):
    Path("a/syntax.yaml").write_text("provider: [gestaoplus\n")
    _, log = sarif(cli, "a/syntax.yaml")
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["yaml-syntax"]


# --- junit -------------------------------------------------------------------------------------------------


def test_junit_has_one_test_case_per_document_and_failures_carry_the_messages(cli, in_tmp):
    res = cli("validate", "--format", "junit", "a/bad.yaml", "a/ok.yaml", "a/missing.yaml")
    assert res.code == 2
    root = ET.fromstring(res.out.encode())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a/bad.yaml", "a/ok.yaml", "a/missing.yaml"]
    bad = suites[0].findall("testcase")
    assert [c.get("name") for c in bad] == ["document 1 (gestaoplus, line 1)", "document 2 (gestaoplus, line 10)",
                                            "document 3 (gestaoplus, line 19)"]
    failure = bad[0].find("failure")
    assert failure.get("message") == "2 problems"
    assert failure.text.splitlines() == [
        "a/bad.yaml:5:17: error: order.items[0].quantity: must be at least 1 (got 0)",
        'a/bad.yaml:6:9: error: order.type: must be one of V, R (got "X")',
    ]
    assert bad[1].find("failure") is None and bad[1].find("error") is None
    assert suites[0].get("failures") == "2" and suites[0].get("tests") == "3"
    [unread] = suites[2].findall("testcase")
    assert unread.find("error").get("message") == "does not exist"


def test_junit_all_valid_is_a_passing_suite(cli, in_tmp):
    res = cli("validate", "--format", "junit", "a/ok.yaml")
    root = ET.fromstring(res.out.encode())
    assert res.code == 0 and root.get("failures") == "0" and [c.get("name") for c in root.iter("testcase")] == [
        "document 1 (gestaoplus, line 1)"]


def test_junit_escapes_what_the_file_holds(cli, in_tmp):
    Path("a/x.yaml").write_text(VALID.replace("type: V", 'type: "<b>&\\"]]>"'))
    root = ET.fromstring(cli("validate", "--format", "junit", "a/x.yaml").out.encode())
    assert '(got "<b>&\\"]]>")' in root.find(".//failure").text


# --- files that cannot be read, stdin --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_unreadable_file_is_reported_and_the_others_still_checked(cli, in_tmp, fmt):
    res = cli("validate", "--format", fmt, "a/missing.yaml", "a/bad.yaml", "a", "a/ok.yaml")
    assert res.code == 2  # could not read outranks invalid (3)
    assert "does not exist" in res.out and "is a directory" in res.out
    assert "must be one of V, R" in res.out  # a/bad.yaml was checked all the same
    assert res.err == "4 files, 4 documents: 2 files could not be read, 4 errors in 1 file\n"


def test_permission_denied_is_reported_as_such(cli, in_tmp, monkeypatch):
    from checkoutctl.documents import loader

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(loader, "open", refuse, raising=False)  # root reads every file; simulate the mode bits
    res = cli("validate", "--format", "json", "a/ok.yaml")
    assert res.code == 2
    assert json.loads(res.out) == [{"file": "a/ok.yaml", "line": 0, "column": 0, "path": "", "rule": "file",
                                    "message": "cannot read: permission denied", "severity": "error"}]


def run_shell(script: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(["bash", "-c", script], input=stdin, capture_output=True, timeout=60, env=env)


def test_dev_stdin_reads_as_a_file():
    proc = run_shell(f'"{sys.executable}" -m checkoutctl validate --format json /dev/stdin', INVALID.encode())
    assert proc.returncode == 3, proc.stderr
    assert {i["file"] for i in json.loads(proc.stdout)} == {"/dev/stdin"}


def test_process_substitution_reads_as_a_file():
    invalid = INVALID.replace("\n", "\\n")
    proc = run_shell(f'"{sys.executable}" -m checkoutctl validate <(printf "{invalid}") --format json')
    assert proc.returncode == 3, proc.stderr
    issues = json.loads(proc.stdout)
    assert [i["path"] for i in issues] == ["order.items[0].quantity", "order.type"]
    assert re.fullmatch(r"/dev/fd/\d+|/proc/self/fd/\d+", issues[0]["file"])


def test_process_substitution_with_skip_other_yaml_is_read_once():
    invalid = INVALID.replace("\n", "\\n")
    proc = run_shell(f'"{sys.executable}" -m checkoutctl validate --skip-other-yaml <(printf "{invalid}") --format json')
    assert proc.returncode == 3, proc.stderr
    assert [i["path"] for i in json.loads(proc.stdout)] == ["order.items[0].quantity", "order.type"]
