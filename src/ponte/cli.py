"""The `ponte` command: Django's manage.py for Ponte, plus Ponte's own commands
(`ponte init`, `ponte demo`, `ponte serve`, …)."""

from __future__ import annotations

import os
import secrets
import sys

from ponte.core.env import env_bool
from ponte.core.paths import var_dir


def _local_secret_key() -> str:
    """A per-installation secret for the embedded default, kept under var/ (git-ignored).

    Production sets PONTE_SECRET_KEY in the environment and this file is never created.
    """
    path = var_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["runserver"] and not env_bool("PONTE_DEBUG", default=False):
        # One process with a small listen backlog: fine on a developer's machine only.
        sys.stderr.write(
            "`ponte runserver` is Django's development server: set PONTE_DEBUG=true to use it "
            "while developing. To serve Ponte, run `ponte serve`.\n"
        )
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    if not os.environ.get("PONTE_SECRET_KEY") and not os.environ.get("PONTE_DEBUG"):
        os.environ["PONTE_SECRET_KEY"] = _local_secret_key()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ponte", *args])


if __name__ == "__main__":
    main()
