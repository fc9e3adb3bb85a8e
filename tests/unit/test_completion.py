"""`checkoutctl completion bash|zsh|fish` (CONTRACT §3): a script for each shell, and the program
answers the completion requests that script makes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o default -F _checkoutctl_completion checkoutctl"),
                                           ("zsh", "#compdef checkoutctl"), ("fish", "complete --command checkoutctl")])
def test_each_shell_gets_its_script(cli, shell, marker):
    res = cli("completion", shell)
    assert res.code == 0, res.err
    assert marker in res.out and "_CHECKOUTCTL_COMPLETE" in res.out


def test_an_unknown_shell_is_a_usage_error(cli):
    assert cli("completion", "tcsh").code == 2


@pytest.mark.parametrize("words, cword, expected", [("checkoutctl ord", 1, "order"),
                                                     ("checkoutctl order show --ex", 3, "--exit-status")])
def test_the_script_s_requests_are_answered(words, cword, expected):
    env = {**os.environ, "_CHECKOUTCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    res = subprocess.run([sys.executable, "-m", "checkoutctl"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert expected in res.stdout.split()
