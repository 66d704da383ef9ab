"""Uploaded files are written when the transaction that records them commits: a transaction
that fails leaves no file behind, and a file that cannot be written leaves no record."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services as cooperation
from ponte.cooperation.models import Document
from ponte.core.files import FileNotStoredError
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Attachment, Item, Revision
from tests.cooperation.factories import ProjectFactory
from tests.factories import ItemFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.django_db
def test_a_failed_transaction_leaves_no_file_in_media_root(world: dict, media: Path) -> None:
    item = ItemFactory(owner=world["surabaya"])
    with pytest.raises(RuntimeError), transaction.atomic():
        knowledge.attachment_add(
            actor=world["surabaya_member"], item=item, upload=SimpleUploadedFile("a.pdf", PDF)
        )
        raise RuntimeError("the database connection was lost")
    assert _files(media) == [] and not Attachment.objects.exists()
    project = ProjectFactory(implementers=[world["surabaya"]])
    with pytest.raises(Exception, match="Some fields are not valid"):  # a title too long
        cooperation.document_add(
            actor=SYSTEM,
            upload=SimpleUploadedFile("mou.pdf", PDF),
            title="x" * 301,
            category="A09",
            project=project,
        )
    assert _files(media) == [] and not Document.objects.exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_written_leaves_no_record(
    world: dict,
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def disk_full(self: Any, name: str, content: Any, max_length: Any = None) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    item = ItemFactory(owner=world["surabaya"])
    revisions = Revision.objects.filter(item=item).count()
    with (
        pytest.raises(FileNotStoredError, match="No space left on device"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        knowledge.attachment_add(
            actor=world["surabaya_member"], item=item, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not Attachment.objects.exists()
    assert Revision.objects.filter(item=item).count() == revisions
    assert Item.objects.get(pk=item.pk).cover is None
    assert _files(media) == []


@pytest.mark.django_db(transaction=True)
def test_an_accepted_file_is_written_on_commit_and_served_sandboxed(
    reference_data: None, media: Path
) -> None:
    from ponte.accounts.models import Role
    from tests.factories import LocalGovernmentFactory, UserFactory

    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    member = UserFactory(role=Role.MEMBER, local_government=surabaya)
    item = ItemFactory(owner=surabaya)
    client = Client()
    client.force_login(member)
    response = client.post(
        f"/library/{item.slug}/attach/", {"file": SimpleUploadedFile("Report 2023.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = item.attachments.get()
    assert [path.read_bytes() for path in _files(media)] == [PDF]
    assert (media / attachment.file.name).exists()
    served = client.get(f"/library/{item.slug}/files/{attachment.pk}/")
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "report-2023.pdf" in served["Content-Disposition"]
    assert (
        "sandbox" in served["Content-Security-Policy"]
        and served["X-Content-Type-Options"] == "nosniff"
    )


@pytest.mark.django_db
def test_a_long_file_name_is_shortened_to_fit_its_column(
    world: dict, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    project = ProjectFactory(implementers=[world["surabaya"]])
    with django_capture_on_commit_callbacks(execute=True):
        document = cooperation.document_add(
            actor=SYSTEM,
            upload=SimpleUploadedFile("m" * 200 + ".pdf", PDF),
            title="Signed MoU",
            category="A09",
            project=project,
        )
    stored = Document.objects.get(pk=document.pk).file.name
    assert len(stored) <= 100 and stored.endswith(".pdf") and stored.startswith("cooperation/")
    assert (media / stored).read_bytes() == PDF
