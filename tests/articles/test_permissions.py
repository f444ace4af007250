"""The permission matrix: every admin action, on an article in every state, for the reporter
who wrote it, another reporter, the desk and an anonymous visitor.

Each case builds a fresh article, sends the request a browser would send (for anyone who cannot
open the form, the POST is crafted from the desk's own form), and checks two things: the answer,
and whether the article changed. Refused writes must leave the article exactly as it was.
"""

from datetime import timedelta

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_editor, make_reporter_user
from tests.forms import form_data

STATES = ["draft", "review", "scheduled", "live"]
PERSONAS = ["reporter", "other_reporter", "editor", "anonymous"]
NOT_LIVE = {"draft", "review", "scheduled"}
ALL = set(STATES)

# action -> persona -> the states in which the persona may do it
ALLOWED = {
    "open": {"reporter": ALL, "editor": ALL},
    "edit": {"reporter": {"draft", "review"}, "editor": ALL},
    "submit": {"reporter": {"draft"}, "editor": {"draft"}},
    "publish": {"editor": NOT_LIVE},
    "schedule": {"editor": NOT_LIVE},
    "unpublish": {"editor": {"scheduled", "live"}},
    "return": {"editor": NOT_LIVE},
    "publish_action": {"editor": NOT_LIVE},
    "schedule_action": {"editor": NOT_LIVE},
    "unpublish_action": {"editor": {"scheduled", "live"}},
    "delete": {"editor": ALL},
    "preview": {"reporter": ALL, "editor": ALL},
    "share": {"editor": ALL},
    "history": {"reporter": ALL, "editor": ALL},
}
READS = {"open", "preview", "share", "history"}


def snapshot(pk):
    row = Article.objects.filter(pk=pk).values("status", "publish_at", "title", "body", "desk_note")
    return row.first()


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.users = {
            "editor": make_editor(),
            "reporter": make_reporter_user("reporter")[0],
            "other_reporter": make_reporter_user("other_reporter")[0],
        }
        cls.byline = cls.users["reporter"].reporter

    def article(self, state):
        now = timezone.now()
        status, publish_at = {
            "draft": (Article.Status.DRAFT, None),
            "review": (Article.Status.REVIEW, None),
            "scheduled": (Article.Status.PUBLISHED, now + timedelta(days=1)),
            "live": (Article.Status.PUBLISHED, now - timedelta(hours=1)),
        }[state]
        return make_article(reporter=self.byline, status=status, publish_at=publish_at)

    def client_for(self, persona):
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client

    def desk_form(self, article):
        desk = self.client_for("editor")
        return form_data(desk.get(self.change_url(article)), "article_form")

    def change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def request(self, client, action, article):
        change = self.change_url(article)
        changelist = reverse("admin:articles_article_changelist")
        later = timezone.localtime() + timedelta(days=2)
        selected = {"_selected_action": [article.pk]}
        if action == "open":
            return client.get(change)
        if action == "preview":
            return client.get(reverse("articles:preview", args=[article.pk]))
        if action == "history":
            return client.get(reverse("admin:articles_article_history", args=[article.pk]))
        if action == "share":
            url = reverse("admin:articles_article_share", args=[article.pk])
            return client.post(url, {"duration": "1h"})
        if action == "return":
            url = reverse("admin:articles_article_return", args=[article.pk])
            return client.post(url, {"message": "다시 써 주세요."})
        if action == "delete":
            url = reverse("admin:articles_article_delete", args=[article.pk])
            return client.post(url, {"post": "yes"})
        if action == "publish_action":
            return client.post(changelist, {"action": "publish_selected", **selected})
        if action == "unpublish_action":
            return client.post(changelist, {"action": "unpublish_selected", **selected})
        if action == "schedule_action":
            when = f"{later:%Y-%m-%dT%H:%M}"
            data = {"action": "schedule_selected", "apply": "1", "publish_at": when, **selected}
            return client.post(changelist, data)
        data = self.desk_form(article)
        data["title"] = "몰래 고친 제목"
        button = {
            "submit": "_submit",
            "publish": "_publish",
            "schedule": "_schedule",
            "unpublish": "_unpublish",
        }.get(action)
        if button:
            data[button] = "1"
        if action == "schedule":
            data.update(publish_at_0=f"{later:%Y-%m-%d}", publish_at_1=f"{later:%H:%M:00}")
        return client.post(change, data)

    def test_every_action_in_every_state_for_every_persona(self):
        for action, allowed_for in ALLOWED.items():
            for persona in PERSONAS:
                for state in STATES:
                    allowed = state in allowed_for.get(persona, set())
                    with self.subTest(action=action, persona=persona, state=state, allowed=allowed):
                        self.check(action, persona, state, allowed)

    def check(self, action, persona, state, allowed):
        article = self.article(state)
        before = snapshot(article.pk)
        response = self.request(self.client_for(persona), action, article)
        after = snapshot(article.pk)
        if action in READS:
            self.assertEqual(response.status_code == 200, allowed, response.status_code)
            self.assertEqual(after, before)
            if action == "share":
                self.assertEqual("link" in (response.context or {}), allowed)
            return
        if allowed:
            self.assertNotEqual(after, before, "the allowed action changed nothing")
            return
        self.assertEqual(after, before, "a refused action changed the article")
        self.assertIn(response.status_code, (200, 302, 403))
        if persona == "anonymous":
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("admin:login"), response["Location"])

    def test_a_reporter_crafting_a_publish_post_gets_403(self):
        for button in ("_publish", "_schedule", "_unpublish"):
            with self.subTest(button=button):
                article = self.article("review")
                data = self.desk_form(article)
                later = timezone.localtime() + timedelta(days=1)
                data.update(
                    {button: "1"},
                    publish_at_0=f"{later:%Y-%m-%d}",
                    publish_at_1="09:00:00",
                )
                client = self.client_for("reporter")
                response = client.post(self.change_url(article), data)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(Article.objects.get(pk=article.pk).status, "review")

    def test_a_reporter_sees_only_their_own_articles_in_the_list(self):
        mine = self.article("draft")
        theirs = make_article(title="남의 기사", status=Article.Status.DRAFT, publish_at=None)
        response = self.client_for("reporter").get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, mine.title)
        self.assertNotContains(response, theirs.title)

    def test_a_reporter_cannot_set_status_or_publish_time_through_the_form(self):
        article = self.article("draft")
        data = self.desk_form(article)
        data.update(status="published", publish_at_0="2020-01-01", publish_at_1="09:00:00")
        self.client_for("reporter").post(self.change_url(article), data)
        article.refresh_from_db()
        self.assertEqual((article.status, article.publish_at), ("draft", None))

    def test_a_reporter_without_a_byline_cannot_add_articles(self):
        from tests.factories import make_user

        user = make_user("intern", group="기자")
        client = Client()
        client.force_login(user)
        self.assertEqual(client.get(reverse("admin:articles_article_add")).status_code, 403)


class DeskManagesReportersTests(TestCase):
    def test_the_desk_manages_bylines_and_ties_them_to_logins_on_the_staff_screen(self):
        # tests/articles/test_staff.py: LinkingTests. The reporter form only shows the login.
        make_reporter_user("reporter")
        client = Client()
        client.force_login(make_editor())
        self.assertEqual(client.get(reverse("admin:articles_reporter_add")).status_code, 200)
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "articles",
                "model_name": "reporter",
                "field_name": "user",
                "term": "rep",
            },
        )
        self.assertEqual(response.status_code, 403)
