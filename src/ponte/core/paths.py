"""Where Ponte keeps its files, decided before settings load (the CLI needs it too)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def base_dir() -> Path:
    """The repository root when running from a checkout (PONTE_HOME overrides)."""
    return Path(os.environ.get("PONTE_HOME") or PACKAGE_DIR.parent.parent)


def var_dir() -> Path:
    """The SQLite database, uploads and the local secret live here (git-ignored)."""
    return Path(os.environ.get("PONTE_VAR_DIR") or base_dir() / "var")
