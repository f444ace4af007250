"""The media tests on object storage.

With MEDIA_S3_ENDPOINT set (an S3-compatible server: .ci/run starts moto's on loopback),
newsroom.settings_test switches the production settings to MEDIA_STORAGE=s3 with two buckets named
for this session; buckets() makes them before the first test and removes them after the last.
Tests marked `media` (uploads, EXIF stripping, the editor's browser, photo sizes, reader pages
with photos, the move to the bucket) run in both modes; in S3 mode the others are skipped, as
they reach for the disk on purpose.
"""

import shutil
import tempfile
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings

ALIASES = ("default", "private")


def on_s3() -> bool:
    return settings.MEDIA_STORAGE == "s3"


def client(alias: str):
    """boto3's S3 client as the storage `alias` has it (endpoint, region, keys)."""
    return storages[alias].connection.meta.client


@contextmanager
def buckets():
    if not on_s3():
        yield
        return
    for alias in ALIASES:
        storage = storages[alias]
        client(alias).create_bucket(
            Bucket=storage.bucket_name,
            CreateBucketConfiguration={"LocationConstraint": storage.region_name},
        )
    try:
        yield
    finally:
        for alias in ALIASES:
            empty(alias)
            client(alias).delete_bucket(Bucket=storages[alias].bucket_name)


def empty(alias: str) -> None:
    """Delete every object in the storage's bucket."""
    bucket = storages[alias].bucket_name
    pages = client(alias).get_paginator("list_objects_v2").paginate(Bucket=bucket)
    for page in pages:
        keys = [{"Key": entry["Key"]} for entry in page.get("Contents", ())]
        if keys:
            client(alias).delete_objects(Bucket=bucket, Delete={"Objects": keys})


def object_names(alias: str = "default") -> set[str] | None:
    """Every name in the storage's bucket, from one flat listing (a walk of the folders asks once
    a folder); None on the disk."""
    if not on_s3():
        return None
    bucket = storages[alias].bucket_name
    pages = client(alias).get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {entry["Key"] for page in pages for entry in page.get("Contents", ())}


def skip_disk_only(items) -> None:
    """On S3, skip the tests not marked `media`."""
    if not on_s3():
        return
    skip = pytest.mark.skip(reason="disk only: not marked media (MEDIA_S3_ENDPOINT is set)")
    for item in items:
        if item.get_closest_marker("media") is None:
            item.add_marker(skip)


class IsolatedMedia:
    """A TestCase mixin: each test starts with an empty media storage (its own folder on the
    disk; on S3, this session's bucket emptied before and after it)."""

    def setUp(self):
        super().setUp()
        if on_s3():
            empty("default")
            self.addCleanup(empty, "default")
            return
        media = tempfile.mkdtemp(prefix="newsroom-test-media-")
        self.addCleanup(shutil.rmtree, media)
        self.enterContext(override_settings(MEDIA_ROOT=media))
