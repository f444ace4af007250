"""Test settings: the real settings with fast hashing, isolated media and plain static files."""

import os
import tempfile
from pathlib import Path

# The caches on disk, shared with any process a test starts (it inherits the variable).
os.environ.setdefault("DJANGO_CACHE_DIR", tempfile.mkdtemp(prefix="newsroom-test-cache-"))
# MEDIA_S3_ENDPOINT (an S3-compatible server: .ci/run starts moto's on loopback): media and
# private files in two buckets of this session's own there, through the production settings
# (MEDIA_STORAGE=s3). tests/media.py makes the buckets and empties them at the end.
if os.environ.get("MEDIA_S3_ENDPOINT"):
    _session = os.urandom(4).hex()
    os.environ.update(
        MEDIA_STORAGE="s3",
        AWS_S3_ENDPOINT_URL=os.environ["MEDIA_S3_ENDPOINT"],
        AWS_S3_REGION_NAME="ap-northeast-2",
        AWS_STORAGE_BUCKET_NAME=f"newsroom-test-media-{_session}",
        AWS_PRIVATE_STORAGE_BUCKET_NAME=f"newsroom-test-private-{_session}",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )

from .settings import *  # noqa: E402, F403
from .settings import DATABASES, MEDIA_STORAGE, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-private-"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if MEDIA_STORAGE == "disk":
    STORAGES["private"] = {
        **STORAGES["private"],
        "OPTIONS": {**STORAGES["private"]["OPTIONS"], "location": PRIVATE_ROOT},
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live_server answers requests in several threads,
    # and an in-memory database would be one connection shared by all of them ("table is locked").
    DATABASES["default"]["TEST"] = {"NAME": f"{tempfile.mkdtemp(prefix='newsroom-test-db-')}/db"}
if "replica" in DATABASES:
    # The standby's copy of the test database: as a test MIRROR of default, Django creates
    # nothing on it and gives it the test database's name, on its own host and port (only NAME
    # is copied), and no test wraps it in a transaction or flushes it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    # Processes a test starts get a database of their own, never this session's replica.
    os.environ.pop("DATABASE_REPLICA_URL")
# Tests read the primary: most run inside a transaction the standby never sees, or change rows
# faster than it applies them. A test of the replica lowers this (tests/newsroom/test_replica.py).
REPLICA_MAX_LAG = 24 * 3600
