"""The repository's .pre-commit-hooks.yaml, run by `pre-commit try-repo` against a temporary git
repository (issue 12): order files with errors fail the hook, YAML that is not an order is left alone.

Offline: try-repo runs the `checkoutctl-validate-system` hook, whose `language: system` uses the
checkoutctl on PATH (this test's own), so pre-commit builds no environment and fetches nothing. The
`checkoutctl-validate` hook (`language: python`, what users add) has the same entry, files and types,
so what runs here is what it runs once pre-commit has installed checkoutctl into its environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pre_commit  # noqa: F401 - a test extra (pyproject): this test must run, never skip
import pytest
import yaml

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.integration

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_the_two_hooks_run_the_same_check():
    by_id = {h["id"]: h for h in HOOKS}
    python, system = by_id["checkoutctl-validate"], by_id["checkoutctl-validate-system"]
    assert python["language"] == "python" and system["language"] == "system"
    for key in ("entry", "files", "types", "require_serial"):
        assert python[key] == system[key], key
    assert python["entry"].startswith("checkoutctl validate")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def _try_repo(repo: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "checkoutctl-validate-system",
                           "--all-files", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=110)


@pytest.fixture
def project(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "project"
    (repo / "orders").mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(SAMPLES / "gestaoplus.yaml", repo / "orders" / "good.yaml")
    shutil.copy(SAMPLES / "pagbank-invalid.yaml", repo / "orders" / "bad.yaml")
    # YAML that is no order file: validate would call it invalid, the hook must not pass it on.
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (repo / "notes.txt").write_text("provider: not yaml at all\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "PRE_COMMIT_COLOR": "never",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    (tmp_path / "gitconfig").write_text("[safe]\n\tdirectory = *\n")
    return repo, env


def test_try_repo_fails_on_an_invalid_order_and_skips_other_yaml(project):
    repo, env = project
    proc = _try_repo(repo, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "orders/bad.yaml:19:13: error: order.customer.tax_id" in out
    assert "ci.yml" not in out and "notes.txt" not in out
    assert "orders/good.yaml" not in out  # valid: nothing said of it


def test_try_repo_passes_when_every_order_is_valid(project):
    repo, env = project
    _git(repo, "rm", "-qf", "orders/bad.yaml")
    proc = _try_repo(repo, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
