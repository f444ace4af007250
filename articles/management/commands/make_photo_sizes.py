"""Give the photos stored before articles.photo_sizes existed what new ones get on upload: their
smaller copies, the lead photo's size on its article, and srcset on the photos in bodies.

Safe to run again: copies already stored are kept, and a second run finds nothing to do. A body
is written only when its photos' sizes are all that change (models.as_read), with
QuerySet.update() through the base manager: that is not an edit, so no revision is recorded and
수정 is not stamped (the text, and so the search text, stays the same).
"""

from collections import Counter
from html.parser import HTMLParser

from django.core.management.base import BaseCommand

from articles.models import Article, as_read
from articles.photo_sizes import make_copies, media_name, missing_copies
from articles.sanitize import clean_html, is_own_media


class Command(BaseCommand):
    help = (
        "예전에 올린 사진에 작은 사본(AVIF·WebP·JPEG)을 만들고, 대표 사진의 크기를 기사에 적고, "
        "본문 사진에 srcset을 붙입니다. 여러 번 실행해도 같은 결과입니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="아무것도 쓰지 않고 할 일만 셉니다."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        self.dry_run = dry_run
        self.counts = Counter()
        self.seen = {}  # photo name -> (width, height) or None, each read once
        leads = Article.objects.exclude(photo="").order_by("pk")
        for pk, name, width, height in leads.values_list(
            "pk", "photo", "photo_width", "photo_height"
        ).iterator():
            self.counts["leads"] += 1
            size = self.copies(name)
            if size is not None and size != (width, height):
                self.counts["sized"] += 1
                if not dry_run:
                    Article.objects.filter(pk=pk).update(photo_width=size[0], photo_height=size[1])
        bodies = Article.objects.filter(body__contains="<img").order_by("pk")
        for pk, body in bodies.values_list("pk", "body").iterator():
            for src in own_photos(body):
                self.counts["in_bodies"] += 1
                self.copies(media_name(src))
            cleaned = clean_html(str(body))  # sizes and srcset from the copies stored now
            if cleaned == body:
                continue
            if as_read(cleaned) != as_read(body):  # the cleaning itself would change it
                self.counts["unlike"] += 1
                self.stderr.write(f"  기사 #{pk}: 사진 크기 말고도 달라지는 본문이라 건너뜁니다")
            else:
                self.counts["bodies"] += 1
                if not dry_run:
                    Article._base_manager.filter(pk=pk).update(body=cleaned)
        if verbosity >= 1:
            self.report()

    def copies(self, name):
        """The photo's size, its missing copies made (counted only, on a dry run)."""
        if name not in self.seen:
            found = missing_copies(name) if self.dry_run else make_copies(name)
            if found is None:
                self.counts["unreadable"] += 1
                self.stderr.write(f"  읽을 수 없는 사진: {name}")
            else:
                self.counts["copies"] += len(found[1])
            self.seen[name] = found[0] if found else None
        return self.seen[name]

    def report(self):
        c = self.counts
        would = "만들" if self.dry_run else "만든"
        self.stdout.write(
            f"대표 사진 {c['leads']}장, 본문 사진 {c['in_bodies']}곳을 살폈습니다 "
            f"(서로 다른 사진 {len(self.seen)}장)."
        )
        self.stdout.write(f"  새로 {would} 작은 사본: {c['copies']}개")
        self.stdout.write(f"  크기를 {'적을' if self.dry_run else '적은'} 기사: {c['sized']}건")
        self.stdout.write(f"  srcset을 {'붙일' if self.dry_run else '붙인'} 본문: {c['bodies']}건")
        if c["unlike"]:
            self.stdout.write(
                self.style.WARNING(
                    f"  건너뛴 본문: {c['unlike']}건 (사진 크기 말고도 달라져서; 위에 적었습니다)"
                )
            )
        if c["unreadable"]:
            self.stdout.write(
                self.style.WARNING(f"  읽을 수 없는 사진: {c['unreadable']}장 (위에 적었습니다)")
            )
        if self.dry_run:
            self.stdout.write(
                "--dry-run: 아무것도 쓰지 않았습니다. 본문은 지금 있는 사본만으로 셉니다."
            )


def own_photos(html: str) -> list[str]:
    """The src of each <img> in `html` that shows one of our media files."""
    found = []

    class Photos(HTMLParser):
        def handle_starttag(self, tag, attrs):
            src = dict(attrs).get("src") or ""
            if tag == "img" and is_own_media(src):
                found.append(src)

    parser = Photos()
    parser.feed(html)
    parser.close()
    return found
