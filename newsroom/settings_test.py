"""Test settings: the real settings with fast hashing, isolated media and plain static files."""

import os
import tempfile
from pathlib import Path

# The caches on disk, shared with any process a test starts (it inherits the variable).
os.environ.setdefault("DJANGO_CACHE_DIR", tempfile.mkdtemp(prefix="newsroom-test-cache-"))

from .settings import *  # noqa: E402, F403
from .settings import DATABASES, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
PENDING_UPLOAD_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-pending-"))
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-private-"))
STORAGES = {
    **STORAGES,
    "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live_server answers requests in several threads,
    # and an in-memory database would be one connection shared by all of them ("table is locked").
    DATABASES["default"]["TEST"] = {"NAME": f"{tempfile.mkdtemp(prefix='newsroom-test-db-')}/db"}
