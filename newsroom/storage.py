"""Media on S3-compatible object storage (MEDIA_STORAGE=s3; docs/storage.md).

Two buckets through django-storages: the public one holds what readers load (lead photos, editor
uploads, their smaller copies) and is read straight from MEDIA_URL; the private one holds what
only staff may read (readers' tips' attachments, lead photos waiting for their article's save),
which the app reads with its keys and streams through its own checked views. Settings name these
classes in STORAGES only when MEDIA_STORAGE=s3, so the disk's default never imports boto3.
"""

from pathlib import PurePosixPath

from botocore.config import Config
from storages.backends.s3 import S3Storage

# The types the public bucket serves, by extension: those of articles.images and
# articles.photo_sizes, as deploy/nginx/media.conf forces them on the disk's /media/.
PHOTO_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "avif": "image/avif",
}
# A month in browsers and CDNs, as nginx's `expires 30d`. No name is written twice with other
# pixels: file_overwrite is off, so a new photo never takes a stored one's name, and a copy
# (x.jpg.w480.avif) is remade only from the same original. Not `immutable`: a photo removed by
# clean_media frees its name, and a later one may take it.
PHOTO_CACHE_CONTROL = "public, max-age=2592000"
# Some S3-compatible services (Naver Cloud's among them) refuse the checksum trailers that
# boto3 sends by default since 1.36: send and check them only where the API requires them.
CHECKSUMS = Config(
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


class _Bucket(S3Storage):
    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(CHECKSUMS)


class PublicMediaStorage(_Bucket):
    """The public bucket: a photo goes with its own type and a month's caching; anything else
    (only `move_media_to_storage` could bring one) as a download that no browser renders."""

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        kind = PHOTO_TYPES.get(PurePosixPath(name).suffix[1:].lower())
        if kind:
            parameters.update(ContentType=kind, CacheControl=PHOTO_CACHE_CONTROL)
        else:
            parameters.update(
                ContentType="application/octet-stream",
                ContentDisposition="attachment",
                CacheControl="no-store",
            )
        return parameters


class PrivateStorage(_Bucket):
    """The private bucket: no object is public (no ACL is sent; the bucket grants none), and
    nothing is cached on the way. url() is never put on a page: the app streams these files
    itself. It still signs, for five minutes, so that no bare address to a private object exists."""

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault("CacheControl", "private, no-store")
        return parameters
