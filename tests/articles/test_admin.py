from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import SiteSettings
from tests.factories import make_article, make_editor


class AdminPagesTests(TestCase):
    def setUp(self):
        self.client.force_login(make_editor())

    def test_article_list_shows_state_and_filters(self):
        make_article(title="게재된 기사")
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, "게재된 기사")
        self.assertContains(response, "게재중")
        self.assertContains(response, "?state=review")

    def test_article_list_searches_the_text_readers_read(self):
        make_article(title="안양천 산책로", subtitle="", body="<p>본문</p>")
        make_article(title="둘째 기사", subtitle="부제에 도림천", body="<p>본문</p>")
        make_article(title="셋째 기사", subtitle="", body="<p>본문에 목동</p>")
        url = reverse("admin:articles_article_changelist")
        cases = {"안양천": "안양천 산책로", "도림천": "둘째 기사", "목동": "셋째 기사"}
        for word, title in cases.items():
            with self.subTest(word=word):
                found = self.client.get(url, {"q": word}).context["cl"].result_list
                self.assertEqual([article.title for article in found], [title])

    def test_article_form_uses_ckeditor_with_image_upload(self):
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, "ckeditor-init.js")
        self.assertContains(response, reverse("ckeditor_upload"))

    def test_admin_is_in_korean(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "뉴스룸 관리")
        self.assertContains(response, "로그아웃")

    def test_site_settings_list_opens_the_single_row(self):
        response = self.client.get(reverse("admin:articles_sitesettings_changelist"))
        site = SiteSettings.load()
        self.assertRedirects(
            response, reverse("admin:articles_sitesettings_change", args=[site.pk])
        )

    def test_editing_site_settings_changes_the_pages(self):
        url = reverse("admin:articles_sitesettings_change", args=[SiteSettings.load().pk])
        self.client.post(
            url,
            {
                "name": "당산일보",
                "tagline": "",
                "registration_number": "서울 아 1",
                "tip_retention_days": "90",
            },
        )
        self.client.logout()
        self.assertContains(self.client.get(reverse("articles:home")), "당산일보")


@override_settings(AXES_FAILURE_LIMIT=3)
class LoginLockoutTests(TestCase):
    def test_repeated_failed_logins_lock_the_account_out(self):
        make_editor("desk")
        url = reverse("admin:login")
        for _ in range(3):
            self.client.post(url, {"username": "desk", "password": "wrong"})
        response = self.client.post(url, {"username": "desk", "password": "pw-desk"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "잠겼습니다", status_code=429)


class ReadershipAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(make_editor())

    def test_list_shows_total_and_last_week_views(self):
        from datetime import timedelta

        from django.utils import timezone

        from articles.models import DailyViews

        article = make_article(title="조회수 기사")
        today = timezone.localdate()
        DailyViews.objects.create(article=article, day=today, views=7)
        DailyViews.objects.create(article=article, day=today - timedelta(days=20), views=100)
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, '<td class="field-views_total">107</td>')
        self.assertContains(response, '<td class="field-views_week">7</td>')

    def test_change_page_charts_thirty_days_of_views(self):
        from django.utils import timezone

        from articles.models import DailyViews

        article = make_article()
        DailyViews.objects.create(article=article, day=timezone.localdate(), views=12)
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(response, '<svg class="views-chart"')
        self.assertContains(response, "모두 12회")
        self.assertEqual(response.content.decode().count("<rect "), 30)

    def test_desk_picks_related_articles_with_autocomplete(self):
        article = make_article()
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(response, "related_links-TOTAL_FORMS")
        self.assertContains(response, "admin-autocomplete")
