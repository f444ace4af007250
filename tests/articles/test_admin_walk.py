"""Every admin page a reporter, the desk and an administrator can reach from the start page, by
following its links: each answers 200 or a clear Korean refusal, never a 500, and no English is
left on the screen besides what people typed (names, logins, addresses, slugs)."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from tests.adminwalk import WORD, typed_words, walk
from tests.factories import make_staff_admin
from weather.models import FetchRun

ACRONYM = re.compile(r"^[A-Z0-9]{2,}$")  # ASOS, CNC, URL
# The copyright line's legal phrase, quoted in its help text; the unit of the weather grid.
ALLOWED = {"All", "rights", "reserved", "km"}


class AdminWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        FetchRun.objects.create(outcome=FetchRun.Outcome.TRANSIENT, message="기상청 응답 없음")
        make_staff_admin("staff_admin")

    def walk(self, username):
        """{url: English words found} and the refusals met, over every page shape."""
        self.client.force_login(get_user_model().objects.get(username=username))
        known = typed_words() | ALLOWED
        english, refused, pages = {}, [], 0
        for url, response, screen in walk(self.client):
            pages += 1
            if response.status_code == 403:
                self.assertContains(response, "열 수 없는 화면입니다", status_code=403)
                refused.append(url)
            else:
                self.assertEqual(response.status_code, 200, url)
            words = {
                word
                for text in (screen.texts if screen else [])
                for word in WORD.findall(text)
                if word not in known and not ACRONYM.match(word) and len(word) > 1
            }
            if words:
                english[url] = sorted(words)
        self.assertGreater(pages, 20)
        return english, refused

    def test_the_desk_meets_no_error_and_no_english(self):
        english, refused = self.walk("desk")
        self.assertEqual(english, {})
        self.assertEqual(refused, [])

    def test_a_reporter_meets_no_error_and_no_english(self):
        english, refused = self.walk("reporter")
        self.assertEqual(english, {})
        self.assertEqual(refused, [])

    def test_an_administrator_meets_no_error_and_no_english(self):
        english, refused = self.walk("staff_admin")
        self.assertEqual(english, {})
        self.assertEqual(refused, [])

    def test_a_refusal_is_a_korean_page(self):
        self.client.force_login(get_user_model().objects.get(username="reporter"))
        response = self.client.get("/admin/auth/user/")
        self.assertContains(response, "열 수 없는 화면입니다", status_code=403)
        self.assertContains(response, "권한", status_code=403)
