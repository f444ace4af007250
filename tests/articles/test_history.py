"""An article's revisions in the admin: what changed, in words; restore as one button."""

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from articles.admin.history import word_diff
from articles.models import Article
from tests.factories import make_article, make_editor, make_photo, make_reporter_user

BODY = (
    "<p>영등포구청은 1일 여의도 한강공원에서 겨울 축제를 연다고 밝혔다.</p>"
    "<p>축제는 오는 20일까지 이어지며 누구나 무료로 참여할 수 있다.</p>"
)


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


class WordDiffTests(TestCase):
    def test_a_changed_sentence_shows_only_the_changed_words(self):
        diff = word_diff(
            "구청은 1일 겨울 축제를 연다고 밝혔다. 축제는 20일까지 이어진다.",
            "구청은 1일 겨울 축제를 연다고 밝혔다. 축제는 25일까지 이어진다.",
        )
        self.assertIn("<del>20일까지</del> <ins>25일까지</ins>", diff)
        self.assertNotIn("<del>구청은", diff)
        self.assertEqual(diff.count("<del>"), 1)
        self.assertEqual(diff.count("<ins>"), 1)

    def test_long_unchanged_stretches_are_cut_to_a_few_words(self):
        words = [f"낱말{n}" for n in range(40)]
        diff = word_diff(" ".join(words), " ".join([*words[:20], "새말", *words[21:]]))
        self.assertIn("<del>낱말20</del> <ins>새말</ins>", diff)
        self.assertIn("…", diff)
        self.assertNotIn("낱말5 ", diff)

    def test_the_words_are_escaped(self):
        diff = word_diff("제목", "<script>alert(1)</script> 제목")
        self.assertIn("<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>", diff)

    def test_a_change_of_spacing_alone_says_so(self):
        self.assertIn("서식·띄어쓰기만 바뀜", word_diff("겨울  축제", "겨울 축제"))


class HistoryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()

    def setUp(self):
        self.client.force_login(self.desk)

    def test_a_body_change_shows_the_changed_words_not_whole_paragraphs(self):
        article = make_article(body=BODY)
        edit(article, body=BODY.replace("20일까지", "25일까지"))
        page = self.client.get(history_url(article))
        self.assertContains(page, "<del>20일까지</del> <ins>25일까지</ins>", html=False)
        self.assertNotContains(page, "<del>축제는")
        self.assertNotContains(page, "&lt;p&gt;")

    def test_a_caption_only_change_shows_the_caption(self):
        caption = "여의도 한강공원에서 열린 지난해 겨울 축제 모습. 영등포구 제공. " * 3
        article = make_article(photo_caption=caption)
        edit(article, photo_caption=caption.replace("지난해", "2025년", 1))
        page = self.client.get(history_url(article))
        self.assertContains(page, "<strong>사진 설명</strong>")
        self.assertContains(page, "<del>지난해</del> <ins>2025년</ins>")

    def test_title_and_subtitle_changes_are_word_diffs(self):
        article = make_article(title="구청 겨울 축제 연다", subtitle="20일까지")
        edit(article, title="구청 겨울 축제 오늘 연다", subtitle="25일까지")
        page = self.client.get(history_url(article))
        self.assertContains(page, "<strong>제목</strong>")
        self.assertContains(page, "축제 <ins>오늘</ins> 연다")
        self.assertContains(page, "<del>20일까지</del> <ins>25일까지</ins>")

    def test_a_new_photo_shows_as_changed_with_its_thumbnails(self):
        article = make_article()
        article.photo.save("first.jpg", ContentFile(make_photo().read()), save=True)
        first_url = article.photo.url
        article.photo.save("second.jpg", ContentFile(make_photo().read()), save=True)
        page = self.client.get(history_url(article))
        self.assertContains(page, "<strong>대표 사진</strong>")
        self.assertContains(page, "바뀜")
        self.assertContains(page, f'<img src="{first_url}" alt="이전 사진"')
        self.assertContains(page, f'<img src="{article.photo.url}" alt="바뀐 사진"')

    def test_a_state_change_shows_the_state_labels(self):
        article = make_article(status=Article.Status.DRAFT, publish_at=None)
        edit(article, status=Article.Status.REVIEW)
        page = self.client.get(history_url(article))
        self.assertContains(page, '<span class="state state-draft">작성중</span>', html=True)
        self.assertContains(page, '<span class="state state-review">승인대기</span>', html=True)

    def test_each_older_revision_has_one_restore_button(self):
        article = make_article(title="첫 판")
        first = article.history.get()
        edit(article, title="둘째 판")
        edit(article, title="셋째 판")
        page = self.client.get(history_url(article))
        button = (
            f'<a class="button restore-button" href="{change_url(article)}?restore='
            f'{first.history_id}">이 판으로 되돌리기</a>'
        )
        self.assertContains(page, button, html=True)
        self.assertContains(page, 'class="button restore-button"', count=2)  # not the latest
        self.assertContains(
            self.client.get(f"{change_url(article)}?restore={first.history_id}"), "첫 판"
        )

    def test_no_restore_button_for_someone_who_may_not_change_the_article(self):
        user, reporter = make_reporter_user("history_reporter")
        article = make_article(reporter=reporter)  # live: no longer the reporter's to change
        edit(article, title="고친 제목")
        self.client.force_login(user)
        page = self.client.get(history_url(article))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "restore-button")

    def test_the_page_costs_the_same_queries_however_many_revisions(self):
        article = make_article()
        edit(article, title="고친 제목")
        self.client.get(history_url(article))  # the content type, cached from now on
        with self.assertNumQueries(9) as few:
            self.client.get(history_url(article))
        for n in range(6):
            edit(
                article,
                title=f"{n}번째 제목",
                body=f"<p>{n}번째 본문</p>",
                photo_caption=f"설명 {n}",
            )
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(history_url(article))
