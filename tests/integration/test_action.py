"""action.yml, the composite GitHub Action (issue 12): its inputs are documented, its scripts take
inputs only through env, and the scripts themselves run here with bash against real files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT, SAMPLES

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {s.get("name", s.get("uses")): s for s in ACTION["runs"]["steps"]}
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
WORKFLOW_COMMAND = re.compile(r"::(error|warning) file=[^,:]+(,line=\d+,col=\d+)?::.+")


def test_inputs_are_documented_and_the_action_is_composite():
    assert ACTION["runs"]["using"] == "composite"
    assert {"files", "cart", "version", "python-version", "sarif", "sarif-file"} <= set(ACTION["inputs"])
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description"), name
        assert "default" in spec, name
    readme = (ROOT / "README.md").read_text()
    for name in ACTION["inputs"]:
        assert f"`{name}`" in readme, f"input {name} is not documented in the README"


def test_scripts_take_inputs_through_env_only():
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step.get("shell") == "bash", step["name"]
            assert "${{" not in step["run"], f"{step['name']}: an expression inside a script can inject a command"
    assert STEPS["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")


def _run_step(name: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    full = {**os.environ, **env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-e", "-c", STEPS[name]["run"]], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=90)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "orders").mkdir()
    shutil.copy(SAMPLES / "pagbank.yaml", tmp_path / "orders" / "good.yaml")
    shutil.copy(SAMPLES / "pagbank-invalid.yaml", tmp_path / "orders" / "bad.yaml")
    return tmp_path


def test_validate_step_annotates_and_fails_on_invalid_files(workspace):
    proc = _run_step("Validate", workspace, {"FILES": "orders/*.yaml", "CART": ""})
    assert proc.returncode == 3, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and all(WORKFLOW_COMMAND.fullmatch(line) for line in lines), lines
    assert all("file=orders/bad.yaml" in line for line in lines)


def test_validate_step_passes_valid_files_and_takes_a_cart(workspace):
    (workspace / "orders" / "bad.yaml").unlink()
    shutil.copy(SAMPLES / "pagbank-cart.yaml", workspace / "cart.yaml")
    proc = _run_step("Validate", workspace, {"FILES": "orders/*.yaml", "CART": "cart.yaml"})
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr
    hostile = _run_step("Validate", workspace, {"FILES": "orders/good.yaml; touch pwned", "CART": ""})
    assert hostile.returncode == 2 and not (workspace / "pwned").exists()


def test_sarif_step_writes_a_valid_log_even_when_files_are_invalid(workspace):
    output = workspace / "github-output"
    proc = _run_step("Write SARIF", workspace, {"FILES": "orders/*.yaml", "CART": "", "SARIF_FILE": "out.sarif",
                                                "GITHUB_OUTPUT": str(output)})
    assert proc.returncode == 0, proc.stderr
    log = json.loads((workspace / "out.sarif").read_text())
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]} == {
        "orders/bad.yaml"}
    assert output.read_text() == "file=out.sarif\n"


def test_sarif_step_fails_when_a_file_cannot_be_read(workspace):
    proc = _run_step("Write SARIF", workspace, {"FILES": "orders/missing.yaml", "CART": "", "SARIF_FILE": "out.sarif",
                                                "GITHUB_OUTPUT": str(workspace / "o")})
    assert proc.returncode == 2
