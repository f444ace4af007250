"""Our Korean over Django's own (locale/ko): each entry rewords a message Django has, and the
compiled catalogue that Django reads says what the .po file says."""

import gettext
import re
from pathlib import Path

import django
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_editor

OURS = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
DJANGOS = {
    "django": ["conf/locale", "contrib/admin/locale", "contrib/auth/locale"],
    "djangojs": ["contrib/admin/locale"],
}
ENTRY = re.compile(
    r'^msgid "(?P<id>.+)"\n(?:msgid_plural "(?P<plural>.+)"\n)?msgstr(?:\[0\])? "(?P<str>.*)"$',
    re.MULTILINE,
)


def entries(domain):
    """(msgid, msgid_plural or None, msgstr) of our .po file, unescaped."""
    text = (OURS / f"{domain}.po").read_text()
    unescape = lambda value: value and value.replace('\\"', '"')  # noqa: E731
    return [
        (unescape(m["id"]), unescape(m["plural"]), unescape(m["str"])) for m in ENTRY.finditer(text)
    ]


def translated(catalogue, msgid, plural):
    return catalogue.ngettext(msgid, plural, 1) if plural else catalogue.gettext(msgid)


def test_every_entry_rewords_one_of_djangos_messages():
    for domain, folders in DJANGOS.items():
        djangos = [
            gettext.GNUTranslations((Path(django.__file__).parent / folder / path).open("rb"))
            for folder in folders
            for path in [f"ko/LC_MESSAGES/{domain}.mo"]
        ]
        found = entries(domain)
        assert len(found) > 10
        for msgid, plural, _ in found:
            assert any(translated(t, msgid, plural) != msgid for t in djangos), msgid


def test_the_compiled_catalogue_matches_the_po_file():
    for domain in DJANGOS:
        compiled = gettext.GNUTranslations((OURS / f"{domain}.mo").open("rb"))
        for msgid, plural, msgstr in entries(domain):
            assert translated(compiled, msgid, plural) == msgstr, (
                f"{domain}.mo is older than {domain}.po: msgfmt -o {domain}.mo {domain}.po"
            )


class AdminWordingTests(TestCase):
    def test_the_buttons_say_what_they_do(self):
        self.client.force_login(make_editor())
        response = self.client.get(reverse("admin:articles_section_add"))
        self.assertContains(response, "저장하고 새로 추가")
        self.assertContains(response, "저장하고 계속 편집")
        self.assertNotContains(response, "다른 이름으로")

    def test_a_missing_row_is_said_plainly(self):
        self.client.force_login(make_editor())
        response = self.client.get(
            reverse("admin:articles_section_change", args=[987654]), follow=True
        )
        self.assertContains(response, "번호 987654")
        self.assertNotContains(response, "을/를")
