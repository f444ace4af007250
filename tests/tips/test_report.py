"""The reader's side of 기사제보 (/report/): the form, what it keeps after an error, anonymity,
consent, the honeypot, CSRF and the limit per client address."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import SiteSettings
from newsroom import pagecache
from tests.factories import gif_with_script, make_editor, png_claiming
from tests.tips.helpers import pdf, phone_photo, tip_data
from tips.models import Attachment, Tip

URL = "/report/"


class TipFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_editor("desk")

    def post(self, client=None, **fields):
        return (client or self.client).post(URL, tip_data(**fields))

    def test_the_form_is_at_report_and_named_tips_report(self):
        self.assertEqual(reverse("tips:report"), URL)
        page = self.client.get(URL)
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn('<h1 class="page-title">기사제보</h1>', html)
        self.assertIn('enctype="multipart/form-data"', html)
        self.assertIn("csrfmiddlewaretoken", html)

    def test_only_the_tip_is_required_so_a_reader_may_stay_anonymous(self):
        response = self.post()
        self.assertRedirects(response, reverse("tips:sent"))
        tip = Tip.objects.get()
        self.assertEqual((tip.name, tip.phone, tip.email), ("", "", ""))
        self.assertFalse(tip.has_contact)
        self.assertEqual(tip.status, Tip.Status.RECEIVED)
        self.assertTrue(tip.text.startswith("영등포동 골목에"))

    def test_name_and_contact_are_kept_when_given(self):
        self.post(name="김제보", phone="010-1234-5678", email="reader@example.com")
        tip = Tip.objects.get()
        self.assertEqual(
            (tip.name, tip.phone, tip.email), ("김제보", "010-1234-5678", "reader@example.com")
        )
        self.assertTrue(tip.has_contact)

    def test_the_sent_page_thanks_the_reader_and_states_the_retention(self):
        page = self.client.get(reverse("tips:sent"))
        self.assertContains(page, "제보가 접수되었습니다")
        self.assertContains(page, "180일")

    def test_an_empty_tip_is_refused_with_the_error_tied_to_the_field(self):
        response = self.post(text="   ")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Tip.objects.exists())
        html = response.content.decode()
        self.assertIn('<ul class="errorlist" id="id_text_error"><li>제보 내용을 적어 주세요.', html)
        self.assertIn('aria-describedby="id_text_helptext id_text_error"', html)
        self.assertIn('aria-invalid="true"', html)

    def test_a_bad_phone_or_email_is_refused_in_korean_and_the_text_stays(self):
        text = "구청 앞 횡단보도 신호등이 고장 났습니다 <꼭 봐 주세요>"
        response = self.post(text=text, name="김제보", phone="전화해주세요", email="not-an-email")
        self.assertFalse(Tip.objects.exists())
        self.assertContains(response, "전화번호는 숫자와 -로 적어 주세요")
        self.assertContains(response, "이메일 주소를 name@example.com처럼 적어 주세요.")
        self.assertContains(response, "신호등이 고장 났습니다 &lt;꼭 봐 주세요&gt;")
        self.assertContains(response, 'value="김제보"')
        self.assertContains(response, 'aria-describedby="id_phone_error"')

    def test_consent_and_age_are_required_and_the_text_stays(self):
        response = self.post(adult=None, consent=None)
        self.assertFalse(Tip.objects.exists())
        self.assertContains(response, "개인정보 수집·이용에 동의해야 제보를 보낼 수 있습니다.")
        self.assertContains(response, "만 14세 이상만 이 양식으로 제보할 수 있습니다.")
        self.assertContains(response, 'aria-describedby="consent-terms id_consent_error"')
        self.assertContains(response, 'aria-describedby="id_adult_error"')
        self.assertContains(response, "사흘째 치우지 않고 있어요.")

    def test_the_consent_states_the_four_things_with_the_sites_retention_period(self):
        site = SiteSettings.load()
        site.tip_retention_days = 90
        site.save()
        html = self.client.get(URL).content.decode()
        for words in ("수집하는 항목", "수집·이용 목적", "보유·이용 기간", "동의를 거부할 권리"):
            self.assertIn(words, html)
        self.assertIn("접수한 날부터 90일", html)
        self.assertIn("동의하지 않으면 이 양식으로 제보를 보낼 수 없습니다", html)
        self.assertIn("만 14세 이상입니다", html)

    def test_the_form_page_is_neither_stored_nor_gzipped_by_the_page_cache(self):
        self.assertNotIn("tips:report", pagecache._pages)
        for _ in range(2):
            response = self.client.get(URL, headers={"Accept-Encoding": "gzip"})
            self.assertFalse(response.has_header("Content-Encoding"))
            self.assertFalse(response.has_header("ETag"))
            self.assertNotIn("public", response.get("Cache-Control", ""))
            self.assertIn(b"csrfmiddlewaretoken", response.content)

    def test_other_methods_are_refused(self):
        for method in ("put", "delete", "patch"):
            self.assertEqual(getattr(self.client, method)(URL).status_code, 405)


@pytest.mark.media  # on the disk, and on object storage (tests/media.py)
class AttachmentTests(TestCase):
    def post(self, *files, **fields):
        return self.client.post(URL, {**tip_data(**fields), "files": list(files)})

    def test_a_photo_is_stored_without_its_exif(self):
        with Image.open(phone_photo()) as sent:
            self.assertIn(2, sent.getexif().get_ifd(0x8825))  # GPSLatitude
        self.assertRedirects(self.post(phone_photo()), reverse("tips:sent"))
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.content_type, "image/jpeg")
        self.assertEqual(attachment.name, "현장.jpg")
        with attachment.file.open("rb") as stored, Image.open(stored) as image:
            self.assertEqual(dict(image.getexif()), {})
            self.assertNotIn("exif", image.info)

    def test_up_to_three_photos_or_pdfs(self):
        self.post(phone_photo(), pdf(), phone_photo("둘째.png"))
        kinds = sorted(Attachment.objects.values_list("content_type", flat=True))
        self.assertEqual(kinds, ["application/pdf", "image/jpeg", "image/jpeg"])
        stored = Attachment.objects.get(content_type="application/pdf")
        with stored.file.open("rb") as file:
            self.assertTrue(file.read().startswith(b"%PDF-"))

    def test_a_fourth_file_is_refused_and_nothing_is_stored(self):
        response = self.post(pdf(), pdf(), pdf(), pdf())
        self.assertContains(response, "파일은 3개까지 올릴 수 있습니다.")
        self.assertContains(response, "첨부 파일은 다시 골라 주세요")
        self.assertFalse(Tip.objects.exists())

    def test_files_are_checked_by_content_with_a_message_naming_each(self):
        fake_pdf = SimpleUploadedFile("계약서.pdf", b"<html><script>alert(1)</script>")
        renamed = SimpleUploadedFile("사진.jpg", b"MZ\x90\x00 not a photo at all")
        response = self.post(fake_pdf, renamed, gif_with_script())
        self.assertFalse(Tip.objects.exists())
        for name in ("계약서.pdf", "사진.jpg"):
            self.assertContains(
                response, f"‘{name}’: 사진(JPEG, PNG, WebP, GIF)이나 PDF 파일만 올릴 수 있습니다."
            )
        self.assertContains(response, 'aria-describedby="id_files_helptext id_files_error"')

    def test_a_gif_with_a_page_after_it_is_stored_as_a_clean_png(self):
        self.post(gif_with_script())
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.content_type, "image/png")
        with attachment.file.open("rb") as file:
            self.assertNotIn(b"<script", file.read())

    @override_settings(TIP_FILE_MAX_BYTES=1024 * 1024)
    def test_a_file_over_the_size_limit_is_refused_by_name(self):
        big = pdf("큰파일.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
        response = self.post(big)
        self.assertContains(response, "‘큰파일.pdf’: 파일이 너무 큽니다. 1MB 이하로 올려 주세요.")
        self.assertFalse(Tip.objects.exists())

    def test_a_photo_with_too_many_pixels_is_refused(self):
        response = self.post(png_claiming(65_535, 65_535))
        self.assertContains(response, "‘huge.png’: 사진의 화소 수가 너무 많습니다")
        self.assertFalse(Tip.objects.exists())

    def test_a_twelve_megapixel_phone_photo_of_eleven_megabytes_gets_through(self):
        """Over both of Django's limits (files above the first go to a temporary file; the
        second counts the fields, not the files) and under TIP_FILE_MAX_BYTES."""
        noise = Image.effect_noise((4000, 3000), 60).convert("RGB")
        buffer = BytesIO()
        noise.save(buffer, format="JPEG", quality=95)
        self.assertGreater(buffer.tell(), settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        self.assertGreater(buffer.tell(), settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        photo = SimpleUploadedFile("IMG_2041.jpg", buffer.getvalue(), content_type="image/jpeg")
        self.assertRedirects(self.post(photo), reverse("tips:sent"))
        self.assertEqual(Attachment.objects.get().name, "img-2041.jpg")


class HoneypotAndCsrfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_editor("desk")

    def test_a_filled_honeypot_is_answered_as_sent_and_nothing_is_kept(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                URL, {**tip_data(homepage="http://spam.example"), "files": [phone_photo()]}
            )
        self.assertRedirects(response, reverse("tips:sent"))
        self.assertFalse(Tip.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_the_honeypot_is_hidden_from_people(self):
        html = self.client.get(URL).content.decode()
        self.assertIn('<div class="tip-trap" aria-hidden="true">', html)
        self.assertIn('name="homepage" value="" tabindex="-1" autocomplete="off"', html)

    def test_a_post_without_the_csrf_token_is_refused_and_keeps_the_text(self):
        browser = Client(enforce_csrf_checks=True)
        response = browser.post(URL, tip_data(text="위조된 요청이 보낸 글", name="김제보"))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Tip.objects.exists())
        refused = "보안 확인 시간이 지나 제보를 받지 못했습니다."
        self.assertContains(response, refused, status_code=403)
        self.assertContains(response, "위조된 요청이 보낸 글", status_code=403)
        self.assertContains(response, 'value="김제보"', status_code=403)

    def test_a_post_with_the_csrf_token_goes_through(self):
        browser = Client(enforce_csrf_checks=True)
        page = browser.get(URL)
        token = page.context["csrf_token"]
        response = browser.post(URL, {**tip_data(), "csrfmiddlewaretoken": str(token)})
        self.assertRedirects(response, reverse("tips:sent"))
        self.assertEqual(Tip.objects.count(), 1)


@override_settings(TIPS_PER_HOUR=5)
class RateLimitTests(TestCase):
    def send(self, address="203.0.113.7", **fields):
        return self.client.post(URL, tip_data(**fields), REMOTE_ADDR=address)

    def test_five_tips_an_hour_from_one_address_then_a_korean_429_that_keeps_the_text(self):
        moment = timezone.make_aware(datetime(2026, 12, 1, 14, 10))
        with time_machine.travel(moment, tick=False):
            for n in range(5):
                self.assertEqual(self.send(text=f"제보 {n}").status_code, 302)
            response = self.send(text="여섯 번째 제보입니다", name="김제보")
            self.assertEqual(response.status_code, 429)
            self.assertContains(response, "지금은 제보를 더 받을 수 없습니다.", status_code=429)
            self.assertContains(response, "여섯 번째 제보입니다", status_code=429)
            self.assertContains(response, 'value="김제보"', status_code=429)
            self.assertEqual(response["Retry-After"], str(50 * 60))
            self.assertEqual(self.send(address="198.51.100.2").status_code, 302)  # another reader
        self.assertEqual(Tip.objects.count(), 6)
        with time_machine.travel(moment + timedelta(hours=1), tick=False):
            self.assertEqual(self.send(text="다음 시간의 제보").status_code, 302)
        self.assertEqual(Tip.objects.count(), 7)

    def test_forms_sent_back_with_errors_do_not_count(self):
        for _ in range(8):
            self.send(text="")
        self.assertEqual(self.send().status_code, 302)

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["127.0.0.1"])
    def test_behind_the_proxy_the_limit_goes_by_the_address_the_proxy_saw(self):
        for _ in range(5):
            self.client.post(
                URL, tip_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
            )
        forged = self.client.post(
            URL,
            tip_data(),
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",  # the client's own prefix changes nothing
        )
        self.assertEqual(forged.status_code, 429)
        other = self.client.post(
            URL, tip_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2"
        )
        self.assertEqual(other.status_code, 302)
