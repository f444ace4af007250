"""Copy the media folder (MEDIA_ROOT) to object storage, once the site moves to MEDIA_STORAGE=s3.

Every photo type nginx served from /media/ (deploy/nginx/media.conf) is copied to the media
storage under the same name, unless the bucket has it already at the same size: a second run
copies nothing, and a run cut short is finished by the next. Files nginx never served (other
extensions, hidden files) stay behind, listed. Then bodies (and their revisions) that show a photo
at its old address (/media/…) get its address in the bucket, so that pages find it and the next
save keeps it (articles.sanitize keeps only photos under MEDIA_URL). Nothing is deleted.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from newsroom.storage import PHOTO_TYPES

DISK_MEDIA_URL = "/media/"  # where the photos were served from the disk
IMG = re.compile(r"<img\b[^>]*>")
ADDRESS = re.compile(r'\s(src|srcset)="([^"]*)"')


class Command(BaseCommand):
    help = (
        "MEDIA_STORAGE=s3 로 옮길 때: 미디어 폴더(DJANGO_MEDIA_ROOT)의 사진을 버킷에 복사하고 "
        "(같은 크기로 이미 있으면 건너뜀), 본문 속 사진 주소(/media/…)를 버킷 주소로 바꿉니다. "
        "여러 번 실행해도 같은 결과입니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="아무것도 쓰지 않고 할 일만 셉니다."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        if settings.MEDIA_STORAGE != "s3":
            raise CommandError(
                "미디어 저장소가 디스크입니다: MEDIA_STORAGE=s3 와 버킷 설정(.env.example)을 "
                "넣고 실행하세요."
            )
        root = Path(settings.MEDIA_ROOT)
        if not root.is_dir():
            raise CommandError(f"미디어 폴더가 없습니다: {root} (DJANGO_MEDIA_ROOT)")
        copied, present, replaced, left = [], [], [], []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if not served(name):
                left.append(name)
                continue
            try:
                stored = default_storage.size(name)
            except FileNotFoundError:
                stored = None
            if stored == path.stat().st_size:
                present.append(name)
                continue
            (copied if stored is None else replaced).append(name)
            if dry_run:
                continue
            if stored is not None:
                default_storage.delete(name)  # cut short by an earlier run: written again whole
            with path.open("rb") as file:
                saved = default_storage.save(name, File(file))
            if saved != name:  # another run wrote it meanwhile
                raise CommandError(f"{name} 이(가) {saved} 로 저장되었습니다. 다시 실행하세요.")
        bodies, revisions = self.move_addresses(dry_run)
        if verbosity >= 1:
            done = "복사할" if dry_run else "복사한"
            changed = "바꿀" if dry_run else "바꾼"
            self.stdout.write(f"{root} → {settings.MEDIA_URL}")
            self.stdout.write(f"  {done} 파일: {len(copied)}개")
            self.stdout.write(f"  크기가 달라 다시 {done} 파일: {len(replaced)}개")
            self.stdout.write(f"  버킷에 이미 있어 건너뛴 파일: {len(present)}개")
            self.stdout.write(
                f"  사진 주소를 {changed} 본문: 기사 {bodies}건, 변경 기록 {revisions}건"
            )
            if left:
                self.stdout.write(
                    self.style.WARNING(
                        f"  옮기지 않은 파일(사진 형식이 아니어서 웹 서버도 내주지 않던 것): "
                        f"{len(left)}개"
                    )
                )
                for name in left:
                    self.stdout.write(f"    {name}")
            if dry_run:
                self.stdout.write("--dry-run: 아무것도 쓰지 않았습니다.")

    def move_addresses(self, dry_run):
        """Bodies, current and in history, that show a photo at its old address get the new one.
        Not an edit: no revision is recorded, 수정 is not stamped."""
        counts = []
        for queryset in (Article._base_manager, Article.history.model._base_manager):
            rows = queryset.filter(body__contains=f'="{DISK_MEDIA_URL}').order_by("pk")
            count = 0
            for pk, body in rows.values_list("pk", "body").iterator():
                moved = moved_addresses(body, settings.MEDIA_URL)
                if moved != body:
                    count += 1
                    if not dry_run:
                        queryset.filter(pk=pk).update(body=moved)
            counts.append(count)
        return counts


def served(name: str) -> bool:
    """Whether deploy/nginx/media.conf served the file: a photo type, no hidden part."""
    parts = name.split("/")
    extension = parts[-1].rpartition(".")[2].lower()
    return extension in PHOTO_TYPES and not any(part.startswith(".") for part in parts)


def moved_addresses(html: str, media_url: str) -> str:
    """`html` with each <img>'s src and srcset candidates under /media/ moved under media_url."""

    def move(url):
        if url.startswith(DISK_MEDIA_URL):
            return media_url + url.removeprefix(DISK_MEDIA_URL)
        return url

    def attribute(match):
        name, value = match[1], match[2]
        if name == "src":
            return f' src="{move(value)}"'
        candidates = [candidate.strip() for candidate in value.split(",")]
        return f' srcset="{", ".join(move(candidate) for candidate in candidates)}"'

    return IMG.sub(lambda tag: ADDRESS.sub(attribute, tag[0]), html)
