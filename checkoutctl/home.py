"""Where checkoutctl keeps its files (CONTRACT §4): `CHECKOUTCTL_HOME`, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def home_dir() -> Path:
    """The folder holding config.yaml, the journal and the sandbox database (not created here)."""
    configured = os.environ.get("CHECKOUTCTL_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("checkoutctl"))
