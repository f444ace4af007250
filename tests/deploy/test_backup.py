"""deploy/backup/backup and restore: a backup restored into an empty database and empty folders
serves the same articles and photos. PostgreSQL only (pg_dump); the site is run by runserver on
the restored database, as its own process."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.deploy.gunicorn import database_url
from tests.deploy.nginx import free_port
from tests.factories import make_article, make_photo

ROOT = Path(__file__).resolve().parents[2]
# Skipped as a module: a skipped transactional test would still be flushed after.
if connection.vendor != "postgresql":
    pytest.skip("pg_dump: PostgreSQL only", allow_module_level=True)
if not shutil.which("rsync"):
    pytest.skip("rsync가 없습니다 (apt-get install rsync)", allow_module_level=True)
pytestmark = pytest.mark.django_db(transaction=True)


def site_env(folder: Path, database: str, media: Path, private: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "1",  # runserver then serves /media/ itself
        "DATABASE_URL": database_url(database),
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_PRIVATE_ROOT": str(private),
        "REDIS_URL": "",  # caches on disk of their own: the restore empties its page cache
        "REDIS_COUNTERS_URL": "",
        "DJANGO_CACHE_DIR": str(folder / "cache"),
        "BACKUP_DIR": str(folder / "backups"),
        "PYTHON": sys.executable,
    }


def run(script: str, env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ROOT / "deploy" / "backup" / script, *args], env=env, capture_output=True, text=True
    )


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path):
    """Start runserver with this environment; stopped by its process id at the end."""
    started = []

    def start(env):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "runserver.log").open("w"),
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "runserver.log").read_text()
            try:
                if fetch(base + "/healthz")[0] == 200:
                    return base
            except OSError:
                pass
            time.sleep(0.1)  # a process starting: poll until the deadline
        raise AssertionError("runserver did not answer within 30 s")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_a_restored_backup_serves_the_same_articles_and_photos(
    tmp_path, settings, restored_database, site
):
    with_photo = make_article(title="백업된 사진 기사", photo=make_photo("현장.jpg"))
    plain = make_article(title="백업된 글 기사")
    tip = Path(settings.PRIVATE_ROOT) / "tips" / "1" / "제보.pdf"
    tip.parent.mkdir(parents=True, exist_ok=True)
    tip.write_bytes(b"%PDF-1.4 a reader's tip")
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    source = site_env(tmp_path, connection.settings_dict["NAME"], media, private)

    done = run("backup", source)
    assert done.returncode == 0, done.stderr
    backup = (tmp_path / "backups" / "latest").resolve()
    assert (backup / "db.dump").stat().st_size > 0 and files(backup / "media") == files(media)
    assert "media" in (backup / "MANIFEST").read_text()

    new_media, new_private = tmp_path / "restored-media", tmp_path / "restored-private"
    target = site_env(tmp_path, restored_database, new_media, new_private)
    done = run("restore", target, str(tmp_path / "backups" / "latest"))
    assert done.returncode == 0, done.stderr
    assert files(new_media) == files(media) and files(new_private) == files(private)

    base = site(target)
    status, home = fetch(base + "/")
    assert status == 200 and all(a.title in home.decode() for a in (with_photo, plain))
    for article in (with_photo, plain):
        status, page = fetch(base + article.get_absolute_url())
        assert status == 200 and article.title in page.decode()
    status, photo = fetch(base + with_photo.photo.url)
    assert status == 200 and photo == with_photo.photo.read()

    again = run("restore", target, str(backup))
    assert again.returncode != 0 and "비어 있지 않습니다" in again.stderr


def test_a_second_backup_links_unchanged_photos_and_old_backups_go(tmp_path, settings):
    make_article(title="사진", photo=make_photo("현장.jpg"))
    env = site_env(
        tmp_path, connection.settings_dict["NAME"], settings.MEDIA_ROOT, settings.PRIVATE_ROOT
    )
    old = tmp_path / "backups" / "2020-01-01T033000"
    old.mkdir(parents=True)
    os.utime(old, (time.time() - 20 * 86400,) * 2)
    recent = tmp_path / "backups" / "2020-01-02T033000"
    recent.mkdir()
    os.utime(recent, (time.time() - 10 * 86400,) * 2)

    assert run("backup", env).returncode == 0
    # Last night's, as it is named by the second it started (the next one needs another name).
    first = (tmp_path / "backups" / "latest").resolve().rename(old.with_name("2020-01-03T033000"))
    done = run("backup", env)
    assert done.returncode == 0, done.stderr
    second = (tmp_path / "backups" / "latest").resolve()
    assert second != first and not old.exists() and recent.exists()  # 14 days kept
    photos = [p.relative_to(second) for p in (second / "media").rglob("*") if p.is_file()]
    assert photos
    for photo in photos:  # the same file on disk: a night costs only new photos
        assert (second / photo).stat().st_ino == (first / photo).stat().st_ino
