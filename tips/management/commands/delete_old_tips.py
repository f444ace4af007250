"""Delete readers' tips, and their files, once their retention period has passed.

A tip's period is the one the form quoted when its reader sent it (Tip.delete_by), or the site's
period now (SiteSettings.tip_retention_days) if that has been shortened since. Run it daily:
deploy/systemd/newsroom-delete-old-tips.timer, or cron.
"""

from django.core.management.base import BaseCommand

from articles.models import SiteSettings
from tips.services import tips_delete, tips_expired


class Command(BaseCommand):
    help = (
        "보관 기간(사이트 설정의 ‘제보 보관 기간’)이 지난 기사제보를 첨부 파일과 함께 지웁니다. "
        "하루에 한 번 실행하세요."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="지우지 않고 지울 제보 수만 보여 줍니다."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        days = SiteSettings.load().tip_retention_days
        expired = tips_expired()
        count = expired.count() if dry_run else tips_delete(expired)
        if verbosity < 1:
            return
        if not count:
            self.stdout.write(f"보관 기간({days}일)이 지난 제보가 없습니다.")
        elif dry_run:
            self.stdout.write(f"보관 기간({days}일)이 지나 지울 제보 {count}건이 있습니다.")
            self.stdout.write("지우려면 --dry-run 없이 다시 실행하세요.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"보관 기간({days}일)이 지난 제보 {count}건을 첨부 파일과 함께 지웠습니다."
                )
            )
