"""The `ponte` command: Django's manage.py for Ponte, plus Ponte's own commands
(`ponte init`, `ponte demo`, `ponte serve`, …)."""

from __future__ import annotations

import os
import secrets
import signal
import sys
from typing import Any, NoReturn

from ponte.core.env import env_bool, missing_secret_key_message
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


def _reader_gone() -> NoReturn:
    """The reader of our output left (`ponte match need 25 | head`): stop quietly, with the
    status a Unix tool killed by SIGPIPE has. What is still buffered goes to /dev/null, so
    flushing it at exit cannot fail a second time. Objects torn down on the way out (a
    query's cursor after Django closed the connection) may complain in their finalisers;
    nobody is reading any more, so those complaints are not printed either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    os.close(devnull)
    sys.unraisablehook = lambda _unraisable: None
    raise SystemExit(128 + signal.SIGPIPE)


class _PipeAwareStdout:
    """Standard output whose writes end the program quietly once the reader has gone.

    SystemExit passes through the `except Exception` with which some commands (Django's
    dumpdata) turn every error into a message of their own; SIGPIPE's default action is not
    an option, since it would also kill `ponte serve` when a browser drops its connection."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            _reader_gone()

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            _reader_gone()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["move-to-postgres"]:  # the command's module cannot have a dash
        args = ["move_to_postgres", *args[1:]]
    if args[:1] == ["runserver"] and not env_bool("PONTE_DEBUG", default=False):
        # One process with a small listen backlog: fine on a developer's machine only.
        sys.stderr.write(
            "`ponte runserver` is Django's development server: set PONTE_DEBUG=true to use it "
            "while developing. To serve Ponte, run `ponte serve`.\n"
        )
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    if not os.environ.get("PONTE_SECRET_KEY"):
        if env_bool("PONTE_DEBUG", default=False):
            sys.stderr.write(missing_secret_key_message(debug=True) + "\n")
            sys.exit(2)
        os.environ["PONTE_SECRET_KEY"] = _local_secret_key()
    from django.core.management import execute_from_command_line

    stdout = sys.stdout
    sys.stdout = _PipeAwareStdout(stdout)
    try:
        execute_from_command_line(["ponte", *args])
        sys.stdout.flush()
    except BrokenPipeError:  # from what writes to sys.stdout.buffer itself (`ponte export`)
        _reader_gone()
    finally:
        sys.stdout = stdout


if __name__ == "__main__":
    main()
