"""The error boundary: exit codes, one-line errors, and `--debug` accepted anywhere on the line."""

from __future__ import annotations


def test_expected_failure_is_one_line_without_traceback(cli):
    result = cli("order", "show", "NOT-IN-JOURNAL")
    assert result.code == 2
    assert result.err.startswith("error: 'NOT-IN-JOURNAL' is not in this machine's journal")
    assert "Traceback" not in result.err


def test_debug_after_the_command_shows_the_traceback(cli):
    result = cli("order", "show", "NOT-IN-JOURNAL", "--debug")
    assert result.code == 2
    assert "Traceback (most recent call last)" in result.err


def test_debug_before_the_command_works_too(cli):
    result = cli("--debug", "order", "show", "NOT-IN-JOURNAL")
    assert result.code == 2 and "Traceback" in result.err


def test_unknown_option_is_a_usage_error(cli):
    result = cli("order", "show", "--bogus")
    assert result.code == 2 and "No such option" in result.err and "Traceback" not in result.err
