"""Where uploaded files (media) are kept, chosen from the environment before settings load.

- `PONTE_MEDIA_STORAGE=local` (default): a folder, `PONTE_MEDIA_ROOT`.
- `PONTE_MEDIA_STORAGE=s3`: a bucket of any S3-compatible object store (AWS S3, MinIO,
  Garage, Ceph, a cloud's own), through django-storages and boto3. Files are private: Ponte
  reads them and serves them itself (sandboxed, with its permission checks), so the bucket
  needs no public access.

`PONTE_FILE_STORAGE` (a storage class's dotted path) still picks any other Django storage
when `PONTE_MEDIA_STORAGE` is `local`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"


def media_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The STORAGES["default"] entry the environment asks for."""
    kind = environ.get("PONTE_MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {
            "BACKEND": environ.get(
                "PONTE_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"
            )
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"PONTE_MEDIA_STORAGE must be local or s3, not {kind!r}.")
    bucket = environ.get("PONTE_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("PONTE_MEDIA_STORAGE=s3 needs PONTE_S3_BUCKET.")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Private objects: no ACL sent (many stores refuse ACLs), links signed if ever used.
        "default_acl": None,
        "querystring_auth": True,
        # A name is never reused: core/files.py gives each upload a random part already.
        "file_overwrite": False,
        "location": environ.get("PONTE_S3_PREFIX", "").strip("/"),
    }
    optional = {
        "endpoint_url": "PONTE_S3_ENDPOINT_URL",
        "region_name": "PONTE_S3_REGION",
        "access_key": "PONTE_S3_ACCESS_KEY_ID",
        "secret_key": "PONTE_S3_SECRET_ACCESS_KEY",
        "addressing_style": "PONTE_S3_ADDRESSING_STYLE",
    }
    for option, name in optional.items():
        value = environ.get(name, "").strip()
        if value:  # else boto3's own defaults (AWS_* variables, instance roles)
            options[option] = value
    style = options.get("addressing_style")
    if style not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured(
            f"PONTE_S3_ADDRESSING_STYLE must be path, virtual or auto, not {style!r}."
        )
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
