"""Backups of a whole installation (the database and the uploaded files) in one archive, and
their restore; and the row counts that `ponte move-to-postgres` checks.

An archive is a tar file holding:

- `ponte-backup.json`: what it is (format, database vendor, when, row counts per table, the
  media files);
- `database.sqlite3` (SQLite's online backup API: a consistent copy while Ponte keeps
  running) or `database.pgdump` (`pg_dump -Fc`);
- `media/…`: every file of the media storage (a folder or an S3 bucket alike).

Restoring is all-or-nothing: the archive is read and checked whole before anything changes;
the media files are written first, then the database is replaced in one step (SQLite's
backup API into the live database, or `pg_restore --single-transaction`). If the database
step fails, the files it added are removed again and the database is as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

FORMAT = 1
MANIFEST = "ponte-backup.json"
MEDIA = "media/"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# Tables and their rows ---------------------------------------------------------------------


def stored_models() -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of every model, on the database `alias`."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts: dict[str, int] = {}
    for model in stored_models():
        table = model._meta.db_table
        if table in existing:
            counts[table] = model._base_manager.using(alias).count()
    return dict(sorted(counts.items()))


def holds_data(alias: str = "default") -> bool:
    return any(row_counts(alias).values())


# Media -------------------------------------------------------------------------------------


def media_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file's name in the media storage (an empty or missing folder has none)."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


# The database's dump -----------------------------------------------------------------------


def _pg_environment(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, and the password in the environment
    (never on the command line, where `ps` shows it)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, no shell)
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            f"(Debian: postgresql-client) of the server's version or newer."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def dump_database(target: Path, alias: str = "default") -> str:
    """Write a consistent copy of the database to `target`; its vendor."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            with connection.wrap_database_errors:
                connection.connection.backup(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_environment(connection)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target),
            ],
            env,
        )
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return str(connection.vendor)


def _check_dump(path: Path, vendor: str) -> None:
    """Refuse a damaged dump before anything is changed."""
    if vendor == "sqlite":
        try:
            copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                [verdict] = copy.execute("PRAGMA integrity_check").fetchone()
            finally:
                copy.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"The archive's database is damaged: {exc}.") from exc
        if verdict != "ok":
            raise BackupError(f"The archive's database is damaged: {verdict}.")
    else:
        _run(["pg_restore", "--list", str(path)], dict(os.environ))


def _load_database(path: Path, vendor: str, alias: str = "default") -> None:
    """Replace the database with the dump, in one step: nothing changes if it fails."""
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            with connection.wrap_database_errors:
                source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_environment(connection)
        connection.close()  # no session of ours holds a lock on what is replaced
        _run(
            [
                "pg_restore",
                "--single-transaction",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                *args,
                str(path),
            ],
            env,
        )


# Backup and restore ------------------------------------------------------------------------


@dataclass
class Report:
    vendor: str
    counts: dict[str, int]
    media: list[str] = field(default_factory=list)
    removed_media: int = 0


def backup(path: Path, alias: str = "default") -> Report:
    """Write the database and the media files to the archive `path` (replaced only once the
    new archive is complete)."""
    path = path.resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the archive's file name.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix="ponte-backup-") as work:
        vendor = connections[alias].vendor
        if vendor not in DUMPS:
            raise BackupError(f"Backups of {vendor} databases are not supported.")
        dump = Path(work) / DUMPS[vendor]
        counts = row_counts(alias)
        dump_database(dump, alias)
        names = list(media_names())
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "counts": counts,
            "media": names,
        }
        partial = path.with_name(f".{path.name}.partial")
        try:
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                with tempfile.TemporaryFile() as buffer:
                    buffer.write(data)
                    buffer.seek(0)
                    archive.addfile(info, buffer)
                archive.add(dump, arcname=DUMPS[vendor])
                for name in names:
                    with default_storage.open(name, "rb") as media_file:
                        info = tarfile.TarInfo(MEDIA + name)
                        info.size = default_storage.size(name)
                        archive.addfile(info, media_file)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Report(vendor=vendor, counts=counts, media=names)


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        stream = archive.extractfile(member)
        manifest: dict[str, Any] = json.load(stream) if stream else {}
    except (KeyError, ValueError) as exc:
        raise BackupError("This is not a Ponte backup (it has no ponte-backup.json).") from exc
    if manifest.get("format") != FORMAT or manifest.get("vendor") not in DUMPS:
        raise BackupError("This backup's format is not one this version of Ponte reads.")
    return manifest


def restore(path: Path, *, force: bool = False, alias: str = "default") -> Report:
    """Replace the database and the media files with the archive's."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    connection = connections[alias]
    with tempfile.TemporaryDirectory(prefix="ponte-restore-") as work:
        # Read and check everything before changing anything.
        try:
            with tarfile.open(path, "r") as archive:
                manifest = read_manifest(archive)
                vendor = manifest["vendor"]
                if vendor != connection.vendor:
                    hint = (
                        " Restore it into SQLite, then run `ponte move-to-postgres`."
                        if vendor == "sqlite"
                        else ""
                    )
                    raise BackupError(
                        f"This backup is of a {vendor} database; this installation uses "
                        f"{connection.vendor}.{hint}"
                    )
                archive.extractall(work, filter="data")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"The archive cannot be read: {exc}.") from exc
        dump = Path(work) / DUMPS[vendor]
        media_root = Path(work) / MEDIA.rstrip("/")
        names: list[str] = list(manifest.get("media", []))
        missing = [name for name in names if not (media_root / name).is_file()]
        if not dump.is_file() or missing:
            raise BackupError(
                "The archive is incomplete: "
                + (f"{len(missing)} media files are missing." if missing else "no database.")
            )
        _check_dump(dump, vendor)
        existing_media = set(media_names())
        if not force and (holds_data(alias) or existing_media):
            raise BackupError(
                "This installation already holds data (the database or the media files). "
                "Restoring replaces all of it: run again with --force to do so."
            )
        # Media first, remembering what was added, so that a failed database step can be undone.
        added: list[str] = []
        try:
            for name in names:
                if name in existing_media:
                    default_storage.delete(name)
                with (media_root / name).open("rb") as content:
                    stored = default_storage.save(name, File(content))
                if stored != name:
                    raise BackupError(f"The media storage stored {name} as {stored}.")
                added.append(name)
            _load_database(dump, vendor, alias)
        except BaseException as exc:
            for name in added:
                if name not in existing_media:
                    default_storage.delete(name)
            if isinstance(exc, BackupError | KeyboardInterrupt):
                raise
            raise BackupError(f"The restore failed, nothing was changed: {exc}") from exc
        # Files of the replaced installation that the backup does not have.
        stale = existing_media - set(names)
        for name in stale:
            default_storage.delete(name)
    connections[alias].close()
    return Report(vendor=vendor, counts=row_counts(alias), media=names, removed_media=len(stale))
