"""Delete lead photos that waited more than 24 hours for an article's save (articles.pending).

A photo chosen on the article form is cleaned and kept in the private storage, under pending/,
until its article is saved; a form left with an error and never saved leaves it there. Run this
daily (cron).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from articles import pending


class Command(BaseCommand):
    help = (
        "기사 저장을 기다리다 24시간이 지난 대표 사진(비공개 저장소의 pending/)을 지웁니다. "
        "하루에 한 번 실행하세요."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=int(pending.MAX_AGE.total_seconds() // 3600),
            help="이보다 오래 기다린 사진을 지웁니다 (기본 24시간).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="지우지 않고 지울 사진만 보여 줍니다."
        )

    def handle(self, *args, hours, dry_run, verbosity, **options):
        old = pending.older_than(timedelta(hours=hours))
        if not dry_run:
            box = pending.storage()
            for name in old:
                box.delete(name)
        if verbosity < 1:
            return
        if not old:
            self.stdout.write(f"{hours}시간 넘게 기다린 사진이 없습니다. 지울 사진이 없습니다.")
            return
        done = "지울" if dry_run else "지운"
        self.stdout.write(
            self.style.SUCCESS(f"{hours}시간 넘게 기다린 사진 중 {done} 것 {len(old)}개:")
        )
        if verbosity >= 2 or dry_run:
            for name in old:
                self.stdout.write(f"  {name}")
        if dry_run:
            self.stdout.write("지우려면 --dry-run 없이 다시 실행하세요.")
