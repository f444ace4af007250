from io import StringIO

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from PIL import Image

from articles.models import Article, DailyViews, Reporter, Section, SiteSettings
from articles.photo_sizes import copy_name


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


class SeedDemoTests(TestCase):
    def test_seeds_a_paper_and_is_idempotent(self):
        output = seed()
        counts = (Section.objects.count(), Reporter.objects.count(), Article.objects.count())
        self.assertGreaterEqual(counts[0], 6)
        self.assertGreaterEqual(counts[1], 5)
        self.assertGreaterEqual(counts[2], 40)
        self.assertTrue(Article.objects.exclude(photo="").exists())
        self.assertTrue(DailyViews.objects.exists())
        self.assertTrue(SiteSettings.load().registration_number)
        self.assertIn("desk / ", output)
        self.assertIn("reporter / ", output)
        seed()
        again = (Section.objects.count(), Reporter.objects.count(), Article.objects.count())
        self.assertEqual(counts, again)

    def test_demo_photos_are_the_size_of_a_reporter_s_upload_with_their_copies(self):
        seed("--no-accounts")
        with_photo = Article.objects.exclude(photo="")
        names = set(with_photo.values_list("photo", flat=True))
        self.assertGreaterEqual(len(names), 8)  # the home page shows eight at once
        for name in names:
            with self.subTest(name):
                self.assertLess(150_000, default_storage.size(name), 900_000)
                with Image.open(default_storage.open(name)) as photo:
                    self.assertEqual(photo.size, (2000, 1333))
                self.assertTrue(default_storage.exists(copy_name(name, 240, "avif")))
        self.assertFalse(with_photo.filter(photo_width__isnull=True).exists())

    def test_demo_accounts_log_in_with_the_printed_passwords(self):
        output = seed()
        for line in output.splitlines():
            if " / " in line:
                username, password = line.split()[1], line.split()[3]
                user = get_user_model().objects.get(username=username)
                self.assertTrue(user.check_password(password))
                self.assertTrue(user.is_staff)
                self.assertTrue(Reporter.objects.filter(user=user).exists())

    def test_synthetic_articles_are_added_in_batches(self):
        seed("--no-accounts")
        before = Article.objects.count()
        live_before = Article.objects.published().count()
        output = seed("--no-accounts", "--articles", "1500")
        self.assertEqual(Article.objects.count(), before + 1500)
        self.assertIn("1500/1500", output)
        self.assertEqual(Section.objects.count(), 15)
        self.assertEqual(Reporter.objects.count(), 40)
        self.assertEqual(Article.objects.published().count(), live_before + 1500)
        # Most have a photo, one of the demo's few (sized, so that pages need no lookup).
        added = Article.objects.order_by("-pk")[:1500]
        photos = {(a.photo.name, a.photo_width) for a in added if a.photo}
        self.assertLessEqual(len(photos), 12)
        self.assertGreater(sum(1 for a in added if a.photo), 600)
        self.assertTrue(all(width == 2000 for _, width in photos))
        # Sections of unequal size, as at a real paper: the first far larger than the last.
        sizes = [section.articles.count() for section in Section.objects.all()]
        self.assertGreater(sizes[0], 3 * sizes[-1])
