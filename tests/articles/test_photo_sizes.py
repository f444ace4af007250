"""Photos at the size a page shows them (issue 16): smaller copies made when a photo is stored,
srcset/sizes/width/height on every reader page's photo and in article bodies, the backfill."""

import re
from html.parser import HTMLParser
from io import BytesIO, StringIO
from unittest import mock, skipIf

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from articles.images import process_image, why_foreign
from articles.models import Article, as_read
from articles.photo_sizes import LAYOUTS, copy_name, make_copies, original_of
from articles.sanitize import clean_html
from tests.articles.test_images import photo_with_gps
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
    media_files,
)
from tests.forms import form_data
from tests.media import IsolatedMedia, on_s3

pytestmark = pytest.mark.media  # on the disk, and on object storage (tests/media.py)

WIDTHS = [240, 480, 720, 960, 1440]


class Images(HTMLParser):
    """Each <img> of a page (its attributes) and the <source>s of the <picture> around it."""

    def __init__(self, html):
        super().__init__()
        self.images, self.sources = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "source":
            self.sources.append(dict(attrs))
        if tag == "img":
            self.images.append({**dict(attrs), "sources": self.sources})
            self.sources = []


def images_of(html, within=None):
    if within:
        html = html[html.index(within) :]
    return Images(html).images


def css_width(sizes, viewport):
    """The width a `sizes` attribute (of the forms we write) gives at a viewport width."""
    for entry in sizes.split(","):
        match = re.fullmatch(r"\(min-width: (\d+)px\) (.+)", entry.strip())
        if match and viewport < int(match[1]):
            continue
        length = match[2] if match else entry.strip()
        expression = length.replace("calc", "").replace("100vw", str(viewport))
        expression = expression.replace("px", "")
        assert re.fullmatch(r"[0-9 ()+\-*/.]+", expression), expression
        return eval(expression)  # digits and arithmetic only, checked above
    raise AssertionError(f"no size for {viewport}px in {sizes!r}")


def stored_photo(name="photos/2026/12/현장.jpg", size=(2000, 1333), **options):
    """A photo stored as an upload is: cleaned, then its copies made."""
    clean = process_image(photo_with_gps(size=size, **options))
    name = default_storage.save(name, clean)
    make_copies(name, clean.file.getvalue(), replace=True)
    return name


