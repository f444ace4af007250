"""What a reporter pastes from Word, 한글 or a web page keeps its bold, italics and centring, and
never leaves an image without a source in the stored body (fixtures/paste/, our own
reconstructions of those clipboards)."""

import re
from pathlib import Path

from django.test import TestCase

from articles.models import Article
from articles.sanitize import clean_html
from tests.factories import make_article

PASTE = Path(__file__).parent / "fixtures" / "paste"


def pasted(name):
    return (PASTE / name).read_text(encoding="utf-8")


def images_without_source(html):
    return [tag for tag in re.findall(r"<img\b[^>]*>", html) if " src=" not in tag]


class PastedFormattingTests(TestCase):
    def test_bold_and_italics_from_word_styles_are_kept_as_strong_and_em(self):
        body = clean_html(pasted("word.html"))
        self.assertIn("<strong>신길동 골목시장 새 지붕 올린다</strong>", body)
        self.assertIn("<em>상인회</em>", body)
        self.assertIn("<strong>다음 달 착공</strong>", body)  # font-weight:700

    def test_a_centred_word_paragraph_keeps_the_centring_class(self):
        body = clean_html(pasted("word.html"))
        self.assertIn('<p class="align-center"><strong>신길동', body)

    def test_word_classes_leave_no_empty_class_attribute(self):
        body = clean_html(pasted("word.html"))
        self.assertNotIn("MsoNormal", body)
        self.assertNotIn('class=""', body)
        self.assertNotIn("o:p", body)

    def test_bold_and_centring_from_hwp_are_kept(self):
        body = clean_html(pasted("hwp.html"))
        title = '<p class="align-center"><strong>대림동 어린이 도서관 문 연다</strong></p>'
        self.assertIn(title, body)
        self.assertIn("<strong>1만2천 권</strong>", body)
        self.assertIn('<p class="align-center"><em>사진 제공: 대림2동 주민센터</em></p>', body)

    def test_paragraphs_of_a_centred_div_are_centred(self):
        body = clean_html('<div style="text-align: center"><p>가운데 문단</p></div>')
        self.assertEqual(body, '<p class="align-center">가운데 문단</p>')

    def test_other_weights_and_look_alike_properties_are_not_bold(self):
        body = clean_html(
            '<p><span style="font-weight:400">보통</span>'
            '<span style="mso-bidi-font-weight:bold">워드 내부</span></p>'
        )
        self.assertEqual(body, "<p>보통워드 내부</p>")

    def test_only_the_centring_class_is_kept_on_a_paragraph(self):
        body = clean_html('<p class="lead align-center big">문단</p>')
        self.assertEqual(body, '<p class="align-center">문단</p>')


class PastedImageTests(TestCase):
    def test_no_image_without_a_source_is_stored_from_any_paste(self):
        for name in ("word.html", "hwp.html", "web.html"):
            with self.subTest(name):
                article = make_article(body=pasted(name))
                article.refresh_from_db()
                self.assertIn("<p", article.body)
                self.assertEqual(images_without_source(article.body), [])
                self.assertNotIn("<img", article.body)  # none of them came from our media

    def test_a_figure_whose_photo_was_removed_is_dropped_with_its_caption(self):
        body = clean_html(pasted("web.html"))
        self.assertNotIn("<figure", body)
        self.assertNotIn("지난해 축제를 찾은 시민들", body)
        self.assertIn("<b>1,200명</b>", body)

    def test_our_own_photos_and_their_figures_are_kept(self):
        html = (
            '<figure class="photo"><img src="/media/uploads/1/2026/12/01/a.jpg" alt="현장">'
            "<figcaption>현장 &amp; 주민</figcaption></figure>"
            '<p>본문 <img src="/media/uploads/1/2026/12/01/b.jpg" width="40" height="30"></p>'
        )
        self.assertEqual(clean_html(html), html)

    def test_bulk_writes_drop_sourceless_images_too(self):
        article = make_article(body="<p>처음</p>")
        article.body = (
            '<figure class="photo"><img src="https://elsewhere.example/a.jpg"></figure><p>끝</p>'
        )
        Article.objects.bulk_update([article], ["body"])
        article.refresh_from_db()
        self.assertEqual(article.body, "<p>끝</p>")
