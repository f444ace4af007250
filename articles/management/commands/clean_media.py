"""List, and with --delete remove, media files our photo pipeline did not write.

Before the editor's upload was our view alone, django-ckeditor's view stored uploads as they
came (a GIF with a script, named x.html; photos with GPS EXIF). This finds them, and anything
else in the media storage that articles.images.process_image() could not have written.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from articles.media import foreign_files
from articles.photo_sizes import delete_copies


class Command(BaseCommand):
    help = (
        "미디어 저장소에서 우리 사진 처리(articles.images)를 거치지 않은 파일을 찾아 보여 줍니다. "
        "--delete 를 주면 기사가 쓰지 않는 것을 지웁니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="기사가 쓰지 않는 낯선 파일을 지웁니다."
        )
        parser.add_argument(
            "--include-referenced",
            action="store_true",
            help="--delete 와 함께: 기사 본문·대표 사진·변경 기록이 가리키는 낯선 파일도 지웁니다.",
        )

    def handle(self, *args, delete, include_referenced, verbosity, **options):
        if include_referenced and not delete:
            raise CommandError("--include-referenced 는 --delete 와 함께 씁니다.")
        foreign = list(foreign_files())
        used = [item for item in foreign if item.referenced]
        kept = used if delete and not include_referenced else []
        removing = [item for item in foreign if item not in kept] if delete else []

        def say(text, style=None):
            if verbosity >= 1:
                self.stdout.write(style(text) if style else text)

        if not foreign:
            say("낯선 파일이 없습니다.", self.style.SUCCESS)
            return
        for item in removing:
            default_storage.delete(item.name)
            delete_copies(item.name)  # any smaller copies go with it
        if delete:
            groups = [(f"지운 낯선 파일 {len(removing)}개:", removing, self.style.SUCCESS)]
            groups.append(
                (f"기사가 가리키고 있어 남긴 낯선 파일 {len(kept)}개:", kept, self.style.WARNING)
            )
        else:
            loose = [item for item in foreign if not item.referenced]
            groups = [
                (f"기사가 쓰지 않는 낯선 파일 {len(loose)}개:", loose, self.style.WARNING),
                (f"기사가 가리키는 낯선 파일 {len(used)}개:", used, self.style.WARNING),
            ]
        for heading, items, style in groups:
            if items:
                say(heading, style)
            for item in items:
                where = f" ← {uses(item)}" if item.referenced else ""
                if item.referenced and item in removing:
                    where += "에서 빠집니다"
                say(f"  {item.name}  ({item.reason}){where}")
        if not delete:
            say("지우려면 --delete 를 붙여 다시 실행하세요. 기사가 가리키는 파일은 남습니다.")
        elif kept:
            say(
                "남긴 파일은 그 기사에서 사진을 바꾼 뒤 다시 실행하거나, "
                "--include-referenced 를 붙여 함께 지우세요 (기사에서는 사진이 빠집니다)."
            )


def uses(item) -> str:
    parts = []
    if item.articles:
        parts.append("기사 " + ", ".join(f"#{pk}" for pk in item.articles))
    if item.in_history:
        parts.append("변경 기록 속 기사 " + ", ".join(f"#{pk}" for pk in item.in_history))
    return ", ".join(parts)