class CopiesTests(IsolatedMedia, TestCase):
    def test_a_2000_px_lead_photo_gets_copies_in_three_formats_without_exif(self):
        article = make_article(photo=photo_with_gps(size=(2000, 1333)))
        name = article.photo.name
        self.assertEqual((article.photo_width, article.photo_height), (2000, 1333))
        copies = {copy for copy in media_files() if original_of(copy) == name}
        expected = {copy_name(name, w, e) for w in WIDTHS for e in ("avif", "webp", "jpg")}
        self.assertEqual(copies, expected)
        for width in WIDTHS:
            for extension, kind in [("avif", "AVIF"), ("webp", "WEBP"), ("jpg", "JPEG")]:
                with default_storage.open(copy_name(name, width, extension)) as stored:
                    data = stored.read()
                with Image.open(BytesIO(data)) as image:
                    self.assertEqual(image.format, kind)
                    self.assertEqual(image.size, (width, round(1333 * width / 2000)))
                    self.assertEqual(len(image.getexif()), 0)
                    self.assertFalse({"exif", "xmp", "icc_profile"} & image.info.keys())
                self.assertNotIn(b"PhoneMaker", data)
        # The row keeps the size: read back, it is there.
        article = Article.objects.get(pk=article.pk)
        self.assertEqual((article.photo_width, article.photo_height), (2000, 1333))

    def test_a_lead_photo_chosen_on_the_article_form_gets_its_copies_and_size(self):
        self.client.force_login(make_editor())
        add_url = reverse("admin:articles_article_add")
        data = form_data(self.client.get(add_url), "article_form")
        data.update(
            title="사진 기사",
            section=make_section().pk,
            reporter=make_reporter().pk,
            body="<p>본문</p>",
            photo=photo_with_gps(size=(2000, 1333)),
        )
        self.assertEqual(self.client.post(add_url, data).status_code, 302)
        article = Article.objects.get(title="사진 기사")
        self.assertEqual((article.photo_width, article.photo_height), (2000, 1333))
        self.assertTrue(default_storage.exists(copy_name(article.photo.name, 1440, "avif")))
        # Derived from the photo, like the search text: not a change the history lists.
        self.assertFalse(hasattr(article.history.first(), "photo_width"))

    def test_a_photo_narrower_than_the_widest_copy_gets_one_at_its_own_width(self):
        article = make_article(photo=make_photo(size=(800, 533)))
        name = article.photo.name
        widths = sorted({int(re.search(r"\.w(\d+)\.", c)[1]) for c in media_files() if c != name})
        self.assertEqual(widths, [240, 480, 720, 800])

    def test_a_transparent_png_keeps_its_transparency_in_png_and_webp_copies(self):
        buffer = BytesIO()
        Image.new("RGBA", (600, 400), (0, 120, 200, 0)).save(buffer, format="PNG")
        clean = process_image(ContentFile(buffer.getvalue(), name="도표.png"))
        name = default_storage.save("uploads/1/도표.png", clean)
        make_copies(name, clean.file.getvalue(), replace=True)
        self.assertFalse(default_storage.exists(copy_name(name, 480, "jpg")))
        for extension in ("png", "webp"):
            with Image.open(default_storage.open(copy_name(name, 480, extension))) as copy:
                self.assertEqual(copy.convert("RGBA").getpixel((10, 10))[3], 0)

    def test_copies_of_jpg_and_png_photos_of_one_name_do_not_collide(self):
        jpg = stored_photo("uploads/1/사진.jpg", size=(300, 200))
        png = process_image(ContentFile(make_photo(size=(300, 200)).read(), name="사진.png"))
        png_name = default_storage.save("uploads/1/사진.png", png)
        make_copies(png_name, png.file.getvalue(), replace=True)
        self.assertNotEqual(copy_name(jpg, 240, "webp"), copy_name(png_name, 240, "webp"))
        self.assertTrue(default_storage.exists(copy_name(jpg, 240, "webp")))

    def test_a_new_lead_photo_replaces_the_copies_of_an_earlier_one_of_that_name(self):
        name = stored_photo("photos/x/사진.jpg", size=(600, 400))
        default_storage.delete(name)  # gone by hand: its copies stay behind
        left = copy_name(name, 240, "jpg")
        self.assertTrue(default_storage.exists(left))
        clean = process_image(make_photo("사진.jpg", size=(600, 400), color=(250, 250, 0)))
        self.assertEqual(default_storage.save(name, clean), name)
        make_copies(name, clean.file.getvalue(), replace=True)
        with Image.open(default_storage.open(left)) as copy:
            red, green, blue = copy.convert("RGB").getpixel((5, 5))
        self.assertGreater(green, 200)  # the new photo's yellow, not the old one's red

    def test_a_restored_revision_s_photo_brings_its_own_size(self):
        article = make_article(photo=make_photo(size=(800, 533)))
        old = article.photo.name
        article.photo = make_photo(size=(600, 600))
        article.save()
        self.assertEqual((article.photo_width, article.photo_height), (600, 600))
        article = Article.objects.get(pk=article.pk)
        article.photo = old  # as the history page's restore sets it
        article.save()
        self.assertEqual((article.photo_width, article.photo_height), (800, 533))

    def test_taking_the_photo_away_forgets_its_size(self):
        article = make_article(photo=make_photo())
        article.photo = ""
        article.save(update_fields=["photo"])
        article = Article.objects.get(pk=article.pk)
        self.assertEqual((article.photo_width, article.photo_height), (None, None))

    def test_the_editor_s_upload_makes_copies_but_its_browser_lists_only_the_photo(self):
        self.client.force_login(make_editor())
        response = self.client.post(reverse("ckeditor_upload"), {"upload": make_photo()})
        url = response.json()["url"]
        copies = [name for name in media_files() if original_of(name)]
        self.assertEqual(len(copies), 12)  # 240, 480, 720 and 800 in three formats
        browser = self.client.get(reverse("ckeditor_browse")).content.decode()
        self.assertIn(url, browser)
        self.assertNotIn(".w240.", browser)


