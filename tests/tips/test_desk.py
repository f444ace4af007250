"""The desk's side of 기사제보: the mail with a link only, the admin list and form, the files in
private storage behind a permission-checked download, and who may see tips at all."""

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.storage import default_storage, storages
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import SiteSettings
from tests.factories import make_editor, make_reporter_user, make_staff_admin, make_user
from tests.tips.helpers import pdf, phone_photo, tip_data
from tips.models import Attachment, Tip

pytestmark = pytest.mark.media  # on the disk, and on object storage (tests/media.py)

URL = "/report/"
CONTACT = {"name": "김제보", "phone": "010-1234-5678", "email": "reader@example.com"}
SECRET_TEXT = "시장실 금고에 있는 장부를 봤습니다"


class DeskMailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.desk.email = "desk@paper.example"
        cls.desk.save()
        other = make_editor("night_desk")
        other.email = "night@paper.example"
        other.save()
        gone = make_editor("retired")
        gone.email = "retired@paper.example"
        gone.is_active = False
        gone.save()
        make_editor("no_mail")
        SiteSettings.load()  # the site's settings row, as on a running site (a flush takes it)
        reporter, _ = make_reporter_user("reporter")
        reporter.email = "reporter@paper.example"
        reporter.save()

    def send(self):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                URL, {**tip_data(text=SECRET_TEXT, **CONTACT), "files": [phone_photo()]}
            )

    def test_the_desk_gets_a_link_and_not_the_tip(self):
        self.send()
        tip = Tip.objects.get()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["desk@paper.example", "night@paper.example"])
        self.assertEqual(message.subject, "[기사제보] 새 제보가 들어왔습니다")
        link = f"http://testserver/admin/tips/tip/{tip.pk}/change/"
        self.assertIn(link, message.body)
        everything = message.subject + message.body + str(message.message())
        for private in (SECRET_TEXT, *CONTACT.values(), "현장"):
            self.assertNotIn(private, everything)
        self.assertEqual(message.attachments, [])

    @override_settings(TIPS_NOTIFY_EMAILS=["tips@paper.example"])
    def test_a_set_list_of_addresses_replaces_the_desk(self):
        self.send()
        self.assertEqual(mail.outbox[0].to, ["tips@paper.example"])

    def test_the_mail_goes_only_once_the_tip_is_stored(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(URL, tip_data())
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)


class PrivateFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.reporter, _ = make_reporter_user("reporter")
        cls.admin_role = make_staff_admin()

    def setUp(self):
        self.client.post(URL, {**tip_data(), "files": [phone_photo(), pdf()]})
        self.tip = Tip.objects.get()
        self.photo, self.document = self.tip.attachments.order_by("content_type")[::-1]

    def test_files_live_in_the_private_storage_not_in_the_media(self):
        private = storages["private"]
        for attachment in (self.photo, self.document):
            # Found in the private storage (not compared by identity: a test that changes
            # STORAGES makes Django build the storages anew).
            self.assertTrue(private.exists(attachment.file.name))
            self.assertTrue(attachment.file.name.startswith("tips/"))
            self.assertNotIn("현장", attachment.file.name)  # the reader's name is on the row only
            self.assertFalse(default_storage.exists(attachment.file.name))  # served at /media/
        self.assertFalse(settings.PRIVATE_ROOT.resolve().is_relative_to(settings.MEDIA_ROOT))

    def test_the_desk_downloads_a_file_as_an_attachment_never_shown_inline(self):
        self.client.force_login(self.desk)
        for attachment, kind in [(self.photo, "image/jpeg"), (self.document, "application/pdf")]:
            response = self.client.get(attachment.download_url())
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], kind)
            self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertIn("no-store", response["Cache-Control"])
            with attachment.file.open("rb") as stored:
                self.assertEqual(b"".join(response.streaming_content), stored.read())
        self.assertIn("filename*=utf-8''%ED%98%84%EC%9E%A5.jpg", self.client.get(
            self.photo.download_url()
        )["Content-Disposition"])  # fmt: skip

    def test_the_admin_role_downloads_too(self):
        self.client.force_login(self.admin_role)
        self.assertEqual(self.client.get(self.photo.download_url()).status_code, 200)

    def test_reporters_readers_and_other_staff_get_no_file(self):
        url = self.photo.download_url()
        self.assertRedirects(self.client.get(url), f"/admin/login/?next={url}")
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(make_user("no_role"))
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_file_under_another_tips_address_is_not_found(self):
        self.client.force_login(self.desk)
        wrong = reverse("admin:tips_attachment_download", args=[self.tip.pk + 1, self.photo.pk])
        self.assertEqual(self.client.get(wrong).status_code, 404)
        missing = reverse("admin:tips_attachment_download", args=[self.tip.pk, 999_999])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_a_file_gone_from_the_storage_is_a_404(self):
        storages["private"].delete(self.photo.file.name)
        self.client.force_login(self.desk)
        self.assertEqual(self.client.get(self.photo.download_url()).status_code, 404)

    def test_deleting_a_tip_in_the_admin_deletes_its_files(self):
        names = [a.file.name for a in self.tip.attachments.all()]
        self.client.force_login(self.desk)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("admin:tips_tip_delete", args=[self.tip.pk]), {"post": "yes"}
            )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Tip.objects.exists() or Attachment.objects.exists())
        self.assertFalse(any(storages["private"].exists(name) for name in names))


class TipAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.reporter, _ = make_reporter_user("reporter")

    def setUp(self):
        self.client.post(URL, {**tip_data(text="첫 줄 제목\n둘째 줄", **CONTACT), "files": [pdf()]})
        self.client.post(URL, tip_data(text="익명의 제보"))
        self.named, self.anonymous = Tip.objects.order_by("pk")

    def test_the_list_shows_time_status_first_line_files_and_contact(self):
        self.client.force_login(self.desk)
        response = self.client.get(reverse("admin:tips_tip_changelist"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for header in ("받은 시각", "상태", "제보 내용 (첫 줄)", "첨부", "연락처"):
            self.assertIn(header, html)
        self.assertIn("첫 줄 제목", html)
        self.assertNotIn("둘째 줄", html)
        rows = response.context["cl"].result_list
        self.assertEqual([tip.with_files for tip in rows], [False, True])
        self.assertEqual([tip.has_contact for tip in rows], [False, True])
        self.assertNotContains(response, "기사제보 추가")

    def test_the_desk_filters_by_status(self):
        Tip.objects.filter(pk=self.named.pk).update(status=Tip.Status.REVIEWING)
        self.client.force_login(self.desk)
        changelist = reverse("admin:tips_tip_changelist")
        response = self.client.get(changelist + "?status__exact=reviewing")
        self.assertEqual(list(response.context["cl"].result_list), [self.named])
        self.assertContains(response, "검토중")

    def test_the_desk_sets_status_and_note_but_not_the_readers_words(self):
        self.client.force_login(self.desk)
        url = reverse("admin:tips_tip_change", args=[self.named.pk])
        page = self.client.get(url)
        self.assertContains(page, "010-1234-5678")
        self.assertContains(page, self.named.attachments.get().download_url())
        changed = {"status": "done", "note": "이천용 기자 취재 완료"}
        response = self.client.post(url, {**changed, "text": "바꾼 글", "name": "바꾼 이름"})
        self.assertEqual(response.status_code, 302)
        self.named.refresh_from_db()
        self.assertEqual((self.named.status, self.named.note), ("done", "이천용 기자 취재 완료"))
        self.assertEqual((self.named.text, self.named.name), ("첫 줄 제목\n둘째 줄", "김제보"))
        # The change log outlives the tip (delete_old_tips): it keeps the number only.
        entry = LogEntry.objects.get()
        self.assertEqual(entry.object_repr, f"제보 #{self.named.pk}")
        self.assertNotIn("첫 줄", entry.get_change_message())

    def test_nobody_adds_a_tip_in_the_admin(self):
        self.client.force_login(self.desk)
        self.assertEqual(self.client.get(reverse("admin:tips_tip_add")).status_code, 403)

    def test_reporters_do_not_see_tips(self):
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(reverse("admin:tips_tip_changelist")).status_code, 403)
        url = reverse("admin:tips_tip_change", args=[self.named.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertNotContains(self.client.get(reverse("admin:index")), "기사제보")
        self.assertFalse(self.reporter.has_perm("tips.view_tip"))
        self.assertTrue(self.desk.has_perm("tips.view_tip"))
        self.assertFalse(self.desk.has_perm("tips.add_tip"))
