"""Someone else is editing: the change form's heartbeat (articles/admin/presence.py)."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_editor, make_reporter_user

LOCAL_CACHES = {
    **settings.CACHES,
    "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
}


def editing_url(article):
    return reverse("admin:articles_article_editing", args=[article.pk])


@override_settings(CACHES=LOCAL_CACHES)
class PresenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.other_desk = make_editor("other_desk")
        cls.reporter_user, cls.reporter = make_reporter_user("reporter", name="이천용")
        cls.other_reporter_user, _ = make_reporter_user("other_reporter", name="김기자")

    def setUp(self):
        from django.core.cache import caches

        caches["counters"].clear()
        self.article = make_article(
            reporter=self.reporter, status=Article.Status.DRAFT, publish_at=None
        )

    def beat(self, user, article=None, **data):
        client = Client()
        client.force_login(user)
        return client.post(editing_url(article or self.article), data)

    def test_two_people_on_the_same_article_see_each_other(self):
        self.assertEqual(self.beat(self.reporter_user).json()["others"], [])
        self.assertEqual(self.beat(self.desk).json()["others"], ["이천용(reporter)"])
        self.assertEqual(self.beat(self.reporter_user).json()["others"], ["desk"])

    def test_one_person_never_sees_themselves(self):
        self.beat(self.desk)
        self.assertEqual(self.beat(self.desk).json()["others"], [])

    def test_another_article_is_another_matter(self):
        self.beat(self.desk)
        other = make_article(status=Article.Status.DRAFT, publish_at=None)
        self.assertEqual(self.beat(self.other_desk, other).json()["others"], [])

    def test_someone_who_may_not_change_the_article_is_refused_and_not_recorded(self):
        self.beat(self.desk)
        # Another reporter's article is not even there for them; a live article is no longer
        # the reporter's to change.
        self.assertEqual(self.beat(self.other_reporter_user).status_code, 404)
        live = make_article(reporter=self.reporter)
        self.assertEqual(self.beat(self.reporter_user, live).status_code, 403)
        self.assertEqual(self.beat(self.reporter_user).json()["others"], ["desk"])

    def test_an_entry_is_gone_a_minute_after_the_last_heartbeat(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            self.beat(self.desk)
            clock.move_to(start + timedelta(seconds=50))
            self.assertEqual(self.beat(self.other_desk).json()["others"], ["desk"])
            clock.move_to(start + timedelta(seconds=61))
            self.assertEqual(self.beat(self.other_desk).json()["others"], [])

    def test_closing_the_form_says_goodbye(self):
        self.beat(self.desk)
        self.beat(self.desk, leaving="1")
        self.assertEqual(self.beat(self.other_desk).json()["others"], [])

    def test_the_endpoint_is_a_csrf_protected_post_for_staff(self):
        self.assertEqual(Client().post(editing_url(self.article)).status_code, 302)  # log in
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.desk)
        self.assertEqual(client.post(editing_url(self.article)).status_code, 403)
        client = Client()
        client.force_login(self.desk)
        self.assertEqual(client.get(editing_url(self.article)).status_code, 405)

    def test_the_change_form_holds_the_notice_for_those_who_may_change(self):
        client = Client()
        client.force_login(self.desk)
        change = reverse("admin:articles_article_change", args=[self.article.pk])
        page = client.get(change)
        url = editing_url(self.article)
        self.assertContains(
            page,
            f'<p class="presence" aria-live="polite" data-presence-url="{url}"'
            ' data-presence-every="30"></p>',
            html=True,
        )
        self.assertContains(page, "js/presence.js")
        live = make_article(reporter=self.reporter)
        client.force_login(self.reporter_user)
        page = client.get(reverse("admin:articles_article_change", args=[live.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "data-presence-url")
