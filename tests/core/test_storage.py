"""Media on S3-compatible object storage (django-storages, boto3), chosen from the
environment, tested against moto's S3: an attachment uploaded through the library's page is
written to the bucket when its transaction commits and is served back from there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto import mock_aws

from ponte.core.files import FileNotStoredError
from ponte.core.storage import media_storage
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Attachment
from tests.factories import ItemFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
S3_ENV = {
    "PONTE_MEDIA_STORAGE": "s3",
    "PONTE_S3_BUCKET": "ponte-media",
    "PONTE_S3_REGION": "eu-west-1",
    "PONTE_S3_ACCESS_KEY_ID": "testing",
    "PONTE_S3_SECRET_ACCESS_KEY": "testing",
    "PONTE_S3_PREFIX": "/uploads/",
}


@pytest.fixture
def bucket(settings: Any) -> Iterator[Any]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(
            Bucket="ponte-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": media_storage(S3_ENV)}
        yield s3


def test_the_environment_chooses_the_storage() -> None:
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = media_storage({**S3_ENV, "PONTE_S3_ENDPOINT_URL": "https://minio.internal:9000"})
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "ponte-media"
    assert s3["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"
    assert s3["OPTIONS"]["location"] == "uploads"
    assert s3["OPTIONS"]["default_acl"] is None
    with pytest.raises(ImproperlyConfigured, match="PONTE_S3_BUCKET"):
        media_storage({"PONTE_MEDIA_STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        media_storage({"PONTE_MEDIA_STORAGE": "ftp"})


@pytest.mark.django_db(transaction=True)
def test_an_attachment_goes_to_the_bucket_and_is_served_back(
    reference_data: None, bucket: Any
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
    [stored] = bucket.list_objects_v2(Bucket="ponte-media")["Contents"]
    assert stored["Key"] == f"uploads/{attachment.file.name}"
    assert bucket.get_object(Bucket="ponte-media", Key=stored["Key"])["Body"].read() == PDF
    served = client.get(f"/library/{item.slug}/files/{attachment.pk}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_bucket_that_refuses_leaves_no_record(
    world: dict, bucket: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bucket.delete_bucket(Bucket="ponte-media")  # the store answers NoSuchBucket
    item = ItemFactory(owner=world["surabaya"])
    with (
        pytest.raises(FileNotStoredError, match="the file storage refused it"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        knowledge.attachment_add(
            actor=world["surabaya_member"], item=item, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not Attachment.objects.exists()
