"""Plain helpers that make rows for tests: make_article(**overrides) and friends."""

import itertools
import struct
import zlib
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from PIL import Image

from articles.models import Article, Reporter, Section

_numbers = itertools.count(1)


def make_section(**overrides):
    n = next(_numbers)
    fields = {"name": f"섹션{n}", "slug": f"section-{n}", "position": n}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_reporter(**overrides):
    n = next(_numbers)
    fields = {"name": f"기자{n}", "title": "기자", "email": f"reporter{n}@example.com"}
    fields.update(overrides)
    return Reporter.objects.create(**fields)


def make_article(**overrides):
    """A live article unless told otherwise (status, publish_at)."""
    n = next(_numbers)
    fields = {
        "title": f"기사 제목 {n}",
        "body": f"<p>영등포구 소식 {n}번째 기사의 본문입니다.</p>",
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(minutes=n),
    }
    fields.update(overrides)
    if "section" not in fields:
        fields["section"] = make_section()
    if "reporter" not in fields:
        fields["reporter"] = make_reporter()
    return Article.objects.create(**fields)


def make_user(username, group=None, **overrides):
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, is_staff=True, **overrides
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_editor(username="editor"):
    return make_user(username, group="데스크")


def make_staff_admin(username="staff_admin"):
    """관리자: the desk, who also adds and removes staff of any role (articles.staff)."""
    user = make_user(username, group="데스크")
    user.groups.add(Group.objects.get(name="관리자"))
    return user


def make_reporter_user(username="reporter", **reporter_fields):
    user = make_user(username, group="기자")
    reporter = make_reporter(user=user, **reporter_fields)
    return user, reporter


def make_photo(name="photo.jpg", size=(800, 533), color=(40, 90, 160)):
    """A small JPEG upload, as a lead photo would arrive from the admin."""
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_observation(station, **overrides):
    """A stored KMA observation for a weather.Station, at the top of the current hour."""
    from weather.models import Condition, Observation

    fields = {
        "observed_at": timezone.now().replace(minute=0, second=0, microsecond=0),
        "temperature": "1.5",
        "condition": Condition.CLEAR,
        "source": Observation.Source.KMA,
    }
    fields.update(overrides)
    return Observation.objects.create(station=station, **fields)


def png_claiming(width, height, name="huge.png"):
    """A tiny PNG whose header claims width×height pixels: what a decompression bomb looks like
    to a server, without allocating the pixels here."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    data += chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    return SimpleUploadedFile(name, data, content_type="image/png")


def gif_with_script(name="x.html"):
    """A real GIF with an HTML page after it: a browser sniffing it as HTML runs the script."""
    buffer = BytesIO()
    Image.new("P", (40, 30), 3).save(buffer, format="GIF")
    payload = b"<html><script>fetch('/admin/').then(r => r.text())</script></html>"
    return SimpleUploadedFile(name, buffer.getvalue() + payload, content_type="text/html")


def media_files():
    """Every file name in the media storage, relative to its root."""
    from tests.media import object_names

    if (names := object_names()) is not None:
        return names

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            yield f"{folder}{name}"
        for sub in folders:
            yield from walk(f"{folder}{sub}/")

    return set(walk(""))


# The data migrations that make the groups 기자, 데스크 and 관리자 and give them their permissions.
ROLE_MIGRATIONS = [
    ("articles", "0002_newsroom_groups"),
    ("articles", "0004_desk_picks_related"),
    ("articles", "0007_desk_links_reporter_accounts"),
    ("weather", "0003_desk_permissions"),
    ("articles", "0013_staff"),
    ("frontpage", "0002_desk_edits_front_page"),
    ("breaking", "0002_desk_raises_breaking"),
    ("articles", "0020_desk_corrections"),
    ("tips", "0002_desk_reads_tips"),
    ("ads", "0003_desk_manages_ads"),
    ("pages", "0002_desk_edits_pages"),
]


def restore_migrated_rows():
    """What data migrations made and a flush took away: roles, weather stations, ad positions."""
    from importlib import import_module

    from django.apps import apps

    restore_roles()
    import_module("weather.migrations.0002_reference_stations").create_stations(apps, None)
    import_module("ads.migrations.0002_positions").create(apps, None)


def restore_roles():
    """Make the groups again by running their data migrations: a transactional test's database
    is flushed, groups and all, after each test."""
    loader = MigrationLoader(connection)
    state = loader.project_state()
    for key in ROLE_MIGRATIONS:
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, None)


def make_banner(code="top", **overrides):
    """A live picture banner in the position `code` (ads), for a day unless told otherwise."""
    from ads.models import Banner, Position

    position = Position.objects.get(code=code)
    n = next(_numbers)
    fields = {
        "position": position,
        "advertiser": "영등포구청",
        "name": f"배너 {n}",
        "image": make_photo(f"banner-{n}.jpg", size=(position.width, position.height)),
        "alt": f"구정 소식 배너 {n}",
        "link": f"https://example.com/ad/{n}",
        "starts_at": timezone.now() - timedelta(hours=1),
        "ends_at": timezone.now() + timedelta(days=1),
    }
    fields.update(overrides)
    return Banner.objects.create(**fields)