class CleanMediaTests(IsolatedMedia, TestCase):
    def run_command(self, *args):
        out = StringIO()
        call_command("clean_media", *args, stdout=out)
        return out.getvalue()

    def test_copies_are_ours_while_their_photo_is_stored_and_listed_once_it_is_gone(self):
        kept = stored_photo("uploads/1/남는-사진.jpg", size=(500, 300))
        gone = stored_photo("uploads/1/지운-사진.jpg", size=(500, 300))
        default_storage.delete(gone)
        output = self.run_command()
        self.assertNotIn(kept, output)
        for width in (240, 480, 500):
            self.assertIn(f"{copy_name(gone, width, 'avif')}  (원본 사진이 없는 작은 사본", output)
        self.run_command("--delete")
        self.assertEqual({n for n in media_files() if gone in n}, set())
        self.assertEqual(len([n for n in media_files() if kept in n]), 10)

    def test_a_foreign_photo_that_is_deleted_takes_its_copies_with_it(self):
        default_storage.save("uploads/1/gps.jpg", ContentFile(photo_with_gps().read()))
        make_copies("uploads/1/gps.jpg")  # as the backfill would
        self.assertIn("uploads/1/gps.jpg.w240.jpg", media_files())
        self.run_command("--delete")
        self.assertEqual(media_files(), set())

    @skipIf(on_s3(), "what Pillow writes, wherever it is stored: the disk's run has it")
    def test_every_copy_of_every_photo_the_pipeline_writes_is_ours(self):
        # A false alarm here would delete a copy a page lists.
        cases = [("JPEG", "RGB"), ("JPEG", "L"), ("JPEG", "CMYK"), ("PNG", "RGB"),
                 ("PNG", "RGBA"), ("PNG", "P"), ("PNG", "LA"), ("PNG", "I;16"), ("PNG", "1"),
                 ("WEBP", "RGB"), ("WEBP", "RGBA"), ("GIF", "P"), ("GIF", "L")]  # fmt: skip
        for kind, mode in cases:
            with self.subTest(kind=kind, mode=mode):
                buffer = BytesIO()
                Image.new(mode, (300, 200)).save(buffer, format=kind)
                clean = process_image(ContentFile(buffer.getvalue(), name=f"사진.{kind.lower()}"))
                name = default_storage.save(f"uploads/{kind}-{mode}/{clean.name}", clean)
                size, written = make_copies(name, clean.file.getvalue(), replace=True)
                self.assertEqual((size, len(written)), ((300, 200), 6))
                for copy in written:
                    with default_storage.open(copy) as stored:
                        data = stored.read()
                    self.assertIsNone(why_foreign(copy, lambda data=data: data), copy)

    def test_a_copy_must_hold_what_pillow_writes(self):
        name = stored_photo("uploads/1/사진.jpg", size=(500, 300))
        copy = copy_name(name, 240, "avif")
        with default_storage.open(copy) as stored:
            data = stored.read()
        self.assertIsNone(why_foreign(copy, lambda: data))
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        buffer = BytesIO()
        Image.new("RGB", (240, 144)).save(buffer, format="AVIF", exif=exif)
        reason = why_foreign(copy, lambda: buffer.getvalue())
        self.assertIn("사진이 아닌 항목", reason)
        self.assertIn("내용(JPEG)", why_foreign(copy, lambda: make_photo().read()))


