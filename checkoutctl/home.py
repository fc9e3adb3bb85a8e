"""Where checkoutctl keeps its files (CONTRACT §4).

    config_dir()   config.yaml                                    platformdirs' user config dir
    state_dir()    journal.sqlite3, journal-recovery.jsonl,       platformdirs' user state dir
                   sandbox.sqlite3
    CHECKOUTCTL_HOME, when set, is both: everything in that one folder.

The first release kept everything in the user *data* dir. The first time either folder is asked for,
files found there are moved to where they belong, once, with a note on stderr (a SQLite file is
checkpointed first, so its write-ahead log is in the file that moves).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "checkoutctl"
CONFIG_FILE = "config.yaml"
# What the first release kept in platformdirs.user_data_dir("checkoutctl"), and where each goes now.
_CONFIG_FILES = (CONFIG_FILE,)
_STATE_FILES = ("journal.sqlite3", "sandbox.sqlite3", "journal-recovery.jsonl")
_moved = False


def _home_override() -> Path | None:
    configured = os.environ.get("CHECKOUTCTL_HOME", "").strip()
    return Path(configured).expanduser() if configured else None


def config_dir() -> Path:
    """The folder holding config.yaml (not created here)."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs

    _move_from_first_release()
    return Path(platformdirs.user_config_dir(APP))


def state_dir() -> Path:
    """The folder holding the journal and the sandbox database (not created here)."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs

    _move_from_first_release()
    return Path(platformdirs.user_state_dir(APP))


def config_file() -> Path:
    return config_dir() / CONFIG_FILE


def _move_from_first_release() -> None:
    global _moved
    if _moved:
        return
    _moved = True
    import platformdirs

    old = Path(platformdirs.user_data_dir(APP))
    if not old.is_dir():
        return
    for names, new in ((_CONFIG_FILES, Path(platformdirs.user_config_dir(APP))),
                       (_STATE_FILES, Path(platformdirs.user_state_dir(APP)))):
        if new == old:
            continue  # macOS: the data, config and state dirs are one folder
        for name in names:
            _move(old / name, new / name)
    try:
        old.rmdir()  # only if nothing else is left in it
    except OSError:
        pass


def _move(source: Path, target: Path) -> None:
    if not source.is_file():
        return
    if target.exists():
        _note(f"{source} was left where it is: {target} already exists (move or remove one of them)")
        return
    import shutil

    if source.suffix == ".sqlite3":
        _checkpoint(source)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.move(str(source), str(target))
        for suffix in ("-wal", "-shm"):  # only left if the checkpoint could not run
            side = source.with_name(source.name + suffix)
            if side.exists():
                shutil.move(str(side), str(target.with_name(target.name + suffix)))
    except OSError as err:
        _note(f"could not move {source} to {target}: {err}; checkoutctl no longer reads it there, move it by hand")
        return
    _note(f"moved {source} to {target} (CONTRACT §4: config in the config dir, state in the state dir)")


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so one file holds everything that is moved."""
    import sqlite3

    try:
        db = sqlite3.connect(path, timeout=5)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    except sqlite3.Error:
        pass  # a damaged file moves as it is, its -wal/-shm beside it


def _note(text: str) -> None:
    sys.stderr.write(f"note: {text}\n")
