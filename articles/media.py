"""What the media storage holds that our photo pipeline did not write, and which articles point
at it. The clean_media command lists and removes these files."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.core.files.storage import default_storage
from django.db.models import Q

from .images import why_foreign
from .models import Article


@dataclass
class ForeignFile:
    name: str
    reason: str
    articles: list[int] = field(default_factory=list)  # whose body or lead photo uses it now
    in_history: list[int] = field(default_factory=list)  # only an older revision uses it

    @property
    def referenced(self) -> bool:
        return bool(self.articles or self.in_history)


def media_names(folder: str = "") -> Iterator[str]:
    """Every file in the media storage (or under folder): a folder's files, then its subfolders."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from media_names(f"{folder}{sub}/")


def foreign_files() -> Iterator[ForeignFile]:
    """Each stored file that could not have come out of articles.images.process_image()."""
    for name in media_names():

        def read(name=name):
            with default_storage.open(name) as stored:
                return stored.read()

        reason = why_foreign(name, read)
        if reason is not None:
            foreign = ForeignFile(name, reason)
            foreign.articles, foreign.in_history = media_references(name)
            yield foreign


def media_references(name: str) -> tuple[list[int], list[int]]:
    """([articles whose body or lead photo uses the file], [others, only in their history])."""
    path = urlsplit(default_storage.url(name)).path
    uses = Q(photo=name)
    for form in {path, unquote(path)}:  # an address as stored, and as a person would type it
        uses |= Q(body__contains=form)
    now = sorted(Article.objects.filter(uses).values_list("pk", flat=True))
    before = Article.history.filter(uses).exclude(id__in=now).values_list("id", flat=True)
    return now, sorted(set(before))
