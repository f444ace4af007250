"""What readers see of a front-page layout: pins, auto-fill, no repeats, photo-only slots, the
edition's minute, and the page cache going over to a scheduled edition on its minute."""

import re
from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Correction, SiteSettings
from frontpage import services
from frontpage.layout import default_slots, front_page
from frontpage.models import Edition, Slot
from newsroom import pagecache
from tests.articles.test_views import BUDGETS
from tests.factories import make_article, make_editor, make_reporter, make_section

PHOTO = {"photo": "photos/2026/12/scene.jpg", "photo_width": 2000, "photo_height": 1333}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def edition(slots, *, at=None, publish=True, by=None):
    """A published edition (now, or on the minute `at`) with these (area, fields) slots."""
    made = Edition.objects.create(title="시험판")
    for position, (area, fields) in enumerate(slots):
        Slot.objects.create(edition=made, area=area, position=position, **fields)
    if publish:
        made = services.edition_publish(edition=made, at=at, by=by)
    return made


def layout(*, top=None, subs=2, photos=0, boxes=()):
    slots = [(Slot.Area.TOP, {"article": top})]
    slots += [(Slot.Area.SUB, {}) for _ in range(subs)]
    slots += [(Slot.Area.PHOTO, {}) for _ in range(photos)]
    slots += [(Slot.Area.BOX, {"section": section}) for section in boxes]
    return slots


class LayoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.news = make_section(name="행정", slug="admin")
        cls.culture = make_section(name="문화", slug="culture")
        reporter = make_reporter()
        now = timezone.now()
        cls.articles = [
            make_article(
                section=[cls.news, cls.culture][n % 2],
                reporter=reporter,
                title=f"기사 {n}",
                publish_at=now - timedelta(hours=n + 1),
                **(PHOTO if n % 3 == 0 else {}),
            )
            for n in range(12)
        ]

    def page(self):
        return self.client.get(reverse("articles:home")).content.decode()

    def test_a_pinned_article_leads_and_the_rest_fill_themselves_newest_first(self):
        old = self.articles[-1]
        page = front_page([Slot(**fields, area=area) for area, fields in layout(top=old)])
        self.assertEqual(page.top, old)
        self.assertEqual(page.subs, self.articles[:2])

    def test_no_article_appears_twice_pinned_or_not(self):
        pinned = self.articles[0]  # the newest: every auto slot would take it first
        slots = layout(subs=4, photos=3, boxes=[self.news, self.culture])
        slots[3] = (Slot.Area.SUB, {"article": pinned})
        page = front_page([Slot(area=area, **fields) for area, fields in slots])
        shown = [article.pk for article in page.articles]
        self.assertEqual(len(shown), len(set(shown)))
        self.assertEqual(page.subs[2], pinned)
        self.assertNotEqual(page.top, pinned)
        self.assertEqual(len(page.boxes), 2)

    def test_photo_news_takes_only_articles_with_a_photo(self):
        # Four of the twelve have a photo; the lead takes the newest of them.
        page = front_page([Slot(area=a, **f) for a, f in layout(photos=4)])
        self.assertTrue(page.top.photo)
        self.assertEqual(len(page.photos), 3)  # a slot stays empty rather than show no photo
        self.assertTrue(all(article.photo for article in page.photos))

    def test_a_box_holds_its_section_only_with_a_photo_lead(self):
        page = front_page([Slot(area=a, **f) for a, f in layout(boxes=[self.culture])])
        box = page.boxes[0]
        self.assertTrue(box.lead.photo)
        self.assertEqual(len(box.headlines), 3)
        self.assertTrue(all(a.section == self.culture for a in [box.lead, *box.headlines]))

    def test_pinning_a_photo_slot_to_an_article_without_photo_is_refused(self):
        no_photo = self.articles[1]
        slots = layout(photos=0) + [(Slot.Area.PHOTO, {"article": no_photo})]
        with self.assertRaisesMessage(Exception, "사진이 있는 기사만"):
            edition(slots, by=self.desk)

    def test_the_home_shows_the_live_edition_and_its_pinned_lead(self):
        lead = self.articles[7]
        edition(layout(top=lead), by=self.desk)
        html = self.page()
        self.assertIn(lead.title, html[html.index('class="top-story"') :][:2000])

    def test_a_pinned_article_not_live_yet_is_hidden_and_its_slot_fills_itself(self):
        embargoed = make_article(
            section=self.news, title="엠바고 기사", publish_at=timezone.now() + timedelta(hours=2)
        )
        edition(layout(top=embargoed), by=self.desk)
        html = self.page()
        self.assertNotIn("엠바고 기사", html)
        self.assertIn(self.articles[0].title, html)
        with time_machine.travel(embargoed.publish_at + timedelta(seconds=1)):
            self.assertIn("엠바고 기사", self.page())

    def test_an_unpublished_pin_leaves_its_slot_at_once(self):
        lead = self.articles[5]
        edition(layout(top=lead), by=self.desk)
        self.assertIn(lead.title, self.page())
        article_services.article_unpublish(article=lead, by=self.desk)
        self.assertNotIn(lead.title, self.page())

    def test_preview_shows_the_edition_as_of_its_minute(self):
        now = timezone.now()
        early = make_article(
            section=self.news, title="다섯시반 기사", publish_at=now + timedelta(hours=1)
        )
        scheduled = edition(layout(top=early), at=now + timedelta(hours=2), by=self.desk)
        self.client.force_login(self.desk)
        preview = reverse("admin:frontpage_edition_preview", args=[scheduled.pk])
        response = self.client.get(preview)
        self.assertContains(response, "다섯시반 기사")
        self.assertIn("no-cache", response["Cache-Control"])
        self.client.logout()
        self.assertNotIn("다섯시반 기사", self.page())

    def test_a_correction_runs_in_the_place_of_the_story_it_corrects(self):
        story = self.articles[4]
        notice = Correction.objects.create(
            article=story, kind=Correction.Kind.CORRECTION, body="<p>예산 규모를 바로잡습니다.</p>"
        )
        edition(
            [(Slot.Area.TOP, {"correction": notice}), (Slot.Area.SUB, {}), (Slot.Area.SUB, {})],
            by=self.desk,
        )
        html = self.page()
        lead = html[html.index('class="front-lead"') :][:1500]
        self.assertIn("정정보도", lead)
        self.assertIn("예산 규모를 바로잡습니다.", lead)
        self.assertIn(f'href="{story.get_absolute_url()}"', lead)
        self.assertNotIn('class="top-story"', html)  # in the lead's place, not beside it
        self.assertEqual(html.count(f'href="{story.get_absolute_url()}"'), 1)

    def test_a_correction_of_an_article_not_live_is_not_shown(self):
        story = self.articles[4]
        notice = Correction.objects.create(
            article=story, kind=Correction.Kind.REPLY, body="<p>반론 내용입니다.</p>"
        )
        edition([(Slot.Area.TOP, {"correction": notice}), *layout()[1:]], by=self.desk)
        article_services.article_unpublish(article=story, by=self.desk)
        html = self.page()
        self.assertNotIn("반론 내용입니다.", html)
        self.assertIn('class="top-story"', html)  # the slot fills itself

    def test_a_slot_holds_a_pin_or_a_correction_not_both(self):
        notice = Correction.objects.create(
            article=self.articles[2], kind=Correction.Kind.CORRECTION, body="<p>정정</p>"
        )
        slots = [(Slot.Area.TOP, {"article": self.articles[0], "correction": notice})]
        with self.assertRaisesMessage(Exception, "하나만 고르세요"):
            edition([*slots, *layout()[1:]], by=self.desk)

    def test_the_default_layout_has_a_box_per_section(self):
        page = front_page(default_slots([self.news, self.culture]))
        self.assertEqual([box.section for box in page.boxes], [self.news, self.culture])
        self.assertEqual(len(page.subs), 4)


