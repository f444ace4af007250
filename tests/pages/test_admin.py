"""The desk edits the paper's pages in the admin: text in the article editor, sanitized the same
way; footer order in the list; the two pages the law requires cannot be hidden or deleted; the
privacy policy gets a new version with its 시행일; an address another route uses is refused."""

from datetime import date

from django.db.models import ProtectedError
from django.test import TestCase
from django.urls import reverse

from pages.models import Page, PolicyVersion
from tests.adminwalk import WORD, Screen
from tests.factories import make_editor, make_reporter_user, make_staff_admin


def add_url():
    return reverse("admin:pages_page_add")


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def versions_management(total=0, initial=0):
    return {
        "versions-TOTAL_FORMS": str(total),
        "versions-INITIAL_FORMS": str(initial),
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }


def page_post(**fields):
    data = {
        "title": "저작권 정책",
        "address": "저작권정책",
        "kind": "other",
        "position": "50",
        "shown": "on",
        "body": "<p>옮겨 실으려면 허락을 받으세요.</p>",
        **versions_management(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


class PageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.privacy = Page.objects.create(
            title="개인정보처리방침", address="개인정보처리방침", kind="privacy", position=20
        )
        PolicyVersion.objects.create(
            page=cls.privacy, effective_on=date(2025, 7, 1), body="<p>지금 방침</p>"
        )
        cls.youth = Page.objects.create(
            title="청소년보호정책", address="청소년보호정책", kind="youth", body="<p>정책</p>"
        )

    def setUp(self):
        self.client.force_login(self.desk)

    def test_the_desk_adds_a_page_written_in_the_article_editor_and_sanitized(self):
        form = self.client.get(add_url())
        self.assertContains(form, 'data-type="ckeditortype"')  # the article body's widget
        body = '<p onclick="x()">허락을 받으세요.</p><script>alert(1)</script>'
        response = self.client.post(add_url(), page_post(body=body))
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        page = Page.objects.get(address="저작권정책")
        self.assertEqual(page.body, "<p>허락을 받으세요.</p>")
        self.assertEqual(page.get_absolute_url(), "/%EC%A0%80%EC%9E%91%EA%B6%8C%EC%A0%95%EC%B1%85/")

    def test_an_address_another_route_uses_is_refused_in_korean(self):
        for address in ["admin", "news", "section", "rss", "search", "articles", "static", "media",
                        "ckeditor", "most-read", "Admin"]:  # fmt: skip
            with self.subTest(address=address):
                response = self.client.post(add_url(), page_post(address=address))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "사이트의 다른 화면이 이미 쓰는 주소입니다")
        self.assertFalse(Page.objects.filter(kind="other").exists())

    def test_a_second_page_of_a_required_kind_is_refused(self):
        response = self.client.post(add_url(), page_post(kind="youth", address="청소년"))
        self.assertContains(response, "개인정보처리방침과 청소년보호정책은 하나씩만 둡니다")
        self.assertEqual(Page.objects.filter(kind="youth").count(), 1)

    def test_required_pages_cannot_be_hidden_nor_deleted(self):
        form = self.client.get(change_url(self.youth)).content.decode()
        self.assertNotIn('name="shown"', form)  # shown, and read-only
        self.assertNotIn(reverse("admin:pages_page_delete", args=[self.youth.pk]), form)
        delete = self.client.post(
            reverse("admin:pages_page_delete", args=[self.youth.pk]), {"post": "yes"}
        )
        self.assertEqual(delete.status_code, 403)
        bulk = self.client.post(
            reverse("admin:pages_page_changelist"),
            {"action": "delete_selected", "_selected_action": [self.privacy.pk], "post": "yes"},
        )
        self.assertEqual(bulk.status_code, 403)
        self.assertEqual(Page.objects.filter(kind__in=Page.REQUIRED).count(), 2)
        with self.assertRaises(ProtectedError):
            self.youth.delete()
        with self.assertRaises(ProtectedError):
            Page.objects.all().delete()
        # Unticked in the list: refused, said on the row.
        response = self.client.post(
            reverse("admin:pages_page_changelist"),
            {
                "form-TOTAL_FORMS": "2",
                "form-INITIAL_FORMS": "2",
                "form-0-id": str(self.privacy.pk),
                "form-0-position": "20",
                "form-1-id": str(self.youth.pk),
                "form-1-position": "30",
                "_save": "저장",
            },
        )
        self.assertContains(response, "법이 요구하는 쪽이라 숨길 수 없습니다")
        self.assertTrue(Page.objects.get(pk=self.youth.pk).shown)

    def test_the_list_orders_the_footer(self):
        other = Page.objects.create(title="광고문의", address="광고문의", body="<p>광고</p>")
        response = self.client.get(reverse("admin:pages_page_changelist"))
        self.assertContains(response, 'aria-label="광고문의 순서"')
        self.client.post(
            reverse("admin:pages_page_changelist"),
            {
                "form-TOTAL_FORMS": "3",
                "form-INITIAL_FORMS": "3",
                "form-0-id": str(self.youth.pk),
                "form-0-position": "30",
                "form-0-shown": "on",
                "form-1-id": str(self.privacy.pk),
                "form-1-position": "20",
                "form-1-shown": "on",
                "form-2-id": str(other.pk),
                "form-2-position": "1",
                "_save": "저장",
            },
        )
        other.refresh_from_db()
        self.assertEqual((other.position, other.shown), (1, False))
        self.assertEqual(list(Page.objects.shown()), [self.privacy, self.youth])

    def privacy_post(self, *new_versions, old_body="<p>지금 방침</p>", delete_old=False):
        """The privacy page's form as sent: its saved version (its text as sent, ticked for
        deletion or not), then `new_versions` as (시행일, body)."""
        old = self.privacy.versions.get()
        data = page_post(
            title="개인정보처리방침",
            address="개인정보처리방침",
            kind=None,
            shown=None,
            body=None,
            position="20",
            **versions_management(total=1 + len(new_versions), initial=1),
        )
        rows = [
            (old.pk, old.effective_on.isoformat(), old_body),
            *[(None, *v) for v in new_versions],
        ]
        for n, (pk, day, body) in enumerate(rows):
            data[f"versions-{n}-page"] = str(self.privacy.pk)
            data[f"versions-{n}-effective_on"] = day
            data[f"versions-{n}-body"] = body
            if pk:
                data[f"versions-{n}-id"] = str(pk)
        if delete_old:
            data["versions-0-DELETE"] = "on"
        return self.client.post(change_url(self.privacy), data)

    def test_the_privacy_policy_gets_a_new_version_with_its_effective_date(self):
        form = self.client.get(change_url(self.privacy))
        self.assertContains(form, 'id="versions-group"')
        self.assertNotContains(form, 'name="body"')  # its text is in the versions
        response = self.privacy_post(("2027-01-01", "<p>다음 방침</p><script>x</script>"))
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        self.assertEqual(
            list(self.privacy.versions.values_list("effective_on", "body")),
            [(date(2027, 1, 1), "<p>다음 방침</p>"), (date(2025, 7, 1), "<p>지금 방침</p>")],
        )

    def test_two_versions_of_one_day_are_refused(self):
        response = self.privacy_post(("2025-07-01", "<p>같은 날</p>"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.privacy.versions.count(), 1)

    def test_a_version_in_force_before_today_is_never_changed_nor_removed(self):
        form = self.client.get(change_url(self.privacy)).content.decode()
        self.assertIn("이미 시행된 방침이라 고치거나 지울 수 없습니다", form)
        response = self.privacy_post(old_body="<p>몰래 고친 방침</p>", delete_old=True)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.privacy.versions.get().body, "<p>지금 방침</p>")

    def test_a_version_not_in_force_yet_may_be_changed(self):
        PolicyVersion.objects.filter(page=self.privacy).update(effective_on=date(2099, 1, 1))
        response = self.privacy_post(old_body="<p>고친 방침</p>")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.privacy.versions.get().body, "<p>고친 방침</p>")

    def test_the_privacy_policy_keeps_at_least_one_version(self):
        PolicyVersion.objects.filter(page=self.privacy).update(effective_on=date(2099, 1, 1))
        response = self.privacy_post(delete_old=True)
        self.assertContains(response, "하나 이상 넣으세요")
        self.assertTrue(self.privacy.versions.exists())

    def test_other_pages_have_no_versions(self):
        self.assertNotContains(self.client.get(change_url(self.youth)), 'id="versions-group"')
        data = page_post(**versions_management(total=1))
        data.update({"versions-0-effective_on": "2025-07-01", "versions-0-body": "<p>판</p>"})
        response = self.client.post(add_url(), data)
        self.assertContains(response, "시행일별 본문은 개인정보처리방침에만 둡니다")

    def test_a_page_s_kind_never_changes(self):
        data = page_post(title="청소년보호정책", address="청소년보호정책", kind="other", shown=None)
        self.client.post(change_url(self.youth), data)
        self.youth.refresh_from_db()
        self.assertEqual(self.youth.kind, "youth")

    def test_every_screen_of_pages_is_in_korean(self):
        other = Page.objects.create(title="광고문의", address="광고문의", body="<p>광고</p>")
        urls = [
            reverse("admin:pages_page_changelist"),
            reverse("admin:pages_page_changelist") + "?kind__exact=privacy",
            add_url(),
            change_url(self.privacy),
            change_url(self.youth),
            change_url(other),
            reverse("admin:pages_page_delete", args=[other.pk]),
            reverse("admin:pages_page_history", args=[self.privacy.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                screen = Screen()
                screen.feed(response.content.decode())
                words = {w for text in screen.texts for w in WORD.findall(text) if len(w) > 1}
                self.assertEqual(words - {"ID", "desk"}, set())  # desk: the login


class PagePermissionTests(TestCase):
    def test_the_desk_and_administrators_edit_pages_reporters_do_not_see_them(self):
        reporter, _ = make_reporter_user("kim")
        for user, allowed in [(make_editor("desk"), True), (make_staff_admin("boss"), True),
                              (reporter, False)]:  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                index = self.client.get(reverse("admin:index")).content.decode()
                self.assertEqual(reverse("admin:pages_page_changelist") in index, allowed)
                status = self.client.get(add_url()).status_code
                self.assertEqual(status, 200 if allowed else 403)
                self.assertEqual(user.has_perm("pages.add_policyversion"), allowed)
