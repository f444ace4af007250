"""Mail the desk about banners ending within ADS_ENDING_NOTICE_DAYS days, once per banner.
Run daily (deploy/systemd/newsroom-ads-notice.timer, or cron)."""

from django.core.management.base import BaseCommand

from ads.services import banners_ending_notify


class Command(BaseCommand):
    help = "곧 끝나는 배너 광고를 데스크에 메일로 알립니다 (배너마다 한 번)."

    def handle(self, *args, **options):
        named = banners_ending_notify()
        if options["verbosity"] >= 1:
            self.stdout.write(f"곧 끝나는 배너 {len(named)}건을 알렸습니다.")
