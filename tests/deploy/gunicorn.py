"""The site's app servers as deploy/systemd/newsroom-gunicorn.service runs them, for tests that
start real ones: gunicorn with the unit's own command line (only the port changed), the
production settings (newsroom.settings, DJANGO_DEBUG=0) and an environment of the test's; and
moto's S3 server standing in for the object store they share.
"""

import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from tests.deploy.nginx import ROOT, free_port

UNIT = ROOT / "deploy" / "systemd" / "newsroom-gunicorn.service"
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
MOTO_SERVER = BIN / "moto_server"


def database_url(name: str) -> str:
    """The test's PostgreSQL server, database `name`, as a DATABASE_URL."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    where = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{where}/{name}"


def unit_command(port: int) -> list[str]:
    """The unit's ExecStart, with this checkout's gunicorn and 127.0.0.1:<port> to bind."""
    text = UNIT.read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart="))
    assert words[0] == "/srv/newsroom/.venv/bin/gunicorn" and "--bind" in words, line
    words[0] = str(GUNICORN)
    words[words.index("--bind") + 1] = f"127.0.0.1:{port}"
    return words


def collect_static(folder: Path, env: dict) -> subprocess.Popen:
    """collectstatic into `folder` (DJANGO_STATIC_ROOT), started in the background: the manifest
    and hashed names the production settings read, without whitenoise's gzip and brotli copies
    (45 s of a test's time here, and nothing the app reads)."""
    script = (
        "import django\n"
        "from django.conf import settings\n"
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_STATIC_ROOT": str(folder)},
        stderr=subprocess.PIPE,
        text=True,
    )


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answers, if not with 200
    except OSError:
        return False


def wait_until_it_answers(process: subprocess.Popen, url: str, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not answers(url):
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"{url}: no answer in {seconds} s\n{log.read_text()}"
        time.sleep(0.05)  # a process starting: poll until the deadline


class Gunicorn:
    """One app server on 127.0.0.1, started in the background and stopped by its process id."""

    def __init__(self, folder: Path, env: dict, name: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"gunicorn-{name}.log"
        # Its own disk's media and private folders (with MEDIA_STORAGE=s3, never written).
        self.media, self.private = folder / f"media-{name}", folder / f"private-{name}"
        env = {**env, "DJANGO_MEDIA_ROOT": str(self.media)}
        env["DJANGO_PRIVATE_ROOT"] = str(self.private)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                unit_command(self.port), cwd=ROOT, env=env, stdout=log, stderr=log
            )

    def folders(self):
        """Every file and folder in its media and private folders."""
        return [*self.media.rglob("*"), *self.private.rglob("*")]

    def wait_ready(self, seconds: float = 60) -> None:
        wait_until_it_answers(self.process, self.url + "/healthz", self.log, seconds)

    def stop(self, seconds: float = 30) -> None:
        """SIGTERM, gunicorn's graceful stop (systemd's, KillMode=mixed), and wait for it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=seconds)


class S3:
    """moto's S3 server on a free loopback port, with the two buckets the settings name."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = folder / "moto.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [MOTO_SERVER, "-H", "127.0.0.1", "-p", str(self.port)], stdout=log, stderr=log
            )
        self.env = {
            "MEDIA_STORAGE": "s3",
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "ap-northeast-2",
            "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": "newsroom-private",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_ACL": "public-read",  # as on Naver Cloud: readers load the photos
        }
        self.media_url = f"{self.endpoint}/newsroom-media/"

    def make_buckets(self, seconds: float = 30) -> None:
        import boto3

        wait_until_it_answers(self.process, self.endpoint, self.log, seconds)
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="ap-northeast-2",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for name in ("newsroom-media", "newsroom-private"):
            client.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"}
            )


def production_env(secret_key: str, s3: S3, static: Path) -> dict:
    """What the site's .env would hold, pointed at the test's database, Redis and object store:
    everything app servers behind one proxy must share (docs/deploy.md)."""
    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("MEDIA_S3_ENDPOINT", None)  # the test settings' own switch
    return {
        **env,
        **s3.env,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # no TLS on loopback
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_COUNTERS_URL": settings.REDIS_COUNTERS_URL,
        "DJANGO_STATIC_ROOT": str(static),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
