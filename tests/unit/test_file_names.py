"""ordering/file_names.py: a server's file name becomes one safe name; nothing there is replaced or followed."""

from __future__ import annotations

import pytest

from checkoutctl.ordering.file_names import MAX_NAME, safe_file_name, write_new_file


@pytest.mark.parametrize("name, safe", [
    ("boleto.pdf", "boleto.pdf"), ("../../etc/passwd", "_.._etc_passwd"), ("..\\..\\boot.ini", "_.._boot.ini"),
    ("\x00\x1b]0;x\x07a.pdf", "]0;xa.pdf"), ("...", "fallback"), ("", "fallback"), (None, "fallback"),
    (" .env ", "env"), ("name. ", "name"), ("\u202efdp.exe", "fdp.exe"),
])
def test_safe_file_name(name, safe):
    assert safe_file_name(name, "fallback") == safe


def test_a_long_name_keeps_its_extension():
    assert safe_file_name("x" * 1000 + ".pdf", "f") == "x" * (MAX_NAME - 4) + ".pdf"


def test_an_existing_file_or_symlink_gets_a_numbered_name_and_stays_untouched(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_bytes(b"keep")
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "a.pdf").symlink_to(target)
    (folder / "a (1).pdf").write_bytes(b"old")
    assert write_new_file(folder, "a.pdf", b"new") == folder / "a (2).pdf"
    assert target.read_bytes() == b"keep" and (folder / "a (1).pdf").read_bytes() == b"old"
    assert (folder / "a (2).pdf").read_bytes() == b"new"