class ReaderPagesTests(IsolatedMedia, TestCase):
    def setUp(self):
        super().setUp()
        self.photo = stored_photo()
        self.section = make_section(name="행정", slug="admin")
        reporter = make_reporter()
        shared = {"photo": self.photo, "photo_width": 2000, "photo_height": 1333}
        self.articles = [
            make_article(section=self.section, reporter=reporter, title=f"기사 {n}", **shared)
            for n in range(4)
        ]

    def test_every_photo_on_reader_pages_has_its_sizes_and_copies(self):
        url = default_storage.url(self.photo)
        for page in [
            reverse("articles:home"),
            self.section.get_absolute_url(),
            self.articles[0].get_absolute_url(),
        ]:
            images = images_of(self.client.get(page).content.decode(), within="<main")
            self.assertTrue(images, page)
            for image in images:
                with self.subTest(page=page, src=image["src"]):
                    self.assertEqual((image["width"], image["height"]), ("2000", "1333"))
                    self.assertIn(f"{url}.w240.jpg 240w", image["srcset"])
                    self.assertEqual(
                        [s["type"] for s in image["sources"]], ["image/avif", "image/webp"]
                    )
                    self.assertIn(f"{url}.w240.avif 240w", image["sources"][0]["srcset"])
                    self.assertIn(f"{url}.w240.webp 240w", image["sources"][1]["srcset"])
                    for source in image["sources"]:
                        self.assertEqual(source["sizes"], image["sizes"])
                    self.assertNotIn(url + '"', image["src"] + '"')  # never the 2000 px file

    def test_the_largest_photo_is_fetched_first_and_the_teasers_lazily(self):
        home = images_of(self.client.get(reverse("articles:home")).content.decode())
        top, *teasers = home
        self.assertEqual(top["fetchpriority"], "high")
        self.assertNotIn("loading", top)
        self.assertEqual(top["sizes"], LAYOUTS["top"].sizes)
        self.assertTrue(teasers)
        for teaser in teasers:
            self.assertEqual(teaser["loading"], "lazy")
            self.assertNotIn("fetchpriority", teaser)
        html = self.client.get(self.articles[1].get_absolute_url()).content.decode()
        lead, *related = images_of(html)
        self.assertEqual(html.count('fetchpriority="high"'), 1)
        self.assertEqual((lead["fetchpriority"], lead["sizes"]), ("high", LAYOUTS["body"].sizes))
        self.assertTrue(related)
        self.assertTrue(all(teaser["loading"] == "lazy" for teaser in related))
        section = self.client.get(self.section.get_absolute_url()).content.decode()
        self.assertTrue(all(image["loading"] == "lazy" for image in images_of(section)))

    def test_sizes_are_the_css_widths_at_375_and_1280_px(self):
        # .teaser.has-photo 7rem/10rem; .top-story 6/11 of the main column; .article-body 42rem
        expected = {"teaser": (112, 160), "top": (343, 428), "body": (343, 672)}
        for layout, (phone, desktop) in expected.items():
            with self.subTest(layout):
                self.assertAlmostEqual(css_width(LAYOUTS[layout].sizes, 375), phone, delta=1)
                self.assertAlmostEqual(css_width(LAYOUTS[layout].sizes, 1280), desktop, delta=1)

    def test_teasers_offer_only_the_widths_a_teaser_needs(self):
        home = images_of(self.client.get(reverse("articles:home")).content.decode())
        teaser = home[1]
        self.assertEqual(re.findall(r"(\d+)w", teaser["srcset"]), ["240", "480"])
        self.assertEqual(re.findall(r"(\d+)w", home[0]["srcset"]), [str(w) for w in WIDTHS])

    def test_a_photo_without_a_known_size_is_shown_as_stored(self):
        Article.objects.filter(pk=self.articles[0].pk).update(photo_width=None, photo_height=None)
        html = self.client.get(self.articles[0].get_absolute_url()).content.decode()
        lead = images_of(html)[0]
        self.assertEqual(lead["src"], default_storage.url(self.photo))
        self.assertNotIn("srcset", lead)

    def test_pages_ask_the_storage_nothing(self):
        with (
            mock.patch.object(
                type(default_storage._wrapped), "exists", side_effect=AssertionError("exists()")
            ),
            mock.patch.object(
                type(default_storage._wrapped), "open", side_effect=AssertionError("open()")
            ),
        ):
            for page in [reverse("articles:home"), self.articles[0].get_absolute_url()]:
                self.assertEqual(self.client.get(page).status_code, 200)


