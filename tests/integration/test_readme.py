"""README.md stays true where a test can check it (issue 11): the newcomer's venv advice, the validate
transcript, and the GitHub Actions workflow, whose `run:` steps are run here with bash against the
embedded sandbox (the install step is checked, not run: this test already runs from the installed tree)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent  # where this venv's `checkoutctl` script is


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def workflow() -> dict:
    [block] = [b for b in fenced("yaml") if b.startswith("# .github/workflows/")]
    return yaml.safe_load(block)


def test_a_newcomer_is_told_to_activate_the_venv_or_call_it_by_path():
    shell = "\n".join(fenced("sh"))
    assert "source .venv/bin/activate" in shell and ".venv/bin/checkoutctl --help" in shell
    assert (BIN / "checkoutctl").exists()  # what `.venv/bin/checkoutctl` names, in the venv running the tests
    res = subprocess.run([str(BIN / "checkoutctl"), "--help"], capture_output=True, timeout=60, cwd=ROOT)
    assert res.returncode == 0 and b"Usage: checkoutctl" in res.stdout


def test_the_validate_transcript_is_what_validate_prints(tmp_path):
    [transcript] = [b for b in fenced("console") if b.startswith("$ checkoutctl validate samples/gestaoplus-invalid")]
    command, *expected = transcript.split("\n$ echo $?")[0].splitlines()
    env = {**os.environ, "CHECKOUTCTL_HOME": str(tmp_path), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    res = subprocess.run(command.removeprefix("$ "), shell=True, capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env=env)
    assert res.returncode == 3
    assert (res.stdout + res.stderr).splitlines() == expected


def test_the_ci_workflow_installs_from_the_repository_and_its_steps_pass(tmp_path):
    if shutil.which("jq") is None:
        pytest.skip("the workflow's steps use jq, as GitHub's runners have it")
    job = workflow()["jobs"]["orders"]
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert uses[0].startswith("actions/checkout@") and any(u.startswith("actions/setup-python@") for u in uses)
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs[0] == "python -m pip install ."  # from the repository, not the package index
    assert "CHECKOUTCTL_HOME" in job["env"]
    env = {**os.environ, "CHECKOUTCTL_HOME": str(tmp_path / "home"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    work = tmp_path / "work"
    shutil.copytree(ROOT / "samples", work / "samples")
    for script in runs[1:]:
        res = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], capture_output=True, text=True,
                             timeout=120, cwd=work, env=env)
        assert res.returncode == 0, f"{script}\n{res.stdout}\n{res.stderr}"
        if "order create" in script:
            assert "> POST " in res.stderr  # -v on stderr, and stdout (order.json) pure JSON
    assert (work / "checkoutctl.xml").read_text().startswith("<?xml")
