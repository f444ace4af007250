"""Lead photos waiting for their article's save.

A photo chosen on the change form is cleaned at once (articles.images.process_image) and kept
in the private storage (STORAGES["private"]: a folder outside the public media, or the private
bucket), under pending/, until the article is saved: a form sent by one server is finished by
whichever server takes the next request. The form that comes back with an error carries it as
a signed token, so the photo is neither lost nor published before its article.
`manage.py clean_pending_uploads` deletes what was never saved, after MAX_AGE.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import PurePosixPath

from django.core import signing
from django.core.files.storage import Storage, storages
from django.utils import timezone

from .images import FORMATS, CleanImage

MAX_AGE = timedelta(hours=24)
FOLDER = "pending/"
SALT = "articles.pending-photo"
# extension -> content type of what process_image() writes
CONTENT_TYPES = dict(FORMATS.values())


class Gone(Exception):
    """The photo a form refers to is no longer waiting (expired, cleaned, or not this user's)."""


@dataclass(frozen=True)
class Pending:
    token: str  # signed: the file, the upload's name, who uploaded it
    file: str  # the name in the private storage (pending/…)
    name: str  # the upload's own (safe) name, which the saved photo keeps


def storage() -> Storage:
    """The private storage: never served but by the admin's thumbnail view (to the person who
    uploaded the photo)."""
    return storages["private"]


def stash(clean: CleanImage, *, user) -> Pending:
    """Keep a cleaned photo until its article is saved."""
    extension = PurePosixPath(clean.name).suffix
    file = storage().save(f"{FOLDER}{secrets.token_hex(16)}{extension}", clean)
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
    if data.get("u") != getattr(user, "pk", None) or not data["f"].startswith(FOLDER):
        raise Gone
    if not storage().exists(data["f"]):
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
        _, files = box.listdir(FOLDER)
    except FileNotFoundError:
        return []
    limit = timezone.now() - age
    dated = ((box.get_modified_time(FOLDER + name), FOLDER + name) for name in files)
    return [name for modified, name in sorted(dated) if modified < limit]