class BodyPhotosTests(IsolatedMedia, TestCase):
    def test_our_photo_in_a_body_gets_its_sizes_and_copies_when_saved(self):
        name = stored_photo("uploads/1/2026/12/01/현장.jpg")
        url = default_storage.url(name)
        body = f'<p>글</p><figure class="image"><img src="{url}" alt="현장"></figure>'
        article = make_article(body=body)
        (image,) = images_of(article.body)
        self.assertEqual((image["width"], image["height"]), ("2000", "1333"))
        self.assertEqual(image["loading"], "lazy")
        self.assertEqual(image["sizes"], LAYOUTS["body"].sizes)
        candidates = [c.split() for c in image["srcset"].split(", ")]
        self.assertEqual(candidates, [[f"{url}.w{w}.jpg", f"{w}w"] for w in WIDTHS])
        page = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn(image["srcset"], page.replace("&amp;", "&"))

    def test_a_narrower_photo_outside_a_figure_is_sized_as_the_editor_set_it(self):
        url = default_storage.url(stored_photo("uploads/1/작은.jpg", size=(1000, 500)))
        (image,) = images_of(clean_html(f'<p><img src="{url}" alt="" width="300"></p>'))
        self.assertEqual((image["width"], image["height"]), ("300", "150"))
        self.assertEqual(css_width(image["sizes"], 1280), 300)
        self.assertEqual(css_width(image["sizes"], 320), 288)

    def test_foreign_and_hostile_srcset_values_are_dropped(self):
        media = settings.MEDIA_URL
        hostile = [
            "javascript:alert(1) 1x",
            "https://evil.example/x.jpg 480w",
            "//evil.example/x.jpg 480w",
            "data:image/png;base64,iVBORw0KGgo= 480w",
            f"{media}a.jpg 480w, https://evil.example/x.jpg 960w",
            f"{media}a.jpg 480w, javascript:alert(1) 960w",
            f"{media}a.jpg 480w, {media}../other-bucket/x.jpg 960w",
        ]
        for srcset in hostile:
            with self.subTest(srcset):
                html = clean_html(f'<img src="{media}gone.jpg" srcset="{srcset}" alt="">')
                self.assertNotIn("srcset", html)
                self.assertNotIn("evil", html)
                self.assertNotIn("javascript", html)
                self.assertNotIn("other-bucket", html)
        html = clean_html(f'<img src="https://evil.example/x.jpg" srcset="{media}a.jpg 480w">')
        self.assertEqual(html, "")  # a photo from elsewhere goes, whatever it carries
        html = clean_html(f'<img src="{media}a.jpg" sizes="url(x)" loading="auto" alt="">')
        self.assertEqual(html, f'<img src="{media}a.jpg" alt="">')

    def test_a_srcset_of_our_own_for_a_photo_we_do_not_have_is_dropped(self):
        media = settings.MEDIA_URL
        html = clean_html(f'<img src="{media}gone.jpg" srcset="{media}a.jpg 480w" width="40">')
        self.assertEqual(html, f'<img src="{media}gone.jpg" width="40">')

    def test_the_sizes_of_a_body_s_photo_are_not_content(self):
        before = '<p><img src="/media/a.jpg" alt="a > b"></p>'
        after = (
            '<p><img src="/media/a.jpg" alt="a > b" width="10" height="5" '
            'srcset="/media/a.jpg.w240.jpg 240w" sizes="10px" loading="lazy"></p>'
        )
        self.assertEqual(as_read(before), as_read(after))
        self.assertNotEqual(as_read(before), as_read(before.replace("a > b", "다른 설명")))

    def test_saving_an_old_article_again_adds_sizes_without_marking_it_revised(self):
        # Stored before the photo had copies (they came later, from make_photo_sizes).
        name = default_storage.save("uploads/1/사진.jpg", process_image(make_photo()))
        body = f'<p>글</p><p><img src="{default_storage.url(name)}" alt=""></p>'
        article = make_article(body=body)
        self.assertNotIn("srcset", article.body)
        make_copies(name)
        article = Article.objects.get(pk=article.pk)
        article.body = body  # as CKEditor posts it back: without what it does not know
        article.save()
        article = Article.objects.get(pk=article.pk)
        self.assertIn("srcset", article.body)
        self.assertIsNone(article.revised_at)
        self.assertFalse(article.shows_revision)


class BackfillTests(IsolatedMedia, TestCase):
    def run_command(self, *args):
        out = StringIO()
        call_command("make_photo_sizes", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def setUp(self):
        super().setUp()
        # Stored before photo sizes: the photos alone, articles without sizes or srcset.
        lead = default_storage.save("photos/2025/01/옛-사진.jpg", process_image(make_photo()))
        inline = default_storage.save("uploads/1/옛-본문.jpg", process_image(make_photo()))
        self.lead, self.inline = lead, inline
        self.article = make_article(photo=lead)
        body = f'<p>글</p><p><img src="{default_storage.url(inline)}" alt=""></p>'
        Article._base_manager.filter(pk=self.article.pk).update(
            body=body, photo_width=None, photo_height=None
        )
        for name in media_files() - {lead, inline}:
            default_storage.delete(name)
        self.missing = make_article(photo="photos/2025/01/없는-사진.jpg")

    def test_dry_run_counts_and_writes_nothing(self):
        before = media_files()
        output = self.run_command("--dry-run")
        self.assertIn("새로 만들 작은 사본: 24개", output)
        self.assertIn("크기를 적을 기사: 1건", output)
        self.assertIn("읽을 수 없는 사진: 1장", output)
        self.assertEqual(media_files(), before)
        self.article.refresh_from_db()
        self.assertIsNone(self.article.photo_width)

    def test_makes_copies_sizes_and_srcset_and_a_second_run_does_nothing(self):
        revisions = self.article.history.count()
        output = self.run_command()
        self.assertIn("새로 만든 작은 사본: 24개", output)
        self.assertIn("크기를 적은 기사: 1건", output)
        self.assertIn("srcset을 붙인 본문: 1건", output)
        self.article.refresh_from_db()
        self.assertEqual((self.article.photo_width, self.article.photo_height), (800, 533))
        self.assertIn(f"{default_storage.url(self.inline)}.w240.jpg 240w", self.article.body)
        self.assertIsNone(self.article.revised_at)
        self.assertEqual(self.article.history.count(), revisions)
        self.assertTrue(default_storage.exists(copy_name(self.lead, 800, "avif")))
        before = media_files()
        output = self.run_command()
        self.assertIn("새로 만든 작은 사본: 0개", output)
        self.assertIn("크기를 적은 기사: 0건", output)
        self.assertIn("srcset을 붙인 본문: 0건", output)
        self.assertEqual(media_files(), before)
