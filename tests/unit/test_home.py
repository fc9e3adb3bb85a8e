"""CONTRACT §4: config in the user config dir, journal and sandbox state in the user state dir
(platformdirs; on Linux the XDG variables), CHECKOUTCTL_HOME overriding both; files the first release
left in the user data dir are moved once, with a note on stderr. Real processes, real XDG folders."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "tests" / "fixtures" / "legacy"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")


@pytest.fixture
def xdg(tmp_path):
    dirs = {name: tmp_path / name for name in ("config", "state", "data")}
    env = {k: v for k, v in os.environ.items() if k != "CHECKOUTCTL_HOME"}
    env.update(XDG_CONFIG_HOME=str(dirs["config"]), XDG_STATE_HOME=str(dirs["state"]), XDG_DATA_HOME=str(dirs["data"]))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "checkoutctl", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)

    return dirs, run


def test_config_in_the_config_dir_state_in_the_state_dir(xdg):
    dirs, run = xdg
    path = run("config", "path")
    assert path.returncode == 0, path.stderr
    assert path.stdout.strip() == str(dirs["config"] / "checkoutctl" / "config.yaml")
    assert "note:" not in path.stderr
    shown = json.loads(run("config", "show", "--output", "json").stdout)
    assert shown["config_path"] == str(dirs["config"] / "checkoutctl" / "config.yaml")
    assert shown["state_dir"] == str(dirs["state"] / "checkoutctl")
    placed = run("order", "create", str(ROOT / "samples" / "pagbank.yaml"))
    assert placed.returncode == 0, placed.stderr
    assert sorted(p.name for p in (dirs["state"] / "checkoutctl").iterdir() if p.suffix == ".sqlite3") == \
        ["journal.sqlite3", "sandbox.sqlite3"]
    assert not (dirs["config"] / "checkoutctl").exists() or not list((dirs["config"] / "checkoutctl").glob("*.sqlite3"))
    assert not dirs["data"].exists()


def test_checkoutctl_home_overrides_both(xdg, tmp_path):
    dirs, run = xdg
    home = tmp_path / "one-folder"
    result = subprocess.run([sys.executable, "-m", "checkoutctl", "config", "show", "--output", "json"], cwd=ROOT,
                            env={**os.environ, "CHECKOUTCTL_HOME": str(home), "XDG_STATE_HOME": str(dirs["state"])},
                            capture_output=True, text=True, timeout=60)
    shown = json.loads(result.stdout)
    assert shown["config_path"] == str(home / "config.yaml") and shown["state_dir"] == str(home)


def test_files_of_the_first_release_are_moved_once_with_a_note(xdg):
    dirs, run = xdg
    old = dirs["data"] / "checkoutctl"
    old.mkdir(parents=True)
    (old / "config.yaml").write_text("profiles: {}\n", encoding="utf-8")
    (old / "config.yaml").chmod(0o600)
    with sqlite3.connect(old / "journal.sqlite3") as db:
        db.executescript((LEGACY / "journal-0.x.sql").read_text(encoding="utf-8"))
        db.execute("PRAGMA journal_mode = WAL")
    db.close()
    # A write left in the write-ahead log, as a process that did not checkpoint leaves it.
    writer = sqlite3.connect(old / "journal.sqlite3")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE journal SET message = 'in the wal' WHERE entry_id = 8")
    writer.commit()
    history = run("order", "history", "--output", "json")
    writer.close()
    assert history.returncode == 0, history.stderr
    notes = [line for line in history.stderr.splitlines() if line.startswith("note: moved")]
    assert len(notes) == 2, history.stderr
    assert any("config.yaml" in n and str(dirs["config"]) in n for n in notes)
    assert any("journal.sqlite3" in n and str(dirs["state"]) in n for n in notes)
    entries = json.loads(history.stdout)
    assert len(entries) == 8 and entries[-1]["message"] == "in the wal"
    assert (dirs["config"] / "checkoutctl" / "config.yaml").read_text(encoding="utf-8") == "profiles: {}\n"
    assert not old.exists()  # nothing else was in it
    again = run("order", "history", "--output", "json")
    assert again.returncode == 0 and "note:" not in again.stderr
    assert len(json.loads(again.stdout)) == 8


def test_a_file_at_both_places_is_left_alone_and_said(xdg):
    dirs, run = xdg
    for folder, text in ((dirs["data"], "old"), (dirs["config"], "new")):
        (folder / "checkoutctl").mkdir(parents=True)
        (folder / "checkoutctl" / "config.yaml").write_text(f"# {text}\nprofiles: {{}}\n", encoding="utf-8")
        (folder / "checkoutctl" / "config.yaml").chmod(0o600)
    result = run("config", "path")
    assert result.returncode == 0
    assert "was left where it is" in result.stderr
    assert (dirs["config"] / "checkoutctl" / "config.yaml").read_text(encoding="utf-8").startswith("# new")
    assert (dirs["data"] / "checkoutctl" / "config.yaml").exists()
