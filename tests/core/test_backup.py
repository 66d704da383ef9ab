"""`ponte backup` and `ponte restore`: the database and the media files in one archive and
back, on SQLite (online backup API) and on PostgreSQL (pg_dump/pg_restore), all or nothing."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ponte.accounts.models import Role
from ponte.core import backup as backups
from ponte.core.backup import row_counts
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Attachment, Item
from tests.factories import ItemFactory, LocalGovernmentFactory, UserFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _populate() -> Attachment:
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    member = UserFactory(role=Role.MEMBER, local_government=surabaya)
    item = ItemFactory(owner=surabaya)
    ItemFactory(owner=surabaya)
    return knowledge.attachment_add(
        actor=member, item=item, upload=SimpleUploadedFile("report.pdf", PDF)
    )


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_backup_and_restore_round_trip(
    vendor: str, reference_data: None, media: Path, tmp_path: Path
) -> None:
    if connection.vendor != vendor:
        pytest.skip(f"the tests run on {connection.vendor} (DATABASE_URL)")
    attachment = _populate()
    before = row_counts()
    files = _files(media)
    assert files == {attachment.file.name: PDF}
    archive = tmp_path / "ponte.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(files)} media files to {archive}" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert backups.MANIFEST in names and f"media/{attachment.file.name}" in names
    assert backups.DUMPS[vendor] in names

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", str(archive))

    # Afterwards: more rows, the file lost, a file the backup does not have.
    ItemFactory.create_batch(3, owner=attachment.item.owner)
    Attachment.objects.filter(pk=attachment.pk).update(name="renamed.pdf")
    (media / attachment.file.name).unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert row_counts() != before

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "removed 1 media files" in out.getvalue()
    assert row_counts() == before
    assert Item.objects.count() == 2
    assert Attachment.objects.get(pk=attachment.pk).name == "report.pdf"
    assert _files(media) == files


def test_a_failed_restore_changes_nothing(
    reference_data: None, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment = _populate()
    archive = tmp_path / "ponte.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    (media / attachment.file.name).unlink()
    extra = ItemFactory(owner=attachment.item.owner)
    before = row_counts()

    def fails(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(backups, "_load_database", fails)
    with pytest.raises(CommandError, match="nothing was changed: disk full"):
        call_command("restore", str(archive), "--force")
    assert row_counts() == before and Item.objects.filter(pk=extra.pk).exists()
    assert _files(media) == {}  # the file it had put back is removed again
    monkeypatch.undo()

    # A damaged archive is refused before anything changes.
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError):
        call_command("restore", str(truncated), "--force")
    assert row_counts() == before


def test_clear_errors_for_wrong_paths(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar"))
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as tar:
        tar.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="not a Ponte backup"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", str(tmp_path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "ponte.tar"))
