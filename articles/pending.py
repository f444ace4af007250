"""Lead photos waiting for their article's save.

A photo chosen on the change form is cleaned at once (articles.images.process_image) and kept
here, in a private folder outside the public media (PENDING_UPLOAD_ROOT), until the article is
saved. The form that comes back with an error carries it as a signed token, so the photo is
neither lost nor published before its article. `manage.py clean_pending_uploads` deletes what
was never saved, after MAX_AGE.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from .images import FORMATS, CleanImage

MAX_AGE = timedelta(hours=24)
SALT = "articles.pending-photo"
# extension -> content type of what process_image() writes
CONTENT_TYPES = dict(FORMATS.values())


class Gone(Exception):
    """The photo a form refers to is no longer waiting (expired, cleaned, or not this user's)."""


@dataclass(frozen=True)
class Pending:
    token: str  # signed: the file, the upload's name, who uploaded it
    file: str  # the name in the pending storage
    name: str  # the upload's own (safe) name, which the saved photo keeps


def storage() -> FileSystemStorage:
    """The private folder: never under MEDIA_ROOT, never served but by the admin's thumbnail
    view (to the person who uploaded the photo)."""
    return FileSystemStorage(
        location=settings.PENDING_UPLOAD_ROOT,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def stash(clean: CleanImage, *, user) -> Pending:
    """Keep a cleaned photo until its article is saved."""
    extension = PurePosixPath(clean.name).suffix
    file = storage().save(f"{secrets.token_hex(16)}{extension}", clean)
    clean.seek(0)
    token = signing.dumps(
        {"f": file, "n": clean.name, "u": getattr(user, "pk", None)}, salt=SALT, compress=True
    )
    return Pending(token=token, file=file, name=clean.name)


def find(token: str, *, user) -> Pending:
    """The waiting photo a token names, if it is this user's and not older than MAX_AGE."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # expired, or not ours
        raise Gone from None
    if data.get("u") != getattr(user, "pk", None) or not storage().exists(data["f"]):
        raise Gone
    return Pending(token=token, file=data["f"], name=data["n"])


def load(token: str, *, user) -> tuple[CleanImage, Pending]:
    """The waiting photo, ready to be saved with its article (it is not cleaned again)."""
    waiting = find(token, user=user)
    with storage().open(waiting.file) as stored:
        data = stored.read()
    extension = PurePosixPath(waiting.file).suffix[1:]
    clean = CleanImage(
        BytesIO(data), "upload", waiting.name, CONTENT_TYPES[extension], len(data), None
    )
    return clean, waiting


def discard(waiting: Pending) -> None:
    storage().delete(waiting.file)


def older_than(age: timedelta) -> list[str]:
    """The waiting photos stored more than `age` ago, oldest first."""
    box = storage()
    try:
        _, files = box.listdir("")
    except FileNotFoundError:
        return []
    limit = timezone.now() - age
    dated = ((box.get_modified_time(name), name) for name in files)
    return [name for modified, name in sorted(dated) if modified < limit]