@override_settings(CACHES=LOCMEM)
class ScheduledEditionTests(TestCase):
    """With the page cache on, a scheduled edition goes live on its minute, with no job."""

    def setUp(self):
        cache.clear()
        pagecache.forget_kept()
        self.desk = make_editor()
        self.news = make_section(name="행정", slug="admin")
        self.old_lead = make_article(section=self.news, title="어제의 톱")
        self.new_lead = make_article(
            section=self.news, title="새 판의 톱", publish_at=timezone.now() - timedelta(days=1)
        )
        edition(layout(top=self.old_lead), by=self.desk)

    def top_of_home(self):
        html = self.client.get(reverse("articles:home")).content.decode()
        return html[html.index('class="top-story"') :][:1500]

    def test_a_scheduled_edition_goes_live_on_its_minute_on_a_cached_page(self):
        minute = (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
        self.assertIn("어제의 톱", self.top_of_home())  # stored by the page cache
        edition(layout(top=self.new_lead), at=minute, by=self.desk)
        with time_machine.travel(minute - timedelta(seconds=5)):
            self.assertIn("어제의 톱", self.top_of_home())
            response = self.client.get(reverse("articles:home"))
            self.assertLessEqual(
                int(re.search(r"\bmax-age=(\d+)", response["Cache-Control"])[1]), 5
            )
        with time_machine.travel(minute + timedelta(seconds=1)):
            self.assertIn("새 판의 톱", self.top_of_home())

    def test_a_draft_changes_nothing_readers_see(self):
        self.top_of_home()
        versions = pagecache.versions(["lists"])
        edition(layout(top=self.new_lead), publish=False)
        self.assertEqual(pagecache.versions(["lists"]), versions)
        self.assertIn("어제의 톱", self.top_of_home())

    def test_an_earlier_edition_is_restored_as_a_copy(self):
        first = Edition.objects.get()
        edition(layout(top=self.new_lead), by=self.desk)
        self.assertIn("새 판의 톱", self.top_of_home())
        restored = services.edition_copy(edition=first, by=self.desk)
        services.edition_publish(edition=restored, by=self.desk)
        self.assertIn("어제의 톱", self.top_of_home())
        self.assertEqual(Edition.objects.filter(status=Edition.Status.PUBLISHED).count(), 3)
        self.assertEqual(Article.objects.count(), 2)


class HomeBudgetTests(TestCase):
    """The home costs the same whatever the number of articles and pins (tests/articles/
    test_views.py BUDGETS["home"]: the two page-cache lookups, the live slots, one UNION for
    every slot, the sections, most-read, ticker)."""

    def test_the_home_with_an_edition_of_pins_keeps_its_budget(self):
        desk = make_editor()
        sections = [make_section() for _ in range(3)]
        for articles, pins in [(5, 0), (40, 1), (80, 8)]:
            with self.subTest(articles=articles, pins=pins):
                made = [make_article(section=sections[n % 3], **PHOTO) for n in range(articles)]
                slots = layout(subs=4, photos=5, boxes=sections)
                for n in range(pins):
                    area, fields = slots[n]
                    slots[n] = (area, fields | {"article": made[-1 - n]})
                if pins:  # and a correction in the last 서브톱's place
                    notice = Correction.objects.create(article=made[0], kind="reply", body="반론")
                    slots[4] = (Slot.Area.SUB, {"correction": notice})
                edition(slots, by=desk)
                cache.clear()
                pagecache.forget_kept()
                SiteSettings.load()  # the settings row exists on every real site
                with self.assertNumQueries(BUDGETS["home"]):
                    response = self.client.get(reverse("articles:home"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(pins > 0, 'class="front-notice' in response.content.decode())
