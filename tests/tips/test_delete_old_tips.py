"""manage.py delete_old_tips: tips and their files go when the site's retention period ends."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from articles.models import SiteSettings
from tests.tips.helpers import pdf, phone_photo, tip_data
from tips.models import Attachment, Tip

pytestmark = pytest.mark.media  # on the disk, and on object storage (tests/media.py)


class DeleteOldTipsTests(TestCase):
    def send(self, at, text):
        with time_machine.travel(at, tick=False):
            self.client.post("/report/", {**tip_data(text=text), "files": [phone_photo(), pdf()]})
        return Tip.objects.get(text=text)

    def run_command(self, *args):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("delete_old_tips", *args, stdout=out)
        return out.getvalue()

    def setUp(self):
        now = timezone.now()
        self.old = self.send(now - timedelta(days=181), "반년 넘은 제보")
        self.kept = self.send(now - timedelta(days=179), "아직 기간 안의 제보")
        self.old_files = [a.file.name for a in self.old.attachments.all()]
        self.kept_files = [a.file.name for a in self.kept.attachments.all()]

    def test_tips_past_the_retention_period_are_deleted_with_their_files(self):
        out = self.run_command()
        self.assertEqual(list(Tip.objects.all()), [self.kept])
        self.assertEqual(Attachment.objects.filter(tip=self.old.pk).count(), 0)
        private = storages["private"]
        self.assertFalse(any(private.exists(name) for name in self.old_files))
        self.assertTrue(all(private.exists(name) for name in self.kept_files))
        self.assertIn("보관 기간(180일)이 지난 제보 1건을 첨부 파일과 함께 지웠습니다.", out)

    def test_the_period_is_the_sites_setting(self):
        site = SiteSettings.load()
        site.tip_retention_days = 30
        site.save()
        self.run_command()
        self.assertFalse(Tip.objects.exists())

    def test_a_longer_period_set_later_does_not_keep_a_tip_past_what_its_reader_agreed_to(self):
        self.assertEqual(self.kept.delete_by, self.kept.received_at + timedelta(days=180))
        site = SiteSettings.load()
        site.tip_retention_days = 365
        site.save()
        later = self.send(timezone.now(), "기간이 늘어난 뒤의 제보")
        self.assertEqual(later.delete_by, later.received_at + timedelta(days=365))
        with time_machine.travel(self.kept.received_at + timedelta(days=180, seconds=1)):
            self.run_command()
        self.assertEqual(list(Tip.objects.all()), [later])

    def test_a_tip_is_deleted_the_day_its_period_ends(self):
        with time_machine.travel(self.kept.received_at + timedelta(days=180, seconds=1)):
            self.run_command()
        self.assertFalse(Tip.objects.exists())

    def test_dry_run_deletes_nothing(self):
        out = self.run_command("--dry-run")
        self.assertEqual(Tip.objects.count(), 2)
        self.assertTrue(all(storages["private"].exists(name) for name in self.old_files))
        self.assertIn("지울 제보 1건", out)

    def test_quiet_when_asked_and_nothing_to_delete(self):
        self.run_command()
        self.assertEqual(self.run_command(), "보관 기간(180일)이 지난 제보가 없습니다.\n")
        self.assertEqual(self.run_command("-v", "0"), "")
