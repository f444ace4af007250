from django.test import SimpleTestCase

from articles.teasers import html_to_text, teaser


class TeaserTests(SimpleTestCase):
    def test_short_text_is_left_whole(self):
        self.assertEqual(teaser("<p>짧은 기사</p>", 200), "짧은 기사")

    def test_cut_on_a_word_boundary_with_ellipsis(self):
        text = "영등포구가 내년 예산안을 " + "주민과 함께 정한다 " * 40
        result = teaser(f"<p>{text}</p>", 50)
        self.assertTrue(result.endswith("…"))
        self.assertLessEqual(len(result), 51)
        self.assertTrue(text.startswith(result[:-1]))
        self.assertIn(text[len(result) - 1], " ")  # the cut fell between words

    def test_entities_are_decoded_and_tags_dropped(self):
        self.assertEqual(
            html_to_text("<p>A &amp; B&nbsp;&lt;가&gt;</p><p>둘째</p>"), "A & B <가> 둘째"
        )

    def test_image_only_body_gives_empty_teaser(self):
        self.assertEqual(
            teaser('<figure><img src="/media/a.jpg"><figcaption>설명</figcaption></figure>'), ""
        )

    def test_captions_do_not_leak_into_the_teaser(self):
        html = (
            "<p>첫 문단</p><figure><img src=x><figcaption>사진=구청</figcaption></figure>"
            "<p>둘째</p>"
        )
        self.assertEqual(teaser(html), "첫 문단 둘째")

    def test_one_long_word_is_cut_hard(self):
        self.assertEqual(teaser("가" * 300, 10), "가" * 10 + "…")

    def test_a_teaser_reads_only_the_start_but_cuts_as_if_it_read_everything(self):
        paragraph = (
            "<p>영등포구&nbsp;주민 <b>참여</b>예산 &amp; 공모 사업이 "
            "<a href='/x'>올해도</a> 열린다.</p><figure><img src=x><figcaption>사진 설명"
            "</figcaption></figure>\n"
        )
        html = paragraph * 300
        whole = html_to_text(html)
        for enough in range(1, 2500, 37):
            start = html_to_text(html, enough=enough)
            self.assertTrue(whole.startswith(start))
            self.assertGreater(len(start), enough)
            self.assertLess(len(start), len(whole))
        for length in range(5, 400, 13):
            expected = whole[: length + 1]
            expected = expected[: expected.rfind(" ")].rstrip(" ,.·:;-(") + "…"
            self.assertEqual(teaser(html, length), expected)
