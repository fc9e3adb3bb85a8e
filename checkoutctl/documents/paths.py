"""How a file's path is shown: as the user wrote it, relative to the working directory where it can be.

A leaf (no YAML, no pathlib per call): `order history` shows the file of every journal entry, 10,000
rows in well under a millisecond each.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str, cwd: str | None = None) -> str:
    """The path as the user wrote it, relative to `cwd` (the working directory) where it can be."""
    if not os.path.isabs(path):
        return path
    cwd = os.getcwd() if cwd is None else cwd
    if os.sep == "/" and cwd != "/" and "//" not in path and "/./" not in path and not path.endswith(("/", "/.")):
        # Already in the form pathlib would give it, so comparing strings is comparing its parts.
        if path.startswith(cwd + "/"):
            return path[len(cwd) + 1:]
        return "." if path == cwd else path
    try:
        return str(Path(path).relative_to(cwd))
    except ValueError:
        return path
