"""The 편집 screen: the desk's, not a reporter's; a new edition starts from the live one; saved as
a draft, published now or for a minute; a stale save refused; a published edition read-only."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from frontpage.models import Edition, Slot
from frontpage.services import edition_seed_default
from tests.factories import make_article, make_editor, make_reporter_user, make_section

ADD = reverse("admin:frontpage_edition_add")


def management(total, initial=0, prefix="slots"):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class EditScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter, _ = make_reporter_user()
        cls.section = make_section(name="행정", slug="admin")
        cls.lead = make_article(section=cls.section, title="데스크가 고른 톱")
        for _ in range(6):
            make_article(section=cls.section)
        edition_seed_default()

    def form(self, *, lead=None, **fields):
        rows = [("top", lead), ("sub", None), ("sub", None)]
        data = {"title": "오후판", "publish_at_0": "", "publish_at_1": "", "edit_token": "0"}
        data |= management(len(rows))
        for n, (area, article) in enumerate(rows):
            data |= {f"slots-{n}-area": area, f"slots-{n}-position": str(n)}
            data |= {f"slots-{n}-size": "3", f"slots-{n}-article": article.pk if article else ""}
        return data | fields

    def test_a_reporter_cannot_open_the_edit_screen(self):
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(ADD).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("admin:frontpage_edition_changelist")).status_code, 403
        )

    def test_a_new_edition_starts_from_the_live_one(self):
        self.client.force_login(self.desk)
        response = self.client.get(ADD)
        # The live (default) layout: 톱, four 서브톱, five 포토뉴스, the one section's box.
        self.assertContains(response, 'name="slots-TOTAL_FORMS" value="11"')
        self.assertContains(response, "저장하고 지금 게재")

    def test_the_desk_pins_a_lead_and_publishes_now(self):
        self.client.force_login(self.desk)
        response = self.client.post(ADD, self.form(lead=self.lead, _publish_now="1"))
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        edition = Edition.objects.latest("pk")
        self.assertEqual(edition.status, Edition.Status.PUBLISHED)
        home = self.client.get(reverse("articles:home")).content.decode()
        self.assertIn("데스크가 고른 톱", home[home.index('class="top-story"') :][:1500])

    def test_scheduling_needs_a_time_to_come(self):
        self.client.force_login(self.desk)
        past = timezone.localtime() - timedelta(hours=1)
        data = self.form(
            _schedule="1", publish_at_0=f"{past:%Y-%m-%d}", publish_at_1=f"{past:%H:%M}"
        )
        response = self.client.post(ADD, data)
        self.assertContains(response, "예약 시각이 지났습니다")
        later = timezone.localtime() + timedelta(hours=1)
        data |= {"publish_at_0": f"{later:%Y-%m-%d}", "publish_at_1": f"{later:%H:%M}"}
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        self.assertTrue(Edition.objects.latest("pk").is_scheduled)

    def test_a_layout_without_its_lead_or_with_a_pin_twice_is_refused(self):
        self.client.force_login(self.desk)
        data = self.form(lead=self.lead)
        data["slots-1-article"] = self.lead.pk
        self.assertContains(self.client.post(ADD, data), "두 자리에 고정했습니다")
        data = self.form()
        data["slots-0-area"] = "sub"
        self.assertContains(self.client.post(ADD, data), "톱 자리는 1개여야 합니다")

    def test_a_stale_save_is_refused(self):
        self.client.force_login(self.desk)
        self.client.post(ADD, self.form())
        draft = Edition.objects.latest("pk")
        url = reverse("admin:frontpage_edition_change", args=[draft.pk])
        rows = list(draft.slots.order_by("pk"))
        data = self.form(edit_token=str(draft.revision)) | management(3, 3)
        for n, slot in enumerate(rows):
            data |= {f"slots-{n}-id": slot.pk, f"slots-{n}-edition": draft.pk}
        self.assertEqual(self.client.post(url, data).status_code, 302)  # the first editor
        response = self.client.post(url, data | {"title": "덮어쓰기"})  # opened before that save
        self.assertContains(response, "다른 사람이 먼저 저장했습니다")
        self.assertEqual(Edition.objects.get(pk=draft.pk).title, "오후판")

    def test_a_published_edition_is_read_only_and_copied_to_change(self):
        self.client.force_login(self.desk)
        live = Edition.objects.get()
        url = reverse("admin:frontpage_edition_change", args=[live.pk])
        response = self.client.get(url)
        self.assertContains(response, "이 판을 복사해 새 판 만들기")
        self.assertNotContains(response, "저장하고 지금 게재")
        response = self.client.post(reverse("admin:frontpage_edition_copy", args=[live.pk]))
        copy = Edition.objects.latest("pk")
        self.assertRedirects(response, reverse("admin:frontpage_edition_change", args=[copy.pk]))
        self.assertEqual(copy.status, Edition.Status.DRAFT)
        self.assertEqual(copy.slots.count(), live.slots.count())
        self.assertEqual(Slot.objects.filter(edition=live).count(), live.slots.count())
